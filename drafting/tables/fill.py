"""Deterministic fill: derived totals, 上年结转 from last year's report, and the explicit "fill blanks with 0"."""

from __future__ import annotations

from decimal import Decimal

from drafting.formats import (
    TABLE3_LEAF_COLUMNS,
    TABLE4_GROUPS,
    TABLE4_LEAF_COLUMNS,
    CellType,
    Format,
    t3,
    t4,
    table3_result_rows,
)
from drafting.model import CellOrigin, CellValue, Money, Report

DERIVED: CellOrigin = "derived"
ZERO_FILLED: CellOrigin = "zero_filled"
CARRIED: CellOrigin = "imported"
"""Origin of a 上年结转 cell taken from last year's 结转下年度继续办理.

It is an *input* of the S1 balance, copied from another document, exactly like a value read by the
importer. It must not be "derived": fill drops and recomputes derived cells, and checks treat derived
cells as definitions of this report, which a carried-over figure is not.
"""

_TABLE3_ALL_COLUMNS = (*TABLE3_LEAF_COLUMNS, "total")
_Cells = dict[str, CellValue]
_Origins = dict[str, CellOrigin]


def fill(report: Report) -> Report:
    """A copy of the report with every derivable total recomputed.

    Derived: the 总计 column of table 三 (per row), the （七）总计 row (per column) and the 总计 of
    each table 四 block. A total is derived only when all its addends are known and the total was
    not entered; an entered total is kept as it is (the checks compare it with its addends).
    Relations between entered numbers (S1) are never "solved" for one side. The copy has new
    ``cells`` and ``origins`` dicts; other fields are shared with the original, so treat them as
    read-only or copy them before mutating.
    """
    cells, origins = _entered(report)
    _derive(report.fmt, cells, origins)
    return report.model_copy(update={"cells": cells, "origins": origins})


def fill_blanks_with_zero(report: Report) -> Report:
    """Turn every empty leaf cell of tables 二, 三 and 四 into 0 (origin "zero_filled"), then fill.

    Totals are not zero-filled; they are derived from the now complete leaves, or kept when entered.
    This is the explicit user action "未填单元格填 0": unknown is never silently taken as 0 elsewhere.
    """
    cells, origins = _entered(report)
    for cell_id, spec in report.fmt.cells().items():
        if cell_id in cells or is_total_cell(cell_id):
            continue
        cells[cell_id] = _zero(spec.cell_type)
        origins[cell_id] = ZERO_FILLED
    _derive(report.fmt, cells, origins)
    return report.model_copy(update={"cells": cells, "origins": origins})


def carry_in_proposal(report: Report) -> dict[str, int]:
    """Proposed 上年结转 values: cell id -> last year's 结转下年度继续办理 in the same column.

    Covers the six applicant columns and 总计 (derived in last year's report when it was not
    entered there). Columns whose value last year is unknown are left out; no prior, no proposal.
    The 结转 rows have the same labels in F2019 and F2021, so this bridges 2020 → 2021.
    """
    if report.prior is None:
        return {}
    prior = fill(report.prior)
    proposal: dict[str, int] = {}
    for col in _TABLE3_ALL_COLUMNS:
        value = prior.cells.get(t3("carry_out", col))
        if isinstance(value, int) and not isinstance(value, bool):
            proposal[t3("carry_in", col)] = value
    return proposal


def apply_carry_in(report: Report) -> Report:
    """Put the proposed 上年结转 values into the cells not yet entered (origin "imported"), then fill.

    Entered cells are never changed: a differing value stays and rule I5 points it out. The 总计
    cell is only taken from last year when no applicant column of 上年结转 was entered by hand, so
    that it cannot contradict numbers the user typed; otherwise fill derives it.
    """
    cells, origins = _entered(report)
    row_leaves = [t3("carry_in", col) for col in TABLE3_LEAF_COLUMNS]
    user_leaves = any(cell_id in cells for cell_id in row_leaves)
    for cell_id, value in carry_in_proposal(report).items():
        if cell_id in cells or (user_leaves and cell_id == t3("carry_in", "total")):
            continue
        cells[cell_id] = value
        origins[cell_id] = CARRIED
    _derive(report.fmt, cells, origins)
    return report.model_copy(update={"cells": cells, "origins": origins})


# ---- internals -----------------------------------------------------------------------------------


def _entered(report: Report) -> tuple[_Cells, _Origins]:
    """New dicts holding only the entered cells (typed, imported, zero-filled) and their origins."""
    origins = report.origins
    if DERIVED not in origins.values():
        return dict(report.cells), dict(origins)
    cells = {k: v for k, v in report.cells.items() if origins.get(k) != DERIVED}
    return cells, {k: o for k, o in origins.items() if o != DERIVED}


def total_addends(fmt: Format) -> list[tuple[str, list[str]]]:
    """Each definitional total and its addends, in the order they are computed (row totals, （七）总计, 四).

    The corner total of table 三 appears twice: as the sum of the result rows' totals, and failing
    that, as the sum of the （七）总计 row.
    """
    sums: list[tuple[str, list[str]]] = []
    for row in (r.key for r in fmt.table3_rows):
        if row != "total":
            sums.append((t3(row, "total"), [t3(row, col) for col in TABLE3_LEAF_COLUMNS]))
    results = table3_result_rows(fmt)
    sums += [(t3("total", col), [t3(row, col) for row in results]) for col in _TABLE3_ALL_COLUMNS]
    sums.append((t3("total", "total"), [t3("total", col) for col in TABLE3_LEAF_COLUMNS]))
    sums += [(t4(group, "total"), [t4(group, col) for col in TABLE4_LEAF_COLUMNS]) for group, _ in TABLE4_GROUPS]
    return sums


def partial_sums(filled: Report) -> dict[str, int]:
    """Running totals of the totals not yet known: the sum of the addends entered so far.

    For display only (marked as partial); the stored total stays unknown until every addend is known.
    Pass a filled report. Totals none of whose addends is known are left out.
    """
    partial: dict[str, int] = {}
    for target, addends in total_addends(filled.fmt):
        if target in partial or isinstance(filled.cells.get(target), int):
            continue
        values = [_count(filled.cells.get(a)) if a in filled.cells else partial.get(a) for a in addends]
        present = [v for v in values if v is not None]
        if present:
            partial[target] = sum(present)
    return partial


def _count(value: CellValue | None) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _derive(fmt: Format, cells: _Cells, origins: _Origins) -> None:
    """Compute the missing totals in place: row totals, then （七）总计, then table 四 blocks."""
    for target, addends in total_addends(fmt):
        _set_sum(cells, origins, target, addends)


def _set_sum(cells: _Cells, origins: _Origins, target: str, addends: list[str]) -> None:
    if target in cells:
        return
    total = 0
    for cell_id in addends:
        value = cells.get(cell_id)
        if not isinstance(value, int) or isinstance(value, bool):
            return
        total += value
    cells[target] = total
    origins[target] = DERIVED


def is_total_cell(cell_id: str) -> bool:
    """True for the cells that are sums by definition (derived by fill, never zero-filled)."""
    table, row, col = cell_id.split(".")
    if table == "t3":
        return row == "total" or col == "total"
    return table == "t4" and col == "total"


def _zero(cell_type: CellType) -> CellValue:
    if cell_type is CellType.DECIMAL:
        return Decimal(0)
    if cell_type is CellType.AMOUNT:
        return Money(amount=Decimal(0), unit="元")
    return 0
