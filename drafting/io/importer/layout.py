"""Column-aligned text (pdftotext -layout, fixed-width exports): tables whose values are placed by column."""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field

from drafting.formats import F2019, F2021
from drafting.io.importer.markdown import LEAF_WORDS, SPANNING_WORDS
from drafting.io.importer.norm import label_key, nfkc
from drafting.io.importer.readers import Table

Width = Callable[[str], int]

_VALUE = re.compile(r"^[+\-−]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?:%|元|万元|亿元|件|个|项|起)?$")
_BLANKS = frozenset({"-", "--", "—", "——", "–", "/", "／", "－"})
_UNITS = frozenset({"元", "万元", "亿元", "件", "个", "项", "起"})
_NARRATIVE = re.compile(r"[。；！？]")
_PAGE_NUMBER = re.compile(r"^\s*(?:[-—–]+\s*\d{1,3}\s*[-—–]+|第\s*\d+\s*页(?:\s*[,，/]?\s*共\s*\d+\s*页)?)\s*$")
_ENUM = re.compile(r"^(?:[一二三四五六七八九十]+、|\([一二三四五六七八九十]+\)|\d+[.、])")
_NEW_LABEL = re.compile(r"^\s*(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[)）]|\d+\s*[.、．]|第二十条)")
_MAX_LABEL_LINE = 60
_MIN_GAP = 2
_MIN_CORE = 4
_MIN_FULL_ROWS = 2
_MIN_LEAF = 2
_MAX_PIECE = 4


def _narrow(ch: str) -> int:
    return 1


def _wide(ch: str) -> int:
    return 2 if unicodedata.east_asian_width(ch) in "WF" else 1


def _wide_ambiguous(ch: str) -> int:
    return 2 if unicodedata.east_asian_width(ch) in "WFA" else 1


MEASURES: tuple[Width, ...] = (_narrow, _wide, _wide_ambiguous)


def unplaced(texts: list[str]) -> str:
    """The text of a cell whose value cannot be told: the possible texts (「-」 for blank) joined by 「 / 」."""
    return " / ".join(dict.fromkeys(t or "-" for t in texts))


# ---- words and lines -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Word:
    """A run of non-space characters and the columns [start, end) it covers."""

    text: str
    start: int
    end: int

    def overlaps(self, start: int, end: int) -> bool:
        """True when the word and the column range share a column."""
        return self.start < end and start < self.end


def words(line: str, width: Width) -> list[Word]:
    """The words of a line with their columns; a unit after a number (「12 万元」) stays with it."""
    pieces: list[Word] = []
    col, begin, current = 0, 0, ""
    for ch in line:
        if ch.isspace():
            if current:
                pieces.append(Word(current, begin, col))
            current = ""
        else:
            begin = col if not current else begin
            current += ch
        col += width(ch)
    if current:
        pieces.append(Word(current, begin, col))
    out: list[Word] = []
    for piece in pieces:
        if out and nfkc(piece.text) in _UNITS and _VALUE.match(nfkc(out[-1].text)):
            out[-1] = Word(out[-1].text + piece.text, out[-1].start, piece.end)
        else:
            out.append(piece)
    return out


def is_value(text: str) -> bool:
    """A cell value: a number (with a unit), or a dash or slash that publishes a blank."""
    folded = nfkc(text).strip()
    return bool(_VALUE.match(folded)) or folded in _BLANKS or text.strip() in _BLANKS


def value_count(ws: list[Word]) -> int:
    """How many words at the end of a line are a table row's values (one value needs a wide gap before it)."""
    count = 0
    while count < len(ws) and is_value(ws[len(ws) - 1 - count].text):
        count += 1
    if count != 1 or len(ws) == 1:
        return count
    return count if ws[-1].start - ws[-2].end >= _MIN_GAP else 0


