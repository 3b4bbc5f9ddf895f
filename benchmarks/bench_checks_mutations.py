"""Print how many single-cell mutations (+1, −1, ×10) of table 二 in the examples are caught as errors.

Then the same idea for blank cells: tables 三 and 四 of the 2023 example printed as many agencies print
them, zeros left blank, and +1 on each entered cell: how many are still caught, as errors or warnings.
"""

from __future__ import annotations

import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run as a script from anywhere

from tests.test_checks_mutations import Outcome, blank_outcomes, outcomes, rate


def _print_blanks() -> None:
    counts = blank_outcomes()
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
