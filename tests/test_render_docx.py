""".docx output: 公文 fonts with the East Asian font set, A4 page, real tables with merged cells and borders."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from docx.shared import Cm
from lxml import etree

from drafting.formats import TABLE3_NOTE
from drafting.io.render import build_document, render
from drafting.io.render.docx import BODY_FONT, H1_FONT, H2_FONT, TITLE_FONT
from drafting.model import Report, SectionVersion, load_report, new_report

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def open_docx(data: bytes):
    return docx.Document(io.BytesIO(data))


def runs_by_text(document) -> dict[str, object]:
    return {r.text: r for p in document.paragraphs for r in p.runs}


def east_asia(run) -> str | None:
    return run._r.rPr.rFonts.get(qn("w:eastAsia"))


@pytest.fixture(scope="module")
def doc2023() -> bytes:
    return render(load_report(EXAMPLES / "yunlan-sthj-2023.json"), "docx")  # type: ignore[return-value]


@pytest.fixture(scope="module")
def doc2020() -> bytes:
    return render(load_report(EXAMPLES / "jiyuan-gongkewei-2020.json"), "docx")  # type: ignore[return-value]


def test_docx_is_a_word_file(doc2023):
    assert doc2023[:2] == b"PK"
    names = zipfile.ZipFile(io.BytesIO(doc2023)).namelist()
    assert "word/document.xml" in names
    assert not [n for n in names if "thumbnail" in n]
    document = open_docx(doc2023)
    assert len(document.tables) == 3
    assert document.core_properties.title == "云岚市生态环境局2023年政府信息公开工作年度报告"
    assert document.core_properties.author == ""


def test_every_run_has_an_east_asian_font(doc2023, doc2020):
    for data in (doc2023, doc2020):
        body = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml")
        root = etree.fromstring(body)
        runs = root.iter(f"{W}r")
        count = 0
        for run in runs:
            fonts = run.find(f"{W}rPr/{W}rFonts")
            assert fonts is not None
            assert fonts.get(f"{W}eastAsia")
            assert run.find(f"{W}rPr/{W}sz") is not None
            count += 1
        assert count > 250


@pytest.mark.parametrize(
    ("text", "font", "size"),
    [
        ("云岚市生态环境局2023年政府信息公开工作年度报告", TITLE_FONT, 22),
        ("一、总体情况", H1_FONT, 16),
        ("四、政府信息公开行政复议、行政诉讼情况", H1_FONT, 16),
        ("（文字描述）", BODY_FONT, 16),
        ("（文字描述，收取信息处理费情况在此处报告。）", BODY_FONT, 16),
    ],
)
def test_fonts_and_sizes_2023(doc2023, text, font, size):
    run = runs_by_text(open_docx(doc2023))[text]
    assert east_asia(run) == font
    assert run.font.size.pt == size


def test_fonts_of_subheadings_and_leads(doc2020):
    runs = runs_by_text(open_docx(doc2020))
    assert east_asia(runs["（一）加强组织领导，健全工作机制"]) == H2_FONT
    assert east_asia(runs["（二）进一步推进政策公开与解读。"]) == H2_FONT
    body = next(text for text in runs if text.startswith("加大工业和科技方面的政策公开力度"))
    assert east_asia(runs[body]) == BODY_FONT
    preamble = next(text for text in runs if text.startswith("本报告根据"))
    assert east_asia(runs[preamble]) == BODY_FONT
    assert runs[preamble].font.size.pt == 16


def test_title_centered_and_body_indented(doc2023):
    document = open_docx(doc2023)
    title, preamble = document.paragraphs[0], document.paragraphs[1]
    assert title.alignment == 1  # centre
    assert preamble.paragraph_format.first_line_indent.pt == 32
    assert preamble.paragraph_format.line_spacing.pt == 28


def test_table_text_is_smaller_fangsong(doc2023):
    table = open_docx(doc2023).tables[1]
    run = table.cell(3, 0).paragraphs[0].runs[0]
    assert run.text == "一、本年新收政府信息公开申请数量"
    assert east_asia(run) == BODY_FONT
    assert run.font.size.pt == 10.5


def test_a4_page_with_official_margins(doc2023):
    section = open_docx(doc2023).sections[0]
    assert abs(section.page_width - Cm(21)) < Cm(0.01)
    assert abs(section.page_height - Cm(29.7)) < Cm(0.01)
    margins = (section.top_margin, section.bottom_margin, section.left_margin, section.right_margin)
    assert all(abs(m - Cm(v)) < Cm(0.01) for m, v in zip(margins, (3.7, 3.5, 2.8, 2.6), strict=True))
    footer = section.footer._element.xml
    assert 'w:instr="PAGE"' in footer


@pytest.mark.parametrize("fixture", ["doc2023", "doc2020"])
def test_word_grid_equals_layout_grid(request, fixture):
    """python-docx resolves merged cells to their top-left cell, so every slot must show the layout's text."""
    data = request.getfixturevalue(fixture)
    year = 2023 if fixture == "doc2023" else 2020
    report = load_report(EXAMPLES / ("yunlan-sthj-2023.json" if year == 2023 else "jiyuan-gongkewei-2020.json"))
    tables = list(build_document(report).tables().values())
    for table, word in zip(tables, open_docx(data).tables, strict=True):
        assert len(word.rows) == table.nrows
        assert len(word.columns) == table.ncols
        for r, row in enumerate(table.grid):
            texts = [cell.text for cell in word.rows[r].cells]
            assert texts == [cell.text for cell, _ in row], (table.section, r)


