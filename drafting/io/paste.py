"""Counts pasted from Excel/WPS or an uploaded .xlsx turned into a checked plan of cell changes, then applied."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time

from drafting.findings import Finding
from drafting.formats import TABLE3_COLUMNS, TABLE4_COLUMNS, TABLE4_GROUPS, CellSpec, Format
from drafting.io.importer.norm import is_value_like, label_key, nfkc
from drafting.io.importer.readers import MAX_FILE_BYTES
from drafting.io.importer.sections import match_heading
from drafting.io.importer.tables import CellRead, TableRead, read_cell, read_table2, read_table3, read_table4
from drafting.io.render.layout import value_text
from drafting.io.tableview import TableEditError, TableView, get_view
from drafting.model import CellOrigin, CellValue, Report
from drafting.tables.checks import run_checks

NOT_ENTERED_MARKS = frozenset({"未填", "-", "--", "—", "——", "－", "–"})
MAX_BLOCK_CHARS = 100_000
MAX_PROBLEMS = 20
MAX_SHEET_ROWS = 400
MAX_SHEET_COLUMNS = 60
PASTED = "粘贴的内容"
_KEEP = object()  # a blank pasted cell that leaves its cell as it is
# Table 四 is printed as one row of 15 cells: a one-row block pasted into it flows on through its three blocks.
_FLOWING = frozenset({"四"})


class PasteError(TableEditError):
    """A paste or an .xlsx could not be applied; `problems` has one Chinese message per problem."""


@dataclass(frozen=True)
class CellChange:
    """One cell the plan changes: its id, its Chinese location, the value now and the value after."""

    cell_id: str
    location: str
    old: CellValue | None
    new: CellValue | None


@dataclass
class PastePlan:
    """What a paste or an .xlsx would change, or why it cannot; the findings the result would have."""

    source: str
    origin: CellOrigin
    changes: dict[str, CellChange] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    unchanged: int = 0

    @property
    def ok(self) -> bool:
        """True when there is something to apply and nothing stands in the way."""
        return not self.problems and bool(self.changes)


# ---- the pasted block ----------------------------------------------------------------------------


def parse_block(text: str) -> list[list[str]]:
    """A block copied from a spreadsheet as rows of cell texts (tabs between cells; \\r\\n, \\n or \\r between rows).

    Cells Excel quoted (text with a tab or line break inside) are read whole; trailing empty lines are dropped
    (a row of blank cells, with tabs, is kept: it may be meant to clear cells).
    """
    if len(text) > MAX_BLOCK_CHARS:
        msg = (f"粘贴的内容有 {len(text)} 个字符，远超表三、表四的大小；请只复制要填入的数字单元格"
               "（表三最多 25 行 7 列）后重新粘贴")
        raise PasteError([msg])
    try:
        rows = [row or [""] for row in csv.reader(io.StringIO(text.lstrip("\ufeff"), newline=""), "excel-tab")]
    except csv.Error:
        raise PasteError(["粘贴的内容中引号（\"）不成对，无法分清单元格；请在表格软件中重新复制后粘贴"]) from None
    while rows and rows[-1] == [""]:
        rows.pop()
    return rows


def plan_paste(report: Report, view_key: str, start_row_key: str, start_col_key: str, block: str, *,
               blank_clears: bool = False) -> PastePlan:
    """Plan a pasted block into a grid (``t3``, ``t4`` or a block of 二) from the chosen cell, in official order.

    An empty pasted cell leaves its cell as it is, unless `blank_clears`; 未填, - and — mean not entered.
    Every problem is listed (naming table, row and column) and then nothing is planned.
    """
    plan = PastePlan(PASTED, "typed")
    view = get_view(report.format, view_key)
    try:
        grid = parse_block(block)
        if not grid:
            raise PasteError(["没有粘贴任何内容：请在 Excel/WPS 中选中要填入的数字单元格，按 Ctrl+C 复制，"
                              "再到文本框中按 Ctrl+V 粘贴"])
        targets = _targets(view, report.fmt, start_row_key, start_col_key, grid)
    except PasteError as exc:
        plan.problems = exc.problems
        return plan
    values: dict[str, CellValue | None] = {}
    specs = report.fmt.cells()
    for (i, j), cell_id in targets.items():
        value = _pasted_value(specs[cell_id], grid[i][j], blank_clears, report.fmt, plan.problems)
        if value is not _KEEP:
            values[cell_id] = value  # type: ignore[assignment]
    return _finish(report, plan, values)


def _targets(view: TableView, fmt: Format, row_key: str, col_key: str,
             grid: list[list[str]]) -> dict[tuple[int, int], str]:
    """The report cell each pasted cell lands in; a block reaching past the table's edge is refused."""
    rows = [key for key, _ in view.rows]
    cols = [c.key for c in view.columns]
    if row_key not in rows or col_key not in cols:
        msg = f"表{view.table}没有所选的起始行或起始列（{row_key} / {col_key}）；请刷新页面后重新选择"
        raise PasteError([msg])
    r0, c0 = rows.index(row_key), cols.index(col_key)
    start = fmt.cells()[view.cell_id(row_key, col_key)].location
    width = max(_extent(row) for row in grid)
    if view.table in _FLOWING and len(grid) == 1:
        cells = [view.cell_id(r, c) for r in rows for c in cols][r0 * len(cols) + c0:]
        _check_width(width, len(cells), start, fmt.cells()[cells[-1]], "个单元格")
        return {(0, j): cells[j] for j in range(min(len(grid[0]), len(cells)))}
    _check_height(grid, len(rows) - r0, start, fmt.cells()[view.cell_id(rows[-1], col_key)])
    _check_width(width, len(cols) - c0, start, fmt.cells()[view.cell_id(row_key, cols[-1])], "列")
    return {
        (i, j): view.cell_id(rows[r0 + i], cols[c0 + j])
        for i in range(min(len(grid), len(rows) - r0))
        for j in range(min(len(grid[i]), len(cols) - c0))
    }


