"""Render a report as plain text, Markdown, HTML or .docx from one shared layout."""

from __future__ import annotations

from typing import Literal

from drafting.errors import DraftingError
from drafting.io.render.layout import Document, build_document
from drafting.model import Report

RenderFormat = Literal["txt", "md", "html", "docx"]
FORMATS: tuple[RenderFormat, ...] = ("txt", "md", "html", "docx")

__all__ = ["FORMATS", "RenderFormat", "build_document", "render", "render_html_fragment"]


def render(report: Report, to: RenderFormat) -> str | bytes:
    """The whole report (totals filled) as txt, md or html text, or as .docx bytes."""
    doc = build_document(report)
    return render_document(doc, to)


def render_document(doc: Document, to: RenderFormat) -> str | bytes:
    """Render an already built document."""
    if to == "txt":
        from drafting.io.render.text import render_text

        return render_text(doc)
    if to == "md":
        from drafting.io.render.markdown import render_markdown

        return render_markdown(doc)
    if to == "html":
        from drafting.io.render.html import render_html

        return render_html(doc)
    if to == "docx":
        from drafting.io.render.docx import render_docx

        return render_docx(doc)
    msg = f"不支持的导出格式 {to!r}，应为 txt、md、html 或 docx"
    raise DraftingError(msg)


def render_html_fragment(report: Report) -> str:
    """Only the HTML body content with inline styles (for copying into Word/WPS from the app)."""
    from drafting.io.render.html import html_fragment

    return html_fragment(build_document(report))
