"""Fixtures for the end-to-end tests: the real app under `streamlit run` and headless Debian Chromium."""

from __future__ import annotations

import itertools
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Locator, Page, expect, sync_playwright

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "artifacts"
SCREENSHOTS = ARTIFACTS / "screenshots"
FAILURES = ARTIFACTS / "failures"
CHROMIUM = Path("/usr/bin/chromium")
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
STARTUP_TIMEOUT_S = 60.0


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def streamlit_command(port: int) -> list[str]:
    """The command a user runs, pinned to one loopback port, headless and without usage statistics."""
    script = Path(sys.executable).with_name("streamlit")
    launcher = [str(script)] if script.exists() else [sys.executable, "-m", "streamlit"]
    return [
        *launcher,
        "run",
        "app.py",
        "--server.headless",
        "true",
        "--server.port",
        str(port),
        "--browser.gatherUsageStats",
        "false",
        "--server.address",
        "127.0.0.1",
    ]


def app_env(data_dir: Path) -> dict[str, str]:
    """The server's environment: no model endpoint or key, and its own data folder."""
    env = {k: v for k, v in os.environ.items() if k not in SECRET_ENV}
    env["DRAFTING_DATA_DIR"] = str(data_dir)
    env["PYTHONUNBUFFERED"] = "1"
    return env


@dataclass
class AppServer:
    """A running `streamlit run app.py` subprocess."""

    process: subprocess.Popen[bytes]
    port: int
    data_dir: Path
    log_path: Path

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    def log_tail(self, lines: int = 40) -> str:
        text = self.log_path.read_text(encoding="utf-8", errors="replace")
        return "\n".join(text.splitlines()[-lines:])

    def stop(self) -> None:
        """End the server's process group (only the processes this fixture started)."""
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)


def start_app(data_dir: Path, log_path: Path, port: int | None = None) -> AppServer:
    """Launch the app as a user would; the caller must wait for health and stop it."""
    port = port or free_port()
    data_dir.mkdir(parents=True, exist_ok=True)
    log_path.parent.mkdir(parents=True, exist_ok=True)
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            streamlit_command(port),
            cwd=ROOT,
            env=app_env(data_dir),
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    return AppServer(process, port, data_dir, log_path)


def wait_healthy(server: AppServer, timeout: float = STARTUP_TIMEOUT_S) -> None:
    """Poll `/_stcore/health` until the server answers "ok"; fail with the server's log otherwise."""
    deadline = time.monotonic() + timeout
    health = f"{server.url}_stcore/health"
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            pytest.fail(f"streamlit exited with code {server.process.returncode}:\n{server.log_tail()}")
        try:
            with urllib.request.urlopen(health, timeout=2) as response:
                if response.status == 200 and response.read().strip() == b"ok":
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.1)
    pytest.fail(f"streamlit did not become healthy in {timeout:.0f} s:\n{server.log_tail()}")


@pytest.fixture
def app_data_dir(tmp_path: Path) -> Path:
    """An empty data folder for the app (the server gets it through DRAFTING_DATA_DIR)."""
    path = tmp_path / "app-data"
    path.mkdir()
    return path


def require_chromium() -> None:
    """Skip when Debian's chromium is missing (CI installs it through scripts/test.sh)."""
    if not CHROMIUM.exists():
        pytest.skip(f"needs Debian chromium at {CHROMIUM} (apt-get install chromium; scripts/test.sh does)")


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    """Keep each phase's report on the test item, so fixtures can tell whether the test failed."""
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


def failed(request: pytest.FixtureRequest) -> bool:
    """Whether the requesting test's call phase failed."""
    report = getattr(request.node, "report_call", None)
    return report is not None and report.failed


