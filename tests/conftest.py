"""Shared fixtures: the example reports, a clean environment with no model endpoint or key, a PostgreSQL server."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from drafting.model import Report, load_report
from tests.pg_server import MISSING, PgServer, find_bindir, skip_allowed

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
SAMPLE_2020 = EXAMPLES / "jiyuan-gongkewei-2020.json"
FICTIONAL_2023 = EXAMPLES / "yunlan-sthj-2023.json"


@pytest.fixture(autouse=True)
def _no_endpoint(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Tests never see a real key or endpoint, and never write into the project's data folder."""
    for name in ("OPENAI_API_KEY", "OPENAI_BASE_URL", "DRAFTING_API_KEY", "DRAFTING_BASE_URL", "DRAFTING_MODEL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.delenv("DRAFTING_DATABASE_URL", raising=False)
    monkeypatch.setenv("DRAFTING_DATA_DIR", str(tmp_path / "data"))


@pytest.fixture
def report_2023() -> Report:
    """The fictional F2021 report (云岚市生态环境局 2023) with its 2022 report as prior."""
    return load_report(FICTIONAL_2023)


@pytest.fixture
def report_2020() -> Report:
    """The 2020 sample report (F2019), tables as published."""
    return load_report(SAMPLE_2020)


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PgServer]:
    """A real PostgreSQL server for the session; without its binaries the test fails, unless DRAFTING_SKIP_PG=1."""
    if skip_allowed():
        pytest.skip("DRAFTING_SKIP_PG=1: PostgreSQL tests skipped")
    bindir = find_bindir()
    if bindir is None:
        pytest.fail(MISSING)
    server = PgServer(bindir).start()
    yield server
    server.stop()


@pytest.fixture(params=["sqlite", "postgresql"])
def db_target(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Where a store lives, once per backend: a SQLite file path, or a fresh database on the test server."""
    if request.param == "sqlite":
        return str(tmp_path / "d" / "drafting.sqlite3")
    server: PgServer = request.getfixturevalue("pg_server")
    return server.new_database()
