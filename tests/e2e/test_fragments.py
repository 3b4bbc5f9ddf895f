"""Parts of a page rerun alone (st.fragment) and the whole page follows when their edit shows outside them:
the real server under `streamlit run`, driven over its websocket as the browser drives it (fragment reruns
are the browser's and the server's business; AppTest always reruns the whole script)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from drafting.io.store import ReportStore, open_store
from drafting.model import Aspect, Report, load_report, new_report
from tests.e2e.conftest import ARTIFACTS, start_app, wait_healthy
from tests.ws_session import Session, open_socket

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "yunlan-sthj-2023.json"
TABLE_GRID = "editor_t3"


@dataclass
class Served:
    """The running app, its store, and a way to open a tab on a report's page."""

    port: int
    store: ReportStore

    @contextmanager
    def tab(self, report_id: int, page: str) -> Iterator[Session]:
        """A tab that has opened `page` of the report (its first run done)."""
        with open_socket(self.port) as ws:
            session = Session(ws, f"report={report_id}&page={page}")
            session.rerun()
            yield session


@contextmanager
def _serving(data_dir: Path, **env: str) -> Iterator[Served]:
    """`streamlit run app.py` (single-user mode) on `data_dir`, with these environment variables set."""
    with pytest.MonkeyPatch.context() as patch:  # the server copies the environment when it starts
        for name, value in env.items():
            patch.setenv(name, value)
        server = start_app(data_dir, ARTIFACTS / "fragments-streamlit.log")
    try:
        wait_healthy(server)
        yield Served(server.port, open_store(data_dir))
    finally:
        server.stop()


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """One server for the whole module."""
    with _serving(tmp_path_factory.mktemp("fragments-data")) as running:
        yield running


def _example(agency: str) -> Report:
    report = load_report(EXAMPLE)
    report.agency = agency
    return report


def _badge(texts: list[str], mark: str) -> bool:
    """Whether the sidebar's style sheet (progress.badge_css) writes `mark` after a page name."""
    return any(t.startswith("<style>") and f'\\00a0{mark}"' in t for t in texts)


def test_a_note_saved_in_an_aspect_reruns_only_that_aspect(served: Served) -> None:
    rid = served.store.create(_example("片段甲局"))
    with served.tab(rid, "notes") as session:
        text = "全年在门户网站公开政策文件，及时更新专栏。"
        _, errors = session.rerun({"notes_active": text})
        assert errors == []
        assert session.last_run == "fragment"
        assert served.store.load(rid).report.notes.aspects[Aspect.ACTIVE].notes == text  # saved at once
        assert "notes_active" in session.drawn and "notes_on_request" not in session.drawn
        assert "notes_on_request" in session.ids  # still on the page: the browser keeps what was not redrawn


def test_the_first_note_changes_the_sidebar_mark_so_the_whole_page_reruns(served: Served) -> None:
    rid = served.store.create(new_report("片段乙局", 2023))
    with served.tab(rid, "notes") as session:
        assert _badge(session.texts, "· 未填")
        session.rerun({"notes_active": "全年在门户网站公开政策文件。"})
        assert session.last_run == "full"
        assert _badge(session.texts, "✓") and not _badge(session.texts, "· 未填")


def test_a_grid_edit_redraws_the_findings_above_the_grids(served: Served) -> None:
    rid = served.store.create(_example("片段丙局"))
    with served.tab(rid, "tables") as session:
        assert any(t.startswith("表格检查：没有发现错误") for t in session.texts)
        session.rerun({TABLE_GRID: _cell_edit("0", "自然人", "45")})  # 45 + 3 ≠ 39 + 2: one column unbalanced
        assert session.last_run == "full"  # the sidebar's 表格数据 mark changed from ✓ to ⚠
        assert _summary(session.texts).startswith("表格检查：2 个错误")
        session.rerun({TABLE_GRID: _cell_edit("0", "自然人", "46")})  # the same findings, other numbers
        assert session.last_run == "fragment"
        assert re.search(r"“一、本年新收政府信息公开申请数量”46 \+", _summary(session.texts))
        assert served.store.load(rid).report.cells["t3.new.natural"] == 46


