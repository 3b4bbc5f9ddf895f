"""PDF reader: a PDF's text layer (via pdfplumber) becomes paragraphs and ruled tables in reading order."""

from __future__ import annotations

import io
import itertools
import re
import statistics
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from drafting.errors import ImportFailed
from drafting.io.importer.norm import squash
from drafting.io.importer.readers import Block, Document, Paragraph, Table
from drafting.io.importer.sections import match_heading

MAX_PAGES = 100
_BAND = 0.1  # share of the page height, at the top and at the bottom, where running heads and page numbers sit
_MIN_CHARS = 20  # fewer characters than this in the whole text layer: nothing to read
_SCAN_CHARS = 300  # pages of images with fewer characters than this (a stamp, a watermark): a scan
_MAX_CID_SHARE = 0.2  # more glyphs than this without a Unicode mapping: text that cannot be read
_GRID_TOLERANCE = 10.0  # points: how far the left and right edges of a table may move on its next page
_TITLE_SIZE = 1.2  # a title line is at least this much larger than the body text (or centred)
_MAX_TITLE_LINES = 4
_FULL_LINE = 3.0  # a line ending less than this many characters short of the right edge was wrapped, not ended
_PAGE_NUMBER = re.compile(r"^[-—–·\s]*(?:第\s*)?\d{1,3}(?:\s*页)?(?:\s*[/／]\s*\d{1,3}|\s*[,，]?\s*共\s*\d{1,3}\s*页)?"
                          r"[-—–·\s]*$")
_BARE_NUMBER = re.compile(r"^\s*\d{1,3}\s*$")
_ASCII_WORD = re.compile(r"[0-9A-Za-z]")


@dataclass(frozen=True)
class _Line:
    """One line of text outside the tables, with its box on the page (points, top-down)."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float

    @property
    def size(self) -> float:
        """The line's height, close to its font size."""
        return max(self.bottom - self.top, 1.0)


@dataclass(frozen=True)
class _Grid:
    """A ruled table: rows of cell texts (a cell covered by a merge is ""), with its box and column count."""

    rows: tuple[tuple[str, ...], ...]
    x0: float
    x1: float
    top: float
    ncols: int


_Item = _Line | _Grid


@dataclass
class _Page:
    """A page's lines and tables sorted top to bottom, and the page's size."""

    items: list[_Item]
    width: float
    height: float
    chars: int = 0
    unmapped: int = 0
    images: int = 0


@dataclass(frozen=True)
class _Layout:
    """The body text's measures over the document: left and right edges, line size and the usual gap between lines."""

    left: float
    right: float
    size: float
    gap: float

    @property
    def centre(self) -> float:
        """The middle of the text column."""
        return (self.left + self.right) / 2


@dataclass
class _Reading:
    """What the reader has built so far: the blocks and the title candidates."""

    blocks: list[Block] = field(default_factory=list)
    titles: list[str] = field(default_factory=list)


def read_pdf(data: bytes, name: str) -> Document:
    """A PDF with a text layer: lines outside tables as paragraphs, ruled tables as tables, joined across pages."""
    pages, meta_title = _open(data, name)
    _check_text_layer(pages, name)
    _drop_running_lines(pages)
    layout = _layout(pages)
    reading = _Reading()
    title_lines = _title_lines(pages, layout)
    if title_lines:
        reading.titles.append(join_lines(line.text for line in title_lines))
    _blocks(pages, layout, title_lines, reading)
    if meta_title:
        reading.titles.append(meta_title)
    return Document(reading.blocks, "pdf", reading.titles)


# ---- opening and extracting ----------------------------------------------------------------------


def _open(data: bytes, name: str) -> tuple[list[_Page], str]:
    import pdfplumber
    from pdfplumber.utils.exceptions import PdfminerException

    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            count = len(pdf.pages)
            if count > MAX_PAGES:
                msg = f"{name} 有 {count} 页，远超一份年报的篇幅（通常不到 20 页），没有导入；请确认选对了文件"
                raise ImportFailed(msg)
            return [_read_page(page) for page in pdf.pages], _meta_title(pdf)
    except ImportFailed:
        raise
    except PdfminerException as exc:
        raise ImportFailed(_unopenable(name, exc.args[0] if exc.args else exc)) from None
    except Exception as exc:  # any failure inside pdfminer's parser: a damaged or truncated file
        raise ImportFailed(_unopenable(name, exc)) from None


