"""Attaching last year's report: the prior-year link and last year's problems as follow-ups."""

from __future__ import annotations

import itertools
import re

from drafting.errors import ImportFailed
from drafting.model import FollowUp, Report

_MAX_ITEMS = 10
_MAX_CHARS = 300
_PROBLEMS_HEAD = re.compile(r"[（(]一[)）]\s*[^。；;\n]{0,12}(?:问题|不足)[^。；;\n]{0,6}?(?:[。：:\n]|(?=\S))")
_MEASURES_HEAD = re.compile(
    r"[（(][二三][)）]\s*[^。；;\n]{0,12}?(?:改进|整改|措施|下一步|打算|计划)|"
    r"(?:^|\n|。)\s*(?:改进情况|整改情况|整改措施|改进措施|下一步)"
)
_ITEM_MARK = re.compile(
    r"[一二三四五六七八九十]是|[（(][一二三四五六七八九十]+[)）]|(?<![\d.])\d{1,2}[.、．](?!\d)|[①②③④⑤⑥⑦⑧⑨⑩]"
)
_STRIP = "；;。，,：: \n\t"


def attach_prior(report: Report, prior: Report) -> Report:
    """A copy of the report with last year's report attached; last year's problems seed the follow-ups.

    The prior must be the report of the year before. Existing follow-ups are never replaced.
    """
    if prior.year != report.year - 1:
        msg = (f"上一年度报告应为 {report.year - 1} 年度，导入的是 {prior.year} 年度的报告；"
               f"请导入 {report.year - 1} 年度的年报")
        raise ImportFailed(msg)
    updated = report.model_copy(deep=True)
    updated.prior = prior.model_copy(deep=True, update={"prior": None})
    if not updated.notes.followups:
        updated.notes.followups = [FollowUp(problem=p) for p in prior_problems(prior)]
    return updated


def prior_problems(prior: Report) -> list[str]:
    """Last year's problems, from its section 五 (or, failing that, its staff notes)."""
    problems = split_problems(prior.sections["五"].text)
    return problems or [p.problem for p in prior.notes.problems]


def split_problems(text: str) -> list[str]:
    """The separate problems of a 五 text: its problems part split at 一是/（一）/1./；, measures left out."""
    part = _problems_part(text.strip())
    if not part:
        return []
    items = _split_marked(part)
    if len(items) < 2:
        items = [s for s in re.split(r"[；;]", part) if s.strip(_STRIP)]
        if len(items) < 2:
            items = [s for s in re.split(r"(?<=。)", part) if s.strip(_STRIP)]
    cleaned = [_clean(item) for item in items]
    return [item for item in cleaned if item][:_MAX_ITEMS]


def _problems_part(text: str) -> str:
    head = _PROBLEMS_HEAD.search(text)
    start = head.end() if head else 0
    tail = _MEASURES_HEAD.search(text, start)
    return text[start : tail.start() if tail else len(text)].strip(_STRIP)


def _split_marked(part: str) -> list[str]:
    marks = list(_ITEM_MARK.finditer(part))
    if len(marks) < 2:
        return []
    items = [part[m.end() : n.start()] for m, n in itertools.pairwise(marks)]
    last = part[marks[-1].end() :]
    items.append(last.split("。", 1)[0])
    return items


def _clean(item: str) -> str:
    text = re.sub(r"\s+", "", item).strip(_STRIP)
    return text[:_MAX_CHARS]
