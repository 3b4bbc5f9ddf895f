"""Fixtures for the end-to-end tests: the real app under `streamlit run` and headless Debian Chromium."""

from __future__ import annotations

import os
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

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "artifacts"
SCREENSHOTS = ARTIFACTS / "screenshots"
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
    """The command a user runs, pinned to one port, headless and without usage statistics."""
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


@pytest.fixture
def app_server(app_data_dir: Path) -> Iterator[AppServer]:
    """The app under `streamlit run` on a free port, healthy; stopped after the test."""
    server = start_app(app_data_dir, ARTIFACTS / "e2e-streamlit.log")
    try:
        wait_healthy(server)
        yield server
    finally:
        server.stop()


def require_chromium() -> None:
    """Skip when Debian's chromium is missing (CI installs it through scripts/test.sh)."""
    if not CHROMIUM.exists():
        pytest.skip("needs Debian chromium at /usr/bin/chromium (apt-get install chromium; scripts/test.sh does)")


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """Headless Debian Chromium driven by Playwright (Playwright's own browser download is not used)."""
    require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def page(browser: object) -> Iterator[object]:
    """A fresh browser context and page that accepts downloads; console errors are kept on `page.console_errors`."""
    from playwright.sync_api import Browser

    assert isinstance(browser, Browser)
    context = browser.new_context(
        accept_downloads=True,
        locale="zh-CN",
        viewport={"width": 1400, "height": 1000},
        permissions=["clipboard-read", "clipboard-write"],
    )
    context.set_default_timeout(20_000)
    pg = context.new_page()
    errors: list[str] = []
    pg.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    pg.on("pageerror", lambda exc: errors.append(str(exc)))
    pg.console_errors = errors  # type: ignore[attr-defined]
    try:
        yield pg
    finally:
        context.close()


@pytest.fixture(scope="session")
def _clean_screenshots() -> Path:
    """Start each session with an empty screenshot folder, so no stale picture is mistaken for a new one."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for old in SCREENSHOTS.glob("*.png"):
        old.unlink()
    return SCREENSHOTS


@pytest.fixture
def shoot(page: object, _clean_screenshots: Path) -> Callable[[str], Path]:
    """`shoot("name")` saves a full-page screenshot as artifacts/screenshots/NN-name.png, numbered in order."""
    from playwright.sync_api import Page

    assert isinstance(page, Page)
    taken: list[Path] = []

    def _shoot(name: str) -> Path:
        path = _clean_screenshots / f"{len(list(_clean_screenshots.glob('*.png'))) + 1:02d}-{name}.png"
        page.screenshot(path=str(path), full_page=True)
        taken.append(path)
        return path

    return _shoot


class StreamlitDriver:
    """Small helpers over a Playwright page showing the app: open, wait for reruns, go to a page."""

    def __init__(self, page: object, server: AppServer) -> None:
        from playwright.sync_api import Page

        assert isinstance(page, Page)
        self.page = page
        self.server = server

    def open(self) -> None:
        """Load the app and wait for its first run to finish."""
        self.page.goto(self.server.url)
        self.wait_idle()

    def wait_idle(self, settle_ms: int = 300) -> None:
        """Wait until the script is connected and not running (a rerun may start a moment after an input)."""
        app = self.page.locator('[data-testid="stApp"]')
        app.wait_for(state="attached")
        self.page.wait_for_function(
            """() => {
                const el = document.querySelector('[data-testid="stApp"]');
                return el && el.dataset.testConnectionState === 'CONNECTED'
                    && el.dataset.testScriptState === 'notRunning';
            }""",
            polling=50,
        )
        self.page.wait_for_timeout(settle_ms)
        self.page.wait_for_function(
            """() => document.querySelector('[data-testid="stApp"]').dataset.testScriptState === 'notRunning'""",
            polling=50,
        )


@pytest.fixture
def st_app(page: object, app_server: AppServer) -> StreamlitDriver:
    """The app opened in the browser and idle after its first run."""
    driver = StreamlitDriver(page, app_server)
    driver.open()
    return driver
