"""The report as one document model (title, preamble, headings, paragraphs, table grids) shared by all renderers."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from typing import Literal, cast

from drafting.formats import (
    INFO_CONTENT,
    TABLE3_APPLICANTS,
    TABLE3_COLUMNS,
    TABLE3_NOTE,
    TABLE3_ORGS,
    TABLE4_COLUMNS,
    TABLE4_GROUPS,
    TABLE4_LITIGATION,
    TABLE4_REVIEW,
    Row,
    t2,
    t3,
    t4,
)
from drafting.model import SECTION_HEADINGS, Money, Report, SectionId
from drafting.tables.fill import fill

UNKNOWN = "未填"
TEXT_PLACEHOLDER = "（文字描述）"
LEGAL_BASIS = "《中华人民共和国政府信息公开条例》"

CellKind = Literal["caption", "header", "label", "value"]

# Table 二 has the 信息内容 column and three value columns; a block with fewer columns stretches its last one.
TABLE2_VALUE_COLS = 3
# Table 三 has three label columns: 三、本年度办理结果, the (三)–(六) groups, and the row label.
TABLE3_LABEL_COLS = 3


@dataclass(frozen=True)
class Cell:
    """One cell of a table grid at its top-left position, with its merge spans."""

    row: int
    col: int
    text: str
    kind: CellKind = "value"
    rowspan: int = 1
    colspan: int = 1
    cell_id: str | None = None
    origin: str | None = None

    @property
    def is_header(self) -> bool:
        """Captions and column headers (rendered as header cells)."""
        return self.kind in ("caption", "header")

    @property
    def unknown(self) -> bool:
        """A value cell that has not been entered and could not be derived."""
        return self.kind == "value" and self.text == UNKNOWN


@dataclass(frozen=True)
class Table:
    """A table of the report as a grid of cells with explicit row and column spans."""

    section: str
    nrows: int
    ncols: int
    header_rows: int
    cells: tuple[Cell, ...]
    widths: tuple[float, ...]

    @cached_property
    def rows(self) -> tuple[tuple[Cell, ...], ...]:
        """The cells that start in each row, left to right."""
        rows: list[list[Cell]] = [[] for _ in range(self.nrows)]
        for cell in self.cells:
            rows[cell.row].append(cell)
        return tuple(tuple(sorted(r, key=lambda c: c.col)) for r in rows)

    @cached_property
    def grid(self) -> tuple[tuple[tuple[Cell, bool], ...], ...]:
        """Every slot of the grid as (covering cell, whether the slot is that cell's top-left origin)."""
        slots: list[list[tuple[Cell, bool] | None]] = [[None] * self.ncols for _ in range(self.nrows)]
        for cell in self.cells:
            for r in range(cell.row, cell.row + cell.rowspan):
                for c in range(cell.col, cell.col + cell.colspan):
                    if slots[r][c] is not None:
                        msg = f"table {self.section}: cells overlap at row {r}, column {c}"
                        raise ValueError(msg)
                    slots[r][c] = (cell, r == cell.row and c == cell.col)
        for r, row in enumerate(slots):
            if any(slot is None for slot in row):
                msg = f"table {self.section}: row {r} is not fully covered"
                raise ValueError(msg)
        return tuple(tuple(s for s in row if s is not None) for row in slots)

    def value_cells(self) -> dict[str, Cell]:
        """The value cells keyed by cell id."""
        return {c.cell_id: c for c in self.cells if c.cell_id is not None}


@dataclass(frozen=True)
class Heading:
    """A heading: level 1 for 一、…六、, level 2 for （一）… inside a section."""

    text: str
    level: int = 1


@dataclass(frozen=True)
class Paragraph:
    """A body paragraph; `lead` is a run-in subheading such as “（一）存在的主要问题。” before the text."""

    text: str
    lead: str = ""
    placeholder: bool = False

    @property
    def full(self) -> str:
        """The paragraph as one line of text."""
        return self.lead + self.text


Block = Heading | Paragraph | Table


@dataclass(frozen=True)
class Document:
    """The whole report, ready for any renderer."""

    title: str
    blocks: tuple[Block, ...] = field(default_factory=tuple)

    def tables(self) -> dict[str, Table]:
        """The tables keyed by section ("二", "三", "四")."""
        return {b.section: b for b in self.blocks if isinstance(b, Table)}


# ---- values ---------------------------------------------------------------------------------------


def value_text(value: object) -> str:
    """A cell value as published: 未填 when unknown, decimals with their entered precision, money with unit."""
    if value is None:
        return UNKNOWN
    if isinstance(value, Money):
        return f"{_decimal_text(value.amount)}{value.unit}"
    if isinstance(value, Decimal):
        return _decimal_text(value)
    return str(value)


def _decimal_text(value: Decimal) -> str:
    return format(value, "f")


# ---- document -------------------------------------------------------------------------------------


def build_document(report: Report) -> Document:
    """The report as a document: totals filled first, unknown cells shown as 未填, empty sections as placeholders."""
    filled = fill(report)
    blocks: list[Block] = [preamble(filled)]
    builders = {"二": table2, "三": table3, "四": table4}
    for sid, heading in SECTION_HEADINGS.items():
        blocks.append(Heading(heading))
        if sid in builders:
            blocks.append(builders[sid](filled))
        else:
            blocks.extend(section_blocks(filled, sid))
    return Document(title=filled.title, blocks=tuple(blocks))


def preamble(report: Report) -> Paragraph:
    """The opening paragraph: legal basis, format document, the six parts and the statistical period."""
    fmt = report.fmt
    year = report.year
    text = (
        f"本报告根据{LEGAL_BASIS}（以下简称《条例》）和{fmt.name}（{fmt.document}）要求编制，"
        "由总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况、政府信息公开行政复议和行政诉讼情况、"
        "存在的主要问题及改进情况、其他需要报告的事项六部分组成。"
        f"本报告所列数据统计期限为{year}年1月1日至{year}年12月31日。"
    )
    return Paragraph(text)


_SUBHEADING = re.compile(r"^（[一二三四五六七八九十]{1,3}）")
_MAX_LEAD = 40


def section_blocks(report: Report, sid: str) -> list[Heading | Paragraph]:
    """The text of section 一, 五 or 六 as paragraphs, or the template placeholder when it is empty."""
    state = report.sections.get(cast(SectionId, sid))
    text = state.text.strip() if state is not None else ""
    if not text:
        placeholder = report.fmt.section6_placeholder if sid == "六" else TEXT_PLACEHOLDER
        return [Paragraph(placeholder, placeholder=True)]
    return [_line_block(line) for line in (raw.strip() for raw in text.splitlines()) if line]


def _line_block(line: str) -> Heading | Paragraph:
    """A line of section text: a （一）… subheading on its own, a run-in subheading ending in 。 or ：, or text."""
    if not _SUBHEADING.match(line):
        return Paragraph(line)
    ends = [i + 1 for i in (line.find("。"), line.find("：")) if i != -1]
    cut = min(ends) if ends else len(line)
    if cut == len(line):
        return Heading(line, level=2) if len(line) <= _MAX_LEAD else Paragraph(line)
    if cut <= _MAX_LEAD:
        return Paragraph(line[cut:], lead=line[:cut])
    return Paragraph(line)


# ---- tables ---------------------------------------------------------------------------------------


class _Grid:
    """Collects cells of one table while it is laid out."""

    def __init__(self, report: Report, ncols: int) -> None:
        self.report = report
        self.ncols = ncols
        self.cells: list[Cell] = []

    def add(self, row: int, col: int, text: str, kind: CellKind, rowspan: int = 1, colspan: int = 1) -> None:
        self.cells.append(Cell(row, col, text, kind, rowspan, colspan))

    def value(self, row: int, col: int, cell_id: str, colspan: int = 1) -> None:
        raw = self.report.get(cell_id)
        text = value_text(raw)
        origin = self.report.origin(cell_id)
        self.cells.append(Cell(row, col, text, "value", 1, colspan, cell_id, origin))

    def table(self, section: str, header_rows: int, widths: tuple[float, ...]) -> Table:
        nrows = max(c.row + c.rowspan for c in self.cells)
        cells = tuple(sorted(self.cells, key=lambda c: (c.row, c.col)))
        return Table(section, nrows, self.ncols, header_rows, cells, widths)


def _spans(count: int, width: int) -> list[int]:
    """Column spans for `count` columns over `width` grid columns: the last one takes the rest."""
    return [1] * (count - 1) + [width - count + 1]


def table2(report: Report) -> Table:
    """Table 二: each block a caption row across the table, a header row and its data rows."""
    grid = _Grid(report, 1 + TABLE2_VALUE_COLS)
    r = 0
    for block in report.fmt.table2:
        grid.add(r, 0, block.caption, "caption", colspan=grid.ncols)
        spans = _spans(len(block.columns), TABLE2_VALUE_COLS)
        grid.add(r + 1, 0, INFO_CONTENT, "header")
        col = 1
        for column, span in zip(block.columns, spans, strict=True):
            grid.add(r + 1, col, column.label, "header", colspan=span)
            col += span
        r += 2
        for row in block.rows:
            grid.add(r, 0, row.label, "label")
            col = 1
            for column, span in zip(block.columns, spans, strict=True):
                grid.value(r, col, t2(row.key, column.key), colspan=span)
                col += span
            r += 1
    return grid.table("二", 0, (0.34, 0.22, 0.22, 0.22))


def table3(report: Report) -> Table:
    """Table 三: the note corner, the applicant header and the merged group cells of the result rows."""
    grid = _Grid(report, TABLE3_LABEL_COLS + len(TABLE3_COLUMNS))
    first = TABLE3_LABEL_COLS
    natural, *orgs, total = TABLE3_COLUMNS
    grid.add(0, 0, TABLE3_NOTE, "header", rowspan=3, colspan=TABLE3_LABEL_COLS)
    grid.add(0, first, TABLE3_APPLICANTS, "header", colspan=len(TABLE3_COLUMNS))
    grid.add(1, first, natural.label, "header", rowspan=2)
    grid.add(1, first + 1, TABLE3_ORGS, "header", colspan=len(orgs))
    grid.add(1, first + 1 + len(orgs), total.label, "header", rowspan=2)
    for i, column in enumerate(orgs):
        grid.add(2, first + 1 + i, column.label, "header")
    rows = report.fmt.table3_rows
    for i, row in enumerate(rows):
        r = 3 + i
        _group_cells(grid, rows, i, r)
        depth = len(row.groups)
        grid.add(r, depth, row.label, "label", colspan=TABLE3_LABEL_COLS - depth)
        for j, column in enumerate(TABLE3_COLUMNS):
            grid.value(r, first + j, t3(row.key, column.key))
    widths = (0.06, 0.11, 0.34) + (0.07,) * len(TABLE3_COLUMNS)
    return grid.table("三", 3, widths)


def _group_cells(grid: _Grid, rows: tuple[Row, ...], i: int, r: int) -> None:
    """Add the merged group cells that start at row i (a group cell spans all consecutive rows of its group)."""
    row = rows[i]
    for depth, label in enumerate(row.groups):
        prefix = row.groups[: depth + 1]
        if i > 0 and rows[i - 1].groups[: depth + 1] == prefix:
            continue
        span = 1
        while i + span < len(rows) and rows[i + span].groups[: depth + 1] == prefix:
            span += 1
        grid.add(r, depth, label, "header", rowspan=span)


def table4(report: Report) -> Table:
    """Table 四: 行政复议 (5 columns) and 行政诉讼 split into 未经复议直接起诉 and 复议后起诉 (5 columns each)."""
    width = len(TABLE4_COLUMNS)
    grid = _Grid(report, width * len(TABLE4_GROUPS))
    grid.add(0, 0, TABLE4_REVIEW, "header", colspan=width)
    grid.add(0, width, TABLE4_LITIGATION, "header", colspan=grid.ncols - width)
    for g, (gkey, glabel) in enumerate(TABLE4_GROUPS):
        for j, column in enumerate(TABLE4_COLUMNS):
            col = g * width + j
            if g == 0:
                grid.add(1, col, column.label, "header", rowspan=2)
            else:
                grid.add(2, col, column.label, "header")
            grid.value(3, col, t4(gkey, column.key))
        if g > 0:
            grid.add(1, g * width, glabel, "header", colspan=width)
    return grid.table("四", 3, (1 / grid.ncols,) * grid.ncols)

