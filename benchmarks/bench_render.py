"""Time rendering the full 2023 example report in each format and print the median and p90 per format."""

from __future__ import annotations

import statistics
import time
from pathlib import Path

from drafting.io.render import FORMATS, RenderFormat, build_document, render
from drafting.model import load_report

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "yunlan-sthj-2023.json"
WARMUP = 5
ITERATIONS = 50
TARGET_DOCX_MS = 100.0


def _samples_ms(to: RenderFormat, iterations: int) -> list[float]:
    report = load_report(EXAMPLE)
    samples = []
    for _ in range(iterations):
        start = time.perf_counter()
        render(report, to)
        samples.append((time.perf_counter() - start) * 1000)
    return sorted(samples)


def _print(name: str, ms: list[float]) -> None:
    p90 = ms[int(len(ms) * 0.9) - 1]
    print(f"{name:<28} median {statistics.median(ms):8.3f} ms   p90 {p90:8.3f} ms   ({len(ms)} runs)")


def main() -> None:
    """Run the benchmark; prints figures only (no asserts)."""
    report = load_report(EXAMPLE)
    print(f"report: {report.title}, {len(report.cells)} cells")
    layout = []
    for _ in range(ITERATIONS):
        start = time.perf_counter()
        build_document(report)
        layout.append((time.perf_counter() - start) * 1000)
    _print("layout (fill + grids)", sorted(layout))
    for to in FORMATS:
        _samples_ms(to, WARMUP)
        _print(f"render {to} (incl. layout)", _samples_ms(to, ITERATIONS))
    print(f"target: render docx under {TARGET_DOCX_MS:.0f} ms (median)")


if __name__ == "__main__":
    main()
