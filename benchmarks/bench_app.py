"""Benchmarks the app: rerun time of each page with a full report loaded, and cold start to the first page shown.

Run: `.venv/bin/python benchmarks/bench_app.py [--runs 30] [--cold-runs 5]`. Prints figures, asserts nothing.
Target (design.md "Quality bars"): a page's rerun median under 200 ms on a 2-core machine.

- Reruns are timed in process with AppTest (the script's own time, no browser) on a data folder seeded
  through the app's store with examples/yunlan-sthj-2023.json, its three sections drafted offline and edited:
  a plain rerun, an edit on the page (saved to the store), a switch from another page, and a rerun after
  another tab saved a change.
- Cold start is wall time from launching `streamlit run app.py` to the report's first page rendered and idle
  in headless Chromium; the same runs then time page switches as the browser sees them (script, transport
  and rendering together).
"""

from __future__ import annotations

import argparse
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page
    from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

EXAMPLE = ROOT / "examples" / "yunlan-sthj-2023.json"
PAGES = ("basic", "tables", "notes", "draft", "export")
PAGE_LABELS = {"basic": "基本信息", "tables": "表格数据", "notes": "工作情况", "draft": "起草", "export": "预览与导出"}
RERUN_TARGET_MS = 200.0
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SECRET_ENV = ("OPENAI_API_KEY", "OPENAI_BASE_URL", "DRAFTING_API_KEY", "DRAFTING_BASE_URL", "DRAFTING_MODEL")


def percentile(values: list[float], q: float) -> float:
    """The q-quantile (0..1) by linear interpolation between closest ranks."""
    ordered = sorted(values)
    pos = (len(ordered) - 1) * q
    low = int(pos)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (pos - low)


def summary(values_ms: list[float]) -> str:
    """Median, p90 and range of a list of milliseconds."""
    return (
        f"median {statistics.median(values_ms):7.1f} ms  p90 {percentile(values_ms, 0.9):7.1f} ms  "
        f"min {min(values_ms):7.1f}  max {max(values_ms):7.1f}  (n={len(values_ms)})"
    )


@contextmanager
def data_dir_env(path: Path) -> Iterator[None]:
    """Point the app (in this process) at a data folder and hide any model endpoint or key."""
    saved = {name: os.environ.get(name) for name in (*SECRET_ENV, "DRAFTING_DATA_DIR")}
    for name in SECRET_ENV:
        os.environ.pop(name, None)
    os.environ["DRAFTING_DATA_DIR"] = str(path)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def full_report() -> object:
    """The example report with all three sections drafted offline and then edited (two versions each)."""
    from drafting.model import SECTION_IDS, SectionVersion, load_report
    from drafting.narrative.draft import draft_text, save_draft

    report = load_report(EXAMPLE)
    for section in SECTION_IDS:
        result = draft_text(report, section)
        save_draft(report, section, result)
        edited = f"{result.text}\n（经办人修改）"
        report.sections[section].add(SectionVersion(text=edited, origin="human"))
    return report


def seed_store(data_dir: Path) -> str:
    """Save the full report (tables, notes, drafted sections, 2022 prior) through the app's store; return its id."""
    from drafting.io.store import open_store
    from drafting.model import Report

    report = full_report()
    assert isinstance(report, Report)
    store = open_store(data_dir)
    try:
        return str(store.upsert(report))
    finally:
        store.close()


# ---------------------------------------------------------------- reruns (AppTest, in process)


