"""The roll-up: the units' tables summed cell by cell into one report of the same format (format-spec I15)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from drafting.errors import DraftingError
from drafting.findings import Severity
from drafting.formats import CellSpec, CellType
from drafting.model import AgencyKind, CellOrigin, CellValue, Money, Report, new_report
from drafting.review.run import unit_key
from drafting.tables.fill import fill, fill_blanks_with_zero, is_total_cell

SUMMED: CellOrigin = (
    "imported"  # the summed cells are inputs of the roll-up taken from other documents, as imported ones
)
_YUAN = {"元": Decimal(1), "万元": Decimal(10_000), "亿元": Decimal(100_000_000)}
_SHOWN = 3


class RollupRefused(DraftingError):
    """The units cannot be summed as they are; the message names them and says what to do."""


@dataclass(frozen=True)
class Unit:
    """One unit's report and the file it came from."""

    file: str
    report: Report

    @property
    def name(self) -> str:
        """The unit's name: its agency."""
        return self.report.agency


@dataclass
class Rollup:
    """The summed report, and per cell the units whose value went into it (non-zero values only)."""

    report: Report
    units: list[Unit]
    sources: dict[str, dict[str, str]]
    notes: list[str] = field(default_factory=list)
    blanks_as_zero: bool = False
    allow_errors: bool = False


def rollup(
    units: Sequence[Unit],
    agency: str,
    year: int | None = None,
    kind: AgencyKind = "人民政府",
    *,
    blanks_as_zero: bool = False,
    allow_errors: bool = False,
) -> Rollup:
    """Sum the units' tables; derived totals are recomputed from the summed leaves (drafting.tables.fill).

    Refused (RollupRefused, naming the units): no unit; the same unit twice; units of different years or
    formats, or of another year than `year`; units with error-level table findings unless `allow_errors`;
    units with blank cells unless `blanks_as_zero` (then their blanks count as 0). What was allowed is
    said in the result's notes.
    """
    refuse_mixed(units, year)
    filled = [fill(u.report) for u in units]
    errors = [(u, text) for u in units if (text := _error_text(u.report))]
    blanks = [(u, text) for u, f in zip(units, filled, strict=True) if (text := _blank_text(f))]
    _stop(errors if not allow_errors else [], blanks if not blanks_as_zero else [])
    notes = _allowed(errors, blanks)
    if blanks:
        filled = [fill_blanks_with_zero(u.report) if _blank_text(f) else f for u, f in zip(units, filled, strict=True)]
    report = new_report(agency, units[0].report.year, kind)
    specs = report.fmt.cells()
    for cell_id, spec in specs.items():
        if not is_total_cell(cell_id):
            _put(report, cell_id, sum_cell(spec, [f.cells.get(cell_id) for f in filled]))
    report = fill(report)
    sources = contributors(report, units, filled)
    notes.insert(0, f"本表由 {len(units)} 个单位的表格逐格相加而成，合计栏按相加后的数据重新计算")
    return Rollup(report, list(units), sources, notes, blanks_as_zero, allow_errors)


def _put(report: Report, cell_id: str, value: CellValue | None) -> None:
    if value is not None:
        report.cells[cell_id] = value
        report.origins[cell_id] = SUMMED


def sum_cell(spec: CellSpec, values: Sequence[CellValue | None]) -> CellValue | None:
    """The sum of one cell over the units (None when no unit has it); amounts in one unit stay in it."""
    present = [v for v in values if v is not None]
    if not present:
        return None
    if spec.cell_type is CellType.AMOUNT:
        return _sum_money([v for v in present if isinstance(v, Money)])
    if spec.cell_type is CellType.DECIMAL:
        return sum((Decimal(str(v)) for v in present if not isinstance(v, Money)), Decimal(0))
    return sum(v for v in present if isinstance(v, int))


def _sum_money(amounts: list[Money]) -> Money:
    units = {m.unit for m in amounts}
    if len(units) == 1:
        return Money(amount=sum((m.amount for m in amounts), Decimal(0)), unit=units.pop())
    yuan = sum((m.amount * _YUAN.get(m.unit, Decimal(1)) for m in amounts), Decimal(0))
    return Money(amount=yuan, unit="元")


