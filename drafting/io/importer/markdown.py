"""Markdown as PDF-to-Markdown converters write it (marker, MinerU, pandoc, docling): headings, pipe and HTML tables."""

from __future__ import annotations

import html
import itertools
import re
import unicodedata
from dataclasses import dataclass, field

from drafting.formats import (
    F2019,
    F2021,
    TABLE3_APPLICANTS,
    TABLE3_COLUMNS,
    TABLE3_ORGS,
    TABLE4_COLUMNS,
    TABLE4_GROUPS,
)
from drafting.io.importer.norm import is_blank, is_value_like, label_key
from drafting.io.importer.readers import Block, Document, Paragraph, Table, check_size, read_html

_ATX = re.compile(r"^ {0,3}#{1,6}(?:\s+(.*?))?(?:\s+#+)?\s*$")
_SETEXT_OR_RULE = re.compile(r"^ {0,3}(?:[=]{2,}|[-*_](?:\s*[-*_]){2,})\s*$")
_SEPARATOR_CELL = re.compile(r"^\s*:?-+:?\s*$")
_TABLE_OPEN = re.compile(r"<table\b", re.IGNORECASE)
_TABLE_CLOSE = re.compile(r"</table\s*>", re.IGNORECASE)
_BULLET = re.compile(r"^\s{0,3}(?:[-*+]\s+|>\s?)+")
_FENCE = re.compile(r"^\s{0,3}(?:```|~~~)")
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_BR = re.compile(r"<br\s*/?>", re.IGNORECASE)
_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_TAG = re.compile(r"</?[A-Za-z][^<>]*>")
_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
_EMPHASIS = (
    re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*"),
    re.compile(r"__(?=\S)(.+?)(?<=\S)__"),
    re.compile(r"~~(?=\S)(.+?)(?<=\S)~~"),
    re.compile(r"\*(?=\S)(.+?)(?<=\S)\*"),
    re.compile(r"(?<![0-9A-Za-z])_(?=\S)(.+?)(?<=\S)_(?![0-9A-Za-z])"),
    re.compile(r"`([^`]+)`"),
    re.compile(r"\$([^$]{1,80})\$"),
)
_HARD_BREAK = re.compile(r"(?:\\| {2,})$")
_PAGE_NUMBER = re.compile(r"^\s*(?:[-—–]+\s*\d{1,3}\s*[-—–]+|第\s*\d+\s*页(?:\s*[,，/]?\s*共\s*\d+\s*页)?)\s*$")
_CELLS = re.compile(r"\t|\S {2,}\S|\|")
_WHOLE_EMPHASIS = re.compile(r"^(\*\*|__).+\1$")
_GRID_BORDER = re.compile(r"^\s*\+(?:[-=:]+\+)+\s*$")
_PRIVATE = 0xE000  # escaped punctuation is parked in the Private Use Area while the markup is removed
_MIN_HEADINGS = 2
_MIN_LEVELS = 2

# Header labels over other labels, and the labels of the value columns (the leaves of a header).
SPANNING_WORDS = frozenset(label_key(w) for w in (
    TABLE3_APPLICANTS, TABLE3_ORGS, "行政诉讼", *(label for _, label in TABLE4_GROUPS)))
LEAF_WORDS = frozenset(label_key(w) for w in (
    *(c.label for c in TABLE3_COLUMNS), *(c.label for c in TABLE4_COLUMNS),
    *(c.label for fmt in (F2019, F2021) for block in fmt.table2 for c in block.columns)))
_HEADER_WORDS = SPANNING_WORDS | LEAF_WORDS | {label_key("信息内容")}


def looks_like_markdown(text: str) -> bool:
    """True for Markdown: a pipe table with its |---| line, a grid table, an HTML <table>, or several # headings."""
    headings = 0
    previous = ""
    for line in text.splitlines():
        if "|" in line and "-" in line and _is_separator(line) and "|" in previous:
            return True
        if _TABLE_OPEN.search(line) or (_GRID_BORDER.match(previous) and line.lstrip().startswith("|")):
            return True
        match = _ATX.match(line)
        if match and match.group(1) and line.lstrip().startswith("#"):
            headings += 1
            if headings >= _MIN_HEADINGS:
                return True
        previous = line
    return False


