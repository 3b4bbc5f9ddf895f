"""Reasoning models' <think>…</think> blocks: removed from the stream as it arrives, never shown or saved.

The filter is checked at every split of sample streams (tags split across chunks), then against the fake
OpenAI-compatible server through the real client, drafting and `save_draft`.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fake_openai import FakeOpenAI, Reply, serve

from drafting.errors import LLMError
from drafting.model import Report
from drafting.narrative.draft import draft_section, save_draft
from drafting.narrative.llm import (
    EMPTY_REPLY_MESSAGE,
    ThinkFilter,
    build_chat_model,
    check_connection,
    template_opens_think,
)
from drafting.settings import Settings

FIRST, REST = "本年度未收取信息处理费。", "本机关全年未发出收费通知。"
ANSWER = FIRST + REST
TAGLIKE = "比较 a<b 与 </t 以及 <thinking> 标记"

# (name, stream, hold_start, complete, shown, unterminated)
STREAMS = [
    ("block-first", f"<think>先看材料：收费为0。</think>\n\n{ANSWER}", False, True, ANSWER, False),
    ("blank-before-block", f" \n<think>\n想一想\n</think>{ANSWER}", False, True, ANSWER, False),
    ("empty-block", f"<think>\n\n</think>\n\n{ANSWER}", False, True, ANSWER, False),  # Qwen3 without thinking
    ("no-block", ANSWER, False, True, ANSWER, False),
    ("block-mid-answer", f"{FIRST}<think>再核对</think>{REST}", False, True, ANSWER, False),
    ("two-blocks", f"<think>一</think>{FIRST}<think>二</think>{REST}", False, True, ANSWER, False),
    ("tag-like-text", TAGLIKE, False, True, TAGLIKE, False),
    ("ends-in-tag-start", "正文。<", False, True, "正文。<", False),
    ("only-a-tag-start", "<thi", False, True, "<thi", False),
    ("unterminated", "<think>想到一半就没了", False, False, "", True),
    ("unterminated-after-answer", f"{FIRST}<think>还要再想", False, True, FIRST, True),
    # DeepSeek-R1 and QwQ: the template opens the block, the reply carries only </think>
    ("opening-missing", f"嗯，用户要写第六部分。</think>\n\n{ANSWER}", True, True, ANSWER, False),
    ("opening-missing-cut", "嗯，用户要写第六部分，先看", True, False, "", True),
    ("opening-missing-no-reasoning", ANSWER, True, True, ANSWER, False),
    ("opening-present-held-model", f"<think>想</think>{ANSWER}", True, True, ANSWER, False),
]
IDS = [row[0] for row in STREAMS]


def _run(pieces: list[str], hold_start: bool, complete: bool) -> tuple[str, ThinkFilter]:
    think = ThinkFilter(hold_start=hold_start)
    shown = "".join(think.feed(piece) for piece in pieces)
    return shown + think.close(complete=complete), think


def _splits(text: str) -> Iterator[list[str]]:
    """The text whole, cut at every point, cut at every pair of points, and one character at a time."""
    yield [text]
    for i in range(1, len(text)):
        yield [text[:i], text[i:]]
    for i in range(1, len(text)):
        for j in range(i + 1, len(text)):
            yield [text[:i], text[i:j], text[j:]]
    yield list(text)


@pytest.mark.parametrize(("name", "stream", "hold_start", "complete", "shown", "unterminated"), STREAMS, ids=IDS)
def test_every_split_of_a_stream_shows_the_same_text(
    name: str, stream: str, hold_start: bool, complete: bool, shown: str, unterminated: bool
) -> None:
    for pieces in _splits(stream):
        text, think = _run(pieces, hold_start, complete)
        assert (text, think.unterminated) == (shown, unterminated), pieces


def test_the_answer_shows_as_it_arrives_and_reasoning_never_does() -> None:
    think = ThinkFilter()
    assert think.feed("<think>先看") == ""
    assert think.feed("材料。</thi") == ""
    assert think.feed("nk>\n\n本年度") == "本年度"  # the answer shows in the chunk that brings it
    assert think.feed("未收取<th") == "未收取"  # only what may be a tag is held back
    assert think.feed("e") == "<the"  # released as soon as it cannot be a tag
    assert think.feed("rapy>") == "rapy>"
    assert think.close(complete=True) == ""
    assert think.reasoning_chars == len("先看材料。")


def test_a_model_whose_template_opens_the_block_is_held_until_it_closes() -> None:
    think = ThinkFilter(hold_start=True)
    assert think.feed("嗯，先看材料") == ""
    assert think.feed("。</think>本年度") == "本年度"
    assert think.feed("未收取。") == "未收取。"


def test_reasoning_sent_apart_releases_a_held_reply() -> None:
    think = ThinkFilter(hold_start=True)
    think.release()
    assert think.feed(ANSWER) == ANSWER


@pytest.mark.parametrize(
    ("name", "opens"),
    [
        ("deepseek-r1:7b", True),
        ("deepseek-r1:14b-qwen-distill-q4_K_M", True),
        ("DeepSeek-R1-Distill-Qwen-32B", True),
        ("deepseek-ai/DeepSeek-R1-0528", True),
        ("qwq:32b", True),
        ("QwQ-32B", True),
        ("qwen3:8b", False),  # Qwen3's template leaves the opening tag to the model
        ("deepseek-reasoner", False),  # DeepSeek's API sends reasoning apart
        ("deepseek-chat", False),
        ("qwen2.5:7b", False),
        ("r10-model", False),
    ],
)
def test_models_whose_template_opens_the_block(name: str, opens: bool) -> None:
    assert template_opens_think(name) is opens


# ---- through the real client, drafting and saving ---------------------------------------------------


@pytest.fixture
def server() -> Iterator[FakeOpenAI]:
    yield from serve()


def _model(server: FakeOpenAI, name: str = "fake-model"):  # type: ignore[no-untyped-def]
    chat = build_chat_model(Settings(base_url=server.base_url, model=name, timeout=2))
    assert chat is not None
    return chat


@pytest.mark.parametrize("chunk", [1, 3, 7, 40])
def test_the_client_stream_carries_no_reasoning(server: FakeOpenAI, chunk: int) -> None:
    server.script(Reply(text=f"<think>先看材料：收费为0。</think>\n\n{ANSWER}", chunk=chunk))
    pieces = [str(c.content) for c in _model(server).stream("hi")]
    assert "".join(pieces) == ANSWER
    assert not any("think" in p or "材料" in p for p in pieces)


def test_an_r1_reply_without_the_opening_tag_streams_only_the_answer(server: FakeOpenAI) -> None:
    server.script(Reply(text=f"嗯，用户要写第六部分。</think>\n\n{ANSWER}", chunk=4))
    assert "".join(str(c.content) for c in _model(server, "deepseek-r1:7b").stream("hi")) == ANSWER


def test_reasoning_in_its_own_field_is_not_held_back(server: FakeOpenAI) -> None:
    server.script(Reply(text=ANSWER, chunk=5, reasoning="嗯，先看材料。", reasoning_field="reasoning"))
    pieces = [str(c.content) for c in _model(server, "deepseek-r1:7b").stream("hi")]
    assert "".join(pieces) == ANSWER
    assert len([p for p in pieces if p]) > 2  # streamed piece by piece, not held to the end


def test_check_connection_with_a_reasoning_model(server: FakeOpenAI) -> None:
    server.script(Reply(text="<think>只回一个字。</think>好"))
    assert check_connection(Settings(base_url=server.base_url, model="qwen3:8b", timeout=2)).startswith("连接成功")


def test_a_drafted_section_never_shows_or_saves_reasoning(server: FakeOpenAI, report_2023: Report) -> None:
    server.script(Reply(text=f"<think>先看第六部分的材料。</think>\n\n{ANSWER}", chunk=3))
    stream = draft_section(report_2023, "六", _model(server))
    assert "".join(stream) == ANSWER
    result = stream.result
    assert result.complete and result.text == ANSWER
    save_draft(report_2023, "六", result)
    assert report_2023.sections["六"].current is not None
    assert report_2023.sections["六"].current.text == ANSWER


def test_a_block_left_open_after_some_text_is_an_incomplete_draft(server: FakeOpenAI, report_2023: Report) -> None:
    server.script(Reply(text="本年度未收取信息处理费。<think>还要再核对一下收费", chunk=5))
    stream = draft_section(report_2023, "六", _model(server))
    assert "".join(stream) == "本年度未收取信息处理费。"
    result = stream.result
    assert not result.complete
    assert result.incomplete == "模型提前结束了回复（思考过程（<think>）没有结束，正文没有写完）"
    save_draft(report_2023, "六", result)
    assert report_2023.sections["六"].incomplete is not None
    assert "核对" not in report_2023.sections["六"].incomplete.text


@pytest.mark.parametrize("finish_reason", ["length", "stop"])
def test_a_reply_that_is_all_reasoning_leaves_no_text(
    server: FakeOpenAI, report_2023: Report, finish_reason: str
) -> None:
    server.script(Reply(text="<think>材料很多，先逐条核对……", chunk=4, finish_reason=finish_reason))
    before = report_2023.sections["六"].current
    stream = draft_section(report_2023, "六", _model(server))
    with pytest.raises(LLMError) as info:
        "".join(stream)
    assert str(info.value) == EMPTY_REPLY_MESSAGE and "回复长度上限" in str(info.value)
    assert report_2023.sections["六"].current is before and report_2023.sections["六"].incomplete is None
