"""Recognition: the six parts by their headings, table rows per part, and the agency and year from the title."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

from drafting.io.importer.flattened import is_flattened, unflatten
from drafting.io.importer.norm import is_value_like, label_key, nfkc, squash
from drafting.io.importer.readers import Document, Paragraph
from drafting.model import SECTION_HEADINGS

PARTS: tuple[str, ...] = ("一", "二", "三", "四", "五", "六")
TABLE_PARTS: tuple[str, ...] = ("二", "三", "四")
TEXT_PARTS: tuple[str, ...] = ("一", "五", "六")

_SEP = r"[、.,:：]?"
# Any numbering (reports number their parts their own way: 一 for 主动公开 when 总体情况 is unnumbered), or none.
_NUM = rf"(?:第?(?P<num>[一二三四五六七八九十]{{1,2}})(?:部分)?{_SEP}|\d{{1,2}}[、.])?"
_HEADINGS: dict[str, re.Pattern[str]] = {
    "一": re.compile(rf"^{_NUM}总体(?:情况|概况)$"),
    "二": re.compile(rf"^{_NUM}主动公开政府信息的?情况$"),
    "三": re.compile(rf"^{_NUM}收到和处理政府信息公开申请的?情况$"),
    "四": re.compile(rf"^{_NUM}政府信息公开行政复议[、,]?(?:行政)?诉讼的?情况$"),
    "五": re.compile(rf"^{_NUM}[^。;]{{0,12}}?(?:存在的?主要问题|存在问题|主要问题)[^。;]{{0,4}}"
                     r"(?:改进|整改|措施)[^。;]{0,8}$"),
    "六": re.compile(rf"^{_NUM}其他需要报告的?事项$"),
}
_TEMPLATE_HEADINGS = tuple(label_key(h) for h in SECTION_HEADINGS.values())
_MARKUP = re.compile(r"^[#*\s]+|[*\s]+$")
# Where a heading may start inside a line: a part numeral and its mark, at the start or after a space or a
# sentence end ("……工作。二、主动公开政府信息情况 第二十条……").
_INLINE_START = re.compile(r"(?:^|(?<=[\s。；;：:！？）)]))[#*]*\s*[一二三四五六][、.．]")
_MAX_HEADING = 40
_ENUM_START = re.compile(r"^\s*(?:[（(][一二三四五六七八九十\d]+[)）]|[一二三四五六七八九十]+[、是]|\d+[.、．]|[①-⑩])")
_TERMINAL = tuple("。！？；：…”\"）)")
_DATE_LINE = re.compile(r"^\s*(?:\d{4}|[〇零一二三四五六七八九]{4})\s*年.{1,3}月.{1,3}日\s*$")


def match_heading(text: str) -> str | None:
    """The part ("一"…"六") whose heading this line is, or None (Markdown # and ** marks are ignored)."""
    found = _heading(text)
    return found[0] if found else None


def _heading(text: str) -> tuple[str, bool] | None:
    """The part a heading line names, and whether its numeral is the template's (二 for 主动公开 …)."""
    key = _MARKUP.sub("", label_key(text)).rstrip(":：")
    if not key or len(key) > _MAX_HEADING:
        return None
    for part, pattern in _HEADINGS.items():
        match = pattern.match(key)
        if match:
            return part, match.group("num") in (None, part)
    return None


def split_inline_headings(text: str) -> list[str]:
    """A line cut before every part heading inside it, and after a heading its text follows on the same line.

    "一、总体情况 2023年，本局……" gives the heading and the paragraph; a flattened page gives each part.
    """
    pieces: list[str] = []
    rest = text
    while True:
        cut = _next_heading(rest)
        if cut is None:
            break
        start, end = cut
        pieces += [p for p in (rest[:start].strip(), rest[start:end].strip()) if p]
        rest = rest[end:]
    if rest.strip():
        pieces.append(rest.strip())
    return pieces or [text]


def _next_heading(text: str) -> tuple[int, int] | None:
    """(start, end) of the first heading inside the line that is not the whole line, or None.

    A heading ends where the text has a space, or right after the template's own wording of it
    ("一、总体情况2023年，…"); the loose patterns (part 五's) would otherwise swallow the words after it.
    """
    for mark in _INLINE_START.finditer(text):
        start = mark.start()
        end = _heading_end(text, start)
        if end is None or (start == 0 and not text[end:].strip()):
            continue
        return start, end
    return None


def _heading_end(text: str, start: int) -> int | None:
    rest = text[start : start + _MAX_HEADING + 8]
    exact = next((len(h) for h in _TEMPLATE_HEADINGS if label_key(rest).startswith(h)), None)
    ends = [m.start() for m in re.finditer(r"\s", rest)] + [len(rest)]
    for end in sorted(ends):  # the shortest heading: part 五's loose pattern would take the next words too
        if end and match_heading(rest[:end]):
            return start + end
    if exact is not None:
        return start + _raw_length(rest, exact)
    return None


def _raw_length(text: str, key_length: int) -> int:
    """How many characters of `text` make up its first `key_length` characters of label key."""
    for end in range(len(text) + 1):
        if len(label_key(text[:end])) >= key_length:
            return end
    return len(text)


@dataclass
class Parts:
    """A document cut into its parts: preamble lines, narrative paragraphs and table rows per part."""

    preamble: list[str] = field(default_factory=list)
    headings: dict[str, str] = field(default_factory=dict)
    narrative: dict[str, list[str]] = field(default_factory=dict)
    rows: dict[str, list[list[str]]] = field(default_factory=dict)
    signature: list[str] = field(default_factory=list)
    stray_tables: int = 0
    anchored: dict[str, str] = field(default_factory=dict)
    """Table parts found by their table (no heading): part -> the text they were recognised by."""

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
            pieces = split_inline_headings(block.text)
            items.extend(
                _Item(text, paragraph=block if len(pieces) == 1 else Paragraph(text, block.joined and i == 0))
                for i, text in enumerate(pieces)
            )
        else:
            items.extend(_Item(" | ".join(c for c in row if c.strip()), row=row, table=index) for row in block.rows)
    return items


def _heading_of(item: _Item) -> tuple[str, bool] | None:
    if item.paragraph is not None:
        return _heading(item.text)
    filled = [c for c in item.row if c.strip()]
    return _heading(filled[0]) if len(filled) == 1 else None


def _best_chain(candidates: list[tuple[int, str, bool]]) -> dict[int, str]:
    """The longest run of headings in part order (一 before 二 …); on ties, the one with more headings
    numbered as in the template, then the earliest.

    A line that merely looks like a heading (a sub-heading 「（四）存在问题及整改措施」 inside 一) is left out
    when keeping it would lose the real headings after it.
    """
    best: list[tuple[int, int, int]] = []  # (chain length, template numerals, index of the previous candidate)
    for i, (_, part, usual) in enumerate(candidates):
        options = [(best[j][0], best[j][1], -j) for j in range(i)
                   if PARTS.index(candidates[j][1]) < PARTS.index(part)]
        length, numbered, neg_prev = max(options, default=(0, 0, 1))
        best.append((length + 1, numbered + usual, -neg_prev))
    if not best:
        return {}
    end = max(range(len(best)), key=lambda i: (best[i][0], best[i][1], -i))
    chain: dict[int, str] = {}
    while end >= 0:
        chain[candidates[end][0]] = candidates[end][1]
        end = best[end][2]
    return chain


def split_parts(doc: Document) -> Parts:
    """Cut the document at its part headings (the longest in-order run of them) into preamble, texts and rows."""
    parts = Parts()
    items = _items(doc)
    chosen = _best_chain([(i, *found) for i, item in enumerate(items) if (found := _heading_of(item))])
    anchors = _table_anchors(items, chosen)
    current = ""
    lines: dict[str, list[Paragraph]] = {p: [] for p in TEXT_PARTS}
    stray: set[int] = set()
    for i, item in enumerate(items):
        if i in anchors:
            current = anchors[i]
            parts.anchored[current] = item.text.strip()[:30]
        if i in chosen:
            current = chosen[i]
            parts.headings[current] = item.text.strip()
        elif not current:
            parts.preamble.append(item.text.strip())
        elif current in TABLE_PARTS:
            parts.rows.setdefault(current, []).extend(_table_rows(item))
        elif item.paragraph is not None:
            lines[current].append(item.paragraph)
        else:
            stray.add(item.table)
    parts.stray_tables = len(stray)
    for part in TEXT_PARTS:
        parts.narrative[part] = merge_wrapped(lines[part])
    _strip_signature(parts)
    return parts


# What starts a table when its part heading is missing: 表二's first caption, 表三's note or header, 表四's header.
_ANCHORS: dict[str, re.Pattern[str]] = {
    "二": re.compile(r"^第二十条第\(?一\)?项"),
    "三": re.compile(r"本列数据的勾稽关系|^申请人情况|^一、本年新收政府信息公开申请数量"),
    "四": re.compile(r"^行政复议.{0,4}行政诉讼"),
}
_MAX_ANCHOR = 60


def _table_anchors(items: list[_Item], chosen: dict[int, str]) -> dict[int, str]:
    """Where a table part whose heading was not found begins, by what only that table prints, in part order
    and only between the headings that were found around it."""
    found = set(chosen.values())
    anchors: dict[int, str] = {}
    for part, pattern in _ANCHORS.items():
        if part in found:
            continue
        lower = max((i for i, p in [*chosen.items(), *((j, q) for j, q in anchors.items())]
                     if PARTS.index(p) < PARTS.index(part)), default=-1)
        upper = min((i for i, p in chosen.items() if PARTS.index(p) > PARTS.index(part)), default=len(items))
        hit = next((i for i in range(lower + 1, upper) if _is_anchor(items[i], pattern)), None)
        if hit is not None:
            anchors[hit] = part
    return anchors


def _is_anchor(item: _Item, pattern: re.Pattern[str]) -> bool:
    text = label_key(item.row[0] if item.row else item.text)
    return len(text) <= _MAX_ANCHOR * 4 and bool(pattern.search(text[:_MAX_ANCHOR]))


def _table_rows(item: _Item) -> list[list[str]]:
    """The rows of a table part's item: a table row as it is; a text line by its cells, or, when the line
    holds several rows run together (a flattened page), cut back into rows."""
    if item.table >= 0:
        return [list(item.row)]
    cells = split_cells(item.text)
    return unflatten(cells) if is_flattened(cells) else [cells]


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
_MAX_TITLE = 80
_GENERIC_AGENCIES = frozenset({"政府", "人民政府", "本机关", "本单位", "本局", "我局", "我单位", "本委", "我委"})
_NOT_AGENCY = re.compile(r"[，。；：,;:《》“”]|报告|年报")
# A browser's print header before the page title ("12/1/26, 1:48 AM"), once spaces are gone.
_PRINT_STAMP = re.compile(r"^\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4},?\d{1,2}:\d{2}(?::\d{2})?(?:AM|PM|上午|下午)?")


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
    """Lines that may be the title: each of the first lines, the page's titles, and a title over two or three
    lines joined; a long first line (a flattened page) gives its beginning up to the first 报告."""
    out: list[str] = []
    head = [_MARKUP.sub("", line) for line in preamble[:12]]
    wrapped = [a + b for a, b in itertools.pairwise(head) if "|" not in a + b]
    wrapped += ["".join(three) for three in zip(head, head[1:], head[2:], strict=False) if "|" not in "".join(three)]
    for line in [*head, *titles, *wrapped]:
        for cell in re.split(r"\s*[|｜]\s*", line):
            text = _CN_YEAR.sub(lambda m: m.group(0).translate(_CN_DIGITS), squash(nfkc(cell)))
            text = _AGENCY_PREFIX.sub("", _PRINT_STAMP.sub("", text).strip("《》「」\"“”"))
            if "报告" in text and len(text) > _MAX_TITLE:
                text = text[: text.index("报告") + 2]
            if "报告" in text and len(text) <= _MAX_TITLE:
                out.append(text)
    return out


def _from_title(text: str) -> tuple[str, int] | None:
    for pattern in (_TITLE_AGENCY_FIRST, _TITLE_YEAR_FIRST, _TITLE_YEAR_LAST):
        match = pattern.match(text)
        agency = match.group("agency").strip("_-—:：") if match else ""
        if match and _plausible_agency(agency):
            return agency, int(match.group("year"))
    return None


def _plausible_agency(name: str) -> bool:
    """Not a generic word ("政府" of a title whose agency is on the line above) nor a sentence's beginning."""
    return bool(name) and name not in _GENERIC_AGENCIES and not _NOT_AGENCY.search(name)


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
