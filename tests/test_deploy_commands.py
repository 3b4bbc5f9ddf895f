"""The commands docs/deploy.md and deploy/ tell an administrator to run exist: modules for `python -m`, CLI verbs."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pytest

from drafting.cli import main

ROOT = Path(__file__).resolve().parent.parent
SOURCES = [ROOT / "docs" / "deploy.md", *sorted((ROOT / "deploy").iterdir())]


def _texts() -> str:
    return "\n".join(path.read_text(encoding="utf-8") for path in SOURCES if path.is_file())


def test_every_python_dash_m_module_exists() -> None:
    modules = set(re.findall(r"python -m ([a-z_][\w.]*)", _texts()))
    assert "drafting.bind" in modules
    missing = [name for name in sorted(modules) if importlib.util.find_spec(name) is None]
    assert not missing


@pytest.mark.parametrize("verb", ["create-admin", "add-user"])
def test_admin_verbs_exist(verb: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert f"drafting admin {verb}" in _texts()
    with pytest.raises(SystemExit) as stop:
        main(["admin", verb, "--help"])
    assert stop.value.code == 0
    assert "用户名" in capsys.readouterr().out
