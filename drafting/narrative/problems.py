"""Section 五's problems judged as a reviewer would: vague, without a measure, or last year's restated."""

from __future__ import annotations

import re
from collections.abc import Sequence

from drafting.findings import Finding, Severity
from drafting.io.importer.prior import prior_problems
from drafting.model import FollowUp, Report

RESTATED_THRESHOLD = 0.3
"""Bigram Jaccard at or above which a problem counts as last year's restated: on the 35 pairs of
tests/fixtures/problems/restated_pairs.json precision 94% and recall 94% (0.25-0.30 the same), 1 false flag
in 560 unrelated cross pairs (benchmarks/bench_restated.py prints the table)."""

_MIN_BIGRAMS = 3
_VAGUE = re.compile(
    r"有待(?:进一步)?(?:加强|提高|提升|增强|完善|改进|优化)|不够到位|不到位|进一步|仍需|还需|尚需|亟需|亟待|有待"
    r"|仍有差距|存在差距|仍显不足|不够(?:深入|全面|规范|完善|有力|严格|及时|准确)|(?:有所|仍有)松懈"
    r"|意识(?:仍然|仍|还|较)?(?:不强|淡薄|薄弱)|水平不高"
)
# What makes a problem specific: a number, a concrete manifestation, a responsible unit, a time limit.
_FIGURE = re.compile(r"\d|[一二两三四五六七八九十百千]+(?:个|件|条|次|篇|项|家|人|天|日|份|期|处|起|成)")
_MANIFESTATION = re.compile(r"表现|体现|例如|比如|其中|具体|主要是|[“《]")
_UNIT = re.compile(
    r"责任|牵头|负责|(?<![各部分个有些])[\u4e00-\u9fff]{2,6}(?:科|股|中心|大队|分局|办公室)(?![室员学技普])"
)
_DEADLINE = re.compile(r"\d{1,2}月|年底|年内|月底|季度|日内|工作日|时限|期限|之前|截至|底前|逾期|超期|滞后\d")
# Words every problem of every report shares: left out before comparing wordings.
_COMMON = re.compile(
    r"政府信息公开|政务公开|信息公开|公开|工作|存在|问题|方面|有待|进一步|仍然|仍需|还需|尚需|不够|部分|个别|一些|相关|有所"
    r"|加强|提高|提升|情况|[的了和与及等在对中还仍较为是未不]"
)
_NOT_CJK = re.compile(r"[^\u4e00-\u9fff]+")


def last_year_problems(report: Report) -> list[str]:
    """Last year's problems: the follow-up list staff keep, and those read from last year's 五."""
    found = [f.problem.strip() for f in report.notes.followups if f.problem.strip()]
    read = prior_problems(report.prior) if report.prior is not None else []
    return list(dict.fromkeys(found + read))


def bigrams(text: str) -> frozenset[str]:
    """Character bigrams of the wording that carries meaning (numbers, punctuation and common words left out)."""
    chunks = _NOT_CJK.split(_COMMON.sub(" ", text))
    return frozenset(c[i : i + 2] for c in chunks for i in range(len(c) - 1))


def containment(a: str, b: str) -> float:
    """Share of the shorter wording's bigrams found in the other one (0 when either is too short to judge);
    compared with Jaccard in the benchmark, where it flags more unrelated problems."""
    x, y = bigrams(a), bigrams(b)
    if min(len(x), len(y)) < _MIN_BIGRAMS:
        return 0.0
    return len(x & y) / min(len(x), len(y))


def jaccard(a: str, b: str) -> float:
    """Shared bigrams over all bigrams of both wordings: how far one problem is the other reworded."""
    x, y = bigrams(a), bigrams(b)
    return len(x & y) / len(x | y) if x and y else 0.0


def restated(text: str, last_year: Sequence[str]) -> tuple[str, float] | None:
    """Last year's problem this text restates (and the overlap), or None."""
    scored = [(old, jaccard(old, text)) for old in last_year]
    best = max(scored, key=lambda pair: pair[1], default=None)
    return best if best is not None and best[1] >= RESTATED_THRESHOLD else None


def vague_word(text: str) -> str | None:
    """The vague phrase of a problem that names no manifestation, figure, responsible unit or time limit."""
    word = _VAGUE.search(text)
    if word is None:
        return None
    specific = (_FIGURE, _MANIFESTATION, _UNIT, _DEADLINE)
    return None if any(p.search(text) for p in specific) else word.group()


def problem_warnings(problem: str, measure: str, last_year: Sequence[str] = ()) -> list[str]:
    """What to add to one of this year's problems, in the words shown beside it."""
    return [message for _, message in _problem_checks(problem, measure, last_year)]


def _problem_checks(problem: str, measure: str, last_year: Sequence[str]) -> list[tuple[str, str]]:
    """(rule, message) of each warning: P1 vague, P2 no measure, P3 last year's problem restated."""
    checks = []
    word = vague_word(problem)
    if word:
        checks.append(
            (
                "P1",
                f"问题表述较笼统（“{word}”）：请写明具体表现（哪类信息、哪个栏目）、数据（如 逾期答复×件）、"
                "责任单位或整改时限中的至少一项",
            )
        )
    if problem.strip() and not measure.strip():
        checks.append(("P2", "未写改进措施：请写明针对这一问题要做什么、由谁负责、何时完成"))
    old = restated(problem, last_year)
    if old is not None:
        checks.append(
            (
                "P3",
                f"与上年问题“{old[0]}”相近（重合 {old[1]:.0%}）：若是上年未解决的问题，请在“上年问题的整改情况”"
                "中写明整改进展，并在这里写出今年的新表现和数据；若是新问题，请换成具体的表述",
            )
        )
    return checks


def followup_warnings(item: FollowUp) -> list[str]:
    """What to add to the follow-up of one of last year's problems."""
    if item.status is None:
        draft = "正文只按“说明”写，不写整改状态" if item.outcome.strip() else "起草时这一条只留下【待补充】"
        return [f"尚未选择整改状态：{draft}，请选择已整改、正在整改或未整改"]
    if not item.outcome.strip():
        return [f"已选择“{item.status.value}”，请在“说明”中写明具体做法、成效或原因（如 发布图解×篇、×月前完成）"]
    return []


def problem_findings(report: Report) -> list[Finding]:
    """Warnings on section 五 for the draft gate: P1 vague, P2 no measure, P3 restated, P4 follow-up unchosen."""
    last_year = last_year_problems(report)
    findings = []
    for i, item in enumerate(report.notes.problems, start=1):
        checks = _problem_checks(item.problem, item.measure, last_year)
        findings += [_finding(rule, f"本年问题第 {i} 条：{message}") for rule, message in checks]
    for i, follow in enumerate(report.notes.followups, start=1):
        findings += [_finding("P4", f"上年问题第 {i} 条“{follow.problem}”：{w}") for w in followup_warnings(follow)]
    return findings


def _finding(rule: str, message: str) -> Finding:
    return Finding(rule, Severity.WARNING, message, section="五")
