"""Paste from Excel/WPS and .xlsx upload: cells land from the chosen cell; a bad value names its cell, none written."""

from __future__ import annotations

import io
import zipfile
from decimal import Decimal

import openpyxl
import pytest

from drafting.findings import Severity
from drafting.formats import F2019, F2021, TABLE3_COLUMNS, TABLE3_NOTE, TABLE4_COLUMNS, TABLE4_GROUPS, Format
from drafting.io.paste import PasteError, apply_plan, parse_block, plan_paste, plan_xlsx
from drafting.model import Report, new_report
from drafting.tables.checks import run_checks

NEW = "表三“一、本年新收政府信息公开申请数量”行"
CARRY = "表三“二、上年结转政府信息公开申请数量”行"


@pytest.fixture
def empty() -> Report:
    return new_report("甲局", 2023)


# ---- parsing the block ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("block", "rows"),
    [
        ("1\t2\n3\t4\n", [["1", "2"], ["3", "4"]]),
        ("1\t2\r\n3\t4\r\n", [["1", "2"], ["3", "4"]]),  # Excel on Windows
        ("1\t2\r3\t4", [["1", "2"], ["3", "4"]]),  # old Mac line ends, no final newline
        ("1\t\t3\n\t\t\n\n\n", [["1", "", "3"], ["", "", ""]]),  # blank cells kept, trailing empty lines dropped
        ("1\n\n2\n", [["1"], [""], ["2"]]),  # a blank cell in a single column is a row
        ('"a\tb"\t5\n', [["a\tb", "5"]]),  # a cell Excel quoted
        ("\ufeff7\t8\n", [["7", "8"]]),
        ("", []),
        ("\r\n\r\n", []),
    ],
)
def test_parse_block(block, rows):
    assert parse_block(block) == rows


def test_parse_block_refuses_a_huge_paste():
    with pytest.raises(PasteError, match="远超表三、表四的大小"):
        parse_block("1\t" * 60_000)


# ---- planning a paste ----------------------------------------------------------------------------

GOOD = [
    ("good block", "t3", "new", "natural", "1\t2\t3\n4\t5\t6\n", False,
     {"t3.new.natural": 1, "t3.new.business": 2, "t3.new.research": 3,
      "t3.carry_in.natural": 4, "t3.carry_in.business": 5, "t3.carry_in.research": 6}),
    ("start offset", "t3", "open", "research", "7\t8\n", False, {"t3.open.research": 7, "t3.open.nonprofit": 8}),
    ("CRLF and trailing empty line", "t3", "deny_1", "natural", "1\t2\r\n3\t4\r\n\r\n", False,
     {"t3.deny_1.natural": 1, "t3.deny_1.business": 2, "t3.deny_2.natural": 3, "t3.deny_2.business": 4}),
    ("last row and column exactly", "t3", "carry_out", "other", "9\t10\n", False,
     {"t3.carry_out.other": 9, "t3.carry_out.total": 10}),
    ("blank cell leaves the cell", "t3", "new", "natural", "1\t\t3\n", False,
     {"t3.new.natural": 1, "t3.new.research": 3}),
    ("full-width digits and thousands", "t3", "new", "natural", "１２\t1,234\n", False,
     {"t3.new.natural": 12, "t3.new.business": 1234}),
    ("blank columns past the edge", "t3", "new", "total", "5\t\t\n", False, {"t3.new.total": 5}),
    ("table 四 as grid", "t4", "review", "maintain", "1\t2\n3\t4\n", False,
     {"t4.review.maintain": 1, "t4.review.correct": 2, "t4.lit_direct.maintain": 3, "t4.lit_direct.correct": 4}),
    ("table 四 as its printed row of 15", "t4", "review", "maintain", "\t".join(str(i) for i in range(15)), False,
     {f"t4.{g}.{c.key}": i for i, (g, c) in enumerate((g, c) for g, _ in TABLE4_GROUPS for c in TABLE4_COLUMNS)}),
]


@pytest.mark.parametrize(("case", "view", "row", "col", "block", "clears", "expected"), GOOD, ids=[g[0] for g in GOOD])
def test_good_paste_plans_exactly_these_cells(empty, case, view, row, col, block, clears, expected):
    plan = plan_paste(empty, view, row, col, block, blank_clears=clears)
    assert plan.problems == []
    assert plan.ok
    assert {cid: change.new for cid, change in plan.changes.items()} == expected
    assert all(change.old is None for change in plan.changes.values())
    applied = apply_plan(empty, plan)
    assert {cid: applied.get(cid) for cid in expected} == expected
    assert all(applied.origin(cid) == "typed" for cid in expected)
    assert empty.cells == {}  # the report handed in is never changed


