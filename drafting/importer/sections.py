"""Recognition: the six parts by their headings, table rows per part, and the agency and year from the title."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

from drafting.importer.norm import is_value_like, label_key, nfkc, squash
from drafting.importer.readers import Document, Paragraph

PARTS: tuple[str, ...] = ("一", "二", "三", "四", "五", "六")
TABLE_PARTS: tuple[str, ...] = ("二", "三", "四")
TEXT_PARTS: tuple[str, ...] = ("一", "五", "六")

_SEP = r"[、.,]?"
_HEADINGS: dict[str, re.Pattern[str]] = {
    "一": re.compile(rf"^(?:一{_SEP})?总体(?:情况|概况)$"),
    "二": re.compile(rf"^二{_SEP}主动公开政府信息的?情况$"),
    "三": re.compile(rf"^三{_SEP}收到和处理政府信息公开申请的?情况$"),
    "四": re.compile(rf"^四{_SEP}政府信息公开行政复议[、,]?(?:行政)?诉讼的?情况$"),
    "五": re.compile(rf"^(?:五{_SEP})?[^。;]{{0,12}}?(?:存在的?主要问题|存在问题|主要问题)[^。;]{{0,4}}"
                     r"(?:改进|整改|措施)[^。;]{0,8}$"),
    "六": re.compile(rf"^(?:六{_SEP})?其他需要报告的?事项$"),
}
_MAX_HEADING = 40
_ENUM_START = re.compile(r"^\s*(?:[（(][一二三四五六七八九十\d]+[)）]|[一二三四五六七八九十]+[、是]|\d+[.、．]|[①-⑩])")
_TERMINAL = tuple("。！？；：…”\"）)")
_DATE_LINE = re.compile(r"^\s*(?:\d{4}|[〇零一二三四五六七八九]{4})\s*年.{1,3}月.{1,3}日\s*$")


def match_heading(text: str) -> str | None:
    """The part ("一"…"六") whose heading this line is, or None."""
    key = label_key(text).rstrip(":：")
    if not key or len(key) > _MAX_HEADING:
        return None
    for part, pattern in _HEADINGS.items():
        if pattern.match(key):
            return part
    return None


@dataclass
class Parts:
    """A document cut into its parts: preamble lines, narrative paragraphs and table rows per part."""

    preamble: list[str] = field(default_factory=list)
    headings: dict[str, str] = field(default_factory=dict)
    narrative: dict[str, list[str]] = field(default_factory=dict)
    rows: dict[str, list[list[str]]] = field(default_factory=dict)
    signature: list[str] = field(default_factory=list)
    stray_tables: int = 0

    def text(self, part: str) -> str:
        """A narrative part's text, paragraphs separated by a blank line."""
        return "\n\n".join(self.narrative.get(part, []))


@dataclass(frozen=True)
class _Item:
    """One paragraph, or one row of a table (with the table's index), in reading order."""

    text: str
    paragraph: Paragraph | None = None
    row: tuple[str, ...] = ()
    table: int = -1


def _items(doc: Document) -> list[_Item]:
    items: list[_Item] = []
    for index, block in enumerate(doc.blocks):
        if isinstance(block, Paragraph):
            items.append(_Item(block.text, paragraph=block))
        else:
            items.extend(_Item(" | ".join(c for c in row if c.strip()), row=row, table=index) for row in block.rows)
    return items


def _heading_of(item: _Item) -> str | None:
    if item.paragraph is not None:
        return match_heading(item.text)
    filled = [c for c in item.row if c.strip()]
    return match_heading(filled[0]) if len(filled) == 1 else None


def _best_chain(candidates: list[tuple[int, str]]) -> dict[int, str]:
    """The longest run of headings in part order (一 before 二 …), earliest first on ties.

    A line that merely looks like a heading (a sub-heading 「（四）存在问题及整改措施」 inside 一) is left out
    when keeping it would lose the real headings after it.
    """
    best: list[tuple[int, int]] = []  # (length of the best chain ending here, index of the previous candidate)
    for i, (_, part) in enumerate(candidates):
        options = [(best[j][0], -j) for j in range(i) if PARTS.index(candidates[j][1]) < PARTS.index(part)]
        length, neg_prev = max(options, default=(0, 1))
        best.append((length + 1, -neg_prev))
    if not best:
        return {}
    end = max(range(len(best)), key=lambda i: (best[i][0], -i))
    chain: dict[int, str] = {}
    while end >= 0:
        chain[candidates[end][0]] = candidates[end][1]
        end = best[end][1]
    return chain


def split_parts(doc: Document) -> Parts:
    """Cut the document at its part headings (the longest in-order run of them) into preamble, texts and rows."""
    parts = Parts()
    items = _items(doc)
    chosen = _best_chain([(i, part) for i, item in enumerate(items) if (part := _heading_of(item))])
    current = ""
    lines: dict[str, list[Paragraph]] = {p: [] for p in TEXT_PARTS}
    stray: set[int] = set()
    for i, item in enumerate(items):
        if i in chosen:
            current = chosen[i]
            parts.headings[current] = item.text.strip()
        elif not current:
            parts.preamble.append(item.text.strip())
        elif current in TABLE_PARTS:
            parts.rows.setdefault(current, []).append(list(item.row) if item.table >= 0 else split_cells(item.text))
        elif item.paragraph is not None:
            lines[current].append(item.paragraph)
        else:
            stray.add(item.table)
    parts.stray_tables = len(stray)
    for part in TEXT_PARTS:
        parts.narrative[part] = merge_wrapped(lines[part])
    _strip_signature(parts)
    return parts


