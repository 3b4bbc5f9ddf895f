"""HTML views of section text: a character diff between two versions, and highlighted number spans."""

from __future__ import annotations

import html
from difflib import SequenceMatcher

_DEL = '<del style="background:#fde2e1;color:#a61b1b">{}</del>'
_INS = '<ins style="background:#dcf5e3;color:#146c2e;text-decoration:none">{}</ins>'
_MARK = '<mark style="background:#ffe08a" title="{title}">{text}</mark>'


def _esc(text: str) -> str:
    return html.escape(text).replace("\n", "<br>")


def diff_html(old: str, new: str) -> str:
    """The change from old to new, by characters: deletions struck through in red, insertions in green."""
    parts: list[str] = []
    for op, a1, a2, b1, b2 in SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if op == "equal":
            parts.append(_esc(old[a1:a2]))
            continue
        if a2 > a1:
            parts.append(_DEL.format(_esc(old[a1:a2])))
        if b2 > b1:
            parts.append(_INS.format(_esc(new[b1:b2])))
    return "".join(parts)


def highlight_html(text: str, spans: list[tuple[int, int, str]]) -> str:
    """The text with each (start, end, why) span marked; overlapping or out-of-range spans are skipped."""
    parts: list[str] = []
    position = 0
    for start, end, why in sorted(spans):
        if start < position or end > len(text) or start >= end:
            continue
        parts.append(_esc(text[position:start]))
        parts.append(_MARK.format(title=html.escape(why, quote=True), text=_esc(text[start:end])))
        position = end
    parts.append(_esc(text[position:]))
    return "".join(parts)
