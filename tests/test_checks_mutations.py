"""Single-cell mutations of table 二 in the two examples: how many the checks catch at error level."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

import pytest

from drafting.findings import Severity, has_errors
from drafting.model import CellValue, Money, Report, load_report
from drafting.tables.checks import run_checks
from tests.conftest import FICTIONAL_2023, SAMPLE_2020

EXAMPLES = (SAMPLE_2020, FICTIONAL_2023)
MUTATIONS = ("+1", "-1", "x10")
ERROR_FLOOR = 0.38
"""The share of value-changing table 二 mutations the checks must catch as errors.

Measured: 20 of 71 before issue 12 (only negatives, I4), 27 of 71 after (F2019 I8 relations within the year).
"""


@dataclass(frozen=True)
class Outcome:
    """One mutated cell of one example and what the checks said about it."""

    example: str
    cell_id: str
    mutation: str
    error: bool
    any_finding: bool


def _mutate(value: CellValue, mutation: str) -> CellValue | None:
    """The mutated value, or None when the mutation leaves the value as it is (×10 of 0)."""
    if isinstance(value, Money):
        amount = _mutate(value.amount, mutation)
        # model_construct: a negative amount is refused by Money's validation, as raw input could bypass it
        return None if amount is None else Money.model_construct(amount=Decimal(amount), unit=value.unit)
    new = value + 1 if mutation == "+1" else value - 1 if mutation == "-1" else value * 10
    return None if new == value else new


def _table2_cells(report: Report) -> list[str]:
    return [c for c, spec in report.fmt.cells().items() if spec.table == "二"]


def outcomes() -> Iterator[Outcome]:
    """Every value-changing mutation of every table 二 cell of both examples, checked."""
    for path in EXAMPLES:
        base = load_report(path)
        assert run_checks(base) == [], path.name
        for cell_id in _table2_cells(base):
            for mutation in MUTATIONS:
                value = _mutate(base.cells[cell_id], mutation)
                if value is None:
                    continue
                report = load_report(path)
                report.cells[cell_id] = value
                findings = run_checks(report)
                yield Outcome(path.stem, cell_id, mutation, has_errors(findings), bool(findings))


def rate(items: list[Outcome]) -> float:
    """The share of mutations caught at error level."""
    return sum(o.error for o in items) / len(items)


def zeros_blank(report: Report) -> Report:
    """Tables 三 and 四 as many agencies print them: every 0 left blank."""
    for cell_id, value in list(report.cells.items()):
        if cell_id.startswith(("t3.", "t4.")) and value == 0:
            report.cells.pop(cell_id)
            report.origins.pop(cell_id, None)
    return report


def blank_outcomes() -> Counter[str]:
    """+1 on each entered cell of tables 三/四 of the 2023 example printed with zeros blank: error, warning, missed."""
    base = zeros_blank(load_report(FICTIONAL_2023))
    counts: Counter[str] = Counter()
    for cell_id in [c for c in base.cells if c.startswith(("t3.", "t4."))]:
        report = zeros_blank(load_report(FICTIONAL_2023))
        report.cells[cell_id] = int(report.cells[cell_id]) + 1  # type: ignore[arg-type]
        levels = {f.severity for f in run_checks(report) if f.rule != "I12"}
        counts["error" if Severity.ERROR in levels else "warning" if levels else "missed"] += 1
    return counts


@pytest.fixture(scope="module")
def all_outcomes() -> list[Outcome]:
    return list(outcomes())


def test_mutations_cover_every_table2_cell_of_both_examples(all_outcomes):
    cells = {(o.example, o.cell_id) for o in all_outcomes}
    expected = {(p.stem, c) for p in EXAMPLES for c in _table2_cells(load_report(p))}
    assert cells == expected


def test_table2_mutations_caught_at_error_level(all_outcomes):
    assert rate(all_outcomes) >= ERROR_FLOOR, [o for o in all_outcomes if not o.error]


@pytest.mark.parametrize(
    ("cell_id", "mutation"),
    [
        ("t2.rules.published", "+1"),
        ("t2.normative.published", "+1"),
        ("t2.license.change", "-1"),
        ("t2.admin_fee.change", "-1"),
    ],
)
def test_f2019_relations_within_the_year_catch_these_mutations(all_outcomes, cell_id, mutation):
    key = (SAMPLE_2020.stem, cell_id, mutation)
    assert next(o for o in all_outcomes if (o.example, o.cell_id, o.mutation) == key).error


def test_tables_printed_with_zeros_blank_are_checked():
    assert [f.rule for f in run_checks(zeros_blank(load_report(FICTIONAL_2023)))] == ["I12"]
    counts = blank_outcomes()
    assert counts["missed"] == 0
    assert counts["error"] >= 0.9 * sum(counts.values())
