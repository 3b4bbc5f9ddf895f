"""Markdown: headings, paragraphs and pipe tables with the merged cells flattened."""

from __future__ import annotations

from drafting.io.render.layout import Cell, Document, Heading, Table

_ESCAPES = str.maketrans({ch: "\\" + ch for ch in "\\`*_[]<>|"})
HEADER_JOIN = "·"


def render_markdown(doc: Document) -> str:
    """The whole report as Markdown."""
    parts = [f"# {_escape(doc.title)}"]
    for block in doc.blocks:
        if isinstance(block, Table):
            parts.append(table_markdown(block))
        elif isinstance(block, Heading):
            parts.append(f"{'#' * (block.level + 1)} {_escape(block.text)}")
        else:
            parts.append(_escape(block.full))
    return "\n\n".join(parts) + "\n"


def table_markdown(table: Table) -> str:
    """A table as pipe tables: caption rows across the table become bold lines that start a new pipe table."""
    chunks: list[str] = []
    for caption, rows in _segments(table):
        if caption:
            chunks.append(f"**{_escape(caption)}**")
        if rows:
            chunks.append(_pipe_table(table, rows))
    return "\n\n".join(chunks)


def _segments(table: Table) -> list[tuple[str, list[int]]]:
    segments: list[tuple[str, list[int]]] = [("", [])]
    for r, cells in enumerate(table.rows):
        if len(cells) == 1 and cells[0].kind == "caption" and cells[0].colspan == table.ncols:
            segments.append((cells[0].text, []))
        else:
            segments[-1][1].append(r)
    return [s for s in segments if s[0] or s[1]]


def _pipe_table(table: Table, rows: list[int]) -> str:
    grid = table.grid
    kept = [c for c in range(table.ncols) if any(grid[r][c][1] for r in rows)]
    nhead = table.header_rows or 1
    head_rows, body_rows = rows[:nhead], rows[nhead:]
    header = [_header_text(table, head_rows, kept, c) for c in kept]
    lines = [_line(header), _line(["---"] * len(kept))]
    lines.extend(_line([_escape(grid[r][c][0].text) if grid[r][c][1] else "" for c in kept]) for r in body_rows)
    return "\n".join(lines)


def _header_text(table: Table, head_rows: list[int], kept: list[int], col: int) -> str:
    """Texts of the header cells above a column, each shown only at the first kept column it covers."""
    seen: list[Cell] = []
    for r in head_rows:
        cell, _ = table.grid[r][col]
        first = next(c for c in kept if cell.col <= c < cell.col + cell.colspan)
        if first == col and cell not in seen:
            seen.append(cell)
    return _escape(HEADER_JOIN.join(cell.text for cell in seen))


def _line(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def _escape(text: str) -> str:
    return text.translate(_ESCAPES).replace("\n", " ")
