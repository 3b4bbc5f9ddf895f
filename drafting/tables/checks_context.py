"""What every table rule reads: the filled report, its integers, and the same with blank cells read as 0."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from drafting.findings import Finding, Severity
from drafting.formats import CellSpec, CellType, Format, t3
from drafting.model import CellValue, Money, Report
from drafting.tables.fill import fill, is_total_cell, total_addends

E = Severity.ERROR
W = Severity.WARNING
BLANK_NAMES = 3
"""How many blank cells a finding names before it says “等 N 个”."""
MOSTLY_BLANK = 0.5
"""Blanks are read as 0 in a table when at most this share of its entry cells is blank ..."""
MOSTLY_ENTERED_TOTALS = 0.5
"""... or when at least this share of its total cells was entered (printed), not computed."""
_ZERO: dict[CellType, CellValue] = {CellType.DECIMAL: Decimal(0), CellType.AMOUNT: Money(amount=Decimal(0), unit="元")}


@dataclass(frozen=True)
class Reading:
    """The values of a relation's cells; `blanks` are the blank cells that were read as 0 to get them."""

    values: list[int]
    blanks: tuple[str, ...] = ()


@dataclass(frozen=True)
class Context:
    """What every rule reads: the filled report, its format, cell specs, the usable prior and a zero view.

    `zero` holds the integers of the report with every blank leaf read as 0 and the totals derived from
    them; `addends` maps each definitional total to its addends, to name the blanks behind a total.
    """

    report: Report
    fmt: Format
    specs: dict[str, CellSpec]
    num: dict[str, int]
    prior: Report | None
    zero: dict[str, int] = field(default_factory=dict)
    addends: dict[str, list[str]] = field(default_factory=dict)

    def n(self, cell_id: str) -> int | None:
        """The integer value of a cell, or None when it is unknown (or not a valid integer)."""
        return self.num.get(cell_id)

    def label(self, cell_id: str) -> str:
        """The Chinese location of a cell, e.g. 表三“（七）总计”行“总计”列."""
        return self.specs[cell_id].location

    def row_label(self, row: str) -> str:
        """The exact label of a table 三 row."""
        return self.specs[t3(row, "total")].row_label

    def blank(self, cell_id: str) -> bool:
        """True for a cell nobody entered and fill could not derive."""
        return cell_id not in self.report.cells

    def derived(self, cell_id: str) -> bool:
        """True for a total computed from its addends (with blanks read as 0 when it is blank)."""
        return self.report.origins.get(cell_id) == "derived" or (self.blank(cell_id) and is_total_cell(cell_id))

    def blanks_behind(self, cell_id: str) -> list[str]:
        """The blank leaf cells a value of the zero view rests on: the cell itself, or a blank total's blanks."""
        if cell_id in self.num:
            return []
        if not is_total_cell(cell_id) or cell_id not in self.addends:
            return [cell_id] if self.blank(cell_id) else []
        return [b for a in self.addends[cell_id] for b in self.blanks_behind(a)]


Rule = Callable[[Context], list[Finding]]


def build_context(report: Report, fmt: Format) -> Context:
    """The context of the checks: the report filled, and a zero view only when some cell is blank."""
    filled = fill(report)
    specs = fmt.cells()
    num = integers(filled)
    if all(cell_id in filled.cells for cell_id in specs):
        return Context(filled, fmt, specs, num, usable_prior(report), num)
    zero = integers(fill(report.model_copy(update={"cells": _zero_filled_cells(report, specs)})))
    addends: dict[str, list[str]] = {}
    for target, parts in total_addends(fmt):
        addends.setdefault(target, parts)
    return Context(filled, fmt, specs, num, usable_prior(report), zero, addends)


def _zero_filled_cells(report: Report, specs: dict[str, CellSpec]) -> dict[str, CellValue]:
    """The report's cells with the blank leaves of its complete-looking tables read as 0."""
    cells = dict(report.cells)
    for table in {spec.table for spec in specs.values()}:
        in_table = [c for c, spec in specs.items() if spec.table == table]
        if not _as_printed(report, in_table):
            continue
        for cell_id in in_table:
            if cell_id not in cells and not is_total_cell(cell_id):
                cells[cell_id] = _ZERO.get(specs[cell_id].cell_type, 0)
    return cells