@dataclass
class _Line:
    """One line of a table region: its text, page, and how many values end it (0 for a label or header line)."""

    text: str
    page: int
    values: int
    number: int = 0
    measured: dict[Width, tuple[list[Word], list[Word]]] = field(default_factory=dict, repr=False)

    def split(self, width: Width) -> tuple[list[Word], list[Word]]:
        """Label words and value words, measured with `width`."""
        if width not in self.measured:
            ws = words(self.text, width)
            cut = len(ws) - self.values
            self.measured[width] = (ws[:cut], ws[cut:])
        return self.measured[width]


# ---- finding the tables ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Found:
    """A table among the lines: lines [start, end), the table, and whether its values were placed by column."""

    start: int
    end: int
    table: Table
    positioned: bool


def find_tables(lines: list[str], pages: list[int]) -> list[Found]:
    """The tables among the lines of a text (`pages` gives each line's page): runs of lines around rows of values.

    Positions are measured three ways: one column per character (what `pdftotext -layout` counts, whatever a
    glyph's width), CJK characters two columns wide (as fixed-width exports pad them), and CJK and East Asian
    ambiguous punctuation (“”…) two columns wide. Values are placed by column only in a table that lines up
    as a display-width grid (see `_Band.grid`): a value under one header's column goes there; a value between
    two columns, or under two, is not guessed, and each column it may belong to gets `unplaced(...)`, e.g.
    「5 / -」 ("5, or blank"), which `tables.read_cell` reports as unreadable with that text. Elsewhere a row's
    values stay in order, as cells split on spaces would, and a row with cells missing is reported unreadable.
    """
    from drafting.io.importer.sections import match_heading

    kinds = [_kind(line, match_heading) for line in lines]
    found = []
    for start, end in _regions(kinds):
        region = [_Line(lines[i], pages[i], value_count(words(lines[i], _narrow)), i) for i in range(start, end)
                  if kinds[i] != "blank"]
        found.append(Found(start, end, *region_table(region)))
    return found


def _kind(line: str, heading: Callable[[str], str | None]) -> str:
    text = line.strip()
    if not text or _PAGE_NUMBER.match(line):
        return "blank"
    if "\t" in line or heading(text) or _NARRATIVE.search(text):
        return "stop"
    if value_count(words(line, _narrow)):
        return "data"
    long_line = len(text) > _MAX_LABEL_LINE and "  " not in text
    return "stop" if long_line else "label"


def _regions(kinds: list[str]) -> list[tuple[int, int]]:
    """Runs of table lines around data lines: header and label lines before, continuation lines after."""
    regions: list[tuple[int, int]] = []
    i = 0
    while i < len(kinds):
        if kinds[i] != "data":
            i += 1
            continue
        start = i
        while start > 0 and kinds[start - 1] in ("label", "blank"):
            start -= 1
        end = j = i
        while j < len(kinds) and kinds[j] != "stop":
            end = j + 1 if kinds[j] == "data" else end
            j += 1
        while end < len(kinds) and kinds[end] == "label":
            end += 1
        while kinds[start] == "blank":
            start += 1
        regions.append((start, end))
        i = end
    return regions


# ---- one table region ------------------------------------------------------------------------------


@dataclass
class _Row:
    """A row for the table reader: label words (with their line), value cells (None for a label line), width."""

    labels: list[tuple[int, Word]]
    cells: list[str] | None = None
    width: int | None = None
    header: bool = False

    def texts(self) -> list[str]:
        """The label cells: one per label column, each column's pieces joined top to bottom."""
        return column_texts(self.labels)


def region_table(region: list[_Line]) -> tuple[Table, bool]:
    """The region as a table, and whether any values were placed by column.

    The region is read under the first display measure under which some band lines up as a grid (and not
    when counted character by character); otherwise character by character, every row's values in order.
    """
    for width in (*MEASURES[1:], _narrow):
        grids = [band.grid(width) for page in dict.fromkeys(line.page for line in region)
                 for band in _bands([line for line in region if line.page == page], width)]
        if width is _narrow or any(grid.columns for grid in grids):
            break
    rows = [row for grid in grids for row in grid.rows()]
    positioned = any(grid.columns for grid in grids)
    return Table(tuple((*r.texts(), *(r.cells or [])) for r in assemble(rows))), positioned