def read_markdown(text: str) -> Document:
    """Markdown: paragraphs without their markup, pipe tables (header levels split out) and HTML tables."""
    check_size(len(text), "Markdown 文本")
    lines = _COMMENT.sub("", text.lstrip("\ufeff")).replace("\r\n", "\n").replace("\r", "\n").split("\n")
    reader = _Reader(lines)
    reader.run()
    return Document(reader.blocks, "markdown", reader.titles)


@dataclass
class _Reader:
    """A single pass over the lines, emitting blocks as it goes."""

    lines: list[str]
    blocks: list[Block] = field(default_factory=list)
    titles: list[str] = field(default_factory=list)
    open: bool = False  # the last block is a paragraph that the next plain line continues

    def run(self) -> None:
        i = 0
        while i < len(self.lines):
            i = self._step(i)

    def _step(self, i: int) -> int:
        line = self.lines[i]
        if _TABLE_OPEN.search(line):
            return self._html_table(i)
        if "|" in line and i + 1 < len(self.lines) and _is_separator(self.lines[i + 1]):
            return self._pipe_table(i)
        if _GRID_BORDER.match(line):
            return self._grid_table(i)
        if not line.strip() or _SETEXT_OR_RULE.match(line) or _FENCE.match(line) or _PAGE_NUMBER.match(line):
            self.open = False
            return i + 1
        heading = _ATX.match(line) if line.lstrip().startswith("#") else None
        if heading:
            text = inline(heading.group(1) or "")
            if text:
                self.blocks.append(Paragraph(text))
                if not self.titles and "报告" in text:
                    self.titles.append(text)
            self.open = False
            return i + 1
        self._paragraph(line)
        return i + 1

    def _paragraph(self, line: str) -> None:
        """A line of a paragraph: joined to the paragraph so far (a soft line break), or a paragraph of its own."""
        body = _BULLET.sub("", line.rstrip("\r\n"))
        hard = bool(_HARD_BREAK.search(body)) or _WHOLE_EMPHASIS.match(body.strip()) is not None
        if _CELLS.search(body.strip()):  # a row of cells in the text: a line of its own, never joined
            self.open = False
            hard = True
        pieces = [inline(p) for p in _BR.split(_HARD_BREAK.sub("", body))]
        for k, text in enumerate(pieces):
            if not text:
                continue
            last = self.blocks[-1] if self.blocks else None
            if self.open and k == 0 and isinstance(last, Paragraph) and not _WHOLE_EMPHASIS.match(line.strip()):
                self.blocks[-1] = Paragraph(_join_soft(last.text, text), last.joined)
            else:
                self.blocks.append(Paragraph(text))
            self.open = True
        self.open = self.open and not hard and len(pieces) == 1

    def _html_table(self, i: int) -> int:
        start = i
        while i < len(self.lines) and not _TABLE_CLOSE.search(self.lines[i]):
            i += 1
        chunk = "\n".join(self.lines[start : i + 1])
        opening = _TABLE_OPEN.search(chunk)
        before = chunk[: opening.start()] if opening else ""
        closing = list(_TABLE_CLOSE.finditer(chunk))
        after = chunk[closing[-1].end() :] if closing else ""
        if before.strip():
            self._paragraph(_TAG.sub("", before))
        table_html = chunk[len(before) : len(chunk) - len(after)]
        self.blocks.extend(b for b in read_html(table_html, "Markdown 中的表格").blocks if isinstance(b, Table))
        if after.strip():
            self._paragraph(_TAG.sub("", after))
        self.open = False
        return i + 1

    def _pipe_table(self, i: int) -> int:
        header = pipe_cells(self.lines[i])
        body: list[list[str]] = []
        i += 2
        while i < len(self.lines) and "|" in self.lines[i] and self.lines[i].strip():
            body.append(pipe_cells(self.lines[i]))
            i += 1
        rows = [*header_rows(header), *body_rows([_fitted(r, len(header)) for r in body])]
        self.blocks.append(Table(tuple(tuple(r) for r in rows if any(c.strip() for c in r))))
        self.open = False
        return i

    def _grid_table(self, i: int) -> int:
        """A grid table (pandoc): rows between +---+ borders, each cell's lines joined; cells cut at the borders' +."""
        bounds = [col for col, ch in _display(self.lines[i]) if ch == "+"]
        rows: list[list[str]] = []
        header = 0
        pending: list[list[str]] = []
        i += 1
        while i < len(self.lines) and (self.lines[i].lstrip().startswith(("|", "+"))):
            line = self.lines[i]
            if _GRID_BORDER.match(line):
                rows.append(["\n".join(p for p in parts if p) for parts in zip(*pending, strict=True)])
                pending = []
                header = len(rows) if "=" in line else header
            else:
                pending.append(_grid_cells(line, bounds))
            i += 1
        rows = [r for r in rows if r]
        table = [*rows[:header], *body_rows(rows[header:])]  # a cell's lines are its text wrapped, not levels
        self.blocks.append(Table(tuple(tuple(r) for r in table if any(c.strip() for c in r))))
        self.open = False
        return i


