"""Sentence helpers of the offline drafter: clauses, enumerations, amounts, placeholders, figures already said."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from drafting.narrative.facts import Fact, format_value
from drafting.narrative.numerals import extract_numbers

CN = "一二三四五六七八九十"
_END = "。；;，,、 \n"

# A list marker staff typed at the start of a note (1. / 1、/ （一）/ 一是 / 第一，): the draft numbers items itself.
_CN_OR_DIGITS = "[一二三四五六七八九十\\d]+"
_MARKER = re.compile(
    rf"^\s*(?:[（(]{_CN_OR_DIGITS}[）)]|{_CN_OR_DIGITS}(?:、|[.．](?!\d))|[一二三四五六七八九十]是|第[一二三四五六七八九十]+[，,、])\s*"
)


def placeholder(what: str) -> str:
    """The visible gap the gate flags (G7) and the export checklist lists: 【待补充：…】."""
    return f"【待补充：{what}】"


def num(fact: Fact) -> str:
    """A count as written: no sign, no trailing zeros."""
    return format_value(abs(fact.value))


def clause(text: str) -> str:
    """Staff text without a typed list marker and without its closing punctuation."""
    return _MARKER.sub("", text.strip()).strip().rstrip(_END)


def sentence(text: str) -> str:
    """Staff text as one sentence ending in 。, or an empty string."""
    body = clause(text)
    return f"{body}。" if body else ""


def first_sentence(text: str) -> str:
    """The first sentence of staff text (up to 。 or ；), for a section that must be shortened."""
    cuts = [i for i in (text.find(mark) for mark in "。；;") if i >= 0]
    return sentence(text[: min(cuts)]) if cuts else sentence(text)


def ordinal_list(items: list[str]) -> str:
    """一是…；二是…。 — the enumeration real reports use."""
    parts = [f"{CN[i] if i < len(CN) else i + 1}是{clause(item)}" for i, item in enumerate(items)]
    return "；".join(parts) + "。" if parts else ""


def cn_ordinal(i: int) -> str:
    """（一）, （二）… for the i-th paragraph (0-based)."""
    return f"（{CN[i] if i < len(CN) else i + 1}）"


# ---- amounts ---------------------------------------------------------------------------------------

_CENT = Decimal("0.01")
_YUAN = Decimal(1)
_WAN = Decimal(10000)


def money(value: Decimal, unit: str) -> str:
    """An amount as a reader expects it: 万元 to at most two decimals, 元 as a whole number (万元 from 1万).

    12.35万元 stays; 5949.088667万元 reads 5949.09万元; 0.0031万元 (too small for 万元) reads 31元;
    251000元 reads 25.1万元.
    """
    if unit == "万元":
        wan = value.quantize(_CENT, rounding=ROUND_HALF_UP)
        if wan == 0 and value > 0:
            return money(value * _WAN, "元")
        return f"{format_value(wan)}万元"
    if unit == "元" and value >= _WAN:
        return money(value / _WAN, "万元")
    if unit == "元":
        return f"{format_value(value.quantize(_YUAN, rounding=ROUND_HALF_UP))}元"
    return f"{format_value(value)}{unit}"


# ---- figures already said --------------------------------------------------------------------------

# Bigrams every label shares; they say nothing about which figure a clause is about.
_COMMON = frozenset({"政府", "府信", "信息", "息公", "公开", "本年", "全年", "年度", "年共", "共计", "其中"})
_CUT = re.compile(r"[，,；;。：:、（）()“”\s]")


def _bigrams(text: str) -> frozenset[str]:
    return frozenset(text[i : i + 2] for i in range(len(text) - 1)) - _COMMON


def _name_before(text: str, start: int) -> frozenset[str]:
    """What a number in `text` at `start` counts: the words of its clause before it."""
    head = _CUT.split(text[max(0, start - 16) : start])[-1]
    return _bigrams(head)


@dataclass
class Said:
    """The figures a section has stated so far (value, unit, name), so that none is stated twice."""

    notes: str = ""
    figures: list[tuple[Decimal, str, frozenset[str]]] = field(default_factory=list)

    def mentions(self, pattern: str) -> bool:
        """Whether the staff notes written in the section match `pattern` (未收到…申请, 复议)."""
        return re.search(pattern, self.notes) is not None

    def add(self, text: str) -> None:
        """Remember every figure of `text`."""
        for m in extract_numbers(text):
            if m.is_figure:
                self.figures.append((m.value, m.unit, _name_before(text, m.start)))

    def covers(self, text: str) -> bool:
        """Whether `text` states figures and every one is already said (same value and unit, a shared name)."""
        mentions = [m for m in extract_numbers(text) if m.is_figure]
        return bool(mentions) and all(self._has(m.value, m.unit, _name_before(text, m.start)) for m in mentions)

    def _has(self, value: Decimal, unit: str, name: frozenset[str]) -> bool:
        return any(v == value and u == unit and (n & name) for v, u, n in self.figures)

    def keep(self, clauses: list[str]) -> list[str]:
        """The clauses that say something new, each remembered as said."""
        kept = [c for c in clauses if c and not self.covers(c)]
        for c in kept:
            self.add(c)
        return kept