def _as_printed(report: Report, cell_ids: list[str]) -> bool:
    """Whether a table looks complete, its blanks standing for 0: mostly entered, or its totals mostly entered.

    Published reports often leave zero cells blank but print the totals (e.g. only 自然人 and 总计 in every
    row of table 三). A table being filled in has most cells blank and totals computed, not entered:
    reading its blanks as 0 would flag every partly entered row and column.
    """
    leaves = [c for c in cell_ids if not is_total_cell(c)]
    totals = [c for c in cell_ids if is_total_cell(c)]
    if sum(c not in report.cells for c in leaves) <= MOSTLY_BLANK * len(leaves):
        return True
    entered = sum(report.origins.get(c) != "derived" and c in report.cells for c in totals)
    return bool(totals) and entered >= MOSTLY_ENTERED_TOTALS * len(totals)


def integers(report: Report) -> dict[str, int]:
    """The cells holding a valid integer (never a bool)."""
    return {k: v for k, v in report.cells.items() if type(v) is int}


def usable_prior(report: Report) -> Report | None:
    """Last year's report, filled, when the attached prior is of the year before; else None."""
    prior = report.prior
    if prior is None or prior.year != report.year - 1:
        return None
    return fill(prior)


def read(ctx: Context, cell_ids: Iterable[str]) -> Reading | None:
    """The cells' values, blanks read as 0 (and named); None when a cell holds no valid integer even so."""
    values: list[int] = []
    blanks: list[str] = []
    for cell_id in cell_ids:
        value = ctx.num.get(cell_id)
        if value is None:
            value = ctx.zero.get(cell_id)
            if value is None:
                return None
            blanks.extend(ctx.blanks_behind(cell_id))
        values.append(value)
    return Reading(values, tuple(dict.fromkeys(blanks)))


def known(ctx: Context, cell_ids: Iterable[str]) -> list[int] | None:
    """The cells' values when every one is a known integer; None otherwise."""
    reading = read(ctx, cell_ids)
    return reading.values if reading is not None and not reading.blanks else None


def relation_finding(
    ctx: Context,
    rule: str,
    reading: Reading,
    problem: str,
    advice: str,
    cells: tuple[str, ...],
    *,
    certain: bool = False,
) -> Finding:
    """An error when every cell is entered; a warning naming the blank cells when they were read as 0.

    `problem` states the imbalance and ends with its punctuation; `advice` says what to check. `certain`
    says the entered cells alone already exceed the other side: blanks are ≥ 0 and cannot mend that, so
    it is an error whatever they are (as I9 has it).
    """
    if not reading.blanks:
        return Finding(rule, E, f"{problem}{advice}", cells)
    shown = "、".join(ctx.label(c) for c in reading.blanks[:BLANK_NAMES])
    more = f"等 {len(reading.blanks)} 个单元格" if len(reading.blanks) > BLANK_NAMES else ""
    named = tuple(dict.fromkeys((*cells, *reading.blanks)))
    if certain:
        msg = f"{problem}空白单元格（{shown}{more}）不论填什么都不能使之平衡，{advice}"
        return Finding(rule, E, msg, named)
    lead = "" if "不平衡" in problem.split("：", 1)[0] else "数字不平衡："
    msg = f"若空白单元格（{shown}{more}）为 0，则{lead}{problem}请补填这些空白单元格；如它们确实为 0，{advice}"
    return Finding(rule, W, msg, named)


def fmt_num(value: object) -> str:
    """A number as printed in a message: integers without a decimal point, decimals as entered."""
    if isinstance(value, Decimal):
        return format(value.normalize(), "f") if value == value.to_integral_value() else format(value, "f")
    return str(value)


def decimal_of(value: object) -> Decimal | None:
    """A finite Decimal (or an int as one); None for anything else."""
    if isinstance(value, Decimal) and value.is_finite():
        return value
    if type(value) is int:
        return Decimal(value)
    return None
