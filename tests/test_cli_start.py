"""The CLI starts without the model client: only `drafting draft` imports openai and langchain."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.conftest import FICTIONAL_2023, ROOT

HEAVY = ("openai", "langchain_openai", "langchain_core")
_PROBE = """
import json, sys
from drafting.cli import build_parser, main
build_parser()
{action}
print(json.dumps(sorted({{m.split('.')[0] for m in sys.modules}} & set({heavy!r}))))
"""


def _heavy_modules_after(action: str) -> list[str]:
    code = _PROBE.format(action=action, heavy=HEAVY)
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    return json.loads(out.strip().splitlines()[-1])


@pytest.mark.parametrize(
    "action",
    ["pass", f"main(['check', {str(FICTIONAL_2023)!r}])", f"main(['render', {str(FICTIONAL_2023)!r}, '--to', 'txt'])"],
    ids=["import-and-parser", "check", "render-txt"],
)
def test_commands_other_than_draft_do_not_import_the_model_client(action):
    assert _heavy_modules_after(action) == []


def test_the_probe_sees_the_model_client_when_draft_machinery_is_imported():
    assert "openai" in _heavy_modules_after("import drafting.draft")
