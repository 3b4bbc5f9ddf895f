"""Tables 二、三、四 as rows of text cells for an editor grid, and edits from the grid back into the report."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache

from drafting.errors import CellValueError
from drafting.formats import (
    INFO_CONTENT,
    RESULTS,
    TABLE3_COLUMNS,
    TABLE4_COLUMNS,
    TABLE4_GROUPS,
    TABLE4_LITIGATION,
    CellSpec,
    Column,
    Format,
    get_format,
    t2,
    t3,
    t4,
)
from drafting.io.render.layout import UNKNOWN, value_text
from drafting.model import CellValue, Report, coerce_cell
from drafting.tables.fill import fill, is_total_cell, partial_sums

NOT_ENTERED = UNKNOWN
PARTIAL = "（部分）"
"""Suffix of a running total while some of its addends are not entered (the total itself stays unknown)."""
FLAG = "⚠ "
"""Prefix of a value that a table finding concerns (the grid cannot colour editable cells)."""
_BLANKS = {"", NOT_ENTERED, "none", "nan", "-", "—"}


class TableEditError(CellValueError):
    """One or more edited cells are invalid; nothing was applied. `problems` has one message per cell."""

    def __init__(self, problems: list[str]) -> None:
        """Keep every problem; the message lists them one a line."""
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class TableView:
    """One editor grid: a block of table 二, or table 三, or table 四.

    `head` are the read-only label columns, `columns` the value columns; each row is its key and
    the texts of its label columns.
    """

    key: str
    table: str
    title: str
    head: tuple[str, ...]
    columns: tuple[Column, ...]
    rows: tuple[tuple[str, tuple[str, ...]], ...]

    @property
    def column_labels(self) -> tuple[str, ...]:
        """All column labels in order: label columns, then value columns."""
        return self.head + tuple(c.label for c in self.columns)

    def cell_id(self, row_key: str, col_key: str) -> str:
        """The report cell behind a grid cell."""
        if self.table == "二":
            return t2(row_key, col_key)
        if self.table == "三":
            return t3(row_key, col_key)
        return t4(row_key, col_key)

    def cell_ids(self) -> frozenset[str]:
        """Every report cell shown in this grid."""
        return frozenset(self.cell_id(r, c.key) for r, _ in self.rows for c in self.columns)


@cache
def views_for(format_id: str) -> tuple[TableView, ...]:
    """The grids of a format in official order: the blocks of 二, then 三, then 四."""
    fmt = get_format(format_id)
    return (*_table2_views(fmt), _table3_view(fmt), _table4_view())


def get_view(format_id: str, key: str) -> TableView:
    """The grid with this key (e.g. ``t2_item1``, ``t3``, ``t4``)."""
    for view in views_for(format_id):
        if view.key == key:
            return view
    msg = f"{format_id} 格式没有表格 {key}"
    raise KeyError(msg)


def _table2_views(fmt: Format) -> list[TableView]:
    return [
        TableView(
            key=f"t2_{block.key}",
            table="二",
            title=block.caption,
            head=(INFO_CONTENT,),
            columns=block.columns,
            rows=tuple((row.key, (row.label,)) for row in block.rows),
        )
        for block in fmt.table2
    ]


def _table3_view(fmt: Format) -> TableView:
    rows = tuple((row.key, (_group_text(row.groups), row.label)) for row in fmt.table3_rows)
    return TableView("t3", "三", "三、收到和处理政府信息公开申请情况", ("分类", "项目"), TABLE3_COLUMNS, rows)


def _group_text(groups: tuple[str, ...]) -> str:
    inner = [g for g in groups if g != RESULTS]
    return inner[-1] if inner else (RESULTS if groups else "")


def _table4_view() -> TableView:
    rows = tuple(
        (key, (label if key == "review" else f"{TABLE4_LITIGATION}·{label}",)) for key, label in TABLE4_GROUPS
    )
    return TableView("t4", "四", "四、政府信息公开行政复议、行政诉讼情况", ("类别",), TABLE4_COLUMNS, rows)


def display_value(value: CellValue | None) -> str:
    """A cell as text in the grid: the same text the rendered report shows (未填 for a cell not entered)."""
    return value_text(value)


def table_rows(
    report: Report, key: str, filled: Report | None = None, flagged: frozenset[str] = frozenset()
) -> list[dict[str, str]]:
    """The grid's rows (column label -> text): derived totals, running totals marked （部分）, and the
    values of the `flagged` cells marked ⚠. Pass `filled` if already computed.
    """
    view = get_view(report.format, key)
    shown = filled if filled is not None else fill(report)
    partial = partial_sums(shown)
    out: list[dict[str, str]] = []
    for row_key, head in view.rows:
        row = dict(zip(view.head, head, strict=True))
        for col in view.columns:
            cell_id = view.cell_id(row_key, col.key)
            text = display_value(shown.get(cell_id))
            if cell_id in partial:
                text = f"{partial[cell_id]}{PARTIAL}"
            row[col.label] = f"{FLAG}{text}" if cell_id in flagged else text
        out.append(row)
    return out


def is_derived(report: Report, cell_id: str) -> bool:
    """A total the user did not enter: computed (or not yet computable) by the program, read-only in the grid."""
    return is_total_cell(cell_id) and (cell_id not in report.cells or report.origins.get(cell_id) == "derived")


def rows_with_edits(rows: Sequence[Mapping[str, object]], edited: Mapping[int | str, Mapping[str, object]]) -> list[
    dict[str, object]
]:
    """Apply an editor's ``edited_rows`` deltas (row index -> {column label: value}) to a copy of rows."""
    out: list[dict[str, object]] = [dict(r) for r in rows]
    for index, changes in edited.items():
        position = int(index)
        if 0 <= position < len(out):
            out[position].update(changes)
    return out