def _fitted(row: list[str], width: int) -> list[str]:
    """A row of values with more or fewer cells than the header has lost or gained a cell somewhere: its blank
    cells are left out, so that values never shift into a neighbour's column (a shortfall is unreadable)."""
    if len(row) == width or not any(not is_blank(c) and is_value_like(c) for c in row):
        return row
    return [c for c in row if c.strip()]


def _display(line: str) -> list[tuple[int, str]]:
    """Each character with the display column it starts at (CJK characters are two columns wide, as pandoc pads)."""
    out, col = [], 0
    for ch in line:
        out.append((col, ch))
        col += 2 if unicodedata.east_asian_width(ch) in "WF" else 1
    return out


def _grid_cells(line: str, bounds: list[int]) -> list[str]:
    """A grid-table content line cut at its | marks; a cell spanning columns is kept whole, in its first column."""
    chars = _display(line)
    pipes = [k for k, (col, ch) in enumerate(chars) if ch == "|" and col in bounds]
    cells = [""] * (len(bounds) - 1)
    for a, b in itertools.pairwise(pipes):
        column = bounds.index(chars[a][0])
        if column < len(cells):
            cells[column] = inline("".join(ch for _, ch in chars[a + 1 : b]))
    return cells


def _join_soft(before: str, after: str) -> str:
    """Two lines of one paragraph: a soft break is a space, except between two CJK characters."""
    if _is_wide(before[-1:]) and _is_wide(after[:1]):
        return before + after
    return f"{before} {after}"


def _is_wide(ch: str) -> bool:
    return bool(ch) and unicodedata.east_asian_width(ch) in "WF"


def _is_separator(line: str) -> bool:
    cells = _split_pipes(line)
    return "-" in line and bool(cells) and all(_SEPARATOR_CELL.match(c) for c in cells)


def _split_pipes(line: str) -> list[str]:
    """The raw cells of a pipe-table line: outer pipes dropped, escaped pipes (\\|) kept inside their cell."""
    text = line.strip()
    if text.startswith("|"):
        text = text[1:]
    if text.endswith("|") and not text.endswith("\\|"):
        text = text[:-1]
    return re.split(r"(?<!\\)\|", text)


def pipe_cells(line: str) -> list[str]:
    """The texts of a pipe-table row; a <br> inside a cell becomes a line break."""
    return [_cell(c) for c in _split_pipes(line)]


def _cell(raw: str) -> str:
    return "\n".join(part for part in (inline(p) for p in _BR.split(raw)) if part)


