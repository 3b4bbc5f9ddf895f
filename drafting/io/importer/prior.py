"""Attaching last year's report: the prior-year link and last year's problems as follow-ups."""

from __future__ import annotations

import itertools
import re

from drafting.errors import ImportFailed
from drafting.model import FollowUp, Report

_MAX_ITEMS = 10
_MAX_CHARS = 300
_STRIP = "；;。，,：: \n\t　"
_CN = "一二三四五六七八九十"
_ITEM_MARK = re.compile(rf"[{_CN}]是|[（(][{_CN}]+[)）]|(?<![\d.])\d{{1,2}}[.、．](?!\d)|[①②③④⑤⑥⑦⑧⑨⑩]")
# A sub-heading of 五: （一）存在的主要问题。 / 二、改进措施 / （一）上年度问题整改情况：
_HEADING = re.compile(
    rf"(?:^|(?<=[\n。]))[ \t　]*(?:[（(][{_CN}][)）]|[{_CN}][、.．])[ \t　]*"
    r"(?P<title>[^。：:；;\n]{2,24}?)[ \t　]*(?:[。：:\n]|$)"
)
_FOLLOWUP_TITLE = re.compile(r"^(?:上年|上一年|去年|以往|\d{4}年[^，,]{0,8}问题)[^，,]{0,12}(?:整改|落实|改进)")
_PROBLEMS_TITLE = re.compile(
    r"^(?:本年度?|当前|目前|工作中)?(?:存在的?|面临的?)?(?:主要|突出)?(?:的)?(?:问题|不足|短板|困难)"
)
_MEASURES_TITLE = re.compile(
    r"^(?:下一步|下步|今后|下一年度?|明年|\d{4}年度?)?(?:的)?(?:主要)?(?:工作)?(?:改进|整改|努力)?(?:的)?"
    r"(?:措施|举措|打算|计划|方向|思路|安排|情况|工作)"
)
_MEASURES_WORD = re.compile(r"下一步|下步|今后|改进|整改|措施|举措|打算|计划|方向|思路")
# Where the measures begin inside running text: a sentence opening a plan (下一步… / 针对上述问题… /
# 2024年，我局将… / …采取以下措施…：).
_SENTENCE_START = r"(?:(?<=[。！？；;\n])|^)[ \t　]*"
_UNIT = r"(?:区|县|市|局|委|办|厅|镇|乡|街道|单位|部门|机关|中心|们)"
_MEASURES_LEAD = re.compile(
    _SENTENCE_START
    + r"(?:下一步|下步|下一阶段|今后|接下来|为此|对此|针对(?:上述|以上|存在|这些|前述|此)|为(?:进一步|切实|更好)"
    r"|(?:\d{4}年|明年|新的一年|下一年度?)[，,]?[^。；：:\n]{0,12}?(?:将|拟|计划|打算|准备)"
    rf"|(?:我|本){_UNIT}[^。；：:，,\n]{{0,4}}?(?:将|拟|计划|打算)"
    r"|(?:改进|整改)(?:措施|情况|举措)[：:。，,]"
    r"|[^。；;\n]{0,30}?(?:(?:以下|如下|几项|几个方面)(?:措施|举措)|措施如下|加以(?:改进|整改)[：:]))",
    re.M,
)
# A problems lead-in, not a problem: 虽然取得了一定成效，但仍存在一些不足 / 主要表现在 / 存在以下问题
_PROBLEMS_LEAD = re.compile(
    r"成效|成绩|进展|主要表现|具体表现|主要体现|^[^，,]{0,20}(?:存在|有)(?:以下|如下|一些|一定的?|不少)?(?:主要)?(?:的)?"
    r"(?:问题|不足|短板|差距|改善空间|薄弱环节|地方)$"
)
_PROBLEM_PREFIX = re.compile(r"^(?:存在的?|目前|当前|工作中)?(?:主要)?(?:问题|不足)(?:主要)?(?:是|为|在于)[：:，,]?")
# A measure added to a problem in the same item: …不够及时，下一步将建立周调度机制
_FIRST_MARK = re.compile(r"一是|[（(]一[)）]|1[.、．]|①")
_INLINE_MEASURE = re.compile(
    rf"[，,；;。]\s*(?:下一步|今后|接下来|为此|对此|针对(?:此|这一|该)|(?:我|本){_UNIT}?将|拟|(?<![仍还尚亟])需要?进一步)"
)
_MEASURE_VERB = re.compile(
    r"^(?:进一步|持续|继续|着力|全面|切实)?(?:加强|完善|健全|建立|推进|提升|提高|强化|优化|加大|落实|深化|规范|丰富|做好"
    r"|开展|组织|拓展|创新|增强|统一|制定)"
)
_DEFICIT = re.compile(r"不(?!断|少于|定期)|未|缺|差|弱|低|少|慢|待|欠|滞后|单一|难|问题|薄弱|松懈|参差|偏")