def _bands(lines: list[_Line], width: Width) -> list[_Band]:
    """A page's lines cut into bands, each a header and the rows under it.

    A header line has a word over the values: starting there, or reaching into them from elsewhere than where
    row labels start (a header label wider than its column). Right below one, a line of short pieces right of
    the row labels («业 构», lower pieces of wrapped header labels that a compressed layout may print left of
    the values) is one too.
    """
    test = _HeaderTest(lines, width)
    bands: list[_Band] = [_Band()]
    for line in lines:
        below = bool(bands[-1].header) and not bands[-1].body and test.pieces(line)
        is_header = not line.values and (below or test.over(line))
        if is_header and bands[-1].body:
            bands.append(_Band())
        (bands[-1].header if is_header and not bands[-1].body else bands[-1].body).append(line)
    return bands


class _HeaderTest:
    """Where a page's values and row labels start, under one measure."""

    def __init__(self, lines: list[_Line], width: Width) -> None:
        self.width = width
        firsts = [line.split(width) for line in lines if line.values]
        self.value_start = min((values[0].start for _, values in firsts), default=0)
        self.label_starts = {labels[0].start for labels, _ in firsts if labels}

    def over(self, line: _Line) -> bool:
        """True when a word of the line stands over the values."""
        return any(w.start >= self.value_start - _MIN_GAP or (
            w.end > self.value_start and not _NEW_LABEL.match(w.text)
            and all(abs(w.start - x) > 1 for x in self.label_starts)) for w in line.split(self.width)[0])

    def pieces(self, line: _Line) -> bool:
        """True when the line is only short pieces right of where row labels start."""
        labels = line.split(self.width)[0]
        first = min(self.label_starts, default=0) + _MIN_GAP
        return bool(labels) and all(w.start > first and len(w.text) <= _MAX_PIECE for w in labels)


@dataclass
class _Band:
    """A header and the lines under it, on one page."""

    header: list[_Line] = field(default_factory=list)
    body: list[_Line] = field(default_factory=list)

    def grid(self, width: Width) -> _Grid:
        """The band under a display measure, its values placed by column when it lines up as a grid there and
        not when counted character by character.

        `pdftotext -layout` counts one column per character and may shift a value of a sparse row under the
        next column's header (nothing in the text shows it), so a table that lines up only when counted that
        way has its values kept in order, never placed by position.
        """
        if width is not _narrow and _Grid(self, _narrow).columns is None:
            grid = _Grid(self, width)
            if grid.columns is not None:
                return grid
        return _Grid(self, width, positions=False)


