"""Median and p90 save and load time of a realistic report (the 2023 example with its prior, every section at
five versions) on SQLite and on PostgreSQL (a throw-away durable cluster, fsync on, like a real server)."""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from drafting.io.store import ReportStore  # noqa: E402
from drafting.model import Report, SectionVersion, load_report, report_to_json  # noqa: E402
from tests.pg_server import PgServer, find_bindir  # noqa: E402

EXAMPLE = ROOT / "examples" / "yunlan-sthj-2023.json"
WARMUP = 10
ITERATIONS = 200
PARAGRAPH = "本机关坚持以公开为常态、不公开为例外，围绕重点领域信息公开，及时准确发布政策文件和工作动态。"


def realistic_report() -> Report:
    """The example report, each section with five versions of about 900 characters (a January of editing)."""
    report = load_report(EXAMPLE)
    for state in report.sections.values():
        for n in range(5):
            state.add(SectionVersion(text=f"第{n + 1}稿：" + PARAGRAPH * 20, origin="human"))
    return report


def _timed(action: Callable[[], object], iterations: int) -> list[float]:
    samples = []
    for _ in range(iterations):
        start = time.perf_counter()
        action()
        samples.append((time.perf_counter() - start) * 1000)
    return sorted(samples)


def _print(name: str, ms: list[float]) -> None:
    p90 = ms[int(len(ms) * 0.9) - 1]
    print(f"{name:<44} median {statistics.median(ms):7.2f} ms   p90 {p90:7.2f} ms   ({len(ms)} runs)")


def bench(label: str, store: ReportStore, report: Report) -> None:
    """Save with the revision check (what every edit in the app does), then load and the per-rerun revision look-up."""
    rid = store.create(report)

    def save() -> None:
        report.set_cell("t3.new.natural", time.perf_counter_ns() % 1000)
        store.save(rid, report, expected_rev=store.revision(rid), user="bench")

    _timed(save, WARMUP)
    _print(f"{label}: save (check + audit)", _timed(save, ITERATIONS))
    _print(f"{label}: load", _timed(lambda: store.load(rid), ITERATIONS))
    _print(f"{label}: revision", _timed(lambda: store.revision(rid), ITERATIONS))
    store.close()


def main() -> None:
    """Run the benchmark; prints figures only (no asserts)."""
    report = realistic_report()
    print(f"report: {report.agency} {report.year}, body {len(report_to_json(report).encode()) // 1024} KiB JSON")
    with tempfile.TemporaryDirectory() as folder:
        bench("SQLite (WAL)", ReportStore(Path(folder) / "bench.sqlite3"), report)
    bindir = find_bindir()
    if bindir is None:
        print("PostgreSQL: binaries not found (apt-get install postgresql), skipped")
        return
    server = PgServer(bindir, durable=True).start()
    try:
        bench("PostgreSQL (127.0.0.1)", ReportStore(server.new_database()), report)
    finally:
        server.stop()


if __name__ == "__main__":
    main()
