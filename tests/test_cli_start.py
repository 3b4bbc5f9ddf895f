"""The CLI starts fast: only `drafting draft` imports openai and langchain, only `import` the importer."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.conftest import FICTIONAL_2023, ROOT

HEAVY = ("openai", "langchain_openai", "langchain_core", "drafting.io.importer")
_PROBE = """
import json, sys
from drafting.cli import build_parser, main
try:
    {action}
except SystemExit:  # --help ends with exit 0
    pass
loaded = {{m for m in sys.modules}} | {{m.split('.')[0] for m in sys.modules}}
print(json.dumps(sorted(loaded & set({heavy!r}))))
"""
EXAMPLE = str(FICTIONAL_2023)


def _heavy_modules_after(action: str) -> list[str]:
    code = _PROBE.format(action=action, heavy=HEAVY)
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    return json.loads(out.strip().splitlines()[-1])


@pytest.mark.parametrize(
    ("action", "expected"),
    [
        ("build_parser()", ["drafting.io.importer"]),
        (f"main(['check', {EXAMPLE!r}])", []),
        (f"main(['render', {EXAMPLE!r}, '--to', 'txt'])", []),
        ("main(['import', '--help'])", ["drafting.io.importer"]),
    ],
    ids=["all-commands-parser", "check", "render-txt", "import-help"],
)
def test_commands_load_neither_the_model_client_nor_what_they_do_not_need(action, expected):
    assert _heavy_modules_after(action) == expected


def test_the_probe_sees_the_model_client_when_draft_machinery_is_imported():
    assert "openai" in _heavy_modules_after("import drafting.narrative.draft")