@dataclass
class _Grid:
    """A band under one measure: the header's leaf labels, and the value columns when the band lines up."""

    band: _Band
    width: Width
    positions: bool = True
    leaves: list[tuple[tuple[int, int], list[str]]] = field(init=False)
    columns: list[tuple[int, int]] | None = field(init=False)

    def __post_init__(self) -> None:
        self.leaves = self._leaves()
        self.columns = self._columns() if self.positions else None

    def rows(self) -> list[_Row]:
        """The band's rows for the table reader: header lines, then each line's labels and placed values."""
        out: list[_Row] = []
        known = bool(self.leaves) and all(label_key("".join(p)) in LEAF_WORDS for _, p in self.leaves)
        if known and any(len(parts) > 1 for _, parts in self.leaves):  # first: read before torn pieces
            out.append(_Row([(0, Word("".join(parts), a, b)) for (a, b), parts in self.leaves], header=True))
        for line in self.band.header:
            out.append(_Row([(0, w) for w in line.split(self.width)[0]], header=True))
        width = len(self.columns) if self.columns else (len(self.leaves) if known else None)
        rows: list[_Row] = []
        for line in self.band.body:
            labels, values = line.split(self.width)
            tagged = [(line.number, w) for w in labels]
            cells = place(values, self.columns)[0] if self.columns and values else None
            rows.append(_Row(tagged, (cells or [v.text for v in values]) if values else None,
                             width if cells or not values else None))
        return out + rows

    def _value_start(self) -> int:
        firsts = [line.split(self.width)[1][0].start for line in self.band.body if line.values]
        return min(firsts, default=0)

    def _leaves(self) -> list[tuple[tuple[int, int], list[str]]]:
        """The header's bottom labels, left to right, each with its columns and its pieces top to bottom.

        A word over two or more words of a lower header line is a spanning label (申请人情况, 法人或其他组织);
        the other words are pieces of leaf labels, joined when they stand over one another (商业 / 企业). A
        one-character leaf is a label torn apart by letter spacing (「结 果」), so the header is not used.
        """
        start = self._value_start()
        grid = [[w for w in line.split(self.width)[0] if w.end > start] for line in self.band.header]
        groups: list[list[tuple[int, Word]]] = []
        for row, line_words in enumerate(grid):
            for word in line_words:
                if label_key(word.text) in SPANNING_WORDS or any(
                        sum(1 for w in lower if word.overlaps(w.start, w.end)) > 1 for lower in grid[row + 1 :]):
                    continue
                touching = [g for g in groups if any(word.overlaps(w.start, w.end) for _, w in g)]
                merged = [(row, word), *[p for g in touching for p in g]]
                groups = [g for g in groups if all(g is not t for t in touching)] + [merged]
        leaves = []
        for group in groups:
            group.sort(key=lambda p: (p[0], p[1].start))
            span = (min(w.start for _, w in group), max(w.end for _, w in group))
            leaves.append((span, [w.text for _, w in group]))
        leaves.sort(key=lambda leaf: leaf[0])
        torn = any(len("".join(parts)) < _MIN_LEAF for _, parts in leaves)
        return [] if torn or not _disjoint([span for span, _ in leaves]) else leaves

    def _columns(self) -> list[tuple[int, int]] | None:
        """The value columns, when the rows line up with the header (or, without one, with each other) and
        every column's values stand exactly aligned (same first, last or middle column)."""
        rows = [line.split(self.width)[1] for line in self.band.body if line.values]
        if not rows:
            return None
        columns = _under_header([s for s, _ in self.leaves], rows) if self.leaves else _from_full_rows(rows)
        return columns if columns is not None and _lines_up(rows, columns) else None


def _lines_up(rows: list[list[Word]], columns: list[tuple[int, int]]) -> bool:
    """True when every row's values fit the columns (each under a column or between two, in order), at least
    half of them under one column only, and for one way of aligning (left, right, centre) the values under
    each column all share it."""
    placed: dict[int, list[Word]] = {}
    total = 0
    for values in rows:
        options = [_candidates(v, columns) for v in values]
        if not _assign(options, 0, -1):
            return False
        total += len(values)
        for value, opts in zip(values, options, strict=True):
            if len(opts) == 1:
                placed.setdefault(opts[0], []).append(value)
    if 2 * sum(len(ws) for ws in placed.values()) < total:
        return False
    anchors = ({w.start for w in ws} for ws in placed.values()), ({w.end for w in ws} for ws in placed.values()), (
        {w.start + w.end for w in ws} for ws in placed.values())
    return any(all(len(found) == 1 for found in anchor) for anchor in anchors)


def _disjoint(spans: list[tuple[int, int]]) -> bool:
    return all(a[1] <= b[0] for a, b in itertools.pairwise(spans))


def _under_header(spans: list[tuple[int, int]], rows: list[list[Word]]) -> list[tuple[int, int]] | None:
    """Header columns widened by the full rows' values, when every full row's k-th value is under the k-th label."""
    if any(len(values) > len(spans) for values in rows):
        return None
    columns = list(spans)
    for values in (v for v in rows if len(v) == len(spans)):
        for k, value in enumerate(values):
            under = [j for j, (a, b) in enumerate(spans) if value.overlaps(a, b)]
            if under != [k]:
                return None
            columns[k] = (min(columns[k][0], value.start), max(columns[k][1], value.end))
    return columns


