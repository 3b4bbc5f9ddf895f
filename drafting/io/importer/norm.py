"""Text normalisation shared by the importer: label keys, value-like cells and blank markers."""

from __future__ import annotations

import re
import unicodedata

_SPACE_RE = re.compile(r"\s+")
_QUOTES = str.maketrans("", "", "“”\"'‘’「」『』")
_VALUE_RE = re.compile(r"^[\d\s.,+\-－—–/／%元万亿件个项起无]*$")
_BLANK_MARKERS = frozenset({"", "-", "--", "—", "——", "–", "/", "／", "－"})
_RULE_RE = re.compile(r"^[\s\-—–_=·.]+$")


def nfkc(text: str) -> str:
    """NFKC-folded text: full-width digits, brackets and punctuation become half-width."""
    return unicodedata.normalize("NFKC", text)


def label_key(text: str) -> str:
    """The matching key of a label: half-width, no whitespace, no quotes, unified list marks.

    「三、本 年度办 理结果」, 「（三）不予公开」 and 「(三) 不予公 开」 all get the same key.
    """
    folded = nfkc(text).translate(_QUOTES)
    folded = folded.replace("．", ".").replace("，", ",").replace("、", "、")
    return _SPACE_RE.sub("", folded)


def is_value_like(cell: str) -> bool:
    """True when a cell looks like a number, a blank, or a number with a unit (not a label)."""
    return bool(_VALUE_RE.match(nfkc(cell)))


def is_blank(cell: str) -> bool:
    """True for an empty cell or a dash/slash placeholder that publishes nothing."""
    return nfkc(cell).strip() in _BLANK_MARKERS or cell.strip() in _BLANK_MARKERS


def is_rule_line(cells: list[str]) -> bool:
    """True for a separator line such as 「--------  ---  ---」 that carries no content."""
    text = "".join(cells)
    return bool(text.strip()) and bool(_RULE_RE.match(text)) and not any(ch.isdigit() for ch in text)


def squash(text: str) -> str:
    """Text with runs of whitespace removed (for Chinese, where spaces are never meaningful)."""
    return _SPACE_RE.sub("", text)