def _extent(cells: list[str]) -> int:
    """How many cells of a row matter: blanks after the last filled cell write nothing."""
    return max((j + 1 for j, cell in enumerate(cells) if cell.strip()), default=0)


def _check_width(width: int, room: int, start: str, last: CellSpec, unit: str) -> None:
    if width > room:
        end = f"“{last.column_label}”列"
        if unit != "列":
            end = f"“{last.row_label}”{_unit(last)}{end}"
        msg = (f"粘贴的内容有 {width} {unit}，从{start}起只能放下 {room} {unit}（到{end}为止）；"
               f"请少复制 {width - room} 列，或改选靠左的起始列。未写入任何单元格")
        raise PasteError([msg])


def _check_height(grid: list[list[str]], room: int, start: str, last: CellSpec) -> None:
    height = max((i + 1 for i, row in enumerate(grid) if _extent(row)), default=0)
    if height > room:
        msg = (f"粘贴的内容有 {height} 行，从{start}起只能放下 {room} 行（到“{last.row_label}”{_unit(last)}为止）；"
               f"请少复制 {height - room} 行，或改选靠上的起始行。未写入任何单元格")
        raise PasteError([msg])


def _unit(spec: CellSpec) -> str:
    return "栏" if spec.table == "四" else "行"


def _pasted_value(spec: CellSpec, raw: str, blank_clears: bool, fmt: Format, problems: list[str]) -> object:
    """The value a pasted cell gives its cell: a number, None (not entered) or _KEEP; a problem is recorded."""
    text = raw.strip()
    if not text:
        return None if blank_clears else _KEEP
    if nfkc(text) in NOT_ENTERED_MARKS:
        return None
    cell = read_cell(spec.cell_id, " ".join(text.split()), "", fmt)  # a quoted cell may hold tabs, line breaks
    if cell.status == "unreadable":
        problems.append(_problem(spec, cell, "请只复制数字单元格（不带行名、列名），改正后重新粘贴"))
        return _KEEP
    return cell.value


