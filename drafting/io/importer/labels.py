"""Row labels as real reports print them: known variants, then a close match with a floor, each one reported.

Reports print "3、其他" for "3.其他", 其它 for 其他, a character dropped or doubled. The official label is
found in tiers: the label itself (as the table readers always did), then the label after the known variants
are undone, then the one label the printed text is at least 80% like, clearly ahead of the next (every two
official labels are at most 75% alike, so no official label is taken for another). A match below the first
tier is reported with the printed text, so staff can see how each row was read.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from difflib import SequenceMatcher

# Printed fragment -> the official wording, applied to label keys.
KNOWN_VARIANTS: dict[str, str] = {
    "其它": "其他",
    "下一年度": "下年度",
    "三类内部事务": "三类内部事务信息",
    "四类过程性": "四类过程性信息",
    "政府信息公开申请数": "政府信息公开申请数量",
}
_LIST_MARK = re.compile(r"(?<![\d.])(\d)[、,，．](?=\D)")
_FLOOR = 0.8
_LEAD = 0.1
_MIN_LENGTH = 6


def undo_variants(key: str) -> str:
    """A label key with list marks unified ("3、" → "3.") and the known printed variants undone."""
    text = _LIST_MARK.sub(r"\1.", key)
    for printed, official in KNOWN_VARIANTS.items():
        if official not in text:
            text = text.replace(printed, official)
    return text


def closest(key: str, labels: Sequence[str]) -> int | None:
    """The index of the one label the end of `key` closely resembles, or None when none does, or two do.

    The list numbers must agree: "4.…" is never read as "5.…" however alike the words.
    """
    scores = sorted(((_likeness(key, label), i) for i, label in enumerate(labels)), reverse=True)
    if not scores or scores[0][0] < _FLOOR:
        return None
    if len(scores) > 1 and scores[0][0] - scores[1][0] < _LEAD:
        return None
    index = scores[0][1]
    return index if _same_number(key, labels[index]) else None


def _likeness(key: str, label: str) -> float:
    """How alike the end of the key and the label are; 0 unless they end alike (one stray character allowed).

    Requiring the ends to meet keeps a key that runs on past a label (the start of the next row, as when two
    rows' labels were joined: "…不计其他情形)(三1.属") from being read as that label.
    """
    if len(label) < _MIN_LENGTH:
        return 0.0
    tails = (key[-length:] for length in range(max(1, len(label) - 2), len(label) + 3))
    return max((_ratio_if_ends_meet(tail, label) for tail in tails), default=0.0)


def _ratio_if_ends_meet(tail: str, label: str) -> float:
    matcher = SequenceMatcher(None, tail, label)
    blocks = [b for b in matcher.get_matching_blocks() if b.size]
    if not blocks:
        return 0.0
    last = blocks[-1]
    left_over = tail[last.a + last.size :]
    ends_meet = last.b + last.size == len(label) and last.size >= 2 and _stray(left_over)
    return matcher.ratio() if ends_meet else 0.0


def _stray(text: str) -> bool:
    """At most one character after the label, and not the start of another row (a number, bracket or mark)."""
    return len(text) <= 1 and not re.match(r"[\d(（)）.、,，]", text)


def _same_number(key: str, label: str) -> bool:
    wanted = re.match(r"\d", label)
    if wanted is None:
        return True
    numbers = re.findall(r"(\d)\.", key[-(len(label) + 2) :])
    return not numbers or numbers[-1] == wanted.group(0)
