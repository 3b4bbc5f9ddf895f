"""The PostgreSQL fixture's contract: without server binaries the PostgreSQL tests fail, DRAFTING_SKIP_PG=1 skips
them on a developer's machine, and CI ignores that switch."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.conftest import ROOT
from tests.pg_server import skip_allowed

ONE_PG_TEST = "tests/test_store.py::test_delete[postgresql]"


@pytest.mark.parametrize(
    ("skip", "ci", "allowed"),
    [("1", None, True), (None, None, False), ("0", None, False), ("1", "true", False), ("1", "1", False)],
)
def test_skip_switch_is_explicit_and_never_in_ci(monkeypatch, skip, ci, allowed):
    for name, value in (("DRAFTING_SKIP_PG", skip), ("CI", ci)):
        if value is None:
            monkeypatch.delenv(name, raising=False)
        else:
            monkeypatch.setenv(name, value)
    assert skip_allowed() is allowed


def _run_pg_test(**env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if k not in ("CI", "DRAFTING_SKIP_PG")}
    command = [sys.executable, "-m", "pytest", "-q", ONE_PG_TEST]
    return subprocess.run(command, cwd=ROOT, env={**clean, **env}, capture_output=True, text=True, timeout=120)


def test_missing_binaries_fail_and_only_the_explicit_switch_skips(tmp_path):
    missing = _run_pg_test(DRAFTING_PG_BINDIR=str(tmp_path))
    assert missing.returncode == 1, missing.stdout
    assert "PostgreSQL server binaries (initdb, pg_ctl) not found" in missing.stdout
    skipped = _run_pg_test(DRAFTING_PG_BINDIR=str(tmp_path), DRAFTING_SKIP_PG="1")
    assert skipped.returncode == 0, skipped.stdout
    assert "1 skipped" in skipped.stdout
