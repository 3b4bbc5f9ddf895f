"""Table grids: official labels, 未填 for empty cells, derived totals shown, edits validated cell by cell."""

from __future__ import annotations

from decimal import Decimal

import pytest

from drafting.io.tableview import (
    NOT_ENTERED,
    TableEditError,
    apply_table_edits,
    display_value,
    get_view,
    rows_with_edits,
    table_rows,
    views_for,
)
from drafting.model import Money, new_report
from drafting.tables.fill import fill


def test_views_follow_the_official_layouts():
    f21 = [v.key for v in views_for("F2021")]
    f19 = [v.key for v in views_for("F2019")]
    assert f21 == ["t2_item1", "t2_item5", "t2_item6", "t2_item8", "t3", "t4"]
    assert f19 == ["t2_item1", "t2_item5", "t2_item6", "t2_item8", "t2_item9", "t3", "t4"]
    t3 = get_view("F2021", "t3")
    assert t3.column_labels == (
        "分类", "项目", "自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计",
    )
    assert len(t3.rows) == 25
    assert len(get_view("F2019", "t3").rows) == 23
    assert get_view("F2021", "t2_item1").column_labels == ("信息内容", "本年制发件数", "本年废止件数", "现行有效件数")
    assert get_view("F2019", "t2_item9").column_labels == ("信息内容", "采购项目数量", "采购总金额")


def test_every_format_cell_is_in_exactly_one_view(report_2023, report_2020):
    for report in (report_2023, report_2020):
        shown = [cid for v in views_for(report.format) for cid in v.cell_ids()]
        assert sorted(shown) == sorted(report.fmt.cells())


def test_empty_report_shows_not_entered_everywhere():
    report = new_report("甲局", 2023)
    for view in views_for(report.format):
        for row in table_rows(report, view.key):
            assert {row[c.label] for c in view.columns} == {NOT_ENTERED}


def test_group_and_row_labels_in_table3_rows():
    rows = table_rows(new_report("甲局", 2023), "t3")
    assert (rows[0]["分类"], rows[0]["项目"]) == ("", "一、本年新收政府信息公开申请数量")
    assert (rows[2]["分类"], rows[2]["项目"]) == ("三、本年度办理结果", "（一）予以公开")
    assert (rows[4]["分类"], rows[4]["项目"]) == ("（三）不予公开", "1.属于国家秘密")
    assert rows[-1]["项目"] == "四、结转下年度继续办理"


@pytest.mark.parametrize(
    ("value", "text"),
    [(None, "未填"), (0, "0"), (12, "12"), (Decimal("4166.241619"), "4166.241619"),
     (Decimal("1E+2"), "100"), (Money(amount=Decimal("251000"), unit="元"), "251000元")],
)
def test_display_value(value, text):
    assert display_value(value) == text


def test_derived_totals_are_shown_live():
    report = new_report("甲局", 2023)
    rows = table_rows(report, "t4")
    rows[0].update({"结果维持": "2", "结果纠正": "1", "其他结果": "0", "尚未审结": "1"})
    edited = apply_table_edits(report, "t4", rows)
    assert table_rows(edited, "t4")[0]["总计"] == "4"
    assert "t4.review.total" not in edited.cells
    assert report.cells == {}


def test_unchanged_derived_total_stays_derived_and_cannot_be_typed_over(report_2023):
    report = report_2023.model_copy(update={"cells": dict(report_2023.cells), "origins": {}})
    report.cells.pop("t4.review.total")
    rows = table_rows(report, "t4")
    assert apply_table_edits(report, "t4", rows).cells == report.cells
    rows[0]["总计"] = "9"
    with pytest.raises(TableEditError, match="表四“行政复议”栏“总计”列是各项之和，由程序自动计算"):
        apply_table_edits(report, "t4", rows)


def test_an_entered_total_can_be_changed_or_cleared(report_2023):
    report = report_2023.model_copy(deep=True)
    assert report.origin("t4.review.total") != "derived"
    rows = table_rows(report, "t4")
    rows[0]["总计"] = "9"
    assert apply_table_edits(report, "t4", rows).cells["t4.review.total"] == 9
    rows[0]["总计"] = "未填"
    assert "t4.review.total" not in apply_table_edits(report, "t4", rows).cells


def test_running_total_is_shown_as_partial_until_every_addend_is_known():
    report = new_report("甲局", 2023)
    report.set_cell("t3.new.natural", 37)
    report.set_cell("t3.new.business", 5)
    rows = table_rows(report, "t3")
    assert rows[0]["总计"] == "42（部分）"
    assert rows[23]["自然人"] == "未填"  # （七）总计 needs result rows, not 本年新收
    assert "t3.new.total" not in fill(report).cells


