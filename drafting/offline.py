"""The offline drafter: sections 一, 五 and 六 written deterministically from facts and staff notes."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from drafting.facts import Fact, build_facts, format_value
from drafting.gate import MAX_SECTION_ONE_CHARS, count_chars
from drafting.model import Aspect, KeyFigure, Report

OFFLINE_ORIGIN = "offline"
OFFLINE_LABEL = "离线起草（未使用大模型）"

_CN = "一二三四五六七八九十"
_END = "。；;，,、 \n"


def draft_offline(report: Report, section: str, facts: Iterable[Fact] | None = None) -> str:
    """A first draft of section 一, 五 or 六 that states only the report's facts and the staff's notes.

    Pass `facts` when they are already built (draft_section has them for the gate); else they are built here.
    """
    writers: dict[str, Callable[[Report, dict[str, Fact]], str]] = {"一": _section_one, "五": _section_five, "六": _six}
    if section not in writers:
        msg = f"离线起草只支持第一、五、六部分，收到的是“{section}”"
        raise ValueError(msg)
    by_key = {f.key: f for f in (build_facts(report) if facts is None else facts)}
    return writers[section](report, by_key)


# ---- helpers ---------------------------------------------------------------------------------------


def _num(fact: Fact) -> str:
    return format_value(abs(fact.value))


def _amount(fact: Fact) -> str:
    return f"{_num(fact)}{fact.unit}"


# A list marker staff typed at the start of a note (1. / 1、/ （一）/ 一是 / 第一，): the draft numbers items itself.
_CN_OR_DIGITS = "[一二三四五六七八九十\\d]+"
_MARKER = re.compile(
    rf"^\s*(?:[（(]{_CN_OR_DIGITS}[）)]|{_CN_OR_DIGITS}(?:、|[.．](?!\d))|[一二三四五六七八九十]是|第[一二三四五六七八九十]+[，,、])\s*"
)


def _sentence(text: str) -> str:
    text = _clause(text)
    return f"{text}。" if text else ""


def _clause(text: str) -> str:
    return _MARKER.sub("", text.strip()).strip().rstrip(_END)


def _ordinal_list(items: list[str]) -> str:
    """一是…；二是…。 — the enumeration real reports use."""
    parts = [f"{_CN[i] if i < len(_CN) else i + 1}是{_clause(item)}" for i, item in enumerate(items)]
    return "；".join(parts) + "。" if parts else ""


def _figures(figures: list[KeyFigure], limit: int | None = None) -> str:
    chosen = figures if limit is None else figures[:limit]
    parts = [f"{f.label}{format_value(f.value)}{f.unit}" for f in chosen]
    return f"全年{'，'.join(parts)}。" if parts else ""


def _first_sentence(text: str) -> str:
    cuts = [i for i in (text.find(mark) for mark in "。；;") if i >= 0]
    return _sentence(text[: min(cuts)]) if cuts else _sentence(text)


def _notes_text(text: str, mode: str) -> str:
    if not text.strip() or mode == "none":
        return ""
    return _sentence(text) if mode == "full" else _first_sentence(text)


# ---- section 一 ------------------------------------------------------------------------------------

_GENERIC = {
    Aspect.ACTIVE: "坚持以公开为常态、不公开为例外，按照《条例》第二十条等规定及时公开本机关职责范围内的政府信息。",
    Aspect.ON_REQUEST: "严格按照《条例》规定的程序和时限办理政府信息公开申请，依法依规作出答复。",
    Aspect.MANAGEMENT: "落实政府信息公开属性源头认定和发布前保密审查，规范政府信息发布流程。",
    Aspect.PLATFORM: "依托政府门户网站政府信息公开专栏发布政府信息，做好专栏内容维护和更新。",
    Aspect.OVERSIGHT: "明确政府信息公开工作分管领导和工作人员，将政府信息公开工作纳入日常工作统筹推进。",
}
_GOVERNMENT = "将政府信息公开工作纳入年度工作考核，主动接受社会评议和监督，严格落实责任追究制度。"
# Levels of detail, richest first, tried until section 一 fits in 1000 characters (F2021): staff notes in
# full, first sentence or left out; all key figures or the first few; table 二 decisions and YoY or not.
_DETAIL_LEVELS: tuple[tuple[str, int | None, bool], ...] = (
    ("full", None, True),
    ("first", None, True),
    ("first", 3, False),
    ("none", 3, False),
    ("none", 1, False),
)


def _section_one(report: Report, facts: dict[str, Fact]) -> str:
    text = ""
    for notes_mode, figure_limit, extras in _DETAIL_LEVELS:
        text = _compose_one(report, facts, notes_mode, figure_limit, extras)
        if report.format != "F2021" or count_chars(text) <= MAX_SECTION_ONE_CHARS:
            return text
    return text


def _compose_one(
    report: Report, facts: dict[str, Fact], notes_mode: str, figure_limit: int | None, extras: bool
) -> str:
    intro = (
        f"{report.year}年，{report.agency}深入贯彻落实《中华人民共和国政府信息公开条例》（以下简称《条例》），"
        "认真落实上级关于政务公开工作的部署要求，扎实做好政府信息公开各项工作，现将有关情况报告如下。"
    )
    paragraphs = [intro]
    request_notes = report.notes.aspects[Aspect.ON_REQUEST].notes if Aspect.ON_REQUEST in report.notes.aspects else ""
    table_parts: dict[Aspect, str] = {
        Aspect.ACTIVE: _active_table(report, facts) if extras else "",
        Aspect.ON_REQUEST: _on_request(facts, extras, "未收到" in request_notes),
        Aspect.MANAGEMENT: _management(report, facts),
    }
    for i, aspect in enumerate(Aspect):
        notes = report.notes.aspects.get(aspect)
        note_text = notes.notes if notes else ""
        figures = notes.figures if notes else []
        body = _notes_text(note_text, notes_mode) + _figures(figures, figure_limit) + table_parts.get(aspect, "")
        if aspect is Aspect.OVERSIGHT and report.kind == "人民政府" and "考核" not in body:
            body += _GOVERNMENT
        paragraphs.append(f"（{_CN[i]}）{aspect.label}。{body or _GENERIC[aspect]}")
    return "\n".join(paragraphs)


def _active_table(report: Report, facts: dict[str, Fact]) -> str:
    labels = (
        ("t2.license.decisions", "行政许可"),
        ("t2.penalty.decisions", "行政处罚"),
        ("t2.coercion.decisions", "行政强制"),
    )
    parts = [f"{name}{_num(facts[k])}件" for k, name in labels if k in facts and facts[k].value > 0]
    text = ""
    if parts:
        text = f"本年作出{'、'.join(parts)}处理决定（含依法未公开的处理决定），依法公开相关信息。"
    fee = facts.get("t2.admin_fee.fee_amount")
    if fee is not None and fee.value > 0 and report.format == "F2021":
        text += f"本年行政事业性收费金额{_amount(fee)}。"
    return text


def _on_request(facts: dict[str, Fact], extras: bool, notes_say_none: bool) -> str:
    new = facts.get("t3.new.total")
    if new is None:
        return ""
    if new.value == 0:
        text = "" if notes_say_none else "本年未收到政府信息公开申请"
        carry = facts.get("t3.carry_in.total")
        if carry is not None and carry.value > 0:
            text += f"{'，' if text else ''}上年结转申请{_num(carry)}件"
        return (text + "。" if text else "") + _reviews(facts)
    text = f"本年新收政府信息公开申请{_num(new)}件" + _applicants(facts)
    carry = facts.get("t3.carry_in.total")
    if carry is not None:
        text += f"，上年结转{_num(carry)}件"
    received = facts.get("t3.received.total")
    if carry is not None and carry.value > 0 and received is not None:
        text += f"，合计收到申请{_num(received)}件"  # the listed sum (facts.py), never added up here
    text += "。" + _results(facts)
    if extras:
        text += _yoy("新收申请", facts.get("yoy.new.total"), facts.get("yoy.new.total.pct"))
    return text + _reviews(facts)


def _applicants(facts: dict[str, Fact]) -> str:
    natural, orgs = facts.get("t3.new.natural"), facts.get("t3.new.orgs")
    if natural is None or orgs is None or natural.value == 0 or orgs.value == 0:
        return ""
    return f"（其中自然人申请{_num(natural)}件，法人或其他组织申请{_num(orgs)}件）"


def _results(facts: dict[str, Fact]) -> str:
    total = facts.get("t3.total.total")
    if total is None:
        return ""
    text = f"全年办结{_num(total)}件"
    parts = [
        f"{name}{_num(facts[k])}件"
        for k, name in (
            ("t3.open.total", "予以公开"),
            ("t3.partial.total", "部分公开"),
            ("t3.deny.total", "不予公开"),
            ("t3.unable.total", "无法提供"),
            ("t3.noproc.total", "不予处理"),
            ("t3.other.total", "其他处理"),
        )
        if k in facts and facts[k].value > 0
    ]
    if parts:
        text += f"，其中{'、'.join(parts)}"
    share = facts.get("share.disclosed")
    if share is not None and share.value > 0:
        text += f"，予以公开和部分公开的占办结总数的{_num(share)}%"
    carry_out = facts.get("t3.carry_out.total")
    if carry_out is not None:
        text += f"；结转下年度继续办理{_num(carry_out)}件" if carry_out.value > 0 else "；无结转下年度继续办理的申请"
    return text + "。"


def _yoy(what: str, change: Fact | None, pct: Fact | None) -> str:
    if change is None:
        return ""
    if change.value == 0:
        return f"{what}数量与上年持平。"
    up = change.value > 0
    text = f"与上年相比，{what}{'增加' if up else '减少'}{_num(change)}{change.unit}"
    if pct is not None:
        text += f"，{'增长' if up else '下降'}{_num(pct)}%"
    return text + "。"


def _reviews(facts: dict[str, Fact]) -> str:
    review, lit = facts.get("t4.review.total"), facts.get("t4.lit.total")
    if review is None or lit is None:
        return ""
    if review.value == 0 and lit.value == 0:
        return "本年未发生政府信息公开行政复议、行政诉讼案件。"
    return f"本年发生政府信息公开行政复议案件{_num(review)}件、行政诉讼案件{_num(lit)}件。"


def _management(report: Report, facts: dict[str, Fact]) -> str:
    if report.format == "F2021":
        columns = (("issued", "本年制发"), ("repealed", "废止"), ("in_force", "现行有效"))
    else:
        columns = (("made", "本年新制作"), ("published", "新公开"), ("total_public", "对外公开总数"))
    sentences = []
    for row, name in (("rules", "规章"), ("normative", "行政规范性文件" if report.format == "F2021" else "规范性文件")):
        found = [(label, facts[f"t2.{row}.{col}"]) for col, label in columns if f"t2.{row}.{col}" in facts]
        if not found or all(f.value == 0 for _, f in found):
            continue
        first_label, first = found[0]
        rest = "，".join(f"{label}{_num(f)}件" for label, f in found[1:])
        sentences.append(f"{first_label}{name}{_num(first)}件" + (f"，{rest}" if rest else ""))
    return "；".join(sentences) + "。" if sentences else ""


# ---- section 五 ------------------------------------------------------------------------------------


def _section_five(report: Report, facts: dict[str, Fact]) -> str:
    del facts
    notes = report.notes
    paragraphs: list[str] = []
    if notes.followups:
        done = [
            f"针对“{_clause(f.problem)}”的问题，{_clause(f.outcome) or '整改工作仍在推进中'}"
            for f in notes.followups
        ]
        paragraphs.append("上年度问题整改情况。" + "；".join(done) + "。")
    problems = [p.problem for p in notes.problems]
    measures = [p.measure for p in notes.problems if p.measure.strip()]
    if problems:
        lead = f"存在的主要问题。{report.year}年，本机关政府信息公开工作仍存在一些不足："
        paragraphs.append(lead + _ordinal_list(problems))
    else:
        paragraphs.append(
            "存在的主要问题。对照《条例》和上级要求，本机关政府信息公开工作在公开内容的全面性和及时性、"
            "政策解读的针对性和可读性等方面仍有提升空间。"
        )
    if measures:
        paragraphs.append("改进措施。针对上述问题，下一步将重点做好以下工作：" + _ordinal_list(measures))
    else:
        paragraphs.append(
            "改进措施。下一步将进一步健全政府信息公开工作机制，加强业务培训，"
            "提高信息发布的及时性和准确性，不断提升政府信息公开工作质量。"
        )
    return "\n".join(f"（{_CN[i]}）{p}" for i, p in enumerate(paragraphs))


# ---- section 六 ------------------------------------------------------------------------------------

FEE_UNKNOWN = "本年度信息处理费收取情况：【请填写是否收取信息处理费及收取金额】。"


def _six(report: Report, facts: dict[str, Fact]) -> str:
    items = [_sentence(item) for item in report.notes.other.items if item.strip()]
    fee = _fee_sentence(report, facts)
    if report.format != "F2021":
        body = [fee] if fee != FEE_UNKNOWN else []
        body += items
        return "\n".join(body) if body else "无其他需要报告的事项。"
    paragraphs = [f"（一）信息处理费收取情况。{fee}"]
    paragraphs += [f"（{_CN[i + 1]}）{item}" for i, item in enumerate(items[: len(_CN) - 1])]
    return "\n".join(paragraphs)


def _fee_sentence(report: Report, facts: dict[str, Fact]) -> str:
    notices, collected = facts.get("fee.notices"), facts.get("fee.collected")
    unpaid = facts.get("t3.other_2.total")
    if notices is None and collected is None:
        if unpaid is not None and unpaid.value > 0:
            return (
                f"本年度因申请人逾期未按收费通知要求缴纳费用、不再处理其政府信息公开申请{_num(unpaid)}件；"
                "信息处理费收取情况：【请填写收取金额】。"
            )
        return FEE_UNKNOWN
    basis = "依据《政府信息公开信息处理费管理办法》，" if report.format == "F2021" else ""
    if notices is not None and notices.value > 0:
        text = f"本年度{basis}向申请人发出信息处理费收费通知{_num(notices)}件"
        if unpaid is not None and unpaid.value > 0:
            text += f"，因申请人逾期未缴纳费用不再处理的申请{_num(unpaid)}件"
        return text + _collected(collected)
    if collected is not None and collected.value > 0:
        return f"本年度{basis}收取信息处理费{_amount(collected)}。"
    if notices is not None:
        return "本年度未向申请人发出信息处理费收费通知，未收取信息处理费。"
    return "本年度未收取信息处理费。"


def _collected(collected: Fact | None) -> str:
    if collected is None:
        return "。"
    if collected.value == 0:
        return "，未实际收取信息处理费。"
    return f"，实际收取信息处理费{_amount(collected)}。"
