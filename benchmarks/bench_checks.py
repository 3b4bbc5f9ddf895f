"""Time fill + run_checks on the full 2023 example report and print the median and p90."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from pathlib import Path

from drafting.model import Report, load_report
from drafting.tables.checks import run_checks
from drafting.tables.fill import fill

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "yunlan-sthj-2023.json"
WARMUP = 200
ITERATIONS = 5000
TARGET_MS = 2.0


def _time_ns(func: Callable[[Report], object], report: Report, iterations: int) -> list[int]:
    samples = []
    for _ in range(iterations):
        start = time.perf_counter_ns()
        func(report)
        samples.append(time.perf_counter_ns() - start)
    return samples


def _fill_and_check(report: Report) -> None:
    run_checks(fill(report))


def _print(name: str, samples: list[int]) -> None:
    ms = sorted(s / 1e6 for s in samples)
    median = statistics.median(ms)
    p90 = ms[int(len(ms) * 0.9) - 1]
    print(f"{name:<28} median {median:.3f} ms   p90 {p90:.3f} ms   ({len(ms)} runs)")


def main() -> None:
    """Run the benchmark; prints figures only (no asserts)."""
    report = load_report(EXAMPLE)
    print(f"report: {report.title}, {len(report.cells)} cells, prior {report.prior.year if report.prior else '-'}")
    timed: tuple[tuple[str, Callable[[Report], object]], ...] = (
        ("fill", fill),
        ("run_checks (fills itself)", run_checks),
        ("fill + run_checks", _fill_and_check),
    )
    for name, func in timed:
        _time_ns(func, report, WARMUP)
        _print(name, _time_ns(func, report, ITERATIONS))
    print(f"target: fill + all checks under {TARGET_MS} ms (median)")


if __name__ == "__main__":
    main()
