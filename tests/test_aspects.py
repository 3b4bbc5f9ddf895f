"""Section 一 by aspect (issue 11 item 8): find each aspect's paragraph, redraft one, keep locked ones."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from fake_openai import FakeOpenAI, Reply, serve

from drafting.errors import DraftingError
from drafting.model import Aspect, Report, SectionVersion, report_from_json, report_to_json
from drafting.narrative.aspects import aspect_paragraphs, heading, keep_locked, paragraph, replace_aspect
from drafting.narrative.draft import draft_text, save_draft
from drafting.narrative.llm import build_chat_model
from drafting.settings import Settings

A, R, M, P, S = Aspect.ACTIVE, Aspect.ON_REQUEST, Aspect.MANAGEMENT, Aspect.PLATFORM, Aspect.OVERSIGHT  # S: supervision

TEXT = (
    "2023年，本局依照《条例》开展政府信息公开工作。\n\n"
    "（一）主动公开。全年发布信息612条。\n\n"
    "（二）依申请公开。本年新收政府信息公开申请48件。\n\n"
    "（三）政府信息管理。开展行政规范性文件清理。\n\n"
    "（四）政府信息公开平台建设。优化门户网站专栏。\n\n"
    "（五）监督保障。组织政务公开培训3次。"
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (TEXT, [A, R, M, P, S]),
        ("一、主动公开\n发布信息。\n二、依申请公开\n新收申请。", [A, R]),  # 一、 headings with names
        ("（一）加强主动公开，发布信息。\n（三）规范政府信息管理。", [A, M]),  # names inside the heading
        ("（四）其他工作。\n（二）依申请公开。", [P, R]),  # （四） naming nothing counts by ordinal
        ("一、总体情况\n全年工作平稳。", []),  # a section heading is not an aspect
        ("全年工作平稳。", []),
    ],
)
def test_aspect_paragraphs_found(text, expected):
    assert list(aspect_paragraphs(text)) == expected


def test_a_paragraph_runs_to_the_next_aspect_without_the_blank_lines():
    assert paragraph(TEXT, M) == "（三）政府信息管理。开展行政规范性文件清理。"
    assert paragraph(TEXT, S) == "（五）监督保障。组织政务公开培训3次。"
    assert paragraph("全年工作平稳。", M) == ""


def test_replacing_one_aspect_leaves_every_other_character():
    new = replace_aspect(TEXT, M, "（三）政府信息管理。落实发布前保密审查。\n")
    assert new == TEXT.replace("开展行政规范性文件清理。", "落实发布前保密审查。")


def test_a_missing_aspect_is_inserted_in_order():
    text = TEXT.replace("（三）政府信息管理。开展行政规范性文件清理。\n\n", "")
    new = replace_aspect(text, M, "（三）政府信息管理。落实保密审查。")
    assert list(aspect_paragraphs(new)) == [A, R, M, P, S]
    assert replace_aspect("总述。", S, heading(S) + "培训。") == "总述。\n\n（五）监督保障。培训。"


def test_locked_paragraphs_come_back_after_a_whole_redraft():
    redrafted = TEXT.replace("全年发布信息612条", "全年发布信息600条").replace("组织政务公开培训3次", "培训两次")
    kept = keep_locked(TEXT, redrafted, [S])
    assert "培训3次" in kept and "600条" in kept


def _with_text(report: Report) -> Report:
    report.sections["一"].add(SectionVersion(text=TEXT, origin="human"))
    return report


def test_offline_redraft_of_one_aspect_changes_only_that_paragraph(report_2023):
    report = _with_text(report_2023)
    result = draft_text(report, "一", aspect=M)
    spans = aspect_paragraphs(result.text)
    assert list(spans) == [A, R, M, P, S]
    assert paragraph(result.text, M) != paragraph(TEXT, M) and "行政规范性文件" in paragraph(result.text, M)
    for aspect in (A, R, P, S):
        assert paragraph(result.text, aspect) == paragraph(TEXT, aspect)
    assert result.text.startswith("2023年，本局依照《条例》开展政府信息公开工作。")


def test_only_section_one_is_drafted_by_aspect(report_2023):
    with pytest.raises(DraftingError, match="只有第一部分"):
        draft_text(report_2023, "五", aspect=M)


def test_a_whole_offline_redraft_keeps_the_locked_paragraph(report_2023):
    report = _with_text(report_2023)
    report.sections["一"].locked_aspects = [S]
    result = draft_text(report, "一")
    assert paragraph(result.text, S) == paragraph(TEXT, S)
    assert paragraph(result.text, R) != paragraph(TEXT, R)  # the rest is the new draft
    save_draft(report, "一", result)
    again = report_from_json(report_to_json(report))
    assert again.sections["一"].locked_aspects == [S] and again.sections["一"].text == result.text


def test_an_old_report_without_locked_aspects_loads(report_2023):
    data = re.sub(r',\s*"locked_aspects": \[\]', "", report_to_json(report_2023))
    assert '"locked_aspects"' not in data
    assert report_from_json(data).sections["一"].locked_aspects == []


@pytest.fixture
def server() -> Iterator[FakeOpenAI]:
    yield from serve()


def test_the_model_is_asked_for_one_paragraph_and_it_replaces_only_that_one(server, report_2023):
    report = _with_text(report_2023)
    model = build_chat_model(Settings(base_url=server.base_url, model="fake-model", timeout=2))  # type: ignore[arg-type]
    server.script(Reply(text="（三）政府信息管理。落实公开属性源头认定，开展行政规范性文件清理。"))
    result = draft_text(report, "一", model, aspect=M)
    [request] = server.requests
    assert "只重写第一部分中“政府信息管理”这一段：以“（三）政府信息管理。”开头" in request.prompt_text
    assert paragraph(result.text, M) == "（三）政府信息管理。落实公开属性源头认定，开展行政规范性文件清理。"
    assert result.text.replace(paragraph(result.text, M), "") == TEXT.replace(paragraph(TEXT, M), "")
    assert result.version.prompt_version and result.version.prompt_version.endswith("/management")


def test_a_reply_without_the_heading_gets_it_and_the_other_paragraphs_stay(server, report_2023):
    report = _with_text(report_2023)
    model = build_chat_model(Settings(base_url=server.base_url, model="fake-model", timeout=2))  # type: ignore[arg-type]
    server.script(Reply(text="落实公开属性源头认定，开展行政规范性文件清理。"))
    result = draft_text(report, "一", model, aspect=M)
    assert paragraph(result.text, M) == "（三）政府信息管理。落实公开属性源头认定，开展行政规范性文件清理。"
    assert list(aspect_paragraphs(result.text)) == [A, R, M, P, S]
    for aspect in (A, R, P, S):
        assert paragraph(result.text, aspect) == paragraph(TEXT, aspect)