def split_cells(line: str) -> list[str]:
    """Cells of a text line: by tabs, else by |, else by runs of spaces (a unit sticks to its number)."""
    if "\t" in line:
        return line.split("\t")
    if "|" in line or "｜" in line:
        cells = [c.strip() for c in re.split(r"[|｜]", line)]
        framed = line.strip()[:1] in "|｜" and line.strip()[-1:] in "|｜"
        return cells[1:-1] if framed and len(cells) > 2 else cells
    tokens: list[str] = []
    for token in line.split():
        if tokens and nfkc(token) in ("元", "万元", "亿元") and is_value_like(tokens[-1]):
            tokens[-1] += token
        else:
            tokens.append(token)
    return tokens


def merge_wrapped(lines: list[Paragraph]) -> list[str]:
    """Paragraphs of a narrative part; lines hard-wrapped mid-sentence (as copied from a PDF) are rejoined."""
    out: list[str] = []
    for line in lines:
        text = line.text.strip()
        if out and line.joined and _continues(out[-1], text):
            out[-1] += text
        else:
            out.append(text)
    return out


def _continues(previous: str, text: str) -> bool:
    if previous.endswith(_TERMINAL) or _ENUM_START.match(text):
        return False
    enumerated = _ENUM_START.match(previous) is not None and len(previous) <= 40 and not re.search(r"[；;。]", previous)
    heading_like = len(previous) <= 15 or enumerated
    return not heading_like


def _strip_signature(parts: Parts) -> None:
    last = next((p for p in reversed(TEXT_PARTS) if parts.narrative.get(p)), None)
    if last is None:
        return
    paragraphs = parts.narrative[last]
    if len(paragraphs) > 1 and _DATE_LINE.match(paragraphs[-1]):
        parts.signature.insert(0, paragraphs.pop())
        tail = paragraphs[-1] if paragraphs else ""
        if len(paragraphs) > 1 and len(tail) <= 30 and not re.search(r"[，。；：,;:]", tail):
            parts.signature.insert(0, paragraphs.pop())


# ---- agency and year -----------------------------------------------------------------------------

_CN_DIGITS = str.maketrans("〇零一二三四五六七八九", "00123456789")
_CN_YEAR = re.compile(r"[〇零一二三四五六七八九]{4}(?=年)")
_REPORT = r"(?:政府)?(?:信息公开|政务公开)(?:工作)?年度?报告?"
_TITLE_AGENCY_FIRST = re.compile(r"^(?P<agency>.+?)(?P<year>20\d{2})年度?" + _REPORT)
_TITLE_YEAR_FIRST = re.compile(r"^(?P<year>20\d{2})年度?(?P<agency>.+?)" + _REPORT)
_TITLE_YEAR_LAST = re.compile(r"^(?P<agency>.+?)" + _REPORT + r"[(（](?P<year>20\d{2})年?度?[)）]")
_PERIOD = re.compile(r"(20\d{2})年0?1月0?1日?(?:至|到|-|—|～|~)(?:\1年)?12月31日")
_PUBLISHER = re.compile(r"^(?:发布机构|发文机关|来源|信息来源|发布单位)[:：|]?(?P<agency>[^|]{2,40})$")
_AGENCY_PREFIX = re.compile(r"^(?:名称|标题|关于)[:：|]?")


@dataclass(frozen=True)
class Meta:
    """Agency and year as found, and where each came from (for the summary)."""

    agency: str | None
    year: int | None
    agency_source: str = ""
    year_source: str = ""


def find_meta(parts: Parts, titles: list[str]) -> Meta:
    """Agency and year from the title (preamble or page), else the preamble's period, the publisher, the signature."""
    agency, year, a_src, y_src = None, None, "", ""
    for candidate in _title_candidates(parts.preamble, titles):
        found = _from_title(candidate)
        if found:
            agency, year = found
            a_src = y_src = f"标题“{candidate}”"
            break
    if year is None:
        match = _PERIOD.search(squash(nfkc("".join(parts.preamble))))
        if match:
            year, y_src = int(match.group(1)), "开头的统计期限"
    if agency is None:
        agency, a_src = _publisher(parts)
    return Meta(agency, year, a_src, y_src)


def _title_candidates(preamble: list[str], titles: list[str]) -> list[str]:
    out: list[str] = []
    head = preamble[:12]
    wrapped = [a + b for a, b in itertools.pairwise(head) if "|" not in a + b]
    for line in [*head, *titles, *wrapped]:
        for cell in re.split(r"\s*[|｜]\s*", line):
            text = _CN_YEAR.sub(lambda m: m.group(0).translate(_CN_DIGITS), squash(nfkc(cell)))
            text = _AGENCY_PREFIX.sub("", text.strip("《》「」\"“”"))
            if "报告" in text and len(text) <= 80:
                out.append(text)
    return out


def _from_title(text: str) -> tuple[str, int] | None:
    for pattern in (_TITLE_AGENCY_FIRST, _TITLE_YEAR_FIRST, _TITLE_YEAR_LAST):
        match = pattern.match(text)
        if match and match.group("agency").strip("_-—:："):
            return match.group("agency").strip("_-—:："), int(match.group("year"))
    return None


def _publisher(parts: Parts) -> tuple[str | None, str]:
    for line in parts.preamble:
        cells = [squash(c) for c in re.split(r"\s*[|｜]\s*", nfkc(line))]
        for i, cell in enumerate(cells):
            match = _PUBLISHER.match(cell)
            if match:
                return match.group("agency"), "开头的“发布机构”"
            if cell in ("发布机构", "发文机关") and i + 1 < len(cells) and cells[i + 1]:
                return cells[i + 1], "开头的“发布机构”"
    if parts.signature and not _DATE_LINE.match(parts.signature[0]):
        return parts.signature[0].strip(), "文末落款"
    return None, ""
