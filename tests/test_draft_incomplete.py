"""A model reply that stops early (cut off, no finish reason, length limit) is kept as 不完整草稿, never current.

Against the fake OpenAI-compatible server and the real client: the stream, `save_draft`, the report file
(old files without the field still load) and `drafting draft` (exit code 1 and the Chinese message).
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from fake_openai import FakeOpenAI, Reply, serve
from langchain_core.language_models import BaseChatModel

from drafting.cli import main
from drafting.errors import LLMError
from drafting.model import Report, SectionVersion, load_report, report_from_json, report_to_json, save_report
from drafting.narrative.draft import DraftResult, RetryPolicy, draft_section, draft_text, incomplete_message, save_draft
from drafting.narrative.llm import build_chat_model
from drafting.settings import Settings

EXAMPLE_2023 = Path(__file__).resolve().parent.parent / "examples" / "yunlan-sthj-2023.json"
PREVIOUS = SectionVersion(text="这是上一版的第六部分，本年度未收取信息处理费。", origin="offline")
# Twelve characters per chunk: the first chunk is exactly the first sentence.
SIX = "本年度未收取信息处理费。本机关全年未发出收费通知，也没有其他需要报告的事项。"
FIRST_SENTENCE = "本年度未收取信息处理费。"


@pytest.fixture
def server() -> Iterator[FakeOpenAI]:
    yield from serve()


@pytest.fixture
def model(server: FakeOpenAI) -> BaseChatModel:
    chat = build_chat_model(Settings(base_url=server.base_url, model="fake-model", timeout=2))
    assert chat is not None
    return chat


@pytest.fixture
def report(report_2023: Report) -> Report:
    report_2023.sections["六"].add(PREVIOUS)
    return report_2023


def _draft(report: Report, model: BaseChatModel) -> tuple[str, DraftResult]:
    """What streamed to the reader, and the result (retries allowed, so a retry over text would show)."""
    stream = draft_section(report, "六", model, policy=RetryPolicy(max_retries=3, backoff=0))
    return "".join(stream), stream.result


# ---- the stream and save_draft ------------------------------------------------------------------


CASES = [
    # (reply, what the note says, the text received)
    (Reply(text=SIX, chunk=12, cut_after=2), "模型的回复在中途断开（连接中断）", SIX[:24]),
    (Reply(text=SIX, chunk=7, end_after=2), "模型的回复在中途断开（没有收到结束标志）", SIX[:14]),
    (Reply(text=SIX, chunk=12, end_after=1), "模型的回复在中途断开（没有收到结束标志）", FIRST_SENTENCE),
    (Reply(text=SIX, finish_reason=None, done=False), "模型的回复在中途断开（没有收到结束标志）", SIX),
    (Reply(text=SIX, finish_reason="length"), "模型的回复达到长度上限，在中途截断", SIX),
]


@pytest.mark.parametrize(
    ("reply", "note", "received"),
    CASES,
    ids=["socket-cut-mid-sentence", "body-ends-mid-sentence", "body-ends-at-sentence-end", "no-finish", "length"],
)
def test_a_reply_that_stops_early_is_kept_apart_and_the_previous_version_stays_current(
    server: FakeOpenAI, model: BaseChatModel, report: Report, reply: Reply, note: str, received: str
) -> None:
    server.script(reply)
    shown, result = _draft(report, model)
    assert shown == received and result.text == received
    assert not result.complete and result.incomplete == note
    assert (result.version.note, result.version.origin) == (note, "fake-model")
    assert len(server.requests) == 1  # text had arrived: never retried over
    save_draft(report, "六", result)
    state = report.sections["六"]
    assert state.versions == [PREVIOUS] and state.current == PREVIOUS
    assert state.incomplete == result.version
    message = f"{note}，已收到的 {len(received)} 字保存为“不完整草稿”，当前正文未改变。"
    assert incomplete_message(result.version) == message


def test_the_finish_reason_decides_not_the_closing_done(
    server: FakeOpenAI, model: BaseChatModel, report: Report
) -> None:
    server.script(Reply(text=SIX, done=False))  # finish_reason "stop", then the body ends without [DONE]
    _, result = _draft(report, model)
    assert result.complete and result.text == SIX


def test_a_normal_stop_becomes_the_current_version_and_clears_an_older_incomplete_draft(
    server: FakeOpenAI, model: BaseChatModel, report: Report
) -> None:
    server.script(Reply(text=SIX, finish_reason="length"), Reply(text=SIX))
    save_draft(report, "六", draft_text(report, "六", model))
    assert report.sections["六"].incomplete is not None
    result = draft_text(report, "六", model)
    assert result.complete and result.incomplete is None
    assert not [f for f in result.findings if f.rule == "D1"]
    save_draft(report, "六", result)
    state = report.sections["六"]
    assert [v.text for v in state.versions] == [PREVIOUS.text, SIX]
    assert state.incomplete is None


def test_a_cut_before_any_text_is_an_error_and_keeps_nothing(
    server: FakeOpenAI, model: BaseChatModel, report: Report
) -> None:
    server.script(Reply(text=SIX, cut_after=0))
    before = report.model_dump_json()
    with pytest.raises(LLMError, match=r"没有收到文字.*原有文本保持不变"):
        _draft(report, model)
    assert report.model_dump_json() == before


def test_the_offline_drafter_is_always_complete(report: Report) -> None:
    result = draft_text(report, "六")
    assert result.complete and result.version.note == ""


def test_adopting_an_incomplete_draft_makes_it_the_users_edit(report: Report) -> None:
    state = report.sections["六"]
    note = "模型的回复达到长度上限，在中途截断"
    state.incomplete = SectionVersion(text=FIRST_SENTENCE, origin="fake-model", note=note)
    state.adopt_incomplete()
    assert [(v.text, v.origin, v.note) for v in state.versions] == [
        (PREVIOUS.text, "offline", ""),
        (FIRST_SENTENCE, "human", "采用不完整草稿"),
    ]
    assert state.incomplete is None
    state.adopt_incomplete()  # nothing kept: nothing happens
    assert len(state.versions) == 2


# ---- the report file -------------------------------------------------------------------------------


def test_a_report_with_an_incomplete_draft_round_trips_through_json(report: Report, tmp_path: Path) -> None:
    kept = SectionVersion(text=FIRST_SENTENCE, origin="fake-model", prompt_version="section_6@abc",
                          note="模型的回复在中途断开（连接中断）")
    report.sections["六"].incomplete = kept
    path = tmp_path / "report.json"
    save_report(report, path)
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["sections"]["六"]["incomplete"]["text"] == FIRST_SENTENCE
    assert data["sections"]["一"]["incomplete"] is None
    loaded = load_report(path)
    assert loaded.sections["六"].incomplete == kept
    assert loaded.sections["六"].current == PREVIOUS
    assert report_from_json(report_to_json(loaded)) == loaded


def test_an_old_report_file_without_the_field_loads() -> None:
    text = EXAMPLE_2023.read_text(encoding="utf-8")
    assert '"incomplete"' not in text  # written before the field existed
    report = load_report(EXAMPLE_2023)
    assert all(state.incomplete is None for state in report.sections.values())
    old = json.loads(report_to_json(report))
    for state in old["sections"].values():
        del state["incomplete"]
    assert report_from_json(json.dumps(old, ensure_ascii=False)) == report


# ---- drafting draft ------------------------------------------------------------------------------


@pytest.fixture
def report_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, server: FakeOpenAI) -> Path:
    """The example in a fresh working folder, section 六 already written, drafting against the fake server."""
    path = tmp_path / "yunlan-2023.json"
    shutil.copyfile(EXAMPLE_2023, path)
    report = load_report(path)
    report.sections["六"].add(PREVIOUS)
    save_report(report, path)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DRAFTING_BASE_URL", server.base_url)
    monkeypatch.setenv("DRAFTING_MODEL", "fake-model")
    return path


@pytest.mark.parametrize(
    ("reply", "note", "received"),
    [
        (Reply(text=SIX, chunk=12, end_after=1), "模型的回复在中途断开（没有收到结束标志）", FIRST_SENTENCE),
        (Reply(text=SIX, chunk=7, end_after=2), "模型的回复在中途断开（没有收到结束标志）", SIX[:14]),
        (Reply(text=SIX, chunk=12, cut_after=1), "模型的回复在中途断开（连接中断）", FIRST_SENTENCE),
        (Reply(text=SIX, finish_reason="length"), "模型的回复达到长度上限，在中途截断", SIX),
    ],
    ids=["cut-at-sentence-end", "cut-mid-sentence", "socket-cut", "length"],
)
def test_cli_exits_1_says_what_happened_and_keeps_the_current_text(
    server: FakeOpenAI,
    report_file: Path,
    capsys: pytest.CaptureFixture[str],
    reply: Reply,
    note: str,
    received: str,
) -> None:
    server.script(reply)
    assert main(["draft", str(report_file), "--section", "六"]) == 1
    captured = capsys.readouterr()
    assert captured.err.strip() == (
        f"六、其他需要报告的事项：{note}，已收到的 {len(received)} 字保存为“不完整草稿”，当前正文未改变。"
        "可在应用的“起草”页查看、复制这段文字，或重新运行本命令生成。"
    )
    assert received in captured.out and "检查通过" not in captured.out
    saved = load_report(report_file).sections["六"]
    assert saved.versions == [PREVIOUS]
    assert saved.incomplete is not None and saved.incomplete.text == received and saved.incomplete.note == note


def test_cli_normal_stop_saves_the_version_and_exits_0(
    server: FakeOpenAI, report_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    server.script(Reply(text=SIX, finish_reason="length"), Reply(text=SIX))
    assert main(["draft", str(report_file), "--section", "六"]) == 1
    assert "不完整草稿" in capsys.readouterr().err
    assert main(["draft", str(report_file), "--section", "六"]) == 0
    captured = capsys.readouterr()
    assert "不完整" not in captured.err and "六、其他需要报告的事项\n" + SIX in captured.out
    saved = load_report(report_file).sections["六"]
    assert [v.text for v in saved.versions] == [PREVIOUS.text, SIX]
    assert saved.incomplete is None
