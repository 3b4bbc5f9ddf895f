"""Section 五 offline: last year's problems followed up, this year's problems and measures, gaps left visible."""

from __future__ import annotations

from drafting.model import FollowUp, FollowUpStatus, Problem, Report
from drafting.narrative.offline.text import CN, clause, cn_ordinal, ordinal_list, placeholder


def section_five(report: Report) -> str:
    """上年度问题整改情况 (when there is anything to follow up), 存在的主要问题, 改进措施."""
    notes = report.notes
    paragraphs = []
    followups = _followups(report, notes.followups)
    if followups:
        paragraphs.append(f"上年度问题整改情况。{followups}")
    problems = [p for p in notes.problems if p.problem.strip()]
    if problems:
        lead = f"存在的主要问题。{report.year}年，本机关政府信息公开工作仍存在一些不足："
        paragraphs.append(lead + ordinal_list([p.problem for p in problems]))
    else:
        paragraphs.append(f"存在的主要问题。{placeholder('本机关本年度政府信息公开工作存在的具体问题')}")
    paragraphs.append(f"改进措施。{_measures(problems)}")
    return "\n".join(f"{cn_ordinal(i)}{p}" for i, p in enumerate(paragraphs))


def _followups(report: Report, followups: list[FollowUp]) -> str:
    if not followups:
        prior = report.prior
        has_prior_five = prior is not None and bool(prior.sections["五"].text.strip())
        return placeholder("上年度报告所列问题的整改情况") if has_prior_five else ""
    return "；".join(_followup(f) for f in followups) + "。"


# What each status says, and what is still to be written when the staff chose it but gave no 说明.
_STATUS_WORDS = {
    FollowUpStatus.DONE: ("已完成整改", "整改的具体做法和成效"),
    FollowUpStatus.ONGOING: ("整改正在推进", "已采取的措施和完成时限"),
    FollowUpStatus.NOT_DONE: ("尚未完成整改", "未完成的原因和下一步安排"),
}


def _followup(item: FollowUp) -> str:
    """One follow-up: the status only when staff chose it; neither status nor 说明 is a gap, not a claim."""
    problem, outcome = clause(item.problem), clause(item.outcome)
    if item.status is None:
        return f"针对“{problem}”的问题，{outcome}" if outcome else placeholder(f"上年问题“{problem}”的整改情况")
    said, missing = _STATUS_WORDS[item.status]
    return f"针对“{problem}”的问题，{said}" + (f"：{outcome}" if outcome else placeholder(missing))


def _measures(problems: list[Problem]) -> str:
    if not any(p.measure.strip() for p in problems):
        what = "针对上述问题的具体改进措施" if problems else "具体改进措施"
        return placeholder(what)
    measures = [
        p.measure if p.measure.strip() else placeholder(f"针对第{CN[i] if i < len(CN) else i + 1}个问题的改进措施")
        for i, p in enumerate(problems)
    ]
    return "针对上述问题，下一步将重点做好以下工作：" + ordinal_list(measures)
