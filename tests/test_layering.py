"""The domain package never imports the UI; only llm.py imports the model SDKs."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "drafting"


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def test_drafting_never_imports_streamlit():
    offenders = [p.name for p in PACKAGE.rglob("*.py") if "streamlit" in _imports(p)]
    assert offenders == []


def test_only_llm_module_imports_model_sdks():
    offenders = [
        str(p.relative_to(PACKAGE))
        for p in PACKAGE.rglob("*.py")
        if p.name != "llm.py" and _imports(p) & {"openai", "langchain_openai"}
    ]
    assert offenders == []


def test_the_gate_is_handed_exemplars_and_never_loads_them():
    """Lower layers never reach up or sideways: the gate imports no prompt, model-client or drafting module."""
    imported = {
        node.module
        for node in ast.walk(ast.parse((PACKAGE / "gate.py").read_text(encoding="utf-8")))
        if isinstance(node, ast.ImportFrom) and node.module
    }
    assert imported.isdisjoint({"drafting.prompts", "drafting.llm", "drafting.draft", "drafting.offline"})