def test_flagged_cells_are_marked_and_the_mark_is_not_an_edit(report_2023):
    rows = table_rows(report_2023, "t3", flagged=frozenset({"t3.new.natural"}))
    assert rows[0]["自然人"] == f"⚠ {report_2023.get('t3.new.natural')}"
    assert apply_table_edits(report_2023, "t3", rows, shown=rows).cells == report_2023.cells
    rows[0]["自然人"] = "⚠ 7"
    assert apply_table_edits(report_2023, "t3", rows, shown=table_rows(report_2023, "t3")).get("t3.new.natural") == 7


@pytest.mark.parametrize(
    ("view", "row", "column", "raw", "expected"),
    [
        ("t3", 0, "自然人", "12", 12),
        ("t3", 0, "自然人", " 1,200 ", 1200),
        ("t3", 0, "自然人", "", None),
        ("t3", 0, "自然人", None, None),
        ("t3", 0, "自然人", "未填", None),
        ("t2_item8", 0, "本年收费金额（单位：万元）", "18651.06", Decimal("18651.06")),
        ("t4", 2, "尚未审结", "3", 3),
    ],
)
def test_valid_edits_are_entered(view, row, column, raw, expected):
    report = new_report("甲局", 2023)
    report.set_cell("t3.new.natural", 5)
    rows = table_rows(report, view)
    rows[row][column] = raw
    cell = get_view(report.format, view)
    row_key = cell.rows[row][0]
    col_key = next(c.key for c in cell.columns if c.label == column)
    assert apply_table_edits(report, view, rows).get(cell.cell_id(row_key, col_key)) == expected


@pytest.mark.parametrize(
    ("view", "row", "column", "raw", "words"),
    [
        ("t3", 0, "自然人", "-1", ["表三", "一、本年新收政府信息公开申请数量", "自然人", "不能为负数"]),
        ("t3", 4, "其他", "1.5", ["表三", "1.属于国家秘密", "其他", "应为整数"]),
        ("t3", 24, "自然人", "abc", ["表三", "四、结转下年度继续办理", "自然人", "应为数字"]),
        ("t3", 24, "总计", "3", ["表三", "四、结转下年度继续办理", "总计", "由程序自动计算"]),
        ("t4", 1, "结果纠正", "x", ["表四", "未经复议直接起诉", "结果纠正", "应为数字"]),
        ("t2_item8", 0, "本年收费金额（单位：万元）", "-3", ["表二", "行政事业性收费", "本年收费金额", "不能为负数"]),
    ],
)
def test_invalid_edits_name_table_row_and_column(view, row, column, raw, words):
    report = new_report("甲局", 2023)
    rows = table_rows(report, view)
    rows[row][column] = raw
    with pytest.raises(TableEditError) as info:
        apply_table_edits(report, view, rows)
    for word in words:
        assert word in str(info.value)


def test_one_bad_cell_means_nothing_is_applied_and_all_problems_listed():
    report = new_report("甲局", 2023)
    rows = table_rows(report, "t3")
    rows[0]["自然人"] = "7"
    rows[1]["自然人"] = "-2"
    rows[2]["商业企业"] = "x"
    with pytest.raises(TableEditError) as info:
        apply_table_edits(report, "t3", rows)
    assert len(info.value.problems) == 2
    assert report.cells == {}


def test_f2019_signed_change_and_amount_with_unit():
    report = new_report("甲局", 2020)
    rows = table_rows(report, "t2_item5")
    rows[0]["本年增/减"] = "-18"
    report = apply_table_edits(report, "t2_item5", rows)
    assert report.get("t2.license.change") == -18
    rows = table_rows(report, "t2_item9")
    rows[0]["采购总金额"] = "73802895.90元"
    report = apply_table_edits(report, "t2_item9", rows)
    assert report.get("t2.procurement.procurement_amount") == Money(amount=Decimal("73802895.90"), unit="元")
    assert table_rows(report, "t2_item9")[0]["采购总金额"] == "73802895.90元"


def test_wrong_row_count_is_refused():
    with pytest.raises(TableEditError, match="应有 3 行"):
        apply_table_edits(new_report("甲局", 2023), "t4", [])


def test_editing_an_imported_cell_makes_it_typed(report_2020):
    rows = table_rows(report_2020, "t3")
    rows[0]["自然人"] = "5"
    edited = apply_table_edits(report_2020, "t3", rows)
    assert edited.get("t3.new.natural") == 5
    assert edited.origin("t3.new.natural") == "typed"
    assert report_2020.get("t3.new.natural") == 0


def test_rows_with_edits_applies_editor_deltas():
    rows = [{"a": "1"}, {"a": "2"}]
    assert rows_with_edits(rows, {1: {"a": "5"}, "0": {"a": None}, 9: {"a": "x"}}) == [{"a": None}, {"a": "5"}]
    assert rows == [{"a": "1"}, {"a": "2"}]
