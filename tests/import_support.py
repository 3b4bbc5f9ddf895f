"""Shared helpers for the importer tests: the fixture generator, expected cells, and per-cell outcomes."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

from drafting.formats import get_format
from drafting.io.importer import ImportResult
from drafting.model import coerce_cell

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "import"


def load_build() -> ModuleType:
    """The fixture generator (tests/fixtures/import/build.py), which also builds the .docx in memory."""
    spec = importlib.util.spec_from_file_location("import_fixture_build", FIXTURES / "build.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def expected_of(name: str) -> dict[str, Any]:
    """A fixture's expected cells (`x.txt`, `x.md`, `x.layout.txt` → `x….expected.json`)."""
    data: dict[str, Any] = json.loads((FIXTURES / (name.rsplit(".", 1)[0] + ".expected.json")).read_text("utf-8"))
    return data


def outcomes(result: ImportResult, expected: dict[str, Any]) -> dict[str, list[str]]:
    """Every expected cell sorted into exact / blank / unreadable (as expected) / wrong."""
    specs = get_format(expected["format"]).cells()
    unreadable = {u.cell_id for u in result.unreadable}
    out: dict[str, list[str]] = {"exact": [], "blank": [], "unreadable": [], "wrong": []}
    for cell_id, raw in expected["cells"].items():
        if cell_id in expected["unreadable"]:
            kind = "unreadable" if cell_id in unreadable and result.report.get(cell_id) is None else "wrong"
        elif raw is None:
            kind = "blank" if cell_id in result.cells_blank and result.report.get(cell_id) is None else "wrong"
        else:
            same = result.report.get(cell_id) == coerce_cell(specs[cell_id], raw) and cell_id in result.cells_read
            kind = "exact" if same else "wrong"
        out[kind].append(cell_id)
    return out
