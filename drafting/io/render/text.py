"""Plain text: one paragraph per line, tables tab-separated so they paste into Word/WPS as tables."""

from __future__ import annotations

from drafting.io.render.layout import Document, Heading, Table


def render_text(doc: Document) -> str:
    """The whole report as plain text, blocks separated by blank lines."""
    parts = [doc.title]
    for block in doc.blocks:
        if isinstance(block, Table):
            parts.append(table_text(block))
        elif isinstance(block, Heading):
            parts.append(block.text)
        else:
            parts.append(block.full)
    return "\n\n".join(parts) + "\n"


def table_text(table: Table) -> str:
    """A table as tab-separated rows: a merged cell's text in its first slot, empty slots after it."""
    return "\n".join("\t".join(_clean(cell.text) if origin else "" for cell, origin in row) for row in table.grid)


def _clean(text: str) -> str:
    return text.replace("\t", " ").replace("\r", " ").replace("\n", " ")