def page_apptest(report_id: str, page: str) -> AppTest:
    """An AppTest of app.py opened on one page of the seeded report, after its first (cold) run."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.query_params["report"] = report_id
    at.query_params["page"] = page
    at.run()
    check_page(at, page)
    return at


def check_page(at: AppTest, page: str) -> None:
    """Fail loudly if the page raised or is not the one asked for (a benchmark of an error page means nothing)."""
    if at.exception:
        msg = f"page {page} raised: {at.exception[0].message}"
        raise RuntimeError(msg)
    if at.radio(key="nav").value != page:
        msg = f"asked for page {page}, the app shows {at.radio(key='nav').value}"
        raise RuntimeError(msg)


def time_runs(at: AppTest, runs: int, change: Callable[[int], None] | None = None) -> list[float]:
    """Milliseconds of `runs` full reruns of the script; `change(i)` sets a widget first (an edit)."""
    timings: list[float] = []
    for i in range(runs):
        if change is not None:
            change(i)
        start = time.perf_counter()
        at.run()
        timings.append((time.perf_counter() - start) * 1000)
    return timings


def edit_for(at: AppTest, page: str) -> tuple[str, Callable[[int], None]] | None:
    """A typical edit on the page, as a description and a function that makes the i-th change."""
    if page == "basic":
        kinds = ("人民政府", "部门")
        return "机关类型 changed", lambda i: at.selectbox(key="cur_kind").set_value(kinds[i % 2])
    key = {"notes": "notes_active", "draft": "text_sec1"}.get(page)
    if key is None:
        return None
    base = at.text_area(key=key).value or ""
    return f"text_area {key} edited", lambda i: at.text_area(key=key).set_value(f"{base}（第 {i + 1} 次修改）")


OUTSIDE_CELL = "t3.new.natural"
"""The cell another tab changes between reruns (表三 本年新收 × 自然人)."""


def outside_change(data_dir: Path, report_id: str) -> Callable[[int], None]:
    """A function whose i-th call changes one table cell in the store, as another tab would."""
    from drafting.io.store import open_store

    store = open_store(data_dir)

    def change(i: int) -> None:
        stored = store.load(int(report_id))
        value = stored.report.cells.get(OUTSIDE_CELL)
        assert isinstance(value, int)
        stored.report.set_cell(OUTSIDE_CELL, value + (1 if i % 2 == 0 else -1))
        store.save(stored.id, stored.report, expected_rev=stored.rev)

    return change


def time_switches(at: AppTest, page: str, runs: int) -> list[float]:
    """Milliseconds of the rerun that switches to `page` from another page (the switch away is not timed)."""
    away = PAGES[(PAGES.index(page) + 1) % len(PAGES)]
    timings: list[float] = []
    for _ in range(runs):
        at.radio(key="nav").set_value(away).run()
        at.radio(key="nav").set_value(page)
        start = time.perf_counter()
        at.run()
        timings.append((time.perf_counter() - start) * 1000)
    return timings


def bench_reruns(runs: int, pages: tuple[str, ...]) -> dict[str, list[float]]:
    """Rerun (and edit) timings per page on a data folder seeded with the full report."""
    results: dict[str, list[float]] = {}
    with tempfile.TemporaryDirectory(prefix="bench-app-") as tmp:
        data_dir = Path(tmp) / "data"
        data_dir.mkdir()
        report_id = seed_store(data_dir)
        with data_dir_env(data_dir):
            for page in pages:
                start = time.perf_counter()
                at = page_apptest(report_id, page)
                first_ms = (time.perf_counter() - start) * 1000
                results[page] = time_runs(at, runs)
                check_page(at, page)
                print(f"  {verdict(results[page])} {PAGE_LABELS[page]:<5} rerun  {summary(results[page])}")
                print(f"       {'':<5} (first run of a new session {first_ms:.0f} ms)")
                edit = edit_for(at, page)
                if edit is not None:
                    label, change = edit
                    edits = time_runs(at, runs, change)
                    check_page(at, page)
                    results[f"{page}:edit"] = edits
                    print(f"  {verdict(edits)} {PAGE_LABELS[page]:<5} edit   {summary(edits)}  [{label}]")
                switches = time_switches(at, page, runs)
                check_page(at, page)
                results[f"{page}:switch"] = switches
                print(f"  {verdict(switches)} {PAGE_LABELS[page]:<5} switch {summary(switches)}  [from another page]")
                outside = time_runs(at, runs, outside_change(data_dir, report_id))
                check_page(at, page)
                results[f"{page}:outside"] = outside
                note = f"[{OUTSIDE_CELL} saved by another tab]"
                print(f"  {verdict(outside)} {PAGE_LABELS[page]:<5} change {summary(outside)}  {note}")
    return results


def verdict(values_ms: list[float]) -> str:
    """OK when the median meets the rerun target."""
    return "OK  " if statistics.median(values_ms) < RERUN_TARGET_MS else "SLOW"


# ---------------------------------------------------------------- cold start (streamlit run + Chromium)


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def launch_app(port: int, data_dir: Path) -> subprocess.Popen[bytes]:
    """`streamlit run app.py` as a user starts it, in its own process group."""
    env = {k: v for k, v in os.environ.items() if k not in SECRET_ENV}
    env["DRAFTING_DATA_DIR"] = str(data_dir)
    streamlit = Path(sys.executable).with_name("streamlit")
    cmd = [str(streamlit)] if streamlit.exists() else [sys.executable, "-m", "streamlit"]
    cmd += ["run", "app.py", "--server.headless", "true", "--server.port", str(port)]
    cmd += ["--browser.gatherUsageStats", "false", "--server.address", "127.0.0.1"]
    return subprocess.Popen(
        cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
    )


def stop_app(process: subprocess.Popen[bytes], timeout: float = 10.0) -> None:
    """End the process group this benchmark started (killed when it has not ended after `timeout` s)."""
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=timeout)


def wait_healthy(process: subprocess.Popen[bytes], port: int, timeout: float = 60.0) -> None:
    """Poll `/_stcore/health` until it answers."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            msg = f"streamlit exited with code {process.returncode}"
            raise RuntimeError(msg)
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2):
                return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.02)
    msg = "streamlit did not become healthy"
    raise RuntimeError(msg)


