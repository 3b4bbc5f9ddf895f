"""Word (.docx) in 公文 layout: 方正小标宋简体 title, 仿宋_GB2312 body, 黑体/楷体 headings, real merged tables."""

from __future__ import annotations

import re
from copy import deepcopy
from io import BytesIO
from typing import Any
from xml.sax.saxutils import escape

import docx
from docx.document import Document as WordDocument
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import qn
from docx.section import Section
from docx.shared import Cm, Emu, Length, Pt
from docx.text.paragraph import Paragraph as WordParagraph
from docx.text.run import Run

from drafting.io.render.layout import Cell, Document, Heading, Paragraph, Table

TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
H1_FONT = "黑体"
H2_FONT = "楷体_GB2312"
LATIN_FONT = "Times New Roman"
PAGE_NUMBER_FONT = "宋体"
TITLE_SIZE = Pt(22)  # 二号
BODY_SIZE = Pt(16)  # 三号
TABLE_SIZE = Pt(10.5)  # 五号
PAGE_NUMBER_SIZE = Pt(14)  # 四号
LINE_PITCH = Pt(28)  # fixed line spacing of 公文 body text (22 lines per page)
TABLE_LINE_TWIPS = 280  # 14 pt exact line pitch inside table cells
INDENT = Pt(32)  # two characters of 三号

# GB/T 9704 公文 page: A4, 天头 37 mm, 订口 28 mm, 版心 156 mm × 225 mm.
PAGE_WIDTH, PAGE_HEIGHT = Cm(21.0), Cm(29.7)
MARGIN_TOP, MARGIN_BOTTOM, MARGIN_LEFT, MARGIN_RIGHT = Cm(3.7), Cm(3.5), Cm(2.8), Cm(2.6)
TEXT_WIDTH = Emu(PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT)
CELL_MARGIN_TWIPS = 57  # about 0.1 cm left and right inside table cells
BORDER_EIGHTHS = "6"  # 0.75 pt lines

def render_docx(doc: Document) -> bytes:
    """The report as .docx bytes."""
    d = docx.Document()
    _setup(d, doc.title)
    _title(d, doc.title)
    for block in doc.blocks:
        if isinstance(block, Table):
            _table(d, block)
        elif isinstance(block, Heading):
            _heading(d, block)
        else:
            _paragraph(d, block)
    buffer = BytesIO()
    d.save(buffer)
    return buffer.getvalue()


# ---- fonts ----------------------------------------------------------------------------------------


def run_properties(east_asia: str, size: Length, latin: str = LATIN_FONT) -> Any:
    """A <w:rPr> with Latin and East Asian fonts and a size, to copy into runs."""
    rpr = OxmlElement("w:rPr")
    fonts = OxmlElement("w:rFonts")
    fonts.set(qn("w:ascii"), latin)
    fonts.set(qn("w:hAnsi"), latin)
    fonts.set(qn("w:eastAsia"), east_asia)
    fonts.set(qn("w:cs"), latin)
    rpr.append(fonts)
    half_points = str(round(size.pt * 2))
    for tag in ("w:sz", "w:szCs"):
        el = OxmlElement(tag)
        el.set(qn("w:val"), half_points)
        rpr.append(el)
    return rpr


_RPR_TITLE = run_properties(TITLE_FONT, TITLE_SIZE, TITLE_FONT)
_RPR_BODY = run_properties(BODY_FONT, BODY_SIZE)
_RPR_H1 = run_properties(H1_FONT, BODY_SIZE)
_RPR_H2 = run_properties(H2_FONT, BODY_SIZE)
_RPR_PAGE = run_properties(PAGE_NUMBER_FONT, PAGE_NUMBER_SIZE)


_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_safe(text: str) -> str:
    """Drop control characters (e.g. pasted from other programs) that XML, and so .docx, cannot hold."""
    return _NOT_XML.sub("", text)