def _unopenable(name: str, cause: object) -> str:
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    if isinstance(cause, PDFPasswordIncorrect | PDFEncryptionError):
        return (f"{name} 是加密的 PDF，需要密码才能打开，无法读取；请在 PDF 阅读器中输入密码后另存为不加密的 PDF，"
                "或改用年报的 Word 文件、网页版后再导入")
    return (f"{name} 不是有效的 PDF 文件（文件已损坏或不完整），无法读取；请重新下载或导出该 PDF，"
            "或改用年报的 Word 文件、网页版后再导入")


def _read_page(page: Any) -> _Page:
    page = page.dedupe_chars()  # text drawn twice (a fake bold) must not read as 「11」 for 「1」
    found = [t for t in page.find_tables() if len(t.columns) >= 2]
    boxes = [t.bbox for t in found]
    items: list[_Item] = [_grid(t) for t in found]
    text_page = page.filter(lambda obj: obj.get("object_type") != "char" or not _inside(obj, boxes))
    for line in text_page.extract_text_lines(return_chars=False):
        if line["text"].strip():
            items.append(_Line(_clean(line["text"]), line["x0"], line["x1"], line["top"], line["bottom"]))
    items.sort(key=lambda item: item.top)
    chars = page.chars
    unmapped = sum(1 for c in chars if str(c.get("text", "")).startswith("(cid:"))
    return _Page(items, float(page.width), float(page.height), len(chars), unmapped, len(page.images))


def _inside(obj: dict[str, Any], boxes: list[tuple[float, float, float, float]]) -> bool:
    x, y = (obj["x0"] + obj["x1"]) / 2, (obj["top"] + obj["bottom"]) / 2
    return any(x0 <= x <= x1 and top <= y <= bottom for x0, top, x1, bottom in boxes)


def _grid(table: Any) -> _Grid:
    texts = [[_cell(text) for text in row] for row in table.extract()]
    for group in _spills(table):
        raw = " ".join(texts[r][c] for r, c in group if texts[r][c])
        for r, c in group:
            texts[r][c] = raw
    x0, top, x1, _ = table.bbox
    return _Grid(tuple(tuple(row) for row in texts), float(x0), float(x1), float(top), len(table.columns))


_NUMBER_CHARS = frozenset("0123456789.,")
_WORD_GAP = 0.15  # of the font size: two characters closer than this on one line belong to one word


def _spills(table: Any) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    """Pairs of (row, column) cells that one number runs across the ruling between (as when it overflows its cell).

    Both cells then get the text of both, which reads as several numbers: reported, never taken as two values.
    """
    from pdfplumber.utils.clustering import cluster_objects

    cells = {cell: (r, c) for r, row in enumerate(table.rows) for c, cell in enumerate(row.cells) if cell is not None}
    edges = sorted({cell[0] for cell in cells} | {cell[2] for cell in cells})
    chars = [ch for ch in table.page.chars if ch.get("text") in _NUMBER_CHARS and _inside(ch, [table.bbox])]
    pairs = []
    for line in cluster_objects(chars, "top", tolerance=1):
        for left, right in itertools.pairwise(sorted(line, key=lambda ch: ch["x0"])):
            if right["x0"] - left["x1"] > _WORD_GAP * left["size"]:
                continue
            mid_left, mid_right = (left["x0"] + left["x1"]) / 2, (right["x0"] + right["x1"]) / 2
            if any(mid_left < x < mid_right for x in edges):
                homes = (_home(left, cells), _home(right, cells))
                if homes[0] is not None and homes[1] is not None and homes[0] != homes[1]:
                    pairs.append((homes[0], homes[1]))
    return pairs


_Box = tuple[float, float, float, float]


def _home(ch: dict[str, Any], cells: dict[_Box, tuple[int, int]]) -> tuple[int, int] | None:
    """The (row, column) of the cell holding a character's centre."""
    return next((where for cell, where in cells.items() if _inside(ch, [cell])), None)


