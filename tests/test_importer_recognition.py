"""Table-driven tests of the importer's recognition: headings, cells of a line, titles, labels, values."""

from __future__ import annotations

from decimal import Decimal

import pytest

from drafting.formats import F2019, F2021
from drafting.io.importer.norm import label_key
from drafting.io.importer.numbering import chinese_number
from drafting.io.importer.readers import read_text
from drafting.io.importer.sections import find_meta, match_heading, split_cells, split_parts
from drafting.io.importer.tables import align, read_cell, read_table3
from drafting.model import Money


@pytest.mark.parametrize(
    ("line", "part"),
    [
        ("一、总体情况", "一"),
        ("一、 总体情况", "一"),
        ("一．总体情况", "一"),
        ("一、总体概况", "一"),
        ("总体情况", "一"),
        ("二、主动公开政府信息情况", "二"),
        ("三、收到和处理政府信息公开申请情况", "三"),
        ("四、政府信息公开行政复议、行政诉讼情况", "四"),
        ("五、存在的主要问题及改进情况", "五"),
        ("五、政府信息公开工作存在的主要问题及改进情况", "五"),
        ("五、存在的主要问题及整改措施", "五"),
        ("存在的主要问题及整改措施", "五"),
        ("六、其他需要报告的事项", "六"),
        ("六、其他需要报告的事项：", "六"),
        ("（一）主动公开政府信息情况", None),
        ("三、本年度办理结果", None),
        ("四、结转下年度继续办理", None),
        ("一、本年新收政府信息公开申请数量", None),
        ("（一）存在的主要问题", None),
        ("（一）存在的主要问题。各科室人员信息公开意识有所松懈，整改措施有待落实。", None),
    ],
)
def test_part_headings_and_their_variants(line: str, part: str | None) -> None:
    assert match_heading(line) == part


KEEP = "keep"


@pytest.mark.parametrize(
    ("lines", "paragraphs"),
    [
        (["（一）加强组织领导，健全工作机制", "1.强化组织领导。实行一把手负责。"], KEEP),
        (["2023年，我局严格审签程序，全力做好政府", "信息公开工作。"],
         ["2023年，我局严格审签程序，全力做好政府信息公开工作。"]),
        (["一是公开内容以动态为主；二是村级公开", "栏更新不及时。"],
         ["一是公开内容以动态为主；二是村级公开栏更新不及时。"]),
        (["全年发布信息 340 条。", "（二）依申请公开"], KEEP),
        (["（一）主动公开政府信息情况", "2023年，我局发布信息。"], KEEP),
    ],
)
def test_lines_wrapped_mid_sentence_are_rejoined_and_headings_kept_apart(
    lines: list[str], paragraphs: list[str] | str
) -> None:
    text = "某局2023年政府信息公开工作年度报告\n一、总体情况\n" + "\n".join(lines) + "\n二、主动公开政府信息情况\n"
    assert split_parts(read_text(text)).narrative["一"] == (lines if paragraphs == KEEP else paragraphs)


def test_parts_never_go_backwards_so_table_rows_are_not_headings() -> None:
    text = "某局2023年政府信息公开工作年度报告\n一、总体情况\n正文。\n三、收到和处理政府信息公开申请情况\n" \
           "四、结转下年度继续办理\t0\t0\t0\t0\t0\t0\t0\n二、主动公开政府信息情况\n"
    parts = split_parts(read_text(text))
    assert list(parts.headings) == ["一", "三"]
    assert parts.rows["三"][-1][0] == "二、主动公开政府信息情况"


def test_a_sub_heading_that_looks_like_part_five_does_not_swallow_the_tables() -> None:
    text = ("某局2023年政府信息公开工作年度报告\n一、总体情况\n正文。\n存在问题及整改措施\n正文二。\n"
            "二、主动公开政府信息情况\n三、收到和处理政府信息公开申请情况\n四、政府信息公开行政复议、行政诉讼情况\n"
            "五、存在的主要问题及改进情况\n问题。\n六、其他需要报告的事项\n无。\n")
    parts = split_parts(read_text(text))
    assert list(parts.headings) == ["一", "二", "三", "四", "五", "六"]
    assert parts.narrative["一"] == ["正文。", "存在问题及整改措施", "正文二。"]
    assert parts.narrative["五"] == ["问题。"]


@pytest.mark.parametrize(
    ("line", "cells"),
    [
        ("规章\t0\t0\t0", ["规章", "0", "0", "0"]),
        ("\t(二) 部分公开\t3\t\t", ["", "(二) 部分公开", "3", "", ""]),
        ("规章 | 0 |  | 0", ["规章", "0", "", "0"]),
        ("| 规章 | 0 | 0 |", ["规章", "0", "0"]),
        ("8.属于行政查询事项 | 0 |  | ", ["8.属于行政查询事项", "0", "", ""]),
        ("规章   0   0   0", ["规章", "0", "0", "0"]),
        ("政府集中采购  6  1286400 元", ["政府集中采购", "6", "1286400元"]),
    ],
)
def test_cells_of_a_line_by_tab_pipe_or_spaces(line: str, cells: list[str]) -> None:
    assert split_cells(line) == cells