def contributors(summed: Report, units: Sequence[Unit], filled: list[Report]) -> dict[str, dict[str, str]]:
    """Per cell of the sum: the units with a non-zero value in it and that value (one pass over each unit)."""
    out: dict[str, dict[str, str]] = {cell: {} for cell in summed.fmt.cells() if cell in summed.cells}
    for unit, report in zip(units, filled, strict=True):
        for cell, value in report.cells.items():
            if cell in out and not _is_zero(value):
                out[cell][unit.name] = str(value)
    return out


def _is_zero(value: CellValue) -> bool:
    return (value.amount if isinstance(value, Money) else value) == 0


def refuse_mixed(units: Sequence[Unit], year: int | None) -> None:
    """The same unit twice, or units of different years or formats (or not of `year`), are refused by name."""
    if not units:
        raise RollupRefused("没有可汇总的单位：请列出各单位的年报文件（.json 或已发布的 .docx、.html、.pdf、.txt）")
    seen: dict[str, Unit] = {}
    for unit in units:
        twin = seen.setdefault(unit_key(unit.name), unit)
        if twin is not unit:
            msg = f"“{unit.name}”出现了两次（{twin.file} 和 {unit.file}）；同一单位只能汇总一次，请去掉其中一份"
            raise RollupRefused(msg)
    _refuse_spread(units, "格式", lambda u: u.report.format, None)
    _refuse_spread(units, "年度", lambda u: f"{u.report.year}年", None if year is None else f"{year}年")


def _refuse_spread(units: Sequence[Unit], what: str, of: Callable[[Unit], str], wanted: str | None) -> None:
    groups: dict[str, list[str]] = {}
    for unit in units:
        groups.setdefault(of(unit), []).append(unit.name)
    if len(groups) == 1 and (wanted is None or wanted in groups):
        return
    listed = "；".join(f"{value}：{_names(names)}" for value, names in groups.items())
    target = f"汇总的是 {wanted}，" if wanted else ""
    msg = f"各单位报告的{what}不一致，不能相加（{listed}）；{target}请只列出同一{what}的报告"
    raise RollupRefused(msg)


def _names(names: list[str]) -> str:
    more = f"等 {len(names)} 个单位" if len(names) > _SHOWN else ""
    return "、".join(names[:_SHOWN]) + more


_Listed = list[tuple[Unit, str]]


def _stop(errors: _Listed, blanks: _Listed) -> None:
    """Refuse, naming every unit with errors or blanks (those not allowed by the caller)."""
    stops: list[str] = []
    if errors:
        listed = "；".join(f"{u.name}（{t}）" for u, t in errors)
        stops.append(f"以下单位的表格有错误：{listed}。请先改正，或加 --allow-errors 照样汇总（结果中会注明）")
    if blanks:
        listed = "；".join(f"{u.name}（{t}）" for u, t in blanks)
        stops.append(
            f"以下单位的表格有空白单元格：{listed}。请先补齐，或加 --blanks-as-zero 把空白按 0 汇总（结果中会注明）"
        )
    if stops:
        raise RollupRefused("\n".join(stops))


def _allowed(errors: _Listed, blanks: _Listed) -> list[str]:
    """The notes saying which units were summed despite errors or blanks."""
    notes: list[str] = []
    if errors:
        notes.append("按 --allow-errors 汇总，以下单位的表格有错误：" + "、".join(u.name for u, _ in errors))
    if blanks:
        notes.append("按 --blanks-as-zero 汇总，以下单位的空白单元格按 0 计：" + "、".join(u.name for u, _ in blanks))
    return notes


def _error_text(report: Report) -> str:
    from drafting.tables.checks import run_checks

    errors = [f for f in run_checks(report) if f.severity is Severity.ERROR]
    if not errors:
        return ""
    more = f"等 {len(errors)} 处" if len(errors) > 1 else ""
    return f"{errors[0].message}{more}"


def blank_cells(filled: Report) -> list[str]:
    """The cells of the format unknown in a filled report (totals derived where they can be)."""
    return [cell for cell in filled.fmt.cells() if cell not in filled.cells]


def _blank_text(filled: Report) -> str:
    blanks = blank_cells(filled)
    if not blanks:
        return ""
    specs = filled.fmt.cells()
    shown = "、".join(specs[c].location for c in blanks[:_SHOWN])
    return f"{len(blanks)} 个空白，如{shown}"
