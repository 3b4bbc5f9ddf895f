"""Benchmarks `drafting review` and `drafting rollup` (issue 12, Measure).

Run: `.venv/bin/python benchmarks/bench_review.py [--n 1000] [--pdfs 100] [--units 1000] [--jobs 2]`.
Review: N generated reports of fictional units (a third each .docx, .html and .txt; realistic numbers; one in
ten with a table error and one in ten with a wrong figure in section 一) reviewed by a pool of --jobs
processes. PDFs: the project's PDF fixtures and sample copied to --pdfs files (no PDF writer is installed to
generate new ones). Roll-up: --units generated units summed in memory. Prints figures, asserts nothing.
Targets: 1,000 reports under 60 s on 2 cores; roll-up of 1,000 units under 1 s; compared with one LLM call of
10 s per report.
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from drafting.formats import t3  # noqa: E402
from drafting.model import Report, SectionVersion  # noqa: E402
from drafting.review.collect import collect  # noqa: E402
from drafting.review.result import Status  # noqa: E402
from drafting.review.rollup import Unit, rollup  # noqa: E402
from drafting.review.run import review_all  # noqa: E402
from tests.review_support import agency_name, make_unit, write_rendered  # noqa: E402

LLM_SECONDS = 10.0
PDF_SOURCES = [
    *sorted((ROOT / "tests" / "fixtures" / "import").glob("*.pdf")),
    ROOT.parent / "shared" / "samples" / "huaian-szf-2024.pdf",
]


def spoil(rng: random.Random, report: Report, i: int) -> str:
    """Every tenth report gets a table error, every tenth (offset) a wrong figure in 一; the kind planted."""
    if i % 10 == 3:
        cell = t3("carry_out", "natural")
        report.set_cell(cell, int(report.cells[cell]) + rng.randint(1, 5))  # type: ignore[call-overload]
        return "table"
    if i % 10 == 7:
        text = report.sections["一"].text.replace("本年新收政府信息公开申请", "本年新收政府信息公开申请1", 1)
        report.sections["一"].versions.append(SectionVersion(text=text, origin="human"))
        return "text"
    return ""


def generate(folder: Path, n: int) -> dict[str, int]:
    rng = random.Random(2024)
    planted = {"table": 0, "text": 0, "": 0}
    for i in range(n):
        report = make_unit(rng, agency_name(i))
        planted[spoil(rng, report, i)] += 1
        write_rendered(report, folder, ("docx", "html", "txt")[i % 3], f"unit{i:04d}")
    return planted


def bench_review(folder: Path, jobs: int, label: str) -> float:
    sources = collect([folder])
    start = time.perf_counter()
    reviews = review_all(sources, jobs, progress=False)
    seconds = time.perf_counter() - start
    counts = {s.value: sum(1 for r in reviews if r.status is s) for s in Status}
    print(
        f"{label}: {len(sources)} files in {seconds:.1f} s ({seconds / len(sources) * 1000:.0f} ms/file "
        f"wall, {jobs} processes); {counts}"
    )
    llm = len(sources) * LLM_SECONDS
    print(f"  vs one LLM call of {LLM_SECONDS:.0f} s per report: {llm:.0f} s, {llm / seconds:.0f}x slower")
    return seconds


def bench_pdfs(folder: Path, count: int, jobs: int) -> None:
    sources = [p for p in PDF_SOURCES if p.exists()]
    if not sources or not count:
        print("PDFs: no PDF fixture found, skipped")
        return
    for i in range(count):
        shutil.copy(sources[i % len(sources)], folder / f"r{i:03d}.pdf")
    bench_review(folder, jobs, f"PDFs (copies of {len(sources)} fixture/sample PDFs)")


def bench_rollup(count: int) -> None:
    rng = random.Random(7)
    units = [Unit(f"u{i}", make_unit(rng, agency_name(i))) for i in range(count)]
    start = time.perf_counter()
    result = rollup(units, "云岚市人民政府", 2024)
    seconds = time.perf_counter() - start
    print(
        f"roll-up: {count} units in {seconds:.2f} s (target under 1 s); "
        f"本年新收 {result.report.cells[t3('new', 'total')]} 件"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--pdfs", type=int, default=100)
    parser.add_argument("--units", type=int, default=1000)
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "reports"
        folder.mkdir()
        start = time.perf_counter()
        planted = generate(folder, args.n)
        print(f"generated {args.n} reports in {time.perf_counter() - start:.1f} s (not counted); planted {planted}")
        bench_review(folder, args.jobs, "review")
        pdfs = Path(tmp) / "pdfs"
        pdfs.mkdir()
        bench_pdfs(pdfs, args.pdfs, args.jobs)
    bench_rollup(args.units)


if __name__ == "__main__":
    main()
