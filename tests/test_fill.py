"""Fill: derived totals, entered totals kept, no guessing of unknowns, zero-fill and carry-over from last year."""

from __future__ import annotations

from decimal import Decimal

import pytest

from drafting.findings import has_errors
from drafting.formats import TABLE3_LEAF_COLUMNS, get_format, t2, t3, t4
from drafting.model import Money, Report, new_report
from drafting.tables.checks import run_checks
from drafting.tables.fill import apply_carry_in, carry_in_proposal, fill, fill_blanks_with_zero, partial_sums

# Fictional figures per applicant column (自然人, 商业企业, 科研机构, 社会公益组织, 法律服务机构, 其他).
NEW = (10, 2, 1, 0, 1, 0)
CARRY_IN = (1, 0, 0, 0, 0, 0)
RESULTS = {
    "open": (5, 1, 1, 0, 0, 0),
    "partial": (2, 0, 0, 0, 0, 0),
    "unable_1": (1, 1, 0, 0, 0, 0),
    "noproc_2": (1, 0, 0, 0, 0, 0),
}
CARRY_OUT = (2, 0, 0, 0, 1, 0)  # new + carry_in - results, per column
TABLE4 = {"review": (1, 1, 0, 0), "lit_direct": (0, 0, 1, 0), "lit_after_review": (0, 0, 0, 1)}


def leaves(year: int = 2023) -> dict[str, object]:
    """All leaf cells of a small balanced fictional report (no totals)."""
    fmt = get_format("F2019" if year <= 2020 else "F2021")
    cells: dict[str, object] = {}
    for row in fmt.table3_rows:
        if row.key == "total":
            continue
        values = {"new": NEW, "carry_in": CARRY_IN, "carry_out": CARRY_OUT}.get(row.key, RESULTS.get(row.key))
        for col, value in zip(TABLE3_LEAF_COLUMNS, values or (0,) * 6, strict=True):
            cells[t3(row.key, col)] = value
    for group, values4 in TABLE4.items():
        for col, value in zip(("maintain", "correct", "other", "pending"), values4, strict=True):
            cells[t4(group, col)] = value
    for cell_id, spec in fmt.cells().items():
        if spec.table == "二":
            cells[cell_id] = {"amount": "0", "unit": "元"} if spec.cell_type == "amount" else 1
    return cells


def build(year: int = 2023, *, totals: bool = False, prior: Report | None = None, **cells: object) -> Report:
    """A balanced report; ``totals`` enters every total as typed (like a published report)."""
    data = leaves(year)
    report = Report(agency="云岚市测试局", year=year, format="F2019" if year <= 2020 else "F2021", cells=data)
    if totals:
        report = Report(agency=report.agency, year=year, format=report.format, cells=dict(fill(report).cells))
    for cell_id, value in cells.items():
        report.set_cell(cell_id.replace("__", "."), value)
    report.prior = prior
    return report


# ---- derived totals ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        (t3("new", "total"), 14),
        (t3("carry_in", "total"), 1),
        (t3("open", "total"), 7),
        (t3("deny_1", "total"), 0),
        (t3("total", "natural"), 9),
        (t3("total", "business"), 2),
        (t3("total", "legal"), 0),
        (t3("total", "total"), 12),
        (t3("carry_out", "total"), 3),
        (t4("review", "total"), 2),
        (t4("lit_direct", "total"), 1),
        (t4("lit_after_review", "total"), 1),
    ],
)
def test_fill_derives_totals(cell, expected):
    filled = fill(build())
    assert filled.get(cell) == expected
    assert filled.origin(cell) == "derived"


def test_fill_derives_f2019_totals_with_single_other_row():
    report = build(2020, t3__other__natural=1, t3__carry_out__natural=1)
    filled = fill(report)
    assert filled.get(t3("total", "natural")) == 10
    assert filled.get(t3("other", "total")) == 1
    assert not has_errors(run_checks(report))


def test_fill_keeps_entered_totals_even_when_wrong():
    report = build(t3__new__total=99, t4__review__total=7)
    filled = fill(report)
    assert filled.get(t3("new", "total")) == 99
    assert filled.origin(t3("new", "total")) == "typed"
    assert filled.get(t4("review", "total")) == 7


@pytest.mark.parametrize("totals", [False, True])
def test_fill_never_changes_an_entered_cell(totals):
    report = build(totals=totals, t3__open__total=1000)
    filled = fill(report)
    for cell_id, value in report.cells.items():
        assert filled.cells[cell_id] == value
        assert filled.origin(cell_id) == report.origin(cell_id)


def test_fill_is_idempotent_and_does_not_mutate_its_input():
    report = build()
    before = dict(report.cells)
    once = fill(report)
    twice = fill(once)
    assert report.cells == before
    assert report.origins == {}
    assert twice.cells == once.cells
    assert twice.origins == once.origins


def test_fill_recomputes_stale_derived_totals():
    filled = fill(build())
    filled.set_cell(t3("new", "natural"), 20)
    assert fill(filled).get(t3("new", "total")) == 24


@pytest.mark.parametrize(
    ("blank", "stays_unknown"),
    [
        (t3("new", "legal"), (t3("new", "total"),)),
        (t3("open", "legal"), (t3("open", "total"), t3("total", "legal"), t3("total", "total"))),
        (t4("review", "pending"), (t4("review", "total"),)),
    ],
)
def test_total_stays_unknown_when_an_addend_is_unknown(blank, stays_unknown):
    report = build(**{blank.replace(".", "__"): None})
    filled = fill(report)
    for cell_id in stays_unknown:
        assert filled.get(cell_id) is None
    assert blank not in filled.cells