@pytest.fixture
def app_server(app_data_dir: Path, request: pytest.FixtureRequest) -> Iterator[AppServer]:
    """The app under `streamlit run` on a free port, healthy; stopped after the test (its log is printed on failure)."""
    require_chromium()
    server = start_app(app_data_dir, ARTIFACTS / "e2e-streamlit.log")
    try:
        wait_healthy(server)
        yield server
    finally:
        server.stop()
        if failed(request):
            request.node.add_report_section("teardown", f"streamlit log {server.log_path}", server.log_tail())


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Headless Debian Chromium driven by Playwright (Playwright's own browser download is not used)."""
    require_chromium()
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def page(browser: Browser, request: pytest.FixtureRequest) -> Iterator[Page]:
    """A fresh context and page that accepts downloads; console errors on `page.console_errors`; shot on failure."""
    context = browser.new_context(accept_downloads=True, locale="zh-CN", viewport={"width": 1400, "height": 1000})
    context.set_default_timeout(20_000)
    pg = context.new_page()
    errors: list[str] = []
    pg.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    pg.on("pageerror", lambda exc: errors.append(str(exc)))
    pg.console_errors = errors  # type: ignore[attr-defined]
    try:
        yield pg
    finally:
        if failed(request):
            FAILURES.mkdir(parents=True, exist_ok=True)
            shot = FAILURES / f"{time.strftime('%Y%m%d-%H%M%S')}-{request.node.name}.png"
            pg.screenshot(path=str(shot), full_page=True)
            details = f"screenshot: {shot}\nurl: {pg.url}\nconsole errors: {errors}"
            request.node.add_report_section("teardown", "browser", details)
        context.close()


@pytest.fixture(scope="session")
def screenshot_dir() -> Path:
    """artifacts/screenshots, emptied once per session so no stale picture is mistaken for a new one."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for old in SCREENSHOTS.glob("*.png"):
        old.unlink(missing_ok=True)
    return SCREENSHOTS


@pytest.fixture(scope="session")
def _shot_numbers() -> Iterator[int]:
    return itertools.count(1)


_CONTENT_HEIGHT_JS = """() => Math.max(document.documentElement.scrollHeight,
    ...Array.from(document.querySelectorAll('[data-testid="stMain"], [data-testid="stSidebarContent"]'))
        .map(el => el.scrollHeight))"""


@pytest.fixture
def shoot(page: Page, screenshot_dir: Path, _shot_numbers: Iterator[int]) -> Callable[[str], Path]:
    """`shoot("name")` saves a full-page screenshot as artifacts/screenshots/NN-name.png, numbered in order."""

    def _shoot(name: str) -> Path:
        path = screenshot_dir / f"{next(_shot_numbers):02d}-{name}.png"
        viewport = page.viewport_size
        assert viewport is not None
        # Streamlit scrolls inside its main block, not the document: grow the window to the content, then shoot.
        page.mouse.move(0, 0)  # no hover tooltip over the content
        height, stable = viewport["height"], 0
        for _ in range(8):  # until the height holds twice (iframes and expanders settle late)
            page.wait_for_timeout(300)
            wanted = min(max(page.evaluate(_CONTENT_HEIGHT_JS), viewport["height"]), 12_000)
            stable = stable + 1 if wanted == height else 0
            if stable == 2:
                break
            if wanted != height:
                height = wanted
                page.set_viewport_size({"width": viewport["width"], "height": height})
        page.screenshot(path=str(path), full_page=True)
        page.set_viewport_size(viewport)
        return path

    return _shoot


GRID_HEADER_PX = 35
GRID_ROW_PX = 35
_IDLE_JS = """() => {
    const el = document.querySelector('[data-testid="stApp"]');
    return el !== null && el.dataset.testConnectionState === 'CONNECTED'
        && el.dataset.testScriptState === 'notRunning';
}"""


_TOP_INTO_VIEW_JS = """el => {
    el.scrollIntoView({block: 'start'});
    let box = el.parentElement;
    while (box && box.scrollHeight <= box.clientHeight) box = box.parentElement;
    if (box) box.scrollTop -= 120;
}"""

_NEXT_FRAMES_JS = """() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(
    () => setTimeout(done, 50))))"""


class StreamlitDriver:
    """Drive the app in a Playwright page the way a person does: widgets by key, pages by name, the grid by keys.

    Streamlit puts a widget's key on its container as the CSS class `st-key-<key>` (ui/README.md lists them).
    """

    def __init__(self, page: Page, server: AppServer) -> None:
        self.page = page
        self.server = server

    def open(self) -> None:
        """Load the app and wait for its first run to finish."""
        self.page.goto(self.server.url)
        self.wait_idle()

    def reload(self) -> None:
        """Refresh the browser tab (same URL) and wait for the app to run."""
        self.page.reload()
        self.wait_idle()

    def wait_idle(self, settle_ms: int = 300) -> None:
        """Wait until the app is connected and its script is not running.

        A rerun may start a moment after an input, so wait, let it settle, and wait again.
        """
        self.page.locator('[data-testid="stApp"]').wait_for(state="attached")
        self.page.wait_for_function(_IDLE_JS, polling=50)
        self.page.wait_for_timeout(settle_ms)
        self.page.wait_for_function(_IDLE_JS, polling=50)

    def by_key(self, key: str) -> Locator:
        """The container of the widget with this key (a key may carry a `_<n>` suffix after outside changes)."""
        return self.page.locator(f'[class*="st-key-{key}"]').first

    def set_text(self, key: str, value: str) -> None:
        """Type into a text_input / number_input / text_area and commit it, as a user does."""
        field = self.by_key(key).locator("input, textarea").first
        field.fill(value)
        if field.evaluate("el => el.tagName") == "TEXTAREA":
            field.press("ControlOrMeta+Enter")
        else:
            field.press("Enter")
        self.wait_idle()

    def click(self, key: str) -> None:
        """Click the button with this key and wait for the rerun to finish."""
        self.by_key(key).locator("button").first.click()
        self.wait_idle()

    def go_to(self, label: str) -> None:
        """Choose a page in the sidebar navigation radio (`页面`, key `nav`)."""
        option = self.by_key("nav").locator("label").filter(has_text=re.compile(f"^{re.escape(label)}$"))
        option.first.click()
        self.wait_idle()

    def grid(self, editor_key: str) -> Locator:
        """The canvas grid of the data_editor with this key."""
        return self.by_key(editor_key).locator('[data-testid="stDataFrame"]')

    def edit_cell(self, editor_key: str, row_label: str, col_label: str, value: str) -> Locator:
        """Click into the grid, arrow to the cell, Enter, type the value, Enter; return the cell's accessible td."""
        grid = self.grid(editor_key)
        grid.locator("table").wait_for(state="attached")
        self.scroll_to_top_of(grid)
        box = grid.bounding_box()
        assert box is not None, f"grid {editor_key} is not visible"
        top_left = grid.locator("tbody tr").first.locator("td").first.get_attribute("id")
        self.page.mouse.click(box["x"] + 10, box["y"] + GRID_HEADER_PX + GRID_ROW_PX / 2)
        grid.locator(f'td#{top_left}[aria-selected="true"]').wait_for(state="attached")
        target = self._find_cell(grid, row_label, col_label)
        self._move_selection(grid, target)
        cell = grid.locator(f"td#glide-cell-{target[0]}-{target[1]}")
        assert cell.get_attribute("aria-readonly") == "false", f"{row_label} / {col_label} is read-only"
        self.page.keyboard.press("Enter")
        editor = self.page.locator(".gdg-input").first
        expect(editor).to_be_focused()
        editor.press("ControlOrMeta+A")
        editor.press_sequentially(value)
        expect(editor).to_have_value(value)
        # The overlay commits the value of its last React render on Enter; let that render happen first,
        # as it always has for a person (glide-data-grid reads state captured in its keydown handler).
        self.page.evaluate(_NEXT_FRAMES_JS)
        editor.press("Enter")
        expect(editor).to_have_count(0)
        self.wait_idle()
        return cell

    def scroll_to_top_of(self, element: Locator) -> None:
        """Scroll so the element's top (a grid's header row) is in view below Streamlit's fixed header."""
        element.evaluate(_TOP_INTO_VIEW_JS)
        self.page.wait_for_timeout(200)

    def cell(self, editor_key: str, row_label: str, col_label: str) -> Locator:
        """The accessible td of a cell that is in view, found by its row and column labels."""
        grid = self.grid(editor_key)
        grid.locator("table").wait_for(state="attached")
        col, row = grid_position(grid, row_label, col_label)
        assert col >= 0 and row >= 0, f"{row_label} / {col_label} is not in view in grid {editor_key}"
        return grid.locator(f"td#glide-cell-{col}-{row}")

    def _find_cell(self, grid: Locator, row_label: str, col_label: str, max_steps: int = 60) -> tuple[int, int]:
        """(col, row) of a cell by its labels; the grid only exposes what is scrolled into view, so walk to it."""
        for _ in range(max_steps):
            col, row = grid_position(grid, row_label, col_label)
            if col >= 0 and row >= 0:
                return col, row
            here = selected_cell(grid)
            step = (here[0] + 1, here[1]) if col < 0 else (here[0], here[1] + 1)
            self._move_selection(grid, step)
        msg = f"no cell {row_label!r} / {col_label!r} in the grid"
        raise AssertionError(msg)

    def _move_selection(self, grid: Locator, target: tuple[int, int]) -> None:
        col, row = selected_cell(grid)
        while (col, row) != target:
            if col != target[0]:
                key, col = ("ArrowRight", col + 1) if col < target[0] else ("ArrowLeft", col - 1)
            else:
                key, row = ("ArrowDown", row + 1) if row < target[1] else ("ArrowUp", row - 1)
            self.page.keyboard.press(key)
            grid.locator(f'td#glide-cell-{col}-{row}[aria-selected="true"]').wait_for(state="attached")


