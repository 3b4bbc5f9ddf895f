"""Word's automatic list numbering (「一、」「（一）」 kept in numbering.xml, not the text) as visible text."""

from __future__ import annotations

from typing import Any

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_CN = "零一二三四五六七八九"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_CHINESE_FORMATS = frozenset({"chineseCounting", "chineseCountingThousand", "chineseLegalSimplified",
                              "ideographTraditional", "taiwaneseCounting", "taiwaneseCountingThousand"})


def chinese_number(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 99 → 九十九 (list numbers never go higher in a report)."""
    if n < 10:
        return _CN[n]
    tens, ones = divmod(n, 10)
    head = "" if tens == 1 else _CN[tens % 10]
    return head + "十" + (_CN[ones] if ones else "")


def _format(n: int, fmt: str) -> str:
    if fmt in _CHINESE_FORMATS and 0 < n < 100:
        return chinese_number(n)
    if fmt == "decimalEnclosedCircle" and 0 < n <= len(_CIRCLED):
        return _CIRCLED[n - 1]
    if fmt in ("lowerLetter", "upperLetter") and 0 < n <= 26:
        letter = chr(ord("a") + n - 1)
        return letter.upper() if fmt == "upperLetter" else letter
    return str(n)


class Numbering:
    """Counts numbered paragraphs in document order and gives each its visible list label."""

    def __init__(self, numbering_element: Any | None) -> None:
        self._levels: dict[str, dict[int, tuple[str, str, int]]] = {}
        self._abstract_of: dict[str, str] = {}
        self._counters: dict[str, list[int]] = {}
        if numbering_element is not None:
            self._load(numbering_element)

    def _load(self, root: Any) -> None:
        for abstract in root.iterchildren(_W + "abstractNum"):
            levels: dict[int, tuple[str, str, int]] = {}
            for lvl in abstract.iterchildren(_W + "lvl"):
                fmt, text, start = _val(lvl, "numFmt", "decimal"), _val(lvl, "lvlText", ""), _val(lvl, "start", "1")
                levels[int(lvl.get(_W + "ilvl", "0"))] = (fmt, text, int(start) if start.isdigit() else 1)
            self._levels[abstract.get(_W + "abstractNumId", "")] = levels
        for num in root.iterchildren(_W + "num"):
            ref = num.find(_W + "abstractNumId")
            if ref is not None:
                self._abstract_of[num.get(_W + "numId", "")] = ref.get(_W + "val", "")

    def label(self, paragraph: Any) -> str:
        """The list label Word shows before this paragraph (advancing the count), or ""."""
        num_pr = paragraph.find(f"{_W}pPr/{_W}numPr")
        if num_pr is None:
            return ""
        num_id = _val(num_pr, "numId", "0")
        ilvl = int(_val(num_pr, "ilvl", "0") or 0)
        abstract = self._abstract_of.get(num_id)
        levels = self._levels.get(abstract or "")
        if not levels or ilvl not in levels:
            return ""
        counters = self._counters.setdefault(abstract or "", [0] * 9)
        if not 0 <= ilvl < len(counters):
            return ""
        counters[ilvl] += 1
        for deeper in range(ilvl + 1, len(counters)):
            counters[deeper] = 0
        fmt, text, _ = levels[ilvl]
        if fmt in ("bullet", "none"):
            return ""
        for level in range(ilvl + 1):
            level_fmt, _, start = levels.get(level, ("decimal", "", 1))
            text = text.replace(f"%{level + 1}", _format(counters[level] + start - 1, level_fmt))
        return text


def _val(element: Any, child: str, default: str) -> str:
    node = element.find(_W + child)
    return str(node.get(_W + "val", default)) if node is not None else default
