"""HTML: a standalone document, or a body fragment for the clipboard, with the official merged table headers."""

from __future__ import annotations

from html import escape

from drafting.io.render.layout import Cell, Document, Heading, Paragraph, Table

# Single quotes: these lists go into style="…" attributes.
TITLE_FONTS = "'方正小标宋简体', '方正小标宋_GBK', '华文中宋', STZhongsong, '宋体', SimSun, serif"
BODY_FONTS = "'仿宋_GB2312', '仿宋', FangSong, STFangsong, 'Noto Serif CJK SC', serif"
H1_FONTS = "'黑体', SimHei, 'Noto Sans CJK SC', sans-serif"
H2_FONTS = "'楷体_GB2312', '楷体', KaiTi, STKaiti, serif"

# Inline styles so the fragment keeps its look when pasted into Word or WPS (they ignore <style> on paste).
_S_TITLE = f"font-family:{TITLE_FONTS};font-size:22pt;font-weight:normal;text-align:center;margin:0 0 28pt 0"
_S_BODY = f"font-family:{BODY_FONTS};font-size:16pt;line-height:28pt;text-indent:2em;margin:0;text-align:justify"
_S_H1 = f"font-family:{H1_FONTS};font-size:16pt;font-weight:normal;line-height:28pt;text-indent:2em;margin:0"
_S_H2 = f"font-family:{H2_FONTS};font-size:16pt;font-weight:normal;line-height:28pt;text-indent:2em;margin:0"
_S_LEAD = f"font-family:{H2_FONTS}"
_S_TABLE = f"border-collapse:collapse;width:100%;margin:6pt 0 12pt 0;font-family:{BODY_FONTS};font-size:10.5pt"
_S_CELL = "border:1px solid #000;padding:2pt 3pt;vertical-align:middle;line-height:1.3"

CSS = """
@page { size: A4; margin: 37mm 26mm 35mm 28mm; }
body { max-width: 156mm; margin: 2em auto; color: #000; background: #fff; }
td.label { text-align: left; }
td.value { text-align: center; }
p.placeholder { color: #666; }
"""


def render_html(doc: Document) -> str:
    """A complete HTML document (A4 print layout, 公文 fonts)."""
    return (
        '<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{escape(doc.title)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n"
        f"{html_fragment(doc)}</body>\n</html>\n"
    )


def html_fragment(doc: Document) -> str:
    """Only the body content, with inline styles, for the clipboard."""
    parts = [f'<h1 style="{_S_TITLE}">{escape(doc.title)}</h1>']
    for block in doc.blocks:
        if isinstance(block, Table):
            parts.append(table_html(block))
        elif isinstance(block, Heading):
            tag, style = ("h2", _S_H1) if block.level == 1 else ("h3", _S_H2)
            parts.append(f'<{tag} style="{style}">{escape(block.text)}</{tag}>')
        else:
            parts.append(_paragraph(block))
    return "\n".join(parts) + "\n"


def _paragraph(p: Paragraph) -> str:
    cls = ' class="placeholder"' if p.placeholder else ""
    lead = f'<span style="{_S_LEAD}">{escape(p.lead)}</span>' if p.lead else ""
    return f'<p{cls} style="{_S_BODY}">{lead}{escape(p.text)}</p>'


def table_html(table: Table) -> str:
    """A <table> with real rowspan/colspan cells and borders."""
    cols = "".join(f'<col style="width:{w * 100:.1f}%">' for w in table.widths)
    rows = []
    for cells in table.rows:
        rows.append("<tr>" + "".join(_cell(c) for c in cells) + "</tr>")
    body = "\n".join(rows)
    return f'<table data-table="{table.section}" style="{_S_TABLE}">\n<colgroup>{cols}</colgroup>\n{body}\n</table>'


def _cell(cell: Cell) -> str:
    tag = "th" if cell.is_header else "td"
    attrs = ""
    if cell.rowspan > 1:
        attrs += f' rowspan="{cell.rowspan}"'
    if cell.colspan > 1:
        attrs += f' colspan="{cell.colspan}"'
    classes: list[str] = [cell.kind]
    if cell.unknown:
        classes.append("unfilled")
    elif cell.origin == "derived":
        classes.append("derived")
    if cell.cell_id:
        attrs += f' data-cell="{cell.cell_id}"'
    align = "left" if cell.kind == "label" else "center"
    weight = ";font-weight:normal" if cell.is_header else ""
    colour = ";color:#c00" if cell.unknown else ""  # 未填 stands out wherever the fragment is pasted
    style = f"{_S_CELL};text-align:{align}{weight}{colour}"
    return f'<{tag}{attrs} class="{" ".join(classes)}" style="{style}">{escape(cell.text)}</{tag}>'