BAD = [
    ("too many columns", "t3", "new", "business", "1\t2\t3\t4\t5\t6\t7\n",
     [f"{NEW}“商业企业”列起只能放下 6 列", "粘贴的内容有 7 列", "请少复制 1 列", "未写入任何单元格"]),
    ("too many rows", "t3", "carry_in", "natural", "1\n" * 25,
     [f"{CARRY}“自然人”列起只能放下 24 行", "粘贴的内容有 25 行", "“四、结转下年度继续办理”行为止",
      "改选靠上的起始行"]),
    ("too many for table 四's row", "t4", "review", "correct", "\t".join("1" * 15),
     ["表四“行政复议”栏“结果纠正”列起只能放下 14 个单元格", "“复议后起诉”栏“总计”列为止"]),
    ("too many rows for table 四", "t4", "lit_direct", "maintain", "1\n2\n3\n",
     ["只能放下 2 行", "“复议后起诉”栏为止"]),
    ("text in a number cell", "t3", "new", "natural", "1\t约5\n",
     [f"{NEW}“商业企业”列的值 '约5' 不是一个数字", "只复制数字单元格"]),
    ("a row label pasted too", "t3", "new", "natural", "一、本年新收政府信息公开申请数量\t5\n",
     [f"{NEW}“自然人”列的值", "不带行名、列名"]),
    ("negative", "t3", "new", "natural", "3\n-1\n", [f"{CARRY}“自然人”列的值 '-1' 不能为负数"]),
    ("fraction", "t4", "review", "maintain", "2.5\n", ["表四“行政复议”栏“结果维持”列的值 '2.5' 应为整数"]),
    ("empty block", "t3", "new", "natural", "", ["没有粘贴任何内容"]),
    ("only line breaks", "t3", "new", "natural", "\r\n\r\n", ["没有粘贴任何内容"]),
    ("huge paste", "t3", "new", "natural", "3\t" * 70_000, ["远超表三、表四的大小"]),
    ("a quoted cell swallowing a line", "t3", "new", "natural", '"1\t2\n3\n',
     ["“自然人”列的值 '1 2 3' 一个单元格里有多个数字"]),
]


@pytest.mark.parametrize(("case", "view", "row", "col", "block", "phrases"), BAD, ids=[b[0] for b in BAD])
def test_bad_paste_names_the_cell_and_plans_nothing(report_2023, case, view, row, col, block, phrases):
    plan = plan_paste(report_2023, view, row, col, block)
    assert plan.changes == {}
    assert not plan.ok
    text = "\n".join(plan.problems)
    for phrase in phrases:
        assert phrase in text
    with pytest.raises(PasteError):
        apply_plan(report_2023, plan)


def test_every_bad_cell_is_listed_and_the_good_ones_are_not_written(report_2023):
    plan = plan_paste(report_2023, "t3", "new", "natural", "1\tx\t-2\n4\t5.5\t6\n")
    assert len(plan.problems) == 3
    assert plan.changes == {}


@pytest.mark.parametrize(
    ("block", "clears", "expected"),
    [
        ("\t\t\n", False, {}),  # blank cells leave the cells as they are
        ("\t\t\n", True, {"t3.new.natural": None, "t3.new.business": None, "t3.new.research": None}),
        ("未填\t-\t—\n", False, {"t3.new.natural": None, "t3.new.business": None, "t3.new.research": None}),
        ("38\t\t2\n", False, {"t3.new.research": 2}),  # 38 is the value already there
    ],
)
def test_blank_and_not_entered_cells(report_2023, block, clears, expected):
    plan = plan_paste(report_2023, "t3", "new", "natural", block, blank_clears=clears)
    assert plan.problems == []
    assert {cid: c.new for cid, c in plan.changes.items()} == expected
    assert all(c.old == report_2023.get(cid) for cid, c in plan.changes.items())
    applied = apply_plan(report_2023, plan)
    for cell_id, value in expected.items():
        assert applied.get(cell_id) == value