def apply_table_edits(
    report: Report, table: str, rows: Sequence[Mapping[str, object]], shown: Sequence[Mapping[str, str]] | None = None
) -> Report:
    """A copy of the report with the grid's changed cells entered (origin typed) or cleared.

    `shown` are the rows the grid was given (default: `table_rows` of the report). Only cells whose
    text differs from them are touched, so totals left as shown stay derived. A derived total cannot be
    typed over (enter its addends instead); an entered total can be changed or cleared. Every invalid
    value is reported (naming table, row and column) and then nothing is applied.
    """
    view = get_view(report.format, table)
    if len(rows) != len(view.rows):
        msg = f"表{view.table}“{view.title}”应有 {len(view.rows)} 行，收到 {len(rows)} 行；请刷新页面后重新填写"
        raise TableEditError([msg])
    before = shown if shown is not None else table_rows(report, table)
    changes: dict[str, CellValue | None] = {}
    problems: list[str] = []
    specs = report.fmt.cells()
    for (row_key, _), old, new in zip(view.rows, before, rows, strict=True):
        for col in view.columns:
            raw = new.get(col.label, old[col.label])
            if _text(raw) == old[col.label]:
                continue
            cell_id = view.cell_id(row_key, col.key)
            try:
                changes[cell_id] = _parse_edit(report, specs[cell_id], raw)
            except CellValueError as exc:
                problems.append(f"{exc}；请改正后重新输入")
    if problems:
        raise TableEditError(problems)
    return _with_cells(report, changes)


def _parse_edit(report: Report, spec: CellSpec, raw: object) -> CellValue | None:
    if is_derived(report, spec.cell_id):
        msg = f"{spec.location}是各项之和，由程序自动计算，不能直接填写；请填写各项"
        raise CellValueError(msg)
    return _parse(spec, raw)


def _text(raw: object) -> str:
    if raw is None or (isinstance(raw, float) and math.isnan(raw)):
        return ""
    return str(raw).strip()


def _parse(spec: CellSpec, raw: object) -> CellValue | None:
    text = _text(raw).removeprefix(FLAG.strip()).strip()
    if text.lower() in _BLANKS:
        return None
    return coerce_cell(spec, text)


def _with_cells(report: Report, changes: Mapping[str, CellValue | None]) -> Report:
    if not changes:
        return report
    copy = report.model_copy(update={"cells": dict(report.cells), "origins": dict(report.origins)})
    for cell_id, value in changes.items():
        copy.set_cell(cell_id, value)
    return copy