def inline(text: str) -> str:
    """Text without Markdown markup: emphasis, code and math marks, links, images and HTML tags removed."""
    parked = _ESCAPE.sub(lambda m: chr(_PRIVATE + ord(m.group(1))), text)
    parked = _LINK.sub(r"\1", _IMAGE.sub("", parked))
    parked = _TAG.sub("", parked)
    for pattern in _EMPHASIS:
        parked = pattern.sub(r"\1", parked)
    parked = parked.replace("\\%", "%")
    restored = "".join(chr(ord(c) - _PRIVATE) if _PRIVATE <= ord(c) < _PRIVATE + 128 else c for c in parked)
    return html.unescape(restored).replace("\xa0", " ").strip()


# ---- tables: flattened header levels, merged label columns ------------------------------------------


def header_rows(cells: list[str]) -> list[list[str]]:
    """The header row, followed by its levels when converters flattened a multi-row header into one row.

    「申请人情况<br>法人或其他组织<br>商业企业」 or 「申请人情况 自然人」 give one row per level, aligned at the
    bottom, so that the leaf labels (商业企业, 自然人 …) stand in one row in column order.
    """
    if any(not is_blank(c) and is_value_like(c) for c in cells):
        return [cells]
    levels = [_levels(c) for c in cells]
    depth = max((len(parts) for parts in levels), default=0)
    if depth < _MIN_LEVELS:
        return [cells]
    rows = [[parts[len(parts) - depth + d] if len(parts) - depth + d >= 0 else "" for parts in levels]
            for d in range(depth)]
    return [cells, *rows]


def _levels(cell: str) -> list[str]:
    """A flattened header cell's levels, top first; pieces of one label broken by a line break are rejoined."""
    pieces = [p for p in re.split(r"\s+", cell) if p]
    levels: list[str] = []
    end = len(pieces)
    while end > 0:
        start = next((s for s in range(end) if label_key("".join(pieces[s:end])) in _HEADER_WORDS), end - 1)
        levels.insert(0, "".join(pieces[start:end]))
        end = start
    return levels


def body_rows(rows: list[list[str]]) -> list[list[str]]:
    """Body rows with the blank cells of merged label columns left out, when the value columns are certain.

    A pipe table keeps every grid cell, so a label spanning two columns leaves an empty cell before the values
    (and docling repeats it instead). Where every numeric row agrees on the column the values start in, the
    label cells before it are kept only when they hold text, and every value cell from there on is kept.
    """
    rows = _collapse_spans(rows)
    first = _first_value_column(rows)
    if first is None:
        return rows
    out = []
    for row in rows:
        labels, values = row[:first], row[first:]
        if all(is_value_like(v) for v in values):
            out.append([*[c for c in labels if c.strip()], *values])
        else:
            out.append(row)
    return out


def _collapse_spans(rows: list[list[str]]) -> list[list[str]]:
    """A value repeated across the columns of one spanning header (docling writes a merged cell's text into
    every cell it spans: 「本年处理决定数量 | 本年处理决定数量」 over 「1203 | 1203」) is one cell."""
    out, header = [], []
    for row in rows:
        if not any(not is_blank(c) and is_value_like(c) for c in row):
            header = row
            out.append(row)
            continue
        cells = [row[0]] if row else []
        for j in range(1, len(row)):
            spanned = j < len(header) and header[j].strip() and header[j] == header[j - 1]
            if not (spanned and row[j] == row[j - 1] and is_value_like(row[j]) and not is_blank(row[j])):
                cells.append(row[j])
        out.append(cells)
    return out


def _first_value_column(rows: list[list[str]]) -> int | None:
    """The one column where values start in every row holding numbers, or None when the rows leave it open."""
    low, high = 0, None
    for row in rows:
        start = len(row)
        while start > 0 and is_value_like(row[start - 1]):
            start -= 1
        numbers = [j for j in range(start, len(row)) if not is_blank(row[j])]
        if not numbers or start == 0:
            continue
        low = max(low, start)
        high = numbers[0] if high is None else min(high, numbers[0])
    return low if high is not None and low == high else None