def _cell(text: str | None) -> str:
    """A cell's text: lines wrapped inside the cell joined (no space in Chinese); a merged-over cell is ""."""
    return "" if text is None else join_lines(_clean(part) for part in text.split("\n"))


def join_lines(lines: Any) -> str:
    """Lines joined as one text: directly in Chinese, with a space where two Latin letters or digits meet.

    Two numbers on two lines of one cell stay apart (「1 0」 is then reported, never read as 10).
    """
    out = ""
    for line in lines:
        text = line.strip()
        if not text:
            continue
        if out and _ASCII_WORD.match(out[-1]) and _ASCII_WORD.match(text[0]):
            out += " "
        out += text
    return out


def _clean(text: str) -> str:
    return text.replace("\u3000", " ").strip()


def _meta_title(pdf: Any) -> str:
    """The document's Title property, decoded as WPS and Word write it (UTF-16 with either byte order)."""
    from pdfminer.pdftypes import resolve1

    try:
        raw = resolve1(pdf.doc.info[0].get("Title")) if pdf.doc.info else None
    except Exception:  # a damaged info dictionary only loses this hint
        return ""
    if isinstance(raw, str):
        return raw.strip()
    if not isinstance(raw, bytes):
        return ""
    for bom, codec in ((b"\xfe\xff", "utf-16-be"), (b"\xff\xfe", "utf-16-le")):
        if raw.startswith(bom):
            return raw[2:].decode(codec, errors="ignore").strip("\x00 ")
    try:
        return raw.decode("utf-8").strip()
    except UnicodeDecodeError:
        return ""


def _check_text_layer(pages: list[_Page], name: str) -> None:
    chars = sum(p.chars for p in pages)
    unmapped = sum(p.unmapped for p in pages)
    images = sum(p.images for p in pages)
    if chars - unmapped < _MIN_CHARS or (images and chars - unmapped < _SCAN_CHARS):
        msg = (f"{name} 是扫描件（图片）PDF，没有可读取的文字层，无法导入（本工具不做文字识别）；"
               "请改用年报的 Word 文件或网页版，或先用文字识别（OCR）软件把它转成带文字的 PDF 后再导入")
        raise ImportFailed(msg)
    if unmapped > _MAX_CID_SHARE * chars:
        msg = (f"{name} 中的文字无法正确读出（PDF 所用字体缺少文字编码）；"
               "请改用年报的 Word 文件或网页版，或先用文字识别（OCR）软件处理后再导入")
        raise ImportFailed(msg)


# ---- running heads, page numbers, layout --------------------------------------------------------


def _in_band(line: _Line, page: _Page) -> bool:
    return line.top < page.height * _BAND or line.bottom > page.height * (1 - _BAND)


def _running_key(text: str) -> str:
    return re.sub(r"\d+", "#", squash(text))


def _drop_running_lines(pages: list[_Page]) -> None:
    """Remove page numbers and the lines repeated at the top or bottom of several pages (running heads)."""
    seen: Counter[str] = Counter()
    for page in pages:
        keys = {_running_key(i.text) for i in page.items if isinstance(i, _Line) and _in_band(i, page)}
        seen.update(keys)
    repeated = {key for key, n in seen.items() if n >= 2 and re.search(r"[^\W\d_]", key)}
    for page in pages:
        ends = (page.items[0], page.items[-1]) if page.items else ()
        page.items = [item for item in page.items if not _running(item, page, repeated, item in ends)]


def _running(item: _Item, page: _Page, repeated: set[str], at_end: bool) -> bool:
    if not isinstance(item, _Line) or not _in_band(item, page):
        return False
    if _running_key(item.text) in repeated:
        return True
    if _BARE_NUMBER.match(item.text):
        return at_end
    return bool(_PAGE_NUMBER.match(item.text))