def _problem(spec: CellSpec, cell: CellRead, todo: str) -> str:
    """A Chinese message naming the cell, what is wrong with its value and what to do."""
    reason = cell.reason or "不是一个数字"
    if not reason.startswith(spec.location):
        reason = f"{spec.location}的值 '{cell.raw}' {reason}"
    return f"{reason}；{todo}"


def _finish(report: Report, plan: PastePlan, values: Mapping[str, CellValue | None]) -> PastePlan:
    """Record the cells that change, in official order, and the findings the result would have."""
    if plan.problems:
        if len(plan.problems) > MAX_PROBLEMS:
            more = len(plan.problems) - MAX_PROBLEMS
            plan.problems = [*plan.problems[:MAX_PROBLEMS], f"另有 {more} 处类似问题未列出"]
        return plan
    specs = report.fmt.cells()
    for cell_id in (cid for cid in specs if cid in values):
        old, new = report.get(cell_id), values[cell_id]
        if old == new:
            plan.unchanged += 1
        else:
            plan.changes[cell_id] = CellChange(cell_id, specs[cell_id].location, old, new)
    if plan.changes:
        plan.findings = run_checks(_applied(report, plan))
    return plan


def apply_plan(report: Report, plan: PastePlan) -> Report:
    """A copy of the report with the plan's cells written (origin typed for a paste, imported for an .xlsx).

    Refused when the plan has problems or a cell no longer holds the value the plan was made from.
    """
    if plan.problems:
        raise PasteError(plan.problems)
    stale = [c for c in plan.changes.values() if report.get(c.cell_id) != c.old]
    if stale:
        first = stale[0]
        msg = (f"{first.location}在预览之后已被修改（现为 {value_text(report.get(first.cell_id))}，"
               f"预览时为 {value_text(first.old)}）；请重新预览后再应用。未写入任何单元格")
        raise PasteError([msg])
    return _applied(report, plan)


def _applied(report: Report, plan: PastePlan) -> Report:
    copy = report.model_copy(update={"cells": dict(report.cells), "origins": dict(report.origins)})
    for change in plan.changes.values():
        copy.set_cell(change.cell_id, change.new, origin=plan.origin)
    return copy


# ---- the .xlsx upload ----------------------------------------------------------------------------

Sheet = tuple[str, list[list[str]]]
Reader = Callable[[list[list[str]], Format], TableRead]
_READERS: dict[str, Reader] = {"二": read_table2, "三": read_table3, "四": read_table4}
_XLSX_TODO = "请在表格文件中改正后重新上传"


def plan_xlsx(report: Report, data: bytes, filename: str, *, blank_clears: bool = False) -> PastePlan:
    """Plan an .xlsx laid out like the official tables: each sheet's tables found by their headings or labels,
    each cell mapped by its row and column labels as the importer maps a .docx. Unrelated sheets are ignored.
    """
    plan = PastePlan(filename, "imported")
    try:
        sheets = read_xlsx(data, filename)
    except PasteError as exc:
        plan.problems = exc.problems
        return plan
    read = _read_sheets(sheets, report.fmt, plan.notes)
    if not read.cells:
        plan.problems.append(_nothing_found(filename))
        return plan
    values: dict[str, CellValue | None] = {}
    specs = report.fmt.cells()
    for cell_id, cell in read.cells.items():
        if cell.status == "read":
            values[cell_id] = cell.value
        elif cell.status == "unreadable":
            plan.problems.append(_problem(specs[cell_id], cell, _XLSX_TODO))
        elif cell.raw.strip() or blank_clears:
            values[cell_id] = None
    plan.notes.extend(_missing_notes(read, report.fmt))
    return _finish(report, plan, values)