def test_unchanged_cells_are_counted_not_planned(report_2023):
    plan = plan_paste(report_2023, "t3", "new", "natural", "38\t6\t1\n")
    assert plan.changes == {}
    assert plan.unchanged == 3
    assert not plan.ok


def test_plan_carries_the_findings_the_result_would_have(report_2023):
    assert not [f for f in run_checks(report_2023) if f.severity is Severity.ERROR]
    plan = plan_paste(report_2023, "t3", "new", "natural", "39\n")
    assert plan.changes["t3.new.natural"].old == 38
    assert plan.changes["t3.new.natural"].location == f"{NEW}“自然人”列"
    errors = [f for f in plan.findings if f.severity is Severity.ERROR]
    assert errors
    assert any("t3.new.natural" in f.cells or "t3.new.total" in f.cells for f in errors)
    assert [str(f) for f in plan.findings] == [str(f) for f in run_checks(apply_plan(report_2023, plan))]


def test_a_stale_plan_is_refused(report_2023):
    plan = plan_paste(report_2023, "t3", "new", "natural", "40\n")
    changed = report_2023.model_copy(deep=True)
    changed.set_cell("t3.new.natural", 41)
    with pytest.raises(PasteError, match="在预览之后已被修改"):
        apply_plan(changed, plan)


def test_a_start_cell_not_in_the_table_is_a_problem(empty):
    plan = plan_paste(empty, "t3", "other", "natural", "1\n")  # F2021 has other_1..3, no single 其他处理 row
    assert any("没有所选的起始行" in p for p in plan.problems)


# ---- .xlsx laid out like the official tables -----------------------------------------------------


def _values(report: Report, prefix: str) -> dict[str, object]:
    return {k: v for k, v in report.cells.items() if k.startswith(prefix)}


def _table3(ws, report: Report, fmt: Format = F2021, reverse: bool = False) -> None:
    """Table 三 as the official form: a 3-row header, group cells once on their first row, 7 values."""
    ws.append([TABLE3_NOTE, None, None, "申请人情况"])
    ws.append([None, None, None, "自然人", "法人或其他组织", None, None, None, None, "总计"])
    ws.append([None, None, None, None, "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"])
    rows = list(reversed(fmt.table3_rows)) if reverse else list(fmt.table3_rows)
    for row in rows:
        labels = [*row.groups, row.label] if row.groups else [row.label]
        values = [report.get(f"t3.{row.key}.{c.key}") for c in TABLE3_COLUMNS]
        ws.append([*labels, *[None] * (3 - len(labels)), *values])


def _table4(ws, report: Report) -> None:
    ws.append(["行政复议", None, None, None, None, "行政诉讼"])
    ws.append([c.label for c in TABLE4_COLUMNS] + ["未经复议直接起诉", None, None, None, None, "复议后起诉"])
    ws.append([None] * 5 + [c.label for c in TABLE4_COLUMNS] * 2)
    ws.append([report.get(f"t4.{g}.{c.key}") for g, _ in TABLE4_GROUPS for c in TABLE4_COLUMNS])


def _table2(ws, report: Report) -> None:
    for block in report.fmt.table2:
        ws.append([block.caption])
        ws.append(["信息内容", *(c.label for c in block.columns)])
        for row in block.rows:
            values = [report.get(f"t2.{row.key}.{c.key}") for c in block.columns]
            ws.append([row.label, *(float(v) if isinstance(v, Decimal) else v for v in values)])


def _xlsx(*sheets) -> bytes:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, fill in sheets:
        fill(book.create_sheet(name))
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


def _notes_sheet(ws) -> None:
    ws.append(["填表说明：本表数据截至 12 月 31 日"])
    ws.append(["部门", "人数", "备注"])
    ws.append(["办公室", 3, "无"])


def test_xlsx_maps_tables_by_labels_with_shuffled_rows_and_an_extra_sheet(empty, report_2023):
    data = _xlsx(("说明", _notes_sheet), ("表三", lambda ws: _table3(ws, report_2023, reverse=True)),
                 ("Sheet3", lambda ws: _table4(ws, report_2023)))
    plan = plan_xlsx(empty, data, "统计.xlsx")
    assert plan.problems == []
    assert {cid: c.new for cid, c in plan.changes.items()} == _values(report_2023, ("t3", "t4"))
    applied = apply_plan(empty, plan)
    assert applied.origin("t3.new.natural") == "imported"
    assert _values(applied, "t3") == _values(report_2023, "t3")