def _add_run(paragraph: WordParagraph, text: str, rpr: Any) -> Run:
    run = paragraph.add_run(xml_safe(text))
    run._r.insert(0, deepcopy(rpr))
    return run


# ---- page and styles ------------------------------------------------------------------------------


def _setup(d: WordDocument, title: str) -> None:
    section = d.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
    section.top_margin, section.bottom_margin = MARGIN_TOP, MARGIN_BOTTOM
    section.left_margin, section.right_margin = MARGIN_LEFT, MARGIN_RIGHT
    section.footer_distance = Cm(2.5)
    normal = d.styles["Normal"]
    normal.font.name = LATIN_FONT
    normal.font.size = BODY_SIZE
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), BODY_FONT)
    props = d.core_properties
    props.title, props.author, props.comments, props.last_modified_by = xml_safe(title), "", "", ""
    _drop_thumbnail(d)
    _page_number(section)


def _drop_thumbnail(d: WordDocument) -> None:
    """The template's thumbnail shows python-docx's sample page; file browsers would preview it."""
    rels = d.part.package.rels
    for rid, rel in list(rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            del rels[rid]
            rels.related_parts.pop(rid, None)


def _page_number(section: Section) -> None:
    """A centred “— n —” page number in the footer, as in 公文."""
    p = section.footer.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _add_run(p, "— ", _RPR_PAGE)
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    run.append(deepcopy(_RPR_PAGE))
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    p._p.append(field)
    _add_run(p, " —", _RPR_PAGE)


def _body_format(paragraph: WordParagraph, indent: bool = True) -> None:
    fmt = paragraph.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = LINE_PITCH
    fmt.space_before = fmt.space_after = Pt(0)
    if indent:
        fmt.first_line_indent = INDENT


def _outline(paragraph: WordParagraph, level: int) -> None:
    """Mark a heading for Word's and WPS's navigation pane without using the coloured built-in styles."""
    el = OxmlElement("w:outlineLvl")
    el.set(qn("w:val"), str(level))
    paragraph._p.get_or_add_pPr().append(el)


# ---- text blocks ----------------------------------------------------------------------------------


def _title(d: WordDocument, title: str) -> None:
    p = d.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    fmt = p.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(36)
    fmt.space_before, fmt.space_after = Pt(0), LINE_PITCH
    _add_run(p, title, _RPR_TITLE)


def _heading(d: WordDocument, heading: Heading) -> None:
    p = d.add_paragraph()
    _body_format(p)
    p.paragraph_format.keep_with_next = True
    _add_run(p, heading.text, _RPR_H1 if heading.level == 1 else _RPR_H2)
    _outline(p, heading.level - 1)


def _paragraph(d: WordDocument, paragraph: Paragraph) -> None:
    p = d.add_paragraph()
    _body_format(p)
    p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    if paragraph.lead:
        _add_run(p, paragraph.lead, _RPR_H2)
    _add_run(p, paragraph.text, _RPR_BODY)


# ---- tables ---------------------------------------------------------------------------------------
# Tables are written as WordprocessingML directly: one parse per table instead of thousands of python-docx
# calls keeps a whole report well under 100 ms. Merges use Word's own encoding: w:gridSpan for columns,
# w:vMerge restart/continue for rows.

_W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
TABLE_STYLE_ID = "TableGrid"
ROW_MIN_HEIGHT_TWIPS = 320  # about 0.56 cm
_TABLE_RPR = (
    f'<w:rPr><w:rFonts w:ascii="{LATIN_FONT}" w:hAnsi="{LATIN_FONT}" w:eastAsia="{BODY_FONT}" w:cs="{LATIN_FONT}"/>'
    f'<w:sz w:val="{round(TABLE_SIZE.pt * 2)}"/><w:szCs w:val="{round(TABLE_SIZE.pt * 2)}"/></w:rPr>'
)
_BORDER = f'w:val="single" w:sz="{BORDER_EIGHTHS}" w:space="0" w:color="000000"'


def _table(d: WordDocument, table: Table) -> None:
    spacer = d.add_paragraph()
    spacer.paragraph_format.space_after = Pt(0)
    spacer.paragraph_format.line_spacing = Pt(8)
    spacer._p.addprevious(parse_xml(table_xml(table)))


def table_xml(table: Table) -> str:
    """The w:tbl element of a table: fixed column widths, borders, merged cells, repeating header rows."""
    widths = [round(TEXT_WIDTH.twips * w) for w in table.widths]
    borders = "".join(f"<w:{edge} {_BORDER}/>" for edge in ("top", "left", "bottom", "right", "insideH", "insideV"))
    margins = "".join(f'<w:{edge} w:w="{CELL_MARGIN_TWIPS}" w:type="dxa"/>' for edge in ("left", "right"))
    parts = [
        f'<w:tbl xmlns:w="{_W_NS}"><w:tblPr><w:tblStyle w:val="{TABLE_STYLE_ID}"/>',
        f'<w:tblW w:w="{sum(widths)}" w:type="dxa"/><w:jc w:val="center"/>',
        f'<w:tblBorders>{borders}</w:tblBorders><w:tblLayout w:type="fixed"/>',
        f'<w:tblCellMar>{margins}</w:tblCellMar><w:tblLook w:val="04A0"/></w:tblPr><w:tblGrid>',
        *(f'<w:gridCol w:w="{w}"/>' for w in widths),
        "</w:tblGrid>",
    ]
    for r, row in enumerate(table.grid):
        parts.append(_tr(row, widths, header=r < table.header_rows))
    parts.append("</w:tbl>")
    return "".join(parts)


def _tr(row: tuple[tuple[Cell, bool], ...], widths: list[int], *, header: bool) -> str:
    """One w:tr that never splits across pages; a row of captions and column headers stays with the next row."""
    repeat = "<w:tblHeader/>" if header else ""
    height = f'<w:trHeight w:val="{ROW_MIN_HEIGHT_TWIPS}" w:hRule="atLeast"/>'
    keep = all(cell.is_header for cell, _ in row)
    parts = [f"<w:tr><w:trPr><w:cantSplit/>{height}{repeat}</w:trPr>"]
    for c, (cell, origin) in enumerate(row):
        if origin:
            parts.append(_tc(cell, widths, "restart" if cell.rowspan > 1 else None, keep))
        elif c == cell.col:
            parts.append(_tc(cell, widths, "continue", keep))
    parts.append("</w:tr>")
    return "".join(parts)


def _tc(cell: Cell, widths: list[int], vmerge: str | None, keep_with_next: bool = False) -> str:
    """One w:tc: the origin of a cell, or an empty continuation of a cell merged down from above.

    Word keeps a table row with the next one when the paragraphs in it are “keep with next”.
    """
    width = sum(widths[cell.col : cell.col + cell.colspan])
    span = f'<w:gridSpan w:val="{cell.colspan}"/>' if cell.colspan > 1 else ""
    merge = {"restart": '<w:vMerge w:val="restart"/>', "continue": "<w:vMerge/>", None: ""}[vmerge]
    jc = "left" if cell.kind == "label" else "center"
    run = ""
    if vmerge != "continue":
        run = f'<w:r>{_TABLE_RPR}<w:t xml:space="preserve">{escape(xml_safe(cell.text))}</w:t></w:r>'
    return (
        f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{span}{merge}<w:vAlign w:val="center"/></w:tcPr>'
        f'<w:p><w:pPr>{"<w:keepNext/>" if keep_with_next else ""}'
        f'<w:spacing w:before="0" w:after="0" w:line="{TABLE_LINE_TWIPS}" w:lineRule="exact"/>'
        f'<w:jc w:val="{jc}"/></w:pPr>{run}</w:p></w:tc>'
    )