def _missing_notes(read: TableRead, fmt: Format) -> list[str]:
    """Per table found in the file: how many of its cells the file did not give (they stay as they are)."""
    notes = []
    for prefix, table in (("t2.", "二"), ("t3.", "三"), ("t4.", "四")):
        if any(cid.startswith(prefix) for cid in read.cells):
            missing = [cid for cid in fmt.cells() if cid.startswith(prefix) and cid not in read.cells]
            if missing:
                notes.append(f"文件的表{table}中没有找到 {len(missing)} 个单元格，这些单元格保持不变")
    return notes


def _nothing_found(filename: str) -> str:
    return (f"没有在 {filename} 中找到表二、表三或表四：未写入任何单元格。请让表格的行名、列名与官方格式相同"
            "（如“一、本年新收政府信息公开申请数量”“自然人”“行政复议”“结果维持”），"
            "或在表格软件中复制数字后用上面的文本框粘贴")


def read_xlsx(data: bytes, filename: str) -> list[Sheet]:
    """Every worksheet of an .xlsx as (name, rows of cell texts); merged cells hold their text once."""
    _refuse_other_files(data, filename)
    import openpyxl

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # any failure of the zip or the XML inside: not a usable workbook
        msg = (f"{filename} 不是有效的 .xlsx 文件（文件已损坏或并非 Excel 格式）；"
               "请在 Excel/WPS 中打开并另存为 .xlsx 后重新上传")
        raise PasteError([msg]) from exc
    try:
        return [(sheet.title, _sheet_rows(sheet)) for sheet in book.worksheets]
    finally:
        book.close()


def _refuse_other_files(data: bytes, filename: str) -> None:
    if len(data) > MAX_FILE_BYTES:
        raise PasteError([f"{filename} 有 {len(data) // 1_000_000} MB，远超年报表格的大小；请只保留表格后重新上传"])
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        msg = f"{filename} 是旧版 Excel/WPS 文件（.xls/.et）；请在 Excel 或 WPS 中“另存为” .xlsx 后重新上传"
        raise PasteError([msg])
    if not data.startswith(b"PK"):
        raise PasteError([f"{filename} 不是 .xlsx 文件；请上传 Excel/WPS 保存的 .xlsx 表格"])


def _sheet_rows(sheet: object) -> list[list[str]]:
    """The sheet's rows as texts, without the columns that are empty in every row.

    Those columns are no part of any table, and as blank cells at the end of every row they would leave
    the importer's readers two ways to align a row whose first value cell is blank.
    """
    rows = sheet.iter_rows(max_row=MAX_SHEET_ROWS, max_col=MAX_SHEET_COLUMNS, values_only=True)  # type: ignore[attr-defined]
    texts = [[_cell_text(value) for value in row] for row in rows]
    width = max((i + 1 for row in texts for i, text in enumerate(row) if text), default=0)
    return [row[:width] for row in texts]


def _cell_text(value: object) -> str:
    """A spreadsheet value as the text a reader of the printed table would see."""
    if value is None:
        return ""
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    return str(value).strip()


# ---- which rows of a sheet belong to which table --------------------------------------------------

_SHEET_NAME = re.compile(r"表\s*([二三四234])")
_DIGITS = {"2": "二", "3": "三", "4": "四"}
_MARKERS: dict[str, tuple[str, ...]] = {
    "二": ("第二十条第",),
    "三": ("申请人情况", "勾稽关系", "本年新收政府信息公开申请数量"),
    "四": ("未经复议直接起诉", "复议后起诉"),
}
_EXACT_MARKERS: dict[str, tuple[str, ...]] = {"三": ("自然人",), "四": ("行政复议", "行政诉讼", "结果维持")}