def test_a_save_made_in_another_tab_meanwhile_redraws_the_whole_page(served: Served) -> None:
    rid = served.store.create(_example("片段丁局"))
    with served.tab(rid, "notes") as session:
        stored = served.store.load(rid)
        stored.report.notes.aspects[Aspect.PLATFORM].notes = "另一个窗口写的平台建设情况。"
        served.store.save(rid, stored.report, expected_rev=stored.rev)
        session.rerun({"notes_active": "这个窗口写的主动公开情况。"})
        assert session.last_run == "full"
        assert session.pushed["notes_platform"] == "另一个窗口写的平台建设情况。"  # not what this tab drew before
        notes = served.store.load(rid).report.notes.aspects
        assert notes[Aspect.ACTIVE].notes == "这个窗口写的主动公开情况。"
        assert notes[Aspect.PLATFORM].notes == "另一个窗口写的平台建设情况。"
        session.rerun({"notes_active": "这个窗口再次修改。"})
        assert session.last_run == "fragment"  # the page shows the stored report again


def test_a_message_from_a_fragment_shows_at_the_top_of_the_page(served: Served) -> None:
    rid = served.store.create(_example("片段戊局"))
    with served.tab(rid, "notes") as session:
        session.rerun({"fee_collected": "三百元"})
        assert session.last_run == "full"
        assert any("“实际收取信息处理费（元）”的值" in t for t in session.texts)


def test_a_section_edit_reruns_only_the_section_until_its_findings_change_the_sidebar(served: Served) -> None:
    rid = served.store.create(_example("片段己局"))
    first, second = "本机关认真贯彻落实《条例》。", "本机关认真贯彻落实《条例》，持续推进政务公开。"
    with served.tab(rid, "draft") as session:
        session.rerun({"text_sec1": first})
        assert session.last_run == "full"  # 起草's mark went from · 未生成 to ⚠ 5 (five aspects missing)
        session.rerun({"text_sec1": second})
        assert session.last_run == "fragment"
        session.rerun({"text_sec1": "本年新收政府信息公开申请99件。"})  # the tables say 48; 依申请公开 now written
        assert session.last_run == "fragment"  # still five findings: the section's own list shows the new one
        assert any("G1" in t and "99件" in t for t in session.texts)
        session.rerun({"text_sec1": "本年新收政府信息公开申请99件，办结88件。"})
        assert session.last_run == "full"  # six findings now: the sidebar mark changed
        texts = [v.text for v in served.store.load(rid).report.sections["一"].versions]
        assert texts[:2] == [first, second] and len(texts) == 4


def _cell_edit(row: str, column: str, value: str) -> str:
    return f'{{"edited_rows": {{"{row}": {{"{column}": "{value}"}}}}, "added_rows": [], "deleted_rows": []}}'


def _summary(texts: list[str]) -> str:
    return next((t for t in texts if t.startswith("表格检查")), "")


def test_a_message_queued_in_a_part_shows_even_when_another_waits_already(tmp_path: Path) -> None:
    """An unusable setting queues its error on every run of 起草, after the top of the page was drawn: a part's
    own message must still rerun the whole page and show (it used to be compared with "a message waits")."""
    with _serving(tmp_path / "data", DRAFTING_TEMPERATURE="abc") as served:
        rid = served.store.create(_example("片段庚局"))
        with served.tab(rid, "draft") as session:
            session.rerun({"save_sec1": True})  # 保存修改 with nothing changed
            assert session.last_run == "full"
            assert "正文没有新的修改，无需保存" in session.texts
            assert any("DRAFTING_TEMPERATURE" in t for t in session.texts)
