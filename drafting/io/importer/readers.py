"""Readers: a .docx, a saved web page or pasted text becomes one neutral list of paragraphs and tables."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from typing import Any

from drafting.errors import ImportFailed
from drafting.io.importer.norm import label_key
from drafting.io.importer.numbering import Numbering

MAX_TEXT_CHARS = 1_000_000
MAX_FILE_BYTES = 30_000_000


@dataclass(frozen=True)
class Paragraph:
    """A line or paragraph of text; `joined` when it followed the previous line with no blank line."""

    text: str
    joined: bool = False


@dataclass(frozen=True)
class Table:
    """A table as rows of cell texts; merged cells appear once, on the first row/column they cover."""

    rows: tuple[tuple[str, ...], ...]


Block = Paragraph | Table


@dataclass
class Document:
    """What a reader found: the blocks in reading order, the kind of source, and extra title candidates."""

    blocks: list[Block]
    kind: str  # "docx" | "html" | "text"
    titles: list[str] = field(default_factory=list)


KIND_LABELS = {"docx": "Word 文档（.docx）", "html": "网页（.html）", "text": "文本", "pdf": "PDF 文件"}
KIND_LABELS["markdown"] = "Markdown 文本"
KIND_LABELS["layout"] = "按列对齐的文本（如 pdftotext -layout）"


def check_size(chars: int, what: str) -> None:
    """Refuse text far beyond any annual report, before any slow work is done."""
    if chars > MAX_TEXT_CHARS:
        size = f"{chars / 1_000_000:.1f} 百万字" if chars >= 1_000_000 else f"{chars} 字"
        msg = (
            f"{what}有 {size}，远超一份年报的篇幅（通常不到 5 万字），没有导入。"
            "请只复制年报正文（从标题到落款）后再导入。"
        )
        raise ImportFailed(msg)


# ---- plain text ----------------------------------------------------------------------------------


_PAGE_NUMBER = re.compile(r"^\s*(?:[-—–]+\s*\d{1,3}\s*[-—–]+|第\s*\d+\s*页(?:\s*[,，/]?\s*共\s*\d+\s*页)?)\s*$")


def read_text(text: str) -> Document:
    """Pasted or saved text: Markdown is read as Markdown; otherwise one paragraph per non-empty line, except
    column-aligned tables (pdftotext -layout, fixed-width exports), whose values are placed by column position."""
    from drafting.io.importer.layout import find_tables
    from drafting.io.importer.markdown import looks_like_markdown, read_markdown

    check_size(len(text), "粘贴的文本")
    text = text.lstrip("\ufeff")
    if looks_like_markdown(text):
        return read_markdown(text)
    lines, pages = _page_lines(text)
    found = find_tables(lines, pages)
    blocks = _text_blocks(lines, {f.start: (f.end, f.table) for f in found})
    return Document(blocks, "layout" if any(f.positioned for f in found) else "text")


def _page_lines(text: str) -> tuple[list[str], list[int]]:
    """The lines of a text and the page (between form feeds) each is on."""
    lines: list[str] = []
    pages: list[int] = []
    for page, sheet in enumerate(text.split("\f")):
        for line in re.split(r"\r\n|\r|\n|\u2028|\u2029", sheet):
            lines.append(line)
            pages.append(page)
    return lines, pages


def _text_blocks(lines: list[str], tables: dict[int, tuple[int, Table]]) -> list[Block]:
    """Paragraphs of the lines, with the tables found in them (by their first line) in place of their lines."""
    blocks: list[Block] = []
    previous_blank = True
    i = 0
    while i < len(lines):
        if i in tables:
            i, table = tables[i]
            blocks.append(table)
            previous_blank = True
            continue
        line = lines[i]
        i += 1
        if _PAGE_NUMBER.match(line):
            continue
        if not line.strip():
            previous_blank = True
            continue
        blocks.append(Paragraph(line.rstrip(" \u3000\xa0"), joined=not previous_blank))
        previous_blank = False
    return blocks


def decode_text(data: bytes, name: str) -> str:
    """Decode a text file: UTF-8 (with or without BOM), UTF-16 with BOM, or GB18030 (GBK/GB2312)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    msg = f"无法识别文件 {name} 的文字编码；请用记事本或 WPS 将其另存为 UTF-8 编码的 .txt 后再导入"
    raise ImportFailed(msg)


