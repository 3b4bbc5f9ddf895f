"""The gate and the derived facts real reports state (issue 10 item 2): correct sums and shares pass,
wrong ones are flagged at their position."""

from __future__ import annotations

from decimal import Decimal

import pytest

from drafting.findings import Finding
from drafting.formats import TABLE3_LEAF_COLUMNS, table3_result_rows
from drafting.model import Report, new_report
from drafting.narrative.facts import build_facts, disclosed_sum
from drafting.narrative.gate import check_draft


def _report() -> Report:
    """新收 40 (自然人 30, 商业企业 10), 上年结转 2; 予以公开 25, 部分公开 5, 无法提供 10; 结转 2; 复议 2, 诉讼 1."""
    report = new_report("云岚市测试局", 2023)
    for row in ("new", "carry_in", "carry_out", *table3_result_rows(report.fmt)):
        for col in TABLE3_LEAF_COLUMNS:
            report.set_cell(f"t3.{row}.{col}", 0)
    for cell, value in {
        "t3.new.natural": 30,
        "t3.new.business": 10,
        "t3.carry_in.natural": 2,
        "t3.open.natural": 20,
        "t3.open.business": 5,
        "t3.partial.natural": 5,
        "t3.unable_1.natural": 10,
        "t3.carry_out.natural": 2,
    }.items():
        report.set_cell(cell, value)
    for group in ("review", "lit_direct", "lit_after_review"):
        for col in ("maintain", "correct", "other", "pending"):
            report.set_cell(f"t4.{group}.{col}", 0)
    report.set_cell("t4.review.maintain", 2)
    report.set_cell("t4.lit_direct.maintain", 1)
    return report


def _errors(report: Report, text: str, extra: bool = False) -> list[Finding]:
    facts = build_facts(report)
    if extra:
        sum_fact = disclosed_sum(report)
        assert sum_fact is not None
        facts.append(sum_fact)
    findings = check_draft(report, "一", text, facts)
    return [f for f in findings if f.rule == "G1" and f.severity.value == "error"]


def test_the_report_has_the_figures_the_sentences_need():
    facts = {f.key: f.value for f in build_facts(_report())}
    assert (facts["t3.new.total"], facts["t3.carry_in.total"], facts["t3.received.total"]) == (40, 2, 42)
    assert facts["t4.all.total"] == 3
    assert facts["share.unable"] == Decimal("25.0")


CORRECT = [
    "共收到申请42件（新收40件、上年结转2件）。",
    "本年度共收到政府信息公开申请42件，其中本年新收40件，上年结转2件。",
    "收到申请42件，同比持平。",
    "全年发生行政复议和行政诉讼案件3件。",
    "无法提供10件，占办结申请的25%。",
    "无法提供10件，占比25.0%。",
    "予以公开25件，占本年新收申请的62.5%。",
    "自然人申请30件，占新收申请的75%；法人或其他组织申请10件，占25%。",
    "予以公开和部分公开占办结申请的75%。",
]


@pytest.mark.parametrize("text", CORRECT)
def test_correct_sums_and_shares_pass(text):
    assert _errors(_report(), text) == []


WRONG = [
    ("共收到申请43件（新收40件、上年结转2件）。", "43件"),
    ("本年度共收到政府信息公开申请41件，其中本年新收40件，上年结转2件。", "41件"),
    ("全年发生行政复议和行政诉讼案件4件。", "4件"),
    ("无法提供10件，占办结申请的27%。", "27%"),
    ("予以公开25件，占本年新收申请的60.5%。", "60.5%"),
    ("自然人申请30件，占新收申请的73%。", "73%"),
]


@pytest.mark.parametrize(("text", "flagged"), WRONG, ids=[w[1] + w[0][:6] for w in WRONG])
def test_wrong_sums_and_shares_are_flagged_at_their_position(text, flagged):
    (finding,) = _errors(_report(), text)
    start, end = finding.span
    assert text[start:end] == flagged


def test_disclosed_sum_passes_when_the_gate_has_it():
    text = "予以公开及部分公开共30件。"
    assert _errors(_report(), text, extra=True) == []
    wrong = "予以公开及部分公开共31件。"
    (finding,) = _errors(_report(), wrong, extra=True)
    assert wrong[finding.span[0] : finding.span[1]] == "31件"


def test_disclosed_sum_is_a_fact():
    assert "t3.disclosed.total" in {f.key for f in build_facts(_report())}


def test_disclosed_sum_passes_only_where_named():
    """30 is 予以公开及部分公开 here; a clause that does not name it may not borrow its value."""
    assert _errors(_report(), "予以公开及部分公开30件。") == []
    text = "全年收到群众来信30件。"
    (finding,) = _errors(_report(), text)
    assert text[finding.span[0] : finding.span[1]] == "30件"
