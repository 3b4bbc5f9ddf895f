"""The gate's adversarial sets through the real drafting path (issue 10, "Measure").

Every sentence of the table-driven gate tests (test_gate_clause, test_gate_forms, test_gate_staff) is a
model reply here: the fake OpenAI-compatible server on 127.0.0.1 streams it, the real `drafting draft`
command drafts section 一 with it, and the findings the command prints are compared with the table. A
wrong number is caught when a G1 line of the expected severity quotes it (【number】) and the exit code is
1 for errors; a correct reply must print no G1 line at all. `tally` gives the counts by category.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from fake_openai import FakeOpenAI, Reply, serve

from drafting.cli import main
from drafting.findings import Severity
from drafting.model import Report, load_report, save_report
from tests import test_gate_clause as clause
from tests import test_gate_forms as forms
from tests import test_gate_staff as staff
from tests.conftest import FICTIONAL_2023

E, W = Severity.ERROR, Severity.WARNING


@dataclass(frozen=True)
class Case:
    """One model reply: the report it is drafted for, and the numbers the gate must flag (none if correct)."""

    category: str
    report: Callable[[], Report]
    reply: str
    flagged: tuple[tuple[str, Severity], ...]


def _report_2023() -> Report:
    return load_report(FICTIONAL_2023)


def _variant(name: str) -> Callable[[], Report]:
    return lambda: forms.VARIANTS[name](_report_2023())


def _cases() -> Iterator[Case]:
    for category, text, flagged, _ in clause.WRONG:
        yield Case(category, _report_2023, text, ((flagged, E),))
    for text, flagged in clause.UNVERIFIABLE:
        yield Case(clause.COINCIDENCE, _report_2023, text, ((flagged, W),))
    for text in clause.CORRECT:
        yield Case("正确的表格数字", _report_2023, text, ())
    for category, variant, text, wrong in forms.ADVERSARIAL:
        yield Case(category, _variant(variant), text, ((wrong, E),) if wrong else ())
    for category, variant, text, wrong in forms.UNVERIFIABLE:
        yield Case(category, _variant(variant), text, ((wrong or "", W),))
    for category, report, text, found in staff.CASES + staff.TABLE_SWAPS:
        yield Case(category, staff.REPORTS[report], text, tuple(found))


CASES = list(_cases())


@pytest.fixture(scope="module")
def server() -> Iterator[FakeOpenAI]:
    yield from serve()


def draft_through_cli(
    server: FakeOpenAI, case: Case, folder: Path, capsys: pytest.CaptureFixture[str]
) -> tuple[int, str]:
    """Exit code and printed output of `drafting draft --section 一` with the case's reply from the server."""
    path = folder / "report.json"
    save_report(case.report(), path)
    server.script(Reply(text=case.reply))
    capsys.readouterr()
    code = main(["draft", str(path), "--section", "一"])
    return code, capsys.readouterr().out


def g1_lines(out: str) -> list[str]:
    return [line.strip() for line in out.splitlines() if line.strip().startswith("[G1 ")]


def caught(out: str, number: str, severity: Severity) -> bool:
    return any(line.startswith(f"[G1 {severity.label}]") and f"【{number}】" in line for line in g1_lines(out))


@pytest.mark.parametrize("case", CASES, ids=[f"{c.category}:{c.reply}" for c in CASES])
def test_reply_through_the_cli(server, case, tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("DRAFTING_BASE_URL", server.base_url)
    monkeypatch.setenv("DRAFTING_MODEL", "fake-model")
    code, out = draft_through_cli(server, case, tmp_path, capsys)
    if not case.flagged:
        assert g1_lines(out) == [] and code == 0, out
        return
    for number, severity in case.flagged:
        assert caught(out, number, severity), out
    assert len(g1_lines(out)) >= len(case.flagged)
    assert code == (1 if any(s is E for _, s in case.flagged) else 0)


def test_the_sets_cover_every_category():
    categories = {c.category for c in CASES}
    assert len(CASES) >= 150 and len(categories) >= 10
    assert sum(not c.flagged for c in CASES) >= 60  # correct replies in unusual forms