# ---- .docx ---------------------------------------------------------------------------------------

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def read_docx(data: bytes, name: str) -> Document:
    """A Word .docx: body paragraphs and tables in order; a merged cell is read once."""
    import docx

    try:
        doc = docx.Document(io.BytesIO(data))
    except Exception as exc:  # any failure of the zip or the XML inside: not a usable .docx
        msg = (f"{name} 不是有效的 Word .docx 文件（文件已损坏或并非 Word 格式）；"
               "请在 Word/WPS 中打开并另存为 .docx 后再导入")
        raise ImportFailed(msg) from exc
    blocks: list[Block] = []
    _docx_children(doc.element.body, blocks, Numbering(_numbering_element(doc)))
    titles = [doc.core_properties.title] if doc.core_properties.title else []
    return Document(blocks, "docx", titles)


def _numbering_element(doc: Any) -> Any:
    try:
        return doc.part.numbering_part.element
    except (KeyError, NotImplementedError, AttributeError):
        return None


def _docx_children(parent: Any, blocks: list[Block], numbering: Numbering) -> None:
    for child in parent.iterchildren():
        if child.tag == _W + "p":
            text = numbering.label(child) + _docx_text(child)
            blocks.extend(Paragraph(line) for line in text.split("\n") if line.strip())
        elif child.tag == _W + "tbl":
            rows = tuple(
                tuple(_docx_cell(tc) for tc in tr.iterchildren(_W + "tc")) for tr in child.iterchildren(_W + "tr")
            )
            blocks.append(Table(rows))
        elif child.tag in (_W + "sdt", _W + "sdtContent", _W + "customXml"):
            _docx_children(child, blocks, numbering)


def _docx_text(p: Any) -> str:
    parts: list[str] = []
    for node in p.iter(_W + "t", _W + "tab", _W + "br", _W + "cr"):
        if node.tag == _W + "t":
            parts.append(node.text or "")
        elif node.tag == _W + "tab":
            parts.append("\t")
        else:
            parts.append("\n")
    return "".join(parts)


def _docx_cell(tc: Any) -> str:
    return "\n".join(_docx_text(p) for p in tc.iterchildren(_W + "p")).strip()


# ---- .html ---------------------------------------------------------------------------------------

_DROP_TAGS = ("script", "style", "noscript", "nav", "header", "footer", "aside", "form", "iframe", "select",
              "button", "input", "textarea", "template", "svg", "head")
_BLOCK_TAGS = frozenset({"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd",
                         "section", "article", "main", "center", "blockquote", "pre", "table", "tbody", "thead",
                         "tr", "td", "th", "body", "html", "hr", "caption", "figure", "address"})
_HEADING_HINT = re.compile(r"^(?:[一二三四五六][、.]?)?(?:总体情况|主动公开政府信息情况|收到和处理政府信息公开申请情况|"
                           r"政府信息公开行政复议、?行政诉讼情况|.{0,12}存在的?主要问题.{0,12}|其他需要报告的事项)$")
_HEADING_WORDS = ("情况", "问题", "事项")
_WS = re.compile(r"\s+")


def read_html(data: bytes | str, name: str) -> Document:
    """A saved web page: the article body is found among the site's navigation by its part headings."""
    from bs4 import BeautifulSoup

    try:
        soup = BeautifulSoup(data, "lxml")
    except Exception:  # lxml missing or failing: the stdlib parser is slower but always there
        soup = BeautifulSoup(data, "html.parser")
    titles = _html_titles(soup)
    for tag in _tags(soup, _DROP_TAGS):
        tag.decompose()
    blocks: list[Block] = []
    try:
        _html_walk(_article_root(soup), blocks, [])
    except RecursionError:
        msg = f"网页 {name} 的结构嵌套过深，无法读取；请在浏览器中复制年报正文，粘贴导入"
        raise ImportFailed(msg) from None
    return Document(blocks, "html", titles)


def _tags(root: Any, names: tuple[str, ...] | frozenset[str]) -> list[Any]:
    """Descendant tags with these names, in one plain pass (bs4's find_all filters are slow on big pages)."""
    from bs4.element import Tag

    return [el for el in root.descendants if isinstance(el, Tag) and el.name in names]