FIRST_PAGE_SHOWN_JS = """() => {
    const app = document.querySelector('[data-testid="stApp"]');
    return app && app.dataset.testScriptState === 'notRunning'
        && document.querySelector('.st-key-nav') !== null
        && document.querySelector('[data-testid="stMain"] [data-testid="stHeading"]') !== null;
}"""


PAGE_SHOWN_JS = """([key, label]) => {
    const app = document.querySelector('[data-testid="stApp"]');
    const heading = document.querySelector('[data-testid="stMain"] [data-testid="stHeading"]');
    return app !== null && app.dataset.testScriptState === 'notRunning'
        && new URLSearchParams(location.search).get('page') === key
        && heading !== null && heading.textContent.trim() === label;
}"""


def switch_page_ms(page: Page, key: str) -> float:
    """Milliseconds from a click on a page in the sidebar to that page shown and idle in Chromium."""
    option = page.locator(".st-key-nav label").filter(has_text=PAGE_LABELS[key]).first
    start = time.perf_counter()
    option.click()
    page.wait_for_function(PAGE_SHOWN_JS, arg=[key, PAGE_LABELS[key]], polling=10, timeout=60_000)
    return (time.perf_counter() - start) * 1000


def cold_start_once(browser: Browser, data_dir: Path, report_id: str) -> tuple[float, float, dict[str, float]]:
    """Ms from launch to healthy and to the report's first page in Chromium; then ms to switch to each page."""
    port = free_port()
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    start = time.perf_counter()
    process = launch_app(port, data_dir)
    try:
        wait_healthy(process, port)
        healthy = (time.perf_counter() - start) * 1000
        page.goto(f"http://127.0.0.1:{port}/?report={report_id}", timeout=60_000)
        page.wait_for_function(FIRST_PAGE_SHOWN_JS, polling=20, timeout=60_000)
        shown = (time.perf_counter() - start) * 1000
        order = (*PAGES[1:], PAGES[0])
        switches = {f"{key}:first": switch_page_ms(page, key) for key in order}
        switches.update({key: switch_page_ms(page, key) for key in order})
    finally:
        stop_app(process)
        context.close()
    return healthy, shown, switches


def bench_cold_start(runs: int) -> None:
    """Cold start over `runs` launches on a data folder holding the full report, then page switches in Chromium."""
    from playwright.sync_api import sync_playwright

    healthy: list[float] = []
    shown: list[float] = []
    switches: dict[str, list[float]] = {}
    with tempfile.TemporaryDirectory(prefix="bench-cold-") as tmp, sync_playwright() as playwright:
        data_dir = Path(tmp) / "data"
        data_dir.mkdir()
        report_id = seed_store(data_dir)
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            for i in range(runs):
                h, s, sw = cold_start_once(browser, data_dir, report_id)
                healthy.append(h)
                shown.append(s)
                for key, ms in sw.items():
                    switches.setdefault(key, []).append(ms)
                print(f"  run {i + 1}: healthy after {h / 1000:5.2f} s, first page shown after {s / 1000:5.2f} s")
        finally:
            browser.close()
    print(f"  to /_stcore/health:         {summary(healthy)}")
    print(f"  to first page in Chromium:  {summary(shown)}")
    print("Page switch in Chromium (click in the sidebar -> page shown and idle); first visit after start, then again:")
    for key in PAGES:
        print(f"  {PAGE_LABELS[key]:<5} first {summary(switches[f'{key}:first'])}")
        print(f"  {'':<5} again {summary(switches[key])}")


def timed(label: str, fn: Callable[[], object]) -> None:
    """Print a heading, run a benchmark part, and report its wall time."""
    print(label)
    start = time.perf_counter()
    fn()
    print(f"  ({time.perf_counter() - start:.1f} s)")


def main(argv: list[str] | None = None) -> int:
    """Run the benchmarks and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30, help="reruns timed per page")
    parser.add_argument("--cold-runs", type=int, default=5, help="cold starts timed")
    parser.add_argument("--pages", nargs="*", choices=PAGES, default=list(PAGES))
    parser.add_argument("--skip-reruns", action="store_true")
    parser.add_argument("--skip-cold", action="store_true")
    args = parser.parse_args(argv)
    print(f"machine: {os.cpu_count()} CPUs, Python {sys.version.split()[0]}, report {EXAMPLE.name}")
    if not args.skip_reruns:
        timed(
            f"Rerun of each page with the full report loaded (AppTest, {args.runs} runs, target median "
            f"< {RERUN_TARGET_MS:.0f} ms):",
            lambda: bench_reruns(args.runs, tuple(args.pages)),
        )
    if not args.skip_cold:
        if not Path(CHROMIUM).exists():
            print("Cold start: skipped, /usr/bin/chromium is missing")
            return 0

        timed(
            f"Cold start, `streamlit run app.py` to the first page shown ({args.cold_runs} runs):",
            lambda: bench_cold_start(args.cold_runs),
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
