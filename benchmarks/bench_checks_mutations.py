"""Print how many single-cell mutations (+1, −1, ×10) of table 二 in the examples are caught as errors.

Then the same idea for blank cells: tables 三 and 四 of the 2023 example printed as many agencies print
them, zeros left blank, and +1 on each entered cell: how many are still caught, as errors or warnings.
"""

from __future__ import annotations

from collections import Counter, defaultdict

from drafting.checks import run_checks
from drafting.findings import Severity
from drafting.model import Report, load_report
from tests.conftest import FICTIONAL_2023
from tests.test_checks_mutations import Outcome, outcomes, rate


def _zeros_blank(report: Report) -> Report:
    for cell_id, value in list(report.cells.items()):
        if cell_id.startswith(("t3.", "t4.")) and value == 0:
            report.cells.pop(cell_id)
            report.origins.pop(cell_id, None)
    return report


def _blank_outcomes() -> Counter[str]:
    base = _zeros_blank(load_report(FICTIONAL_2023))
    counts: Counter[str] = Counter()
    for cell_id in [c for c in base.cells if c.startswith(("t3.", "t4."))]:
        report = _zeros_blank(load_report(FICTIONAL_2023))
        report.cells[cell_id] += 1  # type: ignore[operator]
        levels = {f.severity for f in run_checks(report) if f.rule != "I12"}
        counts["error" if Severity.ERROR in levels else "warning" if levels else "missed"] += 1
    return counts


def _print_blanks() -> None:
    counts = _blank_outcomes()
    total = sum(counts.values())
    shown = "  ".join(f"{k} {counts[k]} ({counts[k] / total:.0%})" for k in ("error", "warning", "missed"))
    print(f"tables 三/四 of the 2023 example, zeros blank, +1 on each of {total} entered cells: {shown}")


def main() -> None:
    """Run every mutation and print the catch rates per example and in total; no asserts."""
    items = list(outcomes())
    per_example: dict[str, list[Outcome]] = defaultdict(list)
    for outcome in items:
        per_example[outcome.example].append(outcome)
    for example, group in per_example.items():
        warned = sum(o.any_finding and not o.error for o in group)
        print(f"{example:<28} {len(group):>3} mutations  errors {rate(group):6.1%}  warnings only {warned}")
    flagged = sum(o.any_finding for o in items) / len(items)
    print(f"{'total':<28} {len(items):>3} mutations  errors {rate(items):6.1%}  any finding {flagged:6.1%}")
    _print_blanks()
    for outcome in items:
        if not outcome.error:
            kind = "warning" if outcome.any_finding else "missed"
            print(f"  {kind:<8} {outcome.example} {outcome.cell_id} {outcome.mutation}")


if __name__ == "__main__":
    main()