def read_mht(data: bytes, name: str) -> Document:
    """A page saved as a single file (.mht, 「网页，单个文件」): the HTML part of the MIME archive."""
    import email
    from email import policy

    message = email.message_from_bytes(data, policy=policy.default)
    for part in message.walk():
        if part.get_content_type() == "text/html":
            payload = part.get_payload(decode=True)
            if isinstance(payload, bytes):
                charset = (part.get_content_charset() or "utf-8").lower()
                charset = "gb18030" if charset in ("gb2312", "gbk", "x-gbk") else charset
                try:
                    return read_html(payload.decode(charset, errors="replace"), name)
                except LookupError:
                    return read_html(payload, name)
    msg = f"{name} 中没有找到网页内容；请在浏览器中打开它，复制年报正文后粘贴导入"
    raise ImportFailed(msg)


def _html_titles(soup: Any) -> list[str]:
    titles: list[str] = []
    for tag in _tags(soup, ("meta", "title", "h1", "h2")):
        if tag.name != "meta":
            titles.append(tag.get_text(" ", strip=True))
        elif str(tag.get("name", "")).lower() in ("articletitle", "title", "contentsource", "sitename"):
            titles.append(str(tag.get("content", "")))
    return [t for t in titles if t.strip()]


def _article_root(soup: Any) -> Any:
    """The smallest element holding the part headings: the article, without the site around it."""
    heads = []
    for string in soup.strings:
        if len(string) < 60 and any(word in string for word in _HEADING_WORDS):
            head = _heading_element(string)
            if head is not None:
                heads.append(head)
    body = soup.body if soup.body is not None else soup
    if len(heads) < 2:
        return body
    common = [heads[0], *heads[0].parents]
    for head in heads[1:]:
        ancestors = {id(a) for a in [head, *head.parents]}
        common = [a for a in common if id(a) in ancestors]
    return common[0] if common else body


def _heading_element(string: Any) -> Any:
    """The element whose whole text is a part heading, climbing a few levels (headings split across spans)."""
    element = string.parent
    for _ in range(4):
        if element is None:
            return None
        text = element.get_text()
        if len(text) >= 60:
            return None
        if _HEADING_HINT.match(label_key(text)):
            return element
        element = element.parent
    return None


def _html_walk(el: Any, blocks: list[Block], buf: list[str]) -> None:
    from bs4.element import Comment, NavigableString, Tag

    for child in el.children:
        if isinstance(child, Comment):
            continue
        if isinstance(child, NavigableString):
            buf.append(str(child))
        elif isinstance(child, Tag):
            if child.name == "br":
                _flush(buf, blocks)
            elif child.name == "table" and _is_data_table(child):
                _flush(buf, blocks)
                blocks.append(_html_table(child))
            elif child.name in _BLOCK_TAGS:
                _flush(buf, blocks)
                _html_walk(child, blocks, buf)
                _flush(buf, blocks)
            else:
                _html_walk(child, blocks, buf)


def _flush(buf: list[str], blocks: list[Block]) -> None:
    text = _WS.sub(" ", "".join(buf)).strip()
    buf.clear()
    if text:
        blocks.append(Paragraph(text))


def _is_data_table(table: Any) -> bool:
    if _tags(table, ("table",)):
        return False
    text = label_key(table.get_text())
    return not ("总体情况" in text and ("存在的主要问题" in text or "其他需要报告" in text))


def _cell_text(cell: Any) -> str:
    """A cell's text as a browser shows it: inline pieces joined as they are («2»«6» is 26), lines apart."""
    from bs4.element import Comment, NavigableString, Tag

    parts: list[str] = []
    for node in cell.descendants:
        if isinstance(node, NavigableString) and not isinstance(node, Comment):
            parts.append(str(node))
        elif isinstance(node, Tag) and node.name in ("br", "p", "div", "li"):
            parts.append("\n")
    return _WS.sub(" ", "".join(parts)).strip()


def _html_table(table: Any) -> Table:
    rows = []
    for tr in _tags(table, ("tr",)):
        cells = tuple(_cell_text(td) for td in _tags(tr, ("td", "th")))
        if cells:
            rows.append(cells)
    return Table(tuple(rows))
