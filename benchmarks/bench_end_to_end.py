"""Time 1,000 reports end to end: JSON in, fill, all checks, and every render format out; print totals and medians."""

from __future__ import annotations

import statistics
import time
from pathlib import Path

from drafting.io.render import render
from drafting.model import load_report, report_from_json, report_to_json
from drafting.tables.checks import run_checks
from drafting.tables.fill import fill

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "yunlan-sthj-2023.json"
REPORTS = 1000
FORMATS = ("txt", "md", "html", "docx")


def _variants(count: int) -> list[str]:
    """Distinct report files: other agency names and a shifted 行政许可 count, so no result can be cached."""
    base = load_report(EXAMPLE)
    texts = []
    for i in range(count):
        report = base.model_copy(update={"agency": f"云岚市第{i + 1}局", "cells": dict(base.cells)})
        report.set_cell("t2.license.decisions", 1000 + i)
        texts.append(report_to_json(report))
    return texts


def _one(text: str) -> float:
    start = time.perf_counter()
    report = fill(report_from_json(text))
    run_checks(report)
    for fmt in FORMATS:
        render(report, fmt)
    return (time.perf_counter() - start) * 1000


def main() -> None:
    texts = _variants(REPORTS)
    _one(texts[0])  # warm imports and caches of the layout code
    start = time.perf_counter()
    samples = [_one(text) for text in texts]
    total = time.perf_counter() - start
    samples.sort()
    print(f"{REPORTS} reports end to end (parse, fill, checks, render {'/'.join(FORMATS)})")
    print(f"  total   {total:.2f} s   ({REPORTS / total:.0f} reports/s)")
    print(f"  median  {statistics.median(samples):.2f} ms per report   p90 {samples[int(len(samples) * 0.9)]:.2f} ms")


if __name__ == "__main__":
    main()