def _layout(pages: list[_Page]) -> _Layout:
    lines = [i for p in pages for i in p.items if isinstance(i, _Line)]
    if not lines:
        return _Layout(0.0, 0.0, 10.0, 5.0)
    lefts = sorted(line.x0 for line in lines)
    rights = sorted(line.x1 for line in lines)
    size = statistics.median(line.size for line in lines)
    gaps = [b.top - a.bottom for p in pages for a, b in zip(p.items, p.items[1:], strict=False)
            if isinstance(a, _Line) and isinstance(b, _Line) and 0 <= b.top - a.bottom < 2 * size]
    gap = statistics.median(gaps) if gaps else size / 2
    return _Layout(lefts[len(lefts) // 20], rights[len(rights) * 19 // 20], size, gap)


# ---- title ---------------------------------------------------------------------------------------


def _title_lines(pages: list[_Page], layout: _Layout) -> list[_Line]:
    """The lines of the title on the first page: larger than the text or centred, before the first part heading."""
    first = next((p for p in pages if p.items), None)
    if first is None:
        return []
    run: list[_Line] = []
    for item in first.items:
        if isinstance(item, _Grid) or match_heading(item.text):
            break
        if _title_like(item, layout):
            run.append(item)
            continue
        if _is_title(run):
            return run
        run = []
    return run if _is_title(run) else []


def _title_like(line: _Line, layout: _Layout) -> bool:
    larger = line.size >= layout.size * _TITLE_SIZE
    centred = (abs((line.x0 + line.x1) / 2 - layout.centre) <= layout.size
               and line.x1 - line.x0 < 0.8 * (layout.right - layout.left))
    return larger or centred


def _is_title(run: list[_Line]) -> bool:
    return 0 < len(run) <= _MAX_TITLE_LINES and "报告" in squash("".join(line.text for line in run))


# ---- blocks in reading order ---------------------------------------------------------------------


def _blocks(pages: list[_Page], layout: _Layout, title: list[_Line], reading: _Reading) -> None:
    """Paragraphs (each line, `joined` when it continues the line before) and tables, a table split by a page joined."""
    previous: _Line | None = None
    last_grid: _Grid | None = None
    for page in pages:
        for position, item in enumerate(page.items):
            if isinstance(item, _Grid):
                continued = position == 0 and last_grid is not None and _continues_grid(last_grid, item)
                if continued and last_grid is not None:
                    last_grid = _joined_grid(last_grid, item)
                    reading.blocks[-1] = Table(last_grid.rows)
                else:
                    last_grid = item
                    reading.blocks.append(Table(item.rows))
                previous = None
                continue
            if any(item is line for line in title):
                if item is title[0]:
                    reading.blocks.append(Paragraph(reading.titles[0]))
                previous = None
            else:
                joined = previous is not None and _continues_line(previous, item, layout, position == 0)
                reading.blocks.append(Paragraph(item.text, joined=joined))
                previous = item
            last_grid = None


def _continues_grid(before: _Grid, after: _Grid) -> bool:
    """A table at the top of a page continues the one that ended the page before it when their edges agree.

    The column count may differ (a merged cell seen on one page only); rows are mapped by their labels later.
    """
    return abs(before.x0 - after.x0) <= _GRID_TOLERANCE and abs(before.x1 - after.x1) <= _GRID_TOLERANCE


def _joined_grid(before: _Grid, after: _Grid) -> _Grid:
    """The two parts as one table; the header rows repeated at the top of the continuation are dropped.

    A repeated header is recognised only by having the very text of the table's first rows, row by row.
    """
    repeated = 0
    while (repeated < min(len(before.rows), len(after.rows) - 1)
           and _row_text(after.rows[repeated]) and _row_text(after.rows[repeated]) == _row_text(before.rows[repeated])):
        repeated += 1
    return _Grid(before.rows + after.rows[repeated:], after.x0, after.x1, before.top, max(before.ncols, after.ncols))


def _row_text(row: tuple[str, ...]) -> str:
    return "|".join(squash(cell) for cell in row if cell.strip())


def _continues_line(previous: _Line, line: _Line, layout: _Layout, new_page: bool) -> bool:
    """True when the line goes on with the paragraph above: the one above is full, this one is not indented."""
    indented = line.x0 - layout.left > 0.8 * line.size
    full = layout.right - previous.x1 <= _FULL_LINE * previous.size
    close = new_page or 0 <= line.top - previous.bottom <= layout.gap + 0.5 * line.size
    return full and close and not indented
