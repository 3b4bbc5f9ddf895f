"""Section 一 offline: per aspect, the staff note, its key figures, the tables' figures: each figure stated once."""

from __future__ import annotations

from collections.abc import Callable

from drafting.model import Aspect, AspectNotes, KeyFigure, Report
from drafting.narrative.facts import Fact, format_value
from drafting.narrative.gate import GOVERNMENT_KEYWORDS, MAX_SECTION_ONE_CHARS, count_chars
from drafting.narrative.offline import tables
from drafting.narrative.offline.text import Said, cn_ordinal, first_sentence, placeholder, sentence

Facts = dict[str, Fact]

# Levels of detail, richest first, tried until section 一 fits in 1000 characters (F2021): staff notes in
# full or their first sentence; all key figures or the first few; table 二 decisions and YoY or not.
_DETAIL_LEVELS: tuple[tuple[bool, int | None, bool], ...] = (
    (True, None, True),
    (False, None, True),
    (False, 3, False),
    (False, 1, False),
)


def section_one(report: Report, facts: Facts) -> str:
    """Section 一, shortened step by step until it fits the F2021 limit (or the last step is reached)."""
    text = ""
    for full_notes, figure_limit, extras in _DETAIL_LEVELS:
        text = _compose(report, facts, full_notes, figure_limit, extras)
        if report.format != "F2021" or count_chars(text) <= MAX_SECTION_ONE_CHARS:
            return text
    return text


def _compose(report: Report, facts: Facts, full_notes: bool, figure_limit: int | None, extras: bool) -> str:
    # 《条例》 is defined in the report's preamble (render.layout.preamble), so the section uses the short name.
    intro = f"{report.year}年，{report.agency}依照《条例》开展政府信息公开工作，主要情况如下。"
    notes = {aspect: report.notes.aspects.get(aspect, AspectNotes()) for aspect in Aspect}
    written = {aspect: (sentence if full_notes else first_sentence)(n.notes) for aspect, n in notes.items()}
    said = Said(notes="".join(written.values()))
    for text in written.values():
        said.add(text)
    paragraphs = [intro]
    for i, aspect in enumerate(Aspect):
        table = _TABLES[aspect](report, facts, said, extras)  # before the key figures: a table figure wins
        figures = _figures(notes[aspect].figures[:figure_limit], said, written[aspect])
        body = _gap(report, aspect, notes[aspect]) + written[aspect] + figures + table
        if aspect is Aspect.OVERSIGHT and report.kind == "人民政府":
            body += _government(body)
        paragraphs.append(f"{cn_ordinal(i)}{aspect.label}。{body}")
    return "\n".join(paragraphs)


def _gap(report: Report, aspect: Aspect, notes: AspectNotes) -> str:
    """The placeholder for an aspect staff said nothing about (the tables alone do not say what was done)."""
    if notes.notes.strip() or notes.figures:
        return ""
    if aspect is Aspect.OVERSIGHT and report.kind == "人民政府":
        return ""  # _government asks for the whole of it
    return placeholder(f"本机关在{aspect.label}方面的具体做法")


def _government(body: str) -> str:
    """A 人民政府 reports 工作考核、社会评议和责任追究 results (条例第五十条): ask for what the text lacks."""
    missing = [word for word in GOVERNMENT_KEYWORDS if word not in body]
    if not missing:
        return ""
    words = "、".join(missing[:-1]) + ("和" if len(missing) > 1 else "") + missing[-1]
    if not body:
        return placeholder(f"本机关在监督保障方面的具体做法，以及{words}结果情况")
    return placeholder(f"本机关{words}结果情况")


# A key figure that is a stock, not a flow of the year (现行有效…, 累计…), or that names its period itself.
_NO_YEAR = ("现行", "截至", "累计", "共", "本年", "全年", "年内")


def _figures(figures: list[KeyFigure], said: Said, note: str) -> str:
    """The key figures the note and the tables did not state, as one sentence (全年… unless the note says it)."""
    kept = said.keep([f"{f.label}{format_value(f.value)}{f.unit}" for f in figures])
    if not kept:
        return ""
    year = "" if "全年" in note or kept[0].startswith(_NO_YEAR) else "全年"
    return f"{year}{'，'.join(kept)}。"


def _active(report: Report, facts: Facts, said: Said, extras: bool) -> str:
    return tables.active(report, facts, said) if extras else ""


def _on_request(report: Report, facts: Facts, said: Said, extras: bool) -> str:
    del report
    return tables.on_request(facts, said, extras) + tables.reviews(facts, said)


def _management(report: Report, facts: Facts, said: Said, extras: bool) -> str:
    del extras
    return tables.documents(report, facts, said)


def _nothing(report: Report, facts: Facts, said: Said, extras: bool) -> str:
    del report, facts, said, extras
    return ""


_TABLES: dict[Aspect, Callable[[Report, Facts, Said, bool], str]] = {
    Aspect.ACTIVE: _active,
    Aspect.ON_REQUEST: _on_request,
    Aspect.MANAGEMENT: _management,
    Aspect.PLATFORM: _nothing,
    Aspect.OVERSIGHT: _nothing,
}
