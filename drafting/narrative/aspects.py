"""Section 一 by aspect: find the paragraph of each of the five aspects, replace one, keep locked ones."""

from __future__ import annotations

import re
from collections.abc import Iterable

from drafting.model import ASPECT_LABELS, Aspect

_ORDINALS = "一二三四五"
# A paragraph that opens an aspect: （三）政府信息管理。 / 三、政府信息管理 / （三）加强政府信息管理…
_OPENING = re.compile(r"^[ \t\u3000]*(?:（([一二三四五])）|([一二三四五])、)")
_SHORT_NAMES: dict[Aspect, tuple[str, ...]] = {
    Aspect.ACTIVE: ("主动公开",),
    Aspect.ON_REQUEST: ("依申请公开", "依申请"),
    Aspect.MANAGEMENT: ("政府信息管理", "信息管理"),
    Aspect.PLATFORM: ("平台建设", "公开平台"),
    Aspect.OVERSIGHT: ("监督保障", "监督"),
}


def heading(aspect: Aspect) -> str:
    """How a paragraph of the aspect opens in our drafts: （三）政府信息管理。"""
    return f"（{_ORDINALS[list(Aspect).index(aspect)]}）{ASPECT_LABELS[aspect]}。"


def aspect_paragraphs(text: str) -> dict[Aspect, tuple[int, int]]:
    """The character span of each aspect's paragraph (its opening line up to the next aspect's, or the end).

    An aspect opens a line as （三）… or 三、… and is recognised by its name in the first 12 characters; a
    （三） line naming none is taken by its ordinal. An aspect written twice keeps its first paragraph.
    """
    openings = [(line.start(), aspect) for line, aspect in _openings(text)]
    spans: dict[Aspect, tuple[int, int]] = {}
    for i, (start, aspect) in enumerate(openings):
        end = openings[i + 1][0] if i + 1 < len(openings) else len(text)
        if aspect not in spans:
            spans[aspect] = (start, _trim_end(text, start, end))
    return spans


def _openings(text: str) -> Iterable[tuple[re.Match[str], Aspect]]:
    for line in re.finditer(r"^.*$", text, flags=re.MULTILINE):
        found = _OPENING.match(line.group())
        aspect = _aspect_of(line.group(), found) if found is not None else None
        if found is not None and aspect is not None:
            yield line, aspect


def _aspect_of(line: str, found: re.Match[str]) -> Aspect | None:
    head = line[found.end() : found.end() + 12]
    for aspect, names in _SHORT_NAMES.items():
        if any(n in head for n in names):
            return aspect
    bracketed = found.group(1)  # （三） without a name still counts; 三、 alone may be a section heading
    return list(Aspect)[_ORDINALS.index(bracketed)] if bracketed else None


def _trim_end(text: str, start: int, end: int) -> int:
    """The paragraph ends before the blank lines that separate it from the next one."""
    while end > start and text[end - 1] in "\n \t\u3000":
        end -= 1
    return end


def paragraph(text: str, aspect: Aspect) -> str:
    """The aspect's paragraph in the text, or '' when the text has none."""
    span = aspect_paragraphs(text).get(aspect)
    return text[span[0] : span[1]] if span else ""


def replace_aspect(text: str, aspect: Aspect, new_paragraph: str) -> str:
    """The text with the aspect's paragraph replaced; a missing aspect is inserted in the order of the five."""
    new_paragraph = new_paragraph.strip()
    spans = aspect_paragraphs(text)
    if aspect in spans:
        start, end = spans[aspect]
        return text[:start] + new_paragraph + text[end:]
    later = [spans[a][0] for a in list(Aspect)[list(Aspect).index(aspect) + 1 :] if a in spans]
    if later:
        at = min(later)
        return text[:at] + new_paragraph + "\n\n" + text[at:]
    return text.rstrip() + "\n\n" + new_paragraph


def keep_locked(old_text: str, new_text: str, locked: Iterable[Aspect]) -> str:
    """A regenerated text with each locked aspect's paragraph put back as it was in the old text."""
    for aspect in locked:
        kept = paragraph(old_text, aspect)
        if kept:
            new_text = replace_aspect(new_text, aspect, kept)
    return new_text