def test_corner_total_from_row_totals_when_only_totals_are_entered():
    report = Report(agency="某局", year=2023, format="F2021", cells={t3("open", "total"): 3, t3("partial", "total"): 1})
    for row in get_format("F2021").table3_rows:
        if row.key not in ("new", "carry_in", "total", "carry_out", "open", "partial"):
            report.set_cell(t3(row.key, "total"), 0)
    assert fill(report).get(t3("total", "total")) == 4


@pytest.mark.parametrize("blank_row", ["carry_out", "new", "carry_in"])
def test_fill_never_solves_the_balance_for_one_side(blank_row):
    report = build(**{f"t3__{blank_row}__{col}": None for col in TABLE3_LEAF_COLUMNS})
    filled = fill(report)
    for col in (*TABLE3_LEAF_COLUMNS, "total"):
        assert filled.get(t3(blank_row, col)) is None


# ---- fill blanks with zero --------------------------------------------------------------------------


@pytest.mark.parametrize("year", [2020, 2023])
def test_fill_blanks_with_zero_on_an_empty_report(year):
    report = Report(agency="某局", year=year, format="F2019" if year <= 2020 else "F2021")
    zeroed = fill_blanks_with_zero(report)
    fmt = report.fmt
    assert set(zeroed.cells) == set(fmt.cells())
    assert zeroed.origin(t3("new", "natural")) == "zero_filled"
    assert zeroed.origin(t3("new", "total")) == "derived"
    assert zeroed.get(t3("total", "total")) == 0
    assert [f for f in run_checks(zeroed) if f.rule in ("I12",) or f.severity == "error"] == []
    if year == 2020:
        assert zeroed.get(t2("procurement", "procurement_amount")) == Money(amount=Decimal(0), unit="元")
        assert zeroed.get(t2("license", "change")) == 0
    else:
        assert zeroed.get(t2("admin_fee", "fee_amount")) == Decimal(0)


def test_fill_blanks_with_zero_keeps_entered_cells_and_totals():
    report = Report(agency="某局", year=2023, format="F2021", cells={t3("new", "natural"): 5, t3("new", "total"): 6})
    zeroed = fill_blanks_with_zero(report)
    assert zeroed.get(t3("new", "natural")) == 5
    assert zeroed.origin(t3("new", "natural")) == "typed"
    assert zeroed.get(t3("new", "total")) == 6
    assert zeroed.origin(t3("new", "total")) == "typed"
    assert any(f.rule == "I2" for f in run_checks(zeroed))


# ---- carry-over from last year ------------------------------------------------------------------------


def test_carry_in_proposal_from_prior_carry_out():
    report = build(prior=build(2022))
    expected = {t3("carry_in", col): v for col, v in zip(TABLE3_LEAF_COLUMNS, CARRY_OUT, strict=True)}
    assert carry_in_proposal(report) == {**expected, t3("carry_in", "total"): sum(CARRY_OUT)}


def test_carry_in_proposal_without_prior_or_with_unknown_prior_cells():
    assert carry_in_proposal(build()) == {}
    prior = build(2022, t3__carry_out__natural=None)
    proposal = carry_in_proposal(build(prior=prior))
    assert t3("carry_in", "natural") not in proposal
    assert t3("carry_in", "total") not in proposal
    assert proposal[t3("carry_in", "legal")] == 1


def test_carry_in_bridges_f2019_to_f2021(report_2020):
    report = Report(agency="某局", year=2021, format="F2021", prior=report_2020)
    assert carry_in_proposal(report)[t3("carry_in", "total")] == 0


def test_apply_carry_in_fills_only_blank_cells_as_imported():
    blanks = {f"t3__carry_in__{col}": None for col in TABLE3_LEAF_COLUMNS}
    report = build(prior=build(2022), **blanks)
    applied = apply_carry_in(report)
    assert applied.get(t3("carry_in", "natural")) == 2
    assert applied.origin(t3("carry_in", "natural")) == "imported"
    assert applied.get(t3("carry_in", "total")) == 3
    assert applied.origin(t3("carry_in", "total")) == "imported"
    assert report.get(t3("carry_in", "natural")) is None


def test_apply_carry_in_never_changes_typed_cells():
    report = build(prior=build(2022), t3__carry_in__natural=7, t3__carry_in__legal=None)
    applied = apply_carry_in(report)
    assert applied.get(t3("carry_in", "natural")) == 7
    assert applied.origin(t3("carry_in", "natural")) == "typed"
    assert applied.get(t3("carry_in", "legal")) == 1
    assert applied.origin(t3("carry_in", "legal")) == "imported"
    assert applied.origin(t3("carry_in", "total")) == "derived"
    assert applied.get(t3("carry_in", "total")) == 8


@pytest.mark.parametrize(
    ("cells", "expected"),
    [
        ({}, {}),
        ({"t3.new.natural": 37, "t3.new.business": 5}, {"t3.new.total": 42}),
        ({"t3.open.natural": 3}, {"t3.open.total": 3, "t3.total.natural": 3, "t3.total.total": 3}),
        ({"t3.new.total": 50, "t3.new.natural": 37}, {}),
        ({"t4.review.maintain": 2}, {"t4.review.total": 2}),
        ({f"t4.review.{c}": 1 for c in ("maintain", "correct", "other", "pending")}, {}),
    ],
)
def test_partial_sums_show_running_totals_of_unknown_totals(cells, expected):
    report = new_report("某局", 2023)
    for cell_id, value in cells.items():
        report.set_cell(cell_id, value)
    assert partial_sums(fill(report)) == expected