def split_tables(sheets: Iterable[Sheet]) -> list[tuple[str, str, list[list[str]]]]:
    """(sheet, table, rows) runs: a part heading or a table's own labels starts a table; other rows are skipped."""
    runs: list[tuple[str, str, list[list[str]]]] = []
    for name, rows in sheets:
        hint = _SHEET_NAME.search(name)
        table = _DIGITS.get(hint.group(1), hint.group(1)) if hint else ""
        for row in rows:
            heading = match_heading(_first(row))
            if heading is not None:  # a part heading: the table it opens, or "" for a text part
                table = heading if heading in _READERS else ""
                continue
            table = _marked_table(row) or table
            if table in _READERS:
                if not runs or runs[-1][:2] != (name, table):
                    runs.append((name, table, []))
                runs[-1][2].append(row)
    return runs


def _first(row: list[str]) -> str:
    return next((cell for cell in row if cell.strip()), "")


def _marked_table(row: list[str]) -> str | None:
    """The table whose own labels (a 表二 caption, 表三's or 表四's column heads) the row holds, if any."""
    keys = [label_key(cell) for cell in row if cell.strip()]
    for table, markers in _MARKERS.items():
        if any(marker in key for key in keys for marker in markers):
            return table
    for table, markers in _EXACT_MARKERS.items():
        if any(key in markers for key in keys):
            return table
    return None


def _read_sheets(sheets: list[Sheet], fmt: Format, notes: list[str]) -> TableRead:
    """Every table found in the sheets read by the importer's readers; notes get their warnings."""
    out = TableRead()
    for name, table, rows in split_tables(sheets):
        prepared, texts = _keep_text_in_value_cells(rows, table, fmt)
        read = _READERS[table](prepared, fmt)
        for cell in read.cells.values():
            out.put(_restore_text(cell, texts))
        notes.extend(f"工作表“{name}”：{_restore(w, texts)}" for w in dict.fromkeys(read.warnings))
    return out


# ---- text in a value cell stays in its column ------------------------------------------------------
# The importer's readers take a row's trailing run of number-like cells as its values, so a word typed
# into a count cell would end the run and be read as part of the row label. In a spreadsheet the value
# columns are known from the header: such a word is swapped for a number-like token the reader keeps in
# its column and reports as unreadable, and the message shows the word again.

_TOKEN = re.compile(r"%\d+%")


def _value_labels(table: str, fmt: Format) -> set[str]:
    if table == "三":
        return {label_key(c.label) for c in TABLE3_COLUMNS}
    if table == "四":
        return {label_key(x) for x in (*(g for _, g in TABLE4_GROUPS), *(c.label for c in TABLE4_COLUMNS))}
    return {label_key(c.label) for block in fmt.table2 for c in block.columns}


def _keep_text_in_value_cells(rows: list[list[str]], table: str,
                              fmt: Format) -> tuple[list[list[str]], dict[str, str]]:
    labels = _value_labels(table, fmt)
    first = min((j for row in rows for j, cell in enumerate(row) if label_key(cell) in labels), default=None)
    texts: dict[str, str] = {}
    if first is None:
        return rows, texts
    out = []
    for row in rows:
        values = [nfkc(c).strip() for c in row[first:]]
        values = ["—" if v in NOT_ENTERED_MARKS else v for v in values]
        if any(v and is_value_like(v) for v in values):
            values = [_token(v, texts) if v and not is_value_like(v) else v for v in values]
        out.append([*row[:first], *values])
    return out, texts


def _token(text: str, texts: dict[str, str]) -> str:
    token = f"%{len(texts) + 1}%"
    texts[token] = text
    return token


def _restore(text: str, texts: Mapping[str, str]) -> str:
    return _TOKEN.sub(lambda m: texts.get(m.group(), m.group()), text) if texts else text


def _restore_text(cell: CellRead, texts: Mapping[str, str]) -> CellRead:
    if not texts or not _TOKEN.search(cell.raw):
        return cell
    return CellRead(cell.cell_id, cell.status, _restore(cell.raw, texts), cell.value, _restore(cell.reason, texts))


__all__ = [
    "NOT_ENTERED_MARKS",
    "CellChange",
    "PasteError",
    "PastePlan",
    "apply_plan",
    "parse_block",
    "plan_paste",
    "plan_xlsx",
    "read_xlsx",
    "split_tables",
]
