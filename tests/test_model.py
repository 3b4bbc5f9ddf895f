"""The report model: cell validation, origins, JSON round trip and clear errors for bad files."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from drafting.errors import CellValueError, ReportFileError
from drafting.formats import F2019, F2021, format_for_year
from drafting.model import (
    Money,
    SectionVersion,
    load_report,
    new_report,
    report_from_json,
    report_to_json,
)


@pytest.mark.parametrize(("year", "fmt"), [(2019, "F2019"), (2020, "F2019"), (2021, "F2021"), (2025, "F2021")])
def test_format_follows_year(year, fmt):
    assert format_for_year(year).id == fmt
    assert new_report("某局", year).format == fmt


def test_format_before_2019_is_refused():
    with pytest.raises(ValueError, match="2018"):
        format_for_year(2018)


def test_format_cell_counts_match_spec():
    def count(fmt, table):
        return sum(1 for c in fmt.cells().values() if c.table == table)

    assert (count(F2021, "二"), count(F2021, "三"), count(F2021, "四")) == (10, 175, 15)
    assert (count(F2019, "二"), count(F2019, "三"), count(F2019, "四")) == (22, 161, 15)


def test_new_report_has_no_values():
    report = new_report("某局", 2023)
    assert report.cells == {}
    assert report.get("t3.new.total") is None


@pytest.mark.parametrize(
    ("cell", "raw", "expected"),
    [
        ("t3.new.natural", "12", 12),
        ("t3.new.natural", 7.0, 7),
        ("t2.admin_fee.fee_amount", "4166.241619", Decimal("4166.241619")),
        ("t2.admin_fee.fee_amount", 0, Decimal(0)),
    ],
)
def test_set_cell_accepts_valid_values(cell, raw, expected):
    report = new_report("某局", 2023)
    report.set_cell(cell, raw)
    assert report.get(cell) == expected
    assert report.origin(cell) == "typed"


@pytest.mark.parametrize(
    ("cell", "raw", "fragment"),
    [
        ("t3.new.natural", -1, "不能为负数"),
        ("t3.new.natural", 1.5, "应为整数"),
        ("t3.new.natural", "三", "应为数字"),
        ("t3.new.natural", True, "应为数字"),
        ("t2.admin_fee.fee_amount", "-0.1", "不能为负数"),
        ("t2.procurement.procurement_count", 1, "F2019"),
    ],
)
def test_set_cell_rejects_bad_values_naming_the_cell(cell, raw, fragment):
    report = new_report("某局", 2023)
    with pytest.raises(CellValueError, match=fragment):
        report.set_cell(cell, raw)


def test_bad_value_message_names_table_row_and_column():
    report = new_report("某局", 2023)
    with pytest.raises(CellValueError) as info:
        report.set_cell("t3.deny_4.legal", -2)
    assert "表三“4.保护第三方合法权益”行“法律服务机构”列" in str(info.value)


def test_f2019_signed_and_amount_cells():
    report = new_report("某局", 2020)
    report.set_cell("t2.penalty.change", -18)
    report.set_cell("t2.procurement.procurement_amount", "73802895.90元")
    assert report.get("t2.penalty.change") == -18
    assert report.get("t2.procurement.procurement_amount") == Money(amount=Decimal("73802895.90"), unit="元")
    with pytest.raises(CellValueError):
        report.set_cell("t2.penalty.decisions", -1)


def test_clearing_a_cell_makes_it_unknown_again():
    report = new_report("某局", 2023)
    report.set_cell("t3.new.natural", 3, origin="imported")
    assert report.origin("t3.new.natural") == "imported"
    report.set_cell("t3.new.natural", "")
    assert report.get("t3.new.natural") is None
    assert report.origins == {}


def test_json_round_trip_keeps_everything(report_2023):
    again = report_from_json(report_to_json(report_2023))
    assert again == report_2023
    assert again.get("t2.admin_fee.fee_amount") == Decimal("12.35")
    assert again.prior is not None and again.prior.year == 2022


def test_section_versions_append_and_restore():
    report = new_report("某局", 2023)
    state = report.sections["五"]
    state.add(SectionVersion(text="第一稿", origin="offline"))
    state.add(SectionVersion(text="第一稿", origin="offline"))
    state.add(SectionVersion(text="改过的稿子", origin="human"))
    assert [v.text for v in state.versions] == ["第一稿", "改过的稿子"]
    state.restore(0)
    assert state.text == "第一稿"
    assert len(state.versions) == 3
    assert "恢复" in state.versions[-1].note


def _base(**extra):
    data = {"schema_version": 1, "agency": "某局", "year": 2023}
    data.update(extra)
    return json.dumps(data, ensure_ascii=False)


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ('{"schema_version": 1,', "第 1 行"),
        ("[1, 2]", "x.json 不是本工具保存的报告（内容是一个列表，缺少 agency、year 等内容）"),
        (_base(schema_version=99), "x.json 由较新版本的本工具保存（数据版本 99），这一版只能读取数据版本 1"),
        (_base(schema_version=None), "x.json 缺少数据版本 schema_version"),
        (_base(colour="red"), "colour 是多余的字段"),
        (_base(year=2023, format="F2019"), "应使用 F2021"),
        (_base(cells={"t3.new.natural": -1}), "不能为负数"),
        (_base(cells={"t3.new.natural": 2.5}), "应为整数"),
        (_base(cells={"t2.rules.made": 1}), "F2019 格式的单元格"),
        (_base(agency=""), "机关名称"),
    ],
)
def test_bad_report_files_give_one_chinese_line(text, fragment):
    with pytest.raises(ReportFileError) as info:
        report_from_json(text, source="x.json")
    message = str(info.value)
    assert fragment in message
    assert "\n" not in message
    assert "Traceback" not in message


def test_missing_file_is_a_report_file_error(tmp_path):
    with pytest.raises(ReportFileError, match="找不到文件"):
        load_report(tmp_path / "nope.json")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "x.json 是空的，里面没有报告数据；请选择本工具保存或导出的 .json 报告文件"),
        (" \n\n", "x.json 是空的"),
        ("年报全文……", "x.json 不是有效的 JSON（第 1 行第 1 列就不是），不是本工具保存的报告"),
        ('{"schema_version": 1,\n "agency": ', "x.json 第 2 行第 12 列不是有效的 JSON：这里缺少一个值"),
        ('{"agency": "甲局" "year": 2023}', "第 1 行第 17 列不是有效的 JSON：这里缺少英文逗号"),
        ("{'agency': '甲局'}", "第 1 行第 2 列不是有效的 JSON：这里应是用英文双引号括起来的字段名"),
        ('{"agency": "甲局}', "第 1 行第 12 列不是有效的 JSON：从这里开始的文字缺少结尾的英文双引号"),
        ('{"agency": "甲局"}\n{}', "第 2 行第 1 列不是有效的 JSON：报告内容到此已经结束，后面还有多余的文字"),
        ('"甲局"', "x.json 不是本工具保存的报告（内容是一段文字，缺少 agency、year 等内容）"),
        ("null", "x.json 不是本工具保存的报告（内容是null，"),
        ('{"name": "某个别的 JSON"}', "x.json 不是本工具保存的报告（缺少 agency、year 等内容）"),
        ("{}", "x.json 不是本工具保存的报告（缺少 agency、year 等内容）"),
        (_base(schema_version="1"), "x.json 的数据版本 schema_version 为 '1'，本工具只能读取 1"),
    ],
    ids=["empty", "blank", "not-json", "truncated", "comma", "single-quotes", "unterminated", "extra", "string",
         "null", "other-object", "empty-object", "version-text"],
)  # fmt: skip
def test_unreadable_json_is_explained_in_plain_words(text, message):
    with pytest.raises(ReportFileError) as info:
        report_from_json(text, source="x.json")
    assert message in str(info.value)
    for english in ("Expecting", "None", "JSON 对象", "list", "delimiter"):
        assert english not in str(info.value)


def test_a_byte_order_mark_is_ignored(report_2023):
    assert report_from_json("\ufeff" + report_to_json(report_2023)) == report_2023


@pytest.mark.parametrize(
    ("cell", "example"),
    [
        ("t3.new.natural", "如 12）"),
        ("t2.penalty.change", "如 12 或 -3）"),
        ("t2.admin_fee.fee_amount", "如 12 或 3.5）"),
    ],
    ids=["count", "signed", "decimal"],
)
def test_the_number_hint_fits_the_cell_type(cell, example):
    year = 2020 if cell == "t2.penalty.change" else 2023
    with pytest.raises(CellValueError) as info:
        new_report("某局", year).set_cell(cell, "十二")
    assert "只填阿拉伯数字" in str(info.value) and str(info.value).endswith(example)


@pytest.mark.parametrize(
    ("cell", "raw", "expected"),
    [
        ("t3.new.natural", "１２", 12),
        ("t3.new.natural", " 1,234 ", 1234),
        ("t2.procurement.procurement_amount", "１００元", Money(amount=Decimal(100), unit="元")),
        ("t2.penalty.change", "-18", -18),
    ],
)
def test_typed_numbers_are_normalised_the_same_way_in_every_cell(cell, raw, expected):
    report = new_report("某局", 2020)
    report.set_cell(cell, raw)
    assert report.get(cell) == expected


@pytest.mark.parametrize(
    ("raw", "fragment"),
    [("1e3", "只填阿拉伯数字"), ("NaN", "只填阿拉伯数字"), (float("nan"), "应为数字"), ("1" + "0" * 29, "过大")],
)
def test_odd_or_absurd_numbers_are_refused(raw, fragment):
    report = new_report("某局", 2023)
    with pytest.raises(CellValueError, match=fragment):
        report.set_cell("t3.new.natural", raw)


@pytest.mark.parametrize(
    ("extra", "fragment"),
    [
        ({"year": 2101}, "报告年度（year） 应不大于 2100"),
        ({"kind": "局"}, "机关类型（kind） 应为以下之一：部门、人民政府、乡镇"),
        ({"year": "二〇二三"}, "报告年度（year） 应为整数"),
        ({"notes": {"problems": "很多"}}, "应为列表"),
    ],
)
def test_shape_errors_are_worded_in_chinese(extra, fragment):
    with pytest.raises(ReportFileError) as info:
        report_from_json(_base(**extra))
    assert fragment in str(info.value)
    assert "Input should" not in str(info.value)


@pytest.mark.parametrize(
    ("today", "year"),
    [((2027, 1, 5), 2026), ((2026, 9, 30), 2025), ((2026, 10, 1), 2026), ((2026, 12, 31), 2026)],
)
def test_default_report_year_follows_the_reporting_season(today, year):
    from datetime import date

    from drafting.formats import default_report_year

    assert default_report_year(date(*today)) == year