def attach_prior(report: Report, prior: Report) -> Report:
    """A copy of the report with last year's report attached; last year's problems seed the follow-ups.

    The prior must be the report of the year before. Existing follow-ups are never replaced.
    """
    if prior.year != report.year - 1:
        msg = (
            f"上一年度报告应为 {report.year - 1} 年度，导入的是 {prior.year} 年度的报告；"
            f"请导入 {report.year - 1} 年度的年报"
        )
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
    """The separate problems of a 五 text: lead-ins, last year's follow-up and the measures left out."""
    part = _before_measures(_problems_part(text.strip()))
    if not part:
        return []
    items = _split_marked(part)
    if len(items) < 2:
        items = [s for s in re.split(r"[；;]", part) if s.strip(_STRIP)]
        if len(items) < 2:
            items = [s for s in re.split(r"(?<=。)", part) if s.strip(_STRIP)]
    cleaned = [_clean(item) for item in items]
    return [item for item in cleaned if item and _is_problem(item)][:_MAX_ITEMS]


def _problems_part(text: str) -> str:
    """The text under a 问题 sub-heading; without one, all but the 整改/措施 sub-sections."""
    parts = _parts(text)
    chosen = [body for kind, body in parts if kind == "problems"]
    if not chosen:
        chosen = [body for kind, body in parts if kind == "other"]
    return "\n".join(chosen).strip(_STRIP)


def _parts(text: str) -> list[tuple[str, str]]:
    """(kind, body) of each sub-section; the text before the first sub-heading is of kind "other"."""
    heads = [(m, kind) for m in _HEADING.finditer(text) if (kind := _heading_kind(m.group("title")))]
    starts = [0] + [m.end() for m, _ in heads]
    ends = [m.start() for m, _ in heads] + [len(text)]
    kinds = ["other"] + [kind for _, kind in heads]
    parts = [(kind, text[start:end]) for kind, start, end in zip(kinds, starts, ends, strict=True)]
    return [(kind, body) for kind, body in parts if body.strip(_STRIP)]


def _heading_kind(title: str) -> str:
    title = title.strip()
    if _FOLLOWUP_TITLE.match(title):
        return "followup"
    if _PROBLEMS_TITLE.match(title):
        return "problems"
    if _MEASURES_TITLE.match(title) and _MEASURES_WORD.search(title):
        return "measures"
    return ""


def _before_measures(part: str) -> str:
    """The text before the measures: cut at a plan that starts a list of its own (一是… again) or no list at all.

    A plan followed by the next problem (一是A。下一步将X。二是B) belongs to its problem and is trimmed there.
    """
    for lead in _MEASURES_LEAD.finditer(part, 1):
        mark = _ITEM_MARK.search(part, lead.start())
        if mark is None or _FIRST_MARK.fullmatch(mark.group()):
            return part[: lead.start()].strip(_STRIP)
    return part


def _split_marked(part: str) -> list[str]:
    marks = list(_ITEM_MARK.finditer(part))
    if len(marks) < 2:
        return []
    items = [part[m.end() : n.start()] for m, n in itertools.pairwise(marks)]
    last = part[marks[-1].end() :]
    items.append(last.split("。", 1)[0])
    return items


def _clean(item: str) -> str:
    """The item without spaces, a 问题是 prefix, a measure added to it, or a 【待补充…】 gap left by a drafter."""
    text = _PROBLEM_PREFIX.sub("", re.sub(r"\s+|【[^】]*】", "", item).strip(_STRIP))
    inline = _INLINE_MEASURE.search(text)
    text = text[: inline.start()] if inline else text
    return text.strip(_STRIP)[:_MAX_CHARS]


def _is_problem(item: str) -> bool:
    """Not a lead-in (虽取得成效，但仍存在不足) and not a measure (加强培训，提升能力)."""
    if _PROBLEMS_LEAD.search(item):
        return False
    return not (_MEASURE_VERB.match(item) and not _DEFICIT.search(item))