@pytest.mark.parametrize(
    ("text", "agency", "year"),
    [
        ("星河县交通运输局2023年政府信息公开工作年度报告\n一、总体情况", "星河县交通运输局", 2023),
        ("2022年白鹭湾区市场监督管理局政府信息公开工作年度报告\n一、总体情况", "白鹭湾区市场监督管理局", 2022),
        ("青禾县人民政府 2021 年度政府信息公开工作年度报告\n一、总体情况", "青禾县人民政府", 2021),
        ("《梧桐市生态环境局二〇二四年政府信息公开工作年度报告》\n一、总体情况", "梧桐市生态环境局", 2024),
        ("名称 | 云岚市统计局2023年政府信息公开年度报告\n一、总体情况", "云岚市统计局", 2023),
        ("白鹭湾区水务局政府信息公开工作年度报告（2023年度）\n一、总体情况", "白鹭湾区水务局", 2023),
        ("发布机构 | 白鹭湾区水务局 | 公开日期 | 2024-01-10\n本报告所列数据统计期限为2023年1月1日至2023年12月31日。\n"
         "一、总体情况", "白鹭湾区水务局", 2023),
    ],
)
def test_agency_and_year_from_title_or_preamble(text: str, agency: str, year: int) -> None:
    meta = find_meta(split_parts(read_text(text)), [])
    assert (meta.agency, meta.year) == (agency, year)


def test_agency_from_the_signature_when_the_title_has_none() -> None:
    text = ("本报告所列数据统计期限为2023年1月1日至2023年12月31日。\n一、总体情况\n正文。\n"
            "六、其他需要报告的事项\n无。\n青禾县统计局\n2024年1月12日\n")
    parts = split_parts(read_text(text))
    meta = find_meta(parts, [])
    assert (meta.agency, meta.year) == ("青禾县统计局", 2023)
    assert parts.text("六") == "无。"


@pytest.mark.parametrize(
    ("broken", "official"),
    [
        ("三、本 年度办 理结果", "三、本年度办理结果"),
        ("(三) 不予公 开", "（三）不予公开"),
        ("(二) 部分公开(区分处理的, 只计这一情形, 不计其他情形)",
         "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"),
        ('3.危及"三安全一稳定"', "3.危及“三安全一稳定”"),
        ("本年收费金额(单位:万元)", "本年收费金额（单位：万元）"),
        ("本年增／减", "本年增/减"),
        ("１.属于国家秘密", "1.属于国家秘密"),
    ],
)
def test_labels_match_across_spaces_brackets_and_quotes(broken: str, official: str) -> None:
    assert label_key(broken) == label_key(official)


_BOTH_ENDS = "（空） | 1 | 2 | （空）"
_BOTH_ENDS_SAME = "（空） | 1 | 1 | （空）"


@pytest.mark.parametrize(
    ("values", "slots", "doubtful"),
    [
        (["1", "2", "3"], ["1", "2", "3"], []),
        (["", "1", "2", "3", ""], ["1", "2", "3"], []),
        (["0", "0", "0", "0"], ["0", "0", "0"], []),
        (["1", "0", "0", "0"], ["1 / 0", "0", "0"], [0]),
        (["1", "2"], ["1 | 2"] * 3, [0, 1, 2]),
        (["1", "2 3"], ["1", "2 3", "2 3"], [1, 2]),
        ([], ["", "", ""], []),
        (["", ""], ["", "", ""], []),
        (["1", "2", "3", ""], ["1", "2", "3"], []),  # a trailing separator: one way to drop the blank
        (["", "", "1", "2", "3"], ["1", "2", "3"], []),
        (["", "1", "2", ""], [_BOTH_ENDS] * 3, [0, 1, 2]),  # blank label cell in front, blank 总计 last
        (["", "1", "1", ""], [_BOTH_ENDS_SAME, "1", _BOTH_ENDS_SAME], [0, 2]),  # the middle reads 1 either way
    ],
)
def test_values_are_aligned_to_slots_only_where_certain(
    values: list[str], slots: list[str], doubtful: list[int]
) -> None:
    result, _ = align(values, 3)
    assert [raw for raw, _ in result] == slots
    assert [i for i, (_, doubt) in enumerate(result) if doubt] == doubtful


