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
        for node in ast.walk(ast.parse((PACKAGE / "narrative" / "gate.py").read_text(encoding="utf-8")))
        if isinstance(node, ast.ImportFrom) and node.module
    }
    reaching_up = {f"drafting.narrative.{m}" for m in ("prompts", "llm", "draft", "offline")}
    assert imported.isdisjoint(reaching_up)


# drafting/ grouped by concept, lowest first: a module may import its own group and the groups below it.
LAYERS: dict[str, int] = {
    **dict.fromkeys(("errors", "findings", "formats", "model", "settings", "bind", "cli_args"), 0),
    "tables": 1,  # derived totals and checks
    "io": 2,  # importer, renderers, paste, grid view, store
    "narrative": 3,  # facts, gate, prompts, drafters
    "review": 4,
    "accounts": 4,
    "cli": 5,
}


def _group(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if parts[0] == "drafting" and len(parts) > 1 else None


def _module_imports(path: Path) -> set[str]:
    """Every drafting module a file imports, at module level or inside a function."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return {m for m in found if _group(m) is not None}


def test_every_module_belongs_to_a_layer():
    groups = {p.relative_to(PACKAGE).parts[0].removesuffix(".py") for p in PACKAGE.rglob("*.py")}
    assert groups - {"__init__"} <= set(LAYERS)


def test_lower_layers_never_reach_up():
    upward = []
    for path in PACKAGE.rglob("*.py"):
        own = path.relative_to(PACKAGE).parts[0].removesuffix(".py")
        if own == "__init__":
            continue
        for module in _module_imports(path):
            target = _group(module)
            if target in LAYERS and LAYERS[target] > LAYERS[own]:
                upward.append(f"{path.relative_to(PACKAGE)} -> {module}")
    assert upward == []


def _dotted(path: Path) -> str:
    return ".".join(("drafting", *path.relative_to(PACKAGE).with_suffix("").parts)).removesuffix(".__init__")


def test_no_import_cycles_between_modules():
    """Module-level imports between drafting modules form no cycle."""
    paths = {_dotted(p): p for p in PACKAGE.rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for name, path in paths.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        top = [n for n in tree.body if isinstance(n, ast.ImportFrom) and n.module and n.level == 0]
        graph[name] = {
            f"{n.module}.{a.name}" if f"{n.module}.{a.name}" in paths else str(n.module)
            for n in top
            for a in n.names
            if str(n.module).startswith("drafting")
        }
    state: dict[str, int] = {}

    def visit(node: str, trail: list[str]) -> list[str]:
        state[node] = 1
        for nxt in graph.get(node, ()):
            if state.get(nxt) == 1:
                return [*trail, node, nxt]
            if nxt not in state and (cycle := visit(nxt, [*trail, node])):
                return cycle
        state[node] = 2
        return []

    cycles = [c for name in sorted(graph) if name not in state and (c := visit(name, []))]
    assert cycles == []