def grid_position(grid: Locator, row_label: str, col_label: str) -> tuple[int, int]:
    """(col, row) of a data cell in the grid's accessible table by its labels (a row label may carry the ⚠ of a
    finding); -1 for what is not in view."""
    found = grid.evaluate(
        """(el, [rowLabel, colLabel]) => {
            const unmarked = text => text.trim().replace(/^⚠[\\s\\u00a0]*/, '');  // rows with findings: "⚠ <label>"
            const th = Array.from(el.querySelectorAll('th')).find(h => h.textContent.trim() === colLabel);
            const tr = Array.from(el.querySelectorAll('tbody tr'))
                .find(r => Array.from(r.querySelectorAll('td')).some(td => unmarked(td.textContent) === rowLabel));
            return [th ? Number(th.getAttribute('aria-colindex')) - 1 : -1,
                    tr ? Number(tr.getAttribute('aria-rowindex')) - 2 : -1];
        }""",
        [row_label, col_label],
    )
    return int(found[0]), int(found[1])


def selected_cell(grid: Locator) -> tuple[int, int]:
    """(col, row) of the selected cell, once the accessible table has caught up with the canvas."""
    cell = grid.locator('td[aria-selected="true"]').first
    cell.wait_for(state="attached")
    col, row = (cell.get_attribute("id") or "").removeprefix("glide-cell-").split("-")
    return int(col), int(row)


@pytest.fixture
def st_app(app_server: AppServer, page: Page) -> StreamlitDriver:
    """The app opened in the browser and idle after its first run (the page closes before the server stops)."""
    driver = StreamlitDriver(page, app_server)
    driver.open()
    return driver