@pytest.mark.parametrize(
    ("cell_id", "raw", "status", "value"),
    [
        ("t3.new.natural", "26", "read", 26),
        ("t3.new.natural", "1,234", "read", 1234),
        ("t3.new.natural", "２６", "read", 26),
        ("t3.new.natural", "26件", "read", 26),
        ("t3.new.natural", "", "blank", None),
        ("t3.new.natural", "—", "blank", None),
        ("t3.new.natural", "/", "blank", None),
        ("t3.new.natural", "26 0", "unreadable", None),
        ("t3.new.natural", "无", "unreadable", None),
        ("t3.new.natural", "-3", "unreadable", None),
        ("t3.new.natural", "2.5", "unreadable", None),
        ("t2.license.change", "-3", "read", -3),
        ("t2.license.change", "－3", "read", -3),
        ("t2.procurement.procurement_amount", "1286400元", "read", Money(amount=Decimal("1286400"), unit="元")),
        ("t2.procurement.procurement_amount", "25.1万元", "read", Money(amount=Decimal("25.1"), unit="万元")),
    ],
)
def test_one_cell_is_read_only_when_it_is_plainly_one_number_f2019(
    cell_id: str, raw: str, status: str, value: object
) -> None:
    cell = read_cell(cell_id, raw, "", F2019)
    assert (cell.status, cell.value) == (status, value)
    if status == "unreadable":
        assert cell.reason


@pytest.mark.parametrize(
    ("raw", "status", "value"),
    [("12.35", "read", Decimal("12.35")), ("4166.241619", "read", Decimal("4166.241619")),
     ("12.35万元", "read", Decimal("12.35")), ("5000元", "unreadable", None)],
)
def test_fee_amount_in_wan_yuan_keeps_its_precision(raw: str, status: str, value: object) -> None:
    cell = read_cell("t2.admin_fee.fee_amount", raw, "", F2021)
    assert (cell.status, cell.value) == (status, value)


def test_group_cell_only_on_first_row_and_rows_out_of_order_are_found_by_label() -> None:
    rows = [
        ["（三）不予公开", "2.其他法律行政法规禁止公开", "1", "0", "0", "0", "0", "0", "1"],
        ["1.属于国家秘密", "2", "0", "0", "0", "0", "0", "2"],
        ["（四）无法提供", "1.本机关不掌握相关政府信息", "3", "0", "0", "0", "0", "0", "3"],
    ]
    cells = read_table3(rows, F2021).cells
    assert cells["t3.deny_2.natural"].value == 1
    assert cells["t3.deny_1.natural"].value == 2
    assert cells["t3.unable_1.total"].value == 3


def test_label_and_values_on_separate_lines_as_copied_from_a_pdf() -> None:
    rows = [["三、本年度办理结果"], ["（一）予以公开"], ["4", "1", "0"], ["0", "0", "0", "5"]]
    cells = read_table3(rows, F2021).cells
    assert [cells[f"t3.open.{c}"].value for c in ("natural", "business", "total")] == [4, 1, 5]


@pytest.mark.parametrize(("n", "text"), [(1, "一"), (9, "九"), (10, "十"), (11, "十一"), (20, "二十"), (35, "三十五")])
def test_chinese_list_numbers(n: int, text: str) -> None:
    assert chinese_number(n) == text


def test_a_row_given_twice_with_different_values_is_unreadable_not_either_one() -> None:
    rows = [
        ["1.属于国家秘密", "2", "0", "0", "0", "0", "0", "2"],
        ["1.属于国家秘密", "3", "0", "0", "0", "0", "0", "3"],
    ]
    cells = read_table3(rows, F2021).cells
    assert cells["t3.deny_1.natural"].status == "unreadable"
    assert cells["t3.deny_1.natural"].raw == "2 / 3"
    assert cells["t3.deny_1.business"].value == 0


def test_a_blank_label_cell_and_a_blank_total_do_not_shift_the_row() -> None:
    """A label spanning two columns leaves a blank cell before the values; with 总计 left blank the row has one
    blank too many, at either end: the values are not moved one column to the right (issue 9, item 8)."""
    rows = [["四、结转下年度继续办理", "", "2", "1", "0", "0", "0", "0", ""]]
    read = read_table3(rows, F2021)
    row = {cid.split(".")[2]: c for cid, c in read.cells.items() if cid.startswith("t3.carry_out.")}
    assert {col for col, c in row.items() if c.status == "unreadable"} == {"natural", "business", "research", "total"}
    assert {col: c.value for col, c in row.items() if c.status == "read"} == {"nonprofit": 0, "legal": 0, "other": 0}


@pytest.mark.parametrize("raw", ["1 / -", "- / 12"])
def test_a_value_between_two_columns_says_so(raw: str) -> None:
    cell = read_cell("t3.new.natural", raw, "", F2021)
    assert (cell.status, cell.reason) == ("unreadable", "数值位于两栏之间，无法确定属于哪一栏")