def _table_xml(data: bytes, index: int):
    root = etree.fromstring(zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml"))
    return root.findall(f".//{W}tbl")[index]


def _spans(tbl) -> list[tuple[str, int, str | None]]:
    """(text, gridSpan, vMerge) of every w:tc that starts a cell or continues a vertical merge."""
    out = []
    for tc in tbl.iter(f"{W}tc"):
        text = "".join(t.text or "" for t in tc.iter(f"{W}t"))
        span = tc.find(f"{W}tcPr/{W}gridSpan")
        merge = tc.find(f"{W}tcPr/{W}vMerge")
        vmerge = None if merge is None else merge.get(f"{W}val", "continue")
        out.append((text, int(span.get(f"{W}val")) if span is not None else 1, vmerge))
    return out


def test_table3_merges_in_xml(doc2023):
    spans = _spans(_table_xml(doc2023, 1))
    assert (TABLE3_NOTE, 3, "restart") in spans
    assert ("申请人情况", 7, None) in spans
    assert ("自然人", 1, "restart") in spans
    assert ("法人或其他组织", 5, None) in spans
    assert ("总计", 1, "restart") in spans
    assert ("三、本年度办理结果", 1, "restart") in spans
    assert ("（三）不予公开", 1, "restart") in spans
    assert ("一、本年新收政府信息公开申请数量", 3, None) in spans
    assert ("（一）予以公开", 2, None) in spans
    restarts = [s for s in spans if s[2] == "restart"]
    continues = [s for s in spans if s[2] == "continue"]
    assert len(restarts) == 8  # note, 自然人, 总计, 三、本年度办理结果, （三）–（六）
    assert len(continues) == 2 + 1 + 1 + 21 + 7 + 2 + 4 + 2
    assert ("", 3, "continue") in continues  # the note continues over 3 columns


def test_table4_merges_in_xml(doc2023):
    spans = _spans(_table_xml(doc2023, 2))
    assert spans[:2] == [("行政复议", 5, None), ("行政诉讼", 10, None)]
    assert spans[2:9] == [
        ("结果维持", 1, "restart"),
        ("结果纠正", 1, "restart"),
        ("其他结果", 1, "restart"),
        ("尚未审结", 1, "restart"),
        ("总计", 1, "restart"),
        ("未经复议直接起诉", 5, None),
        ("复议后起诉", 5, None),
    ]
    assert spans[9:14] == [("", 1, "continue")] * 5


def test_table2_caption_rows_span_the_width(doc2023):
    spans = _spans(_table_xml(doc2023, 0))
    assert ("第二十条第（一）项", 4, None) in spans
    assert ("本年处理决定数量", 3, None) in spans
    assert ("12.35", 3, None) in spans


def test_tables_have_borders_and_repeat_headers(doc2023):
    for index in range(3):
        tbl = _table_xml(doc2023, index)
        pr = tbl.find(f"{W}tblPr")
        assert pr.find(f"{W}tblStyle").get(f"{W}val") == "TableGrid"
        borders = pr.find(f"{W}tblBorders")
        edges = {child.tag.removeprefix(W): child.get(f"{W}val") for child in borders}
        assert edges == dict.fromkeys(("top", "left", "bottom", "right", "insideH", "insideV"), "single")
    rows = _table_xml(doc2023, 1).findall(f"{W}tr")
    headers = [row.find(f"{W}trPr/{W}tblHeader") is not None for row in rows]
    assert headers == [True] * 3 + [False] * 25


def test_unknown_cells_in_docx():
    data = render(new_report("测试局", 2023), "docx")
    document = open_docx(data)  # type: ignore[arg-type]
    values = [c.text for c in document.tables[2].rows[3].cells]
    assert values == ["未填"] * 15


def test_docx_text_is_escaped():
    report = Report(agency="A&B<局>", year=2023, format="F2021")
    report.sections["一"].add(SectionVersion(text="x < y & z", origin="human"))
    document = open_docx(render(report, "docx"))  # type: ignore[arg-type]
    texts = [p.text for p in document.paragraphs]
    assert "A&B<局>2023年政府信息公开工作年度报告" in texts
    assert "x < y & z" in texts


def test_control_characters_do_not_break_the_docx():
    report = Report(agency="测试\x01局", year=2023, format="F2021")
    report.sections["一"].add(SectionVersion(text="第一行\x0b第二行\x07。", origin="human"))
    document = open_docx(render(report, "docx"))  # type: ignore[arg-type]
    texts = [p.text for p in document.paragraphs]
    assert "测试局2023年政府信息公开工作年度报告" in texts
    assert "第一行" in texts
    assert "第二行。" in texts


# ---- pagination: no heading alone at the foot of a page, no row split over two pages ---------------------


def _row_text(tr) -> str:
    return "|".join("".join(t.text or "" for t in tc.iter(f"{W}t")) for tc in tr.findall(f"{W}tc"))


def _keeps_with_next(p) -> bool:
    return p.find(f"{W}pPr/{W}keepNext") is not None


@pytest.mark.parametrize("fixture", ["doc2023", "doc2020"])
def test_no_table_row_splits_across_pages(request, fixture):
    root = etree.fromstring(zipfile.ZipFile(io.BytesIO(request.getfixturevalue(fixture))).read("word/document.xml"))
    rows = root.findall(f".//{W}tbl/{W}tr")
    assert len(rows) > 40
    assert all(row.find(f"{W}trPr/{W}cantSplit") is not None for row in rows)


@pytest.mark.parametrize("fixture", ["doc2023", "doc2020"])
def test_the_heading_before_each_table_keeps_with_it(request, fixture):
    body = etree.fromstring(zipfile.ZipFile(io.BytesIO(request.getfixturevalue(fixture))).read("word/document.xml"))
    children = list(body.find(f"{W}body"))
    before = [children[i - 1] for i, el in enumerate(children) if el.tag == f"{W}tbl"]
    texts = ["".join(t.text or "" for t in p.iter(f"{W}t")) for p in before]
    assert [t[:2] for t in texts] == ["二、", "三、", "四、"]
    assert all(_keeps_with_next(p) for p in before)


@pytest.mark.parametrize(
    ("index", "kept"),
    [
        # 表二: each block's caption and its column-header row stay with the block's first data row.
        (0, ["第二十条第（一）项", "信息内容|本年制发件数|本年废止件数|现行有效件数", "第二十条第（五）项",
             "信息内容|本年处理决定数量", "第二十条第（六）项", "信息内容|本年处理决定数量", "第二十条第（八）项",
             "信息内容|本年收费金额（单位：万元）"]),
        # 表三 and 表四: the header rows stay with the first rows of figures.
        (1, [f"{TABLE3_NOTE}|申请人情况", "|自然人|法人或其他组织|总计",
             "||商业企业|科研机构|社会公益组织|法律服务机构|其他|"]),
        (2, ["行政复议|行政诉讼", "结果维持|结果纠正|其他结果|尚未审结|总计|未经复议直接起诉|复议后起诉",
             "|||||结果维持|结果纠正|其他结果|尚未审结|总计|结果维持|结果纠正|其他结果|尚未审结|总计"]),
    ],
    ids=["table2", "table3", "table4"],
)  # fmt: skip
def test_caption_and_header_rows_keep_with_the_next_row(doc2023, index, kept):
    rows = _table_xml(doc2023, index).findall(f"{W}tr")
    keeping = [_row_text(tr) for tr in rows if all(_keeps_with_next(p) for p in tr.iter(f"{W}p"))]
    assert keeping == kept
    others = [tr for tr in rows if _row_text(tr) not in kept]
    assert others and not any(_keeps_with_next(p) for tr in others for p in tr.iter(f"{W}p"))