def test_xlsx_laid_out_like_the_report_with_headings_and_table_2(empty, report_2023):
    def sheet(ws):
        ws.append(["云岚市生态环境局2023年政府信息公开工作年度报告"])
        ws.append(["二、主动公开政府信息情况"])
        _table2(ws, report_2023)
        ws.append(["三、收到和处理政府信息公开申请情况"])
        _table3(ws, report_2023)
        ws.append(["四、政府信息公开行政复议、行政诉讼情况"])
        _table4(ws, report_2023)
        ws.append(["五、存在的主要问题及改进情况"])
        ws.append(["1.问题", 3])

    plan = plan_xlsx(empty, _xlsx(("年报", sheet)), "年报表格.xlsx")
    assert plan.problems == []
    assert {cid: c.new for cid, c in plan.changes.items()} == report_2023.cells
    assert plan.findings == run_checks(apply_plan(empty, plan))


def test_xlsx_in_the_f2019_layout_fills_an_f2019_report(report_2020):
    empty = new_report("甲局", 2020)
    plan = plan_xlsx(empty, _xlsx(("表三", lambda ws: _table3(ws, report_2020, F2019))), "2020.xlsx")
    assert plan.problems == []
    assert {cid: c.new for cid, c in plan.changes.items()} == _values(report_2020, "t3")


@pytest.mark.parametrize(
    ("cell", "value", "phrase"),
    [
        ("E4", "约5", f"{NEW}“商业企业”列的值 '约5' 不是一个数字"),
        ("D5", -2, f"{CARRY}“自然人”列的值 '-2' 不能为负数"),
        ("F4", 2.5, f"{NEW}“科研机构”列的值 '2.5' 应为整数"),
    ],
)
def test_bad_xlsx_cell_is_named_and_nothing_written(empty, report_2023, cell, value, phrase):
    def sheet(ws):
        _table3(ws, report_2023)
        ws[cell] = value

    plan = plan_xlsx(empty, _xlsx(("表三", sheet)), "a.xlsx")
    assert plan.changes == {}
    assert any(phrase in p and "改正后重新上传" in p for p in plan.problems), plan.problems
    with pytest.raises(PasteError):
        apply_plan(empty, plan)


@pytest.mark.parametrize(
    ("value", "clears", "expected"),
    [(None, False, 38), (None, True, None), ("未填", False, None), ("—", False, None), (40, False, 40)],
)
def test_xlsx_blank_and_not_entered_cells(report_2023, value, clears, expected):
    def sheet(ws):
        _table3(ws, report_2023)
        ws["D4"] = value

    plan = plan_xlsx(report_2023, _xlsx(("表三", sheet)), "a.xlsx", blank_clears=clears)
    assert plan.problems == []
    assert apply_plan(report_2023, plan).get("t3.new.natural") == expected


def _zip_not_xlsx() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("hello.txt", "hello")
    return buf.getvalue()


@pytest.mark.parametrize(
    ("data", "phrase"),
    [
        (_xlsx(("Sheet1", _notes_sheet)), "没有在 wrong.xlsx 中找到表二、表三或表四：未写入任何单元格"),
        (_xlsx(("Sheet1", lambda ws: None)), "没有在 wrong.xlsx 中找到表二、表三或表四"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "旧版 Excel/WPS 文件"),
        (b"name,count\n", "不是 .xlsx 文件"),
        (_zip_not_xlsx(), "不是有效的 .xlsx 文件"),
    ],
)
def test_wrong_file_gives_a_clear_message(empty, data, phrase):
    plan = plan_xlsx(empty, data, "wrong.xlsx")
    assert plan.changes == {}
    assert any(phrase in p for p in plan.problems), plan.problems


def test_xlsx_with_some_rows_missing_says_so_and_keeps_those_cells(report_2023):
    def sheet(ws):
        _table3(ws, report_2023)
        ws.delete_rows(4, 2)  # 一、本年新收 and 二、上年结转

    changed = report_2023.model_copy(deep=True)
    changed.set_cell("t3.open.natural", 0)
    plan = plan_xlsx(changed, _xlsx(("表三", sheet)), "a.xlsx")
    assert plan.problems == []
    assert list(plan.changes) == ["t3.open.natural"]
    assert any("表三中没有找到 14 个单元格" in n for n in plan.notes)