def _from_full_rows(rows: list[list[Word]]) -> list[tuple[int, int]] | None:
    """Without a header: the columns of the rows that have every value, if at least two agree column by column."""
    n = max(len(values) for values in rows)
    full = [values for values in rows if len(values) == n]
    if len(full) < _MIN_FULL_ROWS:
        return None
    columns = []
    for k in range(n):
        column = [values[k] for values in full]
        if any(not a.overlaps(b.start, b.end) for a in column for b in column):
            return None
        columns.append((min(w.start for w in column), max(w.end for w in column)))
    return columns if _disjoint(columns) else None


# ---- placing a row's values --------------------------------------------------------------------------


def place(values: list[Word], columns: list[tuple[int, int]]) -> tuple[list[str] | None, int]:
    """The row's cells by column, and how many values found a certain column; None when the row does not fit.

    Each value may go to the columns it stands under, or to the two around the gap it stands in. Every
    left-to-right assignment is tried: a column that gets the same value (or none) in all of them is certain,
    the others get `unplaced(...)`.
    """
    options = [_candidates(value, columns) for value in values]
    if any(not opts for opts in options):
        return None, 0
    assignments = list(_assign(options, 0, -1))
    if not assignments:
        return None, 0
    cells = []
    for k in range(len(columns)):
        outcomes = [next((values[i].text for i, col in enumerate(a) if col == k), "") for a in assignments]
        cells.append(outcomes[0] if len(set(outcomes)) == 1 else unplaced(outcomes))
    certain = sum(1 for i in range(len(values)) if len({a[i] for a in assignments}) == 1)
    return cells, certain


def _candidates(value: Word, columns: list[tuple[int, int]]) -> list[int]:
    under = [k for k, (a, b) in enumerate(columns) if value.overlaps(a, b)]
    if under:
        return under
    for k in range(len(columns) - 1):
        if columns[k][1] <= value.start and value.end <= columns[k + 1][0]:
            return [k, k + 1]
    return []


def _assign(options: list[list[int]], i: int, last: int) -> list[list[int]]:
    if i == len(options):
        return [[]]
    out: list[list[int]] = []
    for col in options[i]:
        if col > last:
            out.extend([col, *rest] for rest in _assign(options, i + 1, col))
    return out


# ---- labels: wrapped lines and blank rows ------------------------------------------------------------


def _known_labels() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """Row labels (tables 二 and 三, both formats), their cores without the list mark, and group labels."""
    rows = {label_key(r.label) for fmt in (F2019, F2021) for r in fmt.table3_rows}
    rows |= {label_key(r.label) for fmt in (F2019, F2021) for b in fmt.table2 for r in b.rows}
    groups = {label_key(g) for fmt in (F2019, F2021) for r in fmt.table3_rows for g in r.groups}
    cores = {_ENUM.sub("", k) for k in rows}
    return frozenset(rows), frozenset(c for c in cores if len(c) >= _MIN_CORE), frozenset(groups)


_ROWS, _CORES, _GROUPS = _known_labels()


def complete(key: str, *, exact: bool = False) -> int:
    """The length of the row label that `key` ends with (0 if none); `exact` leaves out labels without their mark."""
    found = [len(k) for k in _ROWS if key.endswith(k)]
    if not exact:
        found += [len(c) for c in _CORES if key.endswith(c)]
    return max(found, default=0)


def column_texts(labels: list[tuple[int, Word]]) -> list[str]:
    """Label words as cells, one per label column: a group label and a row label wrapped side by side over
    several lines («（四）无 / 法提供» beside «1.本机关不掌握相关政府信 / 息») are each joined top to bottom."""
    columns: list[list[tuple[int, Word]]] = []
    for line, word in sorted(labels, key=lambda p: p[1].start):
        if columns and abs(word.start - columns[-1][0][1].start) <= 1:
            columns[-1].append((line, word))
        else:
            columns.append([(line, word)])
    return ["".join(w.text for _, w in sorted(c, key=lambda p: (p[0], p[1].start))) for c in columns]


def _key(rows: list[_Row]) -> str:
    return label_key("".join(column_texts([p for r in rows for p in r.labels])))


