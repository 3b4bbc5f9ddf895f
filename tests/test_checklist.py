"""The 年报 review checklist (issue 11 item 7): each point ✓ / ✗ / — computed from the report, table-driven.

Every case starts from the fictional 2023 report (examples/yunlan-sthj-2023.json, last year's report attached,
表四 with one 结果纠正) with its offline drafts as section texts, changes one thing, and states the marks the
checklist must give, by item title.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from drafting.model import Report, SectionVersion, load_report
from drafting.narrative.checklist import CheckItem, review_checklist
from drafting.narrative.draft import check_section
from drafting.narrative.offline import draft_offline
from drafting.tables.checks import run_checks
from tests.conftest import FICTIONAL_2023, SAMPLE_2020

ASPECTS = "第一部分五个方面都有实质内容"
NUMBERS = "正文中的数字与表格、工作情况一致"
CONTINUITY = "上年结转、现行有效件数与上年衔接"
CORRECTIONS = "被复议、诉讼纠错的情况已说明"
FIVE = "第五部分问题具体，并回应上年问题的整改"
FEE = "第六部分写明信息处理费的收取情况"
LENGTH = "第一部分不超过 1000 字"


def _set(report: Report, section: str, text: str) -> None:
    report.sections[section].add(SectionVersion(text=text, origin="human"))  # type: ignore[index]


def drafted(path=FICTIONAL_2023) -> Report:
    report = load_report(path)
    for section in ("一", "五", "六"):
        _set(report, section, draft_offline(report, section))
    return report


def checklist(report: Report) -> dict[str, CheckItem]:
    gate = {sid: check_section(report, sid, report.sections[sid].text) for sid in ("一", "五", "六")}
    return {item.title: item for item in review_checklist(report, run_checks(report), gate)}


def _edit(section: str, change: Callable[[str], str]) -> Callable[[Report], None]:
    return lambda report: _set(report, section, change(report.sections[section].text))


def _break_carry_over(report: Report) -> None:
    report.prior.cells["t3.carry_out.total"] = 5  # type: ignore[union-attr]


def _explain_carry_over(report: Report) -> None:
    _break_carry_over(report)
    _edit("一", lambda t: t + "\n上年结转申请数与上年报告不一致，原因是上年报告统计有误，已重新核定。")(report)


def _break_with_a_sentence_that_explains_nothing(report: Report) -> None:
    _break_carry_over(report)
    _edit("一", lambda t: t + "\n另有3件因在法定期限内尚未办结，结转下年度继续办理。")(report)


def _five_by_hand_without_notes(report: Report) -> None:
    report.notes.problems = []
    text = "（一）上年问题整改情况。政策解读形式单一的问题已整改。（二）存在的主要问题。执法公示信息发布不及时。"
    _edit("五", lambda t: text)(report)


def _no_prior(report: Report) -> None:
    report.prior = None


def _vague_problem(report: Report) -> None:
    report.notes.problems[0].problem = "政务公开工作有待进一步加强"
    report.notes.problems[0].measure = ""


CASES: list[tuple[str, Callable[[Report], None], dict[str, str]]] = [
    (
        "the offline drafts",
        lambda r: None,
        dict.fromkeys((ASPECTS, NUMBERS, CONTINUITY, CORRECTIONS, FIVE, FEE, LENGTH), "✓"),
    ),
    (
        "a wrong number",
        _edit("一", lambda t: t.replace("新收政府信息公开申请48件", "新收政府信息公开申请46件")),
        {NUMBERS: "✗"},
    ),
    ("a gap left", _edit("一", lambda t: t + "\n【待补充：本机关在监督保障方面的具体做法】"), {ASPECTS: "✗"}),
    ("an aspect missing", _edit("一", lambda t: t.split("（五）")[0].replace("考核", "")), {ASPECTS: "✗"}),
    ("纠正 not stated", _edit("一", lambda t: t.replace("纠正1件、", "")), {CORRECTIONS: "✗"}),
    ("carry-over break", _break_carry_over, {CONTINUITY: "✗"}),
    ("carry-over break explained", _explain_carry_over, {CONTINUITY: "✓"}),
    ("a 结转 sentence with no reason", _break_with_a_sentence_that_explains_nothing, {CONTINUITY: "✗"}),
    ("no prior report", _no_prior, {CONTINUITY: "—"}),
    ("五 by hand, no problems in the notes", _five_by_hand_without_notes, {FIVE: "✓"}),
    ("no fee in 六", _edit("六", lambda t: "本年度无其他需要报告的事项。"), {FEE: "✗"}),
    ("五 empty", _edit("五", lambda t: ""), {FIVE: "✗"}),
    ("a vague problem", _vague_problem, {FIVE: "✗"}),
    ("五 without last year", _edit("五", lambda t: "一是公开内容不够全面。二是解读形式单一。"), {FIVE: "✗"}),
    ("一 too long", _edit("一", lambda t: t + "\n" + "本局持续推进政务公开标准化规范化建设。" * 60), {LENGTH: "✗"}),
]


@pytest.mark.parametrize(("name", "change", "marks"), CASES, ids=[c[0] for c in CASES])
def test_checklist_marks(name, change, marks):
    report = drafted()
    change(report)
    items = checklist(report)
    assert {title: items[title].mark for title in marks} == marks, {t: items[t].detail for t in marks}


def test_every_failed_item_says_what_to_do_and_where():
    report = drafted()
    _edit("一", lambda t: t.replace("新收政府信息公开申请48件", "新收政府信息公开申请46件"))(report)
    item = checklist(report)[NUMBERS]
    assert (item.page, item.section) == ("draft", "一")
    assert "第一部分 1 处" in item.detail and "请" in item.detail


def test_items_that_do_not_apply_are_marked_as_such():
    items = checklist(drafted(SAMPLE_2020))  # F2019: no fee section rule, no length limit, no 纠正 in 表四
    assert {t: items[t].mark for t in (FEE, LENGTH, CORRECTIONS)} == dict.fromkeys((FEE, LENGTH, CORRECTIONS), "—")


def test_a_report_with_no_text_yet():
    items = checklist(load_report(FICTIONAL_2023))
    assert items[ASPECTS].mark == "✗" and items[NUMBERS].mark == "—" and items[LENGTH].mark == "—"