def assemble(rows: list[_Row]) -> list[_Row]:
    """Rows with wrapped labels joined to the row whose values they belong to, and blank rows found.

    The label lines between two rows of values are, in turn: the rest of the row above when its label is cut
    off (together they make a row label they do not make alone; a header repeated on a new page may stand
    between), rows left blank (where the band's width is known: lines making a whole row label, followed
    by the start of another row), and the start of the row below.
    """
    out: list[_Row] = []
    gap: list[_Row] = []
    above = (-1, -1)  # the row of values above, with the label lines before it, as out[start:end]
    for row in [*rows, None]:
        if row is not None and row.cells is None and not row.header:
            gap.append(row)
            continue
        gap = _close_above(out, above, gap)
        blanks, gap = _blank_rows(gap, row)
        out.extend(blanks)
        if row is None or row.header:
            out.extend(gap if row is None else [*gap, row])
            gap = []
            continue
        start = len(out)
        if gap and not complete(label_key("".join(w.text for r in [*gap, row] for _, w in r.labels))) and complete(
                _key([*gap, row])):
            row = _Row([p for r in gap for p in r.labels] + row.labels, row.cells, row.width)
            gap = []
        out.extend([*gap, row])
        above, gap = (start, len(out)), []
    return out


def _close_above(out: list[_Row], above: tuple[int, int], gap: list[_Row]) -> list[_Row]:
    """Join to the row above the label lines of the gap that complete its label; the rest of the gap."""
    if above[0] < 0:
        return gap
    block = out[above[0] : above[1]]
    taken = _continuation(block, gap)
    if taken:
        merged = [p for r in [*block, *gap[:taken]] for p in r.labels]
        out[above[0] : above[1]] = [_Row(merged, block[-1].cells, block[-1].width)]
    return gap[taken:]


def _continuation(above: list[_Row], gap: list[_Row]) -> int:
    """How many label lines of the gap complete the cut-off label of the row above (its own label lines
    before it included); 0 when that label is whole or no run of lines completes it."""
    key = _key(above)
    if complete(key):
        return 0
    for k in range(1, len(gap) + 1):
        tail = _key(gap[:k])
        whole = complete(_key([*above, *gap[:k]]))
        if whole > len(tail) and not complete(tail):
            return k
        if key in _GROUPS and k == 1 and complete(tail, exact=True):
            return 1
    return 0


def _blank_rows(gap: list[_Row], after: _Row | None) -> tuple[list[_Row], list[_Row]]:
    """Label lines making a whole row label, each run followed by the start of another row: rows of blanks
    (only where the band's number of value columns is known)."""
    blanks: list[_Row] = []
    start = 0
    for end in range(1, len(gap) + 1):
        run = gap[start:end]
        nxt = gap[end] if end < len(gap) else after
        width = run[-1].width
        if width and complete(_key(run), exact=True) and _starts_row(nxt, run) and not _heads_group(run, nxt):
            blanks.append(_Row([p for r in run for p in r.labels], [""] * width, width))
            start = end
    return blanks, gap[start:]


def _heads_group(run: list[_Row], nxt: _Row | None) -> bool:
    """True when the run is a group label (（六）其他处理 is a row in F2019) over numbered rows that follow."""
    text = nfkc("".join(column_texts(nxt.labels))) if nxt is not None else ""
    return any(_key(run).endswith(g) for g in _GROUPS) and bool(re.match(r"^\s*\d", text))


def _starts_row(nxt: _Row | None, run: list[_Row]) -> bool:
    """True when `nxt` is not the rest of the run's label: the end, a header, a line starting with a list mark
    or a group label, a row of values with a whole label, or a line only in the columns left of the run's label."""
    if nxt is None or nxt.header:
        return True
    text = nfkc("".join(column_texts(nxt.labels)))
    if _NEW_LABEL.match(text) or any(label_key(text).startswith(g) for g in _GROUPS):
        return True
    if nxt.cells is not None:
        return bool(nxt.labels) and complete(label_key(text)) > 0
    label_start = max(w.start for r in run for _, w in r.labels)
    return all(w.end <= label_start for _, w in nxt.labels)
