"""Rendering: document structure, official labels and merged cells, 未填 for unknowns, txt/md/html output."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from drafting.errors import DraftingError
from drafting.formats import F2019, F2021, TABLE3_NOTE, Format, t2, t3
from drafting.io.render import build_document, render, render_html_fragment
from drafting.io.render.layout import UNKNOWN, Heading, Paragraph, Table, _line_block
from drafting.model import SECTION_HEADINGS, Report, SectionVersion, new_report

SEED_2020 = Path("/work/shared/samples/seed-jiyuan-gongkewei-2020.txt")
_NUMBER = re.compile(r"^-?\d+(?:\.\d+)?(?:元|万元)?$")
_HALF = str.maketrans("（）：，", "():,")


def norm(text: str) -> str:
    """Compare labels across full/half-width punctuation and the spaces PDF extraction inserts."""
    return re.sub(r"\s+", "", text.translate(_HALF))


def table_rows(text: str, section: str) -> list[tuple[str, list[str]]]:
    """The data rows (label, values) of one table in tab-separated report text (ours or the published sample)."""
    lines = text.splitlines()
    start = lines.index(SECTION_HEADINGS[section])
    following = "三四五"["二三四".index(section)]
    end = lines.index(SECTION_HEADINGS[following])
    rows = []
    for line in lines[start + 1 : end]:
        tokens = [t.strip() for t in line.split("\t")]
        while tokens and not tokens[-1]:
            tokens.pop()
        values = []
        while tokens and _NUMBER.match(tokens[-1]):
            values.insert(0, tokens.pop())
        label = "".join(tokens)
        if values:
            rows.append((label, values))
    return rows


def amount(token: str) -> Decimal:
    return Decimal(token.removesuffix("万元").removesuffix("元"))


@pytest.fixture(scope="module")
def seed_text() -> str:
    if not SEED_2020.exists():
        pytest.skip("the published 2020 sample is not available on this machine")
    return SEED_2020.read_text(encoding="utf-8")


# ---- the 2020 example against the published report --------------------------------------------------


def test_2020_table2_equals_published(report_2020, seed_text):
    published = table_rows(seed_text, "二")
    rendered = table_rows(render(report_2020, "txt"), "二")
    expected_labels = [row.label for block in F2019.table2 for row in block.rows]
    assert [label for label, _ in published] == expected_labels
    assert [label for label, _ in rendered] == expected_labels
    assert sum(len(v) for _, v in published) == sum(len(v) for _, v in rendered) == 22
    for (label, pub), (_, ours) in zip(published, rendered, strict=True):
        assert [amount(v) for v in ours] == [amount(v) for v in pub], label
    assert dict(rendered)["政府集中采购"] == ["0", "0元"]  # 采购总金额 is amount + unit


def test_2020_table3_equals_published(report_2020, seed_text):
    published = table_rows(seed_text, "三")
    rendered = table_rows(render(report_2020, "txt"), "三")
    official = [row.label for row in F2019.table3_rows]
    assert len(published) == len(rendered) == len(official) == 23
    for (pub_label, pub), (our_label, ours), label in zip(published, rendered, official, strict=True):
        assert norm(pub_label).endswith(norm(label)), (pub_label, label)
        assert our_label.endswith(label)
        assert len(pub) == len(ours) == 7
        assert ours == pub, label
    for header in ("申请人情况", "自然人", "法人或其他组织", "商业企业", "科研机构", "社会公益组织", "法律服务机构"):
        assert header in seed_text


def test_2020_table4_equals_published(report_2020, seed_text):
    (published,) = [values for _, values in table_rows(seed_text, "四")]
    (rendered,) = [values for _, values in table_rows(render(report_2020, "txt"), "四")]
    # The published grid carries one extra trailing column with no header (its header rows end in an
    # empty cell as well); the format has 15 cells, and those are compared.
    assert len(published) == 16
    assert len(rendered) == 15
    assert rendered == published[:15]


def test_2020_every_cell_compared(report_2020, seed_text):
    rendered = render(report_2020, "txt")
    compared = sum(len(v) for s in "二三四" for _, v in table_rows(rendered, s))
    assert compared == len(F2019.cells()) == len(report_2020.cells) == 198
    published = sum(len(v) for s in "二三四" for _, v in table_rows(seed_text, s))
    assert published == 198 + 1  # the stray 16th cell of table 四


# ---- labels exactly as the formats ------------------------------------------------------------------


def texts(table: Table, *kinds: str) -> list[str]:
    return [c.text for c in table.cells if c.kind in kinds]


@pytest.mark.parametrize("fmt", [F2019, F2021], ids=lambda f: f.id)
def test_table_labels_follow_the_format(fmt: Format):
    year = 2020 if fmt is F2019 else 2023
    tables = build_document(new_report("测试局", year)).tables()
    t2_, t3_, t4_ = tables["二"], tables["三"], tables["四"]
    assert texts(t2_, "caption") == [b.caption for b in fmt.table2]
    assert texts(t2_, "label") == [r.label for b in fmt.table2 for r in b.rows]
    headers = [h for h in texts(t2_, "header") if h != "信息内容"]
    assert headers == [c.label for b in fmt.table2 for c in b.columns]
    assert texts(t3_, "label") == [r.label for r in fmt.table3_rows]
    groups = list(dict.fromkeys(g for r in fmt.table3_rows for g in r.groups))
    assert texts(t3_, "header")[-len(groups) :] == groups
    assert texts(t3_, "header")[:3] == [TABLE3_NOTE, "申请人情况", "自然人"]
    assert texts(t4_, "header") == [
        "行政复议", "行政诉讼",
        "结果维持", "结果纠正", "其他结果", "尚未审结", "总计", "未经复议直接起诉", "复议后起诉",
        *["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] * 2,
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("year", "present", "absent"),
    [
        (2023, "本年制发件数", "本年新制作数量"),
        (2023, "本年收费金额（单位：万元）", "采购总金额"),
        (2023, "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", "\t（六）其他处理\t\t"),
        (2023, "行政规范性文件", "其他对外管理服务事项"),
        (2020, "本年新制作数量", "本年制发件数"),
        (2020, "采购总金额", "本年收费金额"),
        (2020, "\t（六）其他处理\t\t", "3.其他"),
        (2020, "其他对外管理服务事项", "行政规范性文件"),
        (2020, "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "(二)"),
        (2023, "3.危及“三安全一稳定”", '"三安全一稳定"'),
        (2023, "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", "(本列"),
        (2023, "5.要求行政机关确认或重新出具已获取信息", "5.要求行政机关确认或重新出具已获取的信息"),
    ],
)
def test_literal_labels_from_the_spec(year, present, absent):
    text = render(new_report("测试局", year), "txt")
    assert present in text
    assert absent not in text


# ---- merged cells -----------------------------------------------------------------------------------

SPANS_COMMON = [
    ("三", TABLE3_NOTE, 3, 3),
    ("三", "申请人情况", 1, 7),
    ("三", "自然人", 2, 1),
    ("三", "法人或其他组织", 1, 5),
    ("三", "一、本年新收政府信息公开申请数量", 1, 3),
    ("三", "（一）予以公开", 1, 2),
    ("三", "（三）不予公开", 8, 1),
    ("三", "（四）无法提供", 3, 1),
    ("三", "（五）不予处理", 5, 1),
    ("三", "1.属于国家秘密", 1, 1),
    ("三", "（七）总计", 1, 2),
    ("三", "四、结转下年度继续办理", 1, 3),
    ("四", "行政复议", 1, 5),
    ("四", "行政诉讼", 1, 10),
    ("四", "未经复议直接起诉", 1, 5),
    ("四", "复议后起诉", 1, 5),
    ("二", "第二十条第（一）项", 1, 4),
    ("二", "第二十条第（八）项", 1, 4),
]
SPANS = [
    *[(2023, *row) for row in SPANS_COMMON],
    *[(2020, *row) for row in SPANS_COMMON],
    (2023, "三", "三、本年度办理结果", 22, 1),
    (2023, "三", "（六）其他处理", 3, 1),
    (2023, "二", "本年处理决定数量", 1, 3),
    (2023, "二", "本年收费金额（单位：万元）", 1, 3),
    (2020, "三", "三、本年度办理结果", 20, 1),
    (2020, "三", "（六）其他处理", 1, 2),
    (2020, "二", "第二十条第（九）项", 1, 4),
    (2020, "二", "采购总金额", 1, 2),
    (2020, "二", "处理决定数量", 1, 1),
]


@pytest.fixture(scope="module")
def html_tables() -> dict[int, BeautifulSoup]:
    return {
        year: BeautifulSoup(render(new_report("测试局", year), "html"), "html.parser") for year in (2020, 2023)
    }


@pytest.mark.parametrize(("year", "table", "text", "rowspan", "colspan"), SPANS)
def test_html_merged_cells(html_tables, year, table, text, rowspan, colspan):
    soup = html_tables[year].find("table", attrs={"data-table": table})
    (cell,) = [c for c in soup.find_all(["th", "td"]) if c.get_text() == text][:1]
    assert int(cell.get("rowspan", 1)) == rowspan
    assert int(cell.get("colspan", 1)) == colspan


@pytest.mark.parametrize("year", [2020, 2023])
def test_html_rows_fill_the_grid(html_tables, year):
    """Placing cells the way a browser does, every row of every table covers the grid exactly once."""
    widths = {"二": 4, "三": 10, "四": 15}
    for soup in html_tables[year].find_all("table"):
        ncols = widths[soup["data-table"]]
        taken: set[tuple[int, int]] = set()
        rows = soup.find_all("tr")
        for r, tr in enumerate(rows):
            c = 0
            for cell in tr.find_all(["th", "td"]):
                while (r, c) in taken:
                    c += 1
                span_r, span_c = int(cell.get("rowspan", 1)), int(cell.get("colspan", 1))
                cover = {(r + i, c + j) for i in range(span_r) for j in range(span_c)}
                assert not cover & taken
                taken |= cover
                c += span_c
        assert taken == {(r, c) for r in range(len(rows)) for c in range(ncols)}, soup["data-table"]


@pytest.mark.parametrize("year", [2020, 2023])
def test_layout_grids_are_complete(year):
    for table in build_document(new_report("测试局", year)).tables().values():
        assert len(table.grid) == table.nrows
        assert all(len(row) == table.ncols for row in table.grid)
        assert len(table.value_cells()) == len([c for c in table.cells if c.kind == "value"])
    total = sum(len(t.value_cells()) for t in build_document(new_report("测试局", year)).tables().values())
    assert total == (198 if year == 2020 else 200)


# ---- document structure -----------------------------------------------------------------------------


def test_headings_in_order_and_preamble(report_2023):
    doc = build_document(report_2023)
    headings = [b.text for b in doc.blocks if isinstance(b, Heading) and b.level == 1]
    assert headings == list(SECTION_HEADINGS.values())
    assert doc.title == report_2023.title == "云岚市生态环境局2023年政府信息公开工作年度报告"
    preamble = doc.blocks[0]
    assert isinstance(preamble, Paragraph)
    assert "《中华人民共和国政府信息公开条例》" in preamble.text
    assert "国办公开办函〔2021〕30号" in preamble.text
    assert "本报告所列数据统计期限为2023年1月1日至2023年12月31日" in preamble.text
    kinds = [type(b).__name__ for b in doc.blocks[1:]]
    text_part = ["Heading", "Paragraph"]
    table_part = ["Heading", "Table"]
    assert kinds == [*text_part, *table_part * 3, *text_part * 2]


def test_preamble_names_the_f2019_document(report_2020):
    text = render(report_2020, "txt")
    assert "国办公开办函〔2019〕60号" in text
    assert "本报告所列数据统计期限为2020年1月1日至2020年12月31日" in text


@pytest.mark.parametrize(
    ("year", "section", "placeholder"),
    [
        (2023, "一", "（文字描述）"),
        (2023, "五", "（文字描述）"),
        (2023, "六", "（文字描述，收取信息处理费情况在此处报告。）"),
        (2020, "六", "（文字描述）"),
    ],
)
def test_empty_sections_show_the_template_placeholder(year, section, placeholder):
    lines = render(new_report("测试局", year), "txt").splitlines()
    heading = lines.index(SECTION_HEADINGS[section])
    assert lines[heading + 2] == placeholder


def test_section_texts_are_rendered(report_2020):
    text = render(report_2020, "txt")
    assert report_2020.sections["五"].text in text
    assert "2020年未收取信息公开处理费用。" in text
    assert "（文字描述）" not in text


def test_section_text_uses_latest_version(report_2023):
    report_2023.sections["五"].add(SectionVersion(text="第一稿。", origin="human"))
    report_2023.sections["五"].add(SectionVersion(text="第二稿。", origin="human"))
    text = render(report_2023, "txt")
    assert "第二稿。" in text
    assert "第一稿。" not in text


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("（一）加强组织领导，健全工作机制", Heading("（一）加强组织领导，健全工作机制", level=2)),
        ("（二）整改措施。", Heading("（二）整改措施。", level=2)),
        ("（一）存在的问题。意识有所松懈。", Paragraph("意识有所松懈。", lead="（一）存在的问题。")),
        ("（二）提案办理情况：全年办理12件。", Paragraph("全年办理12件。", lead="（二）提案办理情况：")),
        ("（三）整改情况：已完成", Paragraph("已完成", lead="（三）整改情况：")),
        ("（四）" + "长" * 40 + "。后文。", Paragraph("（四）" + "长" * 40 + "。后文。")),
        ("1.强化组织领导。信息公开工作政策性强。", Paragraph("1.强化组织领导。信息公开工作政策性强。")),
        ("2023年，本局共收到申请48件。", Paragraph("2023年，本局共收到申请48件。")),
        ("（三）" + "很长的一句没有句号" * 6, Paragraph("（三）" + "很长的一句没有句号" * 6)),
    ],
)  # fmt: skip
def test_subheadings_in_section_text(line, expected):
    assert _line_block(line) == expected


# ---- values -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("year", [2020, 2023])
def test_unknown_cells_render_as_unfilled_never_zero(year):
    report = new_report("测试局", year)
    text = render(report, "txt")
    count = 198 if year == 2020 else 200
    assert text.count(UNKNOWN) == count
    for section in "二三四":
        for _, values in table_rows(text.replace(UNKNOWN, "-1"), section):
            assert set(values) == {"-1"}
    soup = BeautifulSoup(render(report, "html"), "html.parser")
    assert len(soup.select("td.unfilled")) == count
    assert all("color:#c00" in td["style"] for td in soup.select("td.unfilled"))
    assert {c.get_text() for c in soup.select("td.value")} == {UNKNOWN}


def test_totals_derived_only_when_all_addends_known():
    report = new_report("测试局", 2023)
    for col, value in zip(("natural", "business", "research", "nonprofit", "legal"), (5, 2, 1, 0, 1), strict=True):
        report.set_cell(t3("new", col), value)
    cells = build_document(report).tables()["三"].value_cells()
    assert cells[t3("new", "total")].text == UNKNOWN
    report.set_cell(t3("new", "other"), 0)
    cells = build_document(report).tables()["三"].value_cells()
    assert cells[t3("new", "total")].text == "9"
    assert cells[t3("new", "total")].origin == "derived"
    assert report.get(t3("new", "total")) is None  # rendering never changes the report


def test_derived_totals_are_marked_in_html():
    report = new_report("测试局", 2023)
    for col in ("natural", "business", "research", "nonprofit", "legal", "other"):
        report.set_cell(t3("new", col), 1)
    soup = BeautifulSoup(render(report, "html"), "html.parser")
    cell = soup.find("td", attrs={"data-cell": "t3.new.total"})
    assert cell.get_text() == "6"
    assert "derived" in cell["class"]


@pytest.mark.parametrize(
    ("year", "cell_id", "raw", "shown"),
    [
        (2023, t2("admin_fee", "fee_amount"), "4166.241619", "4166.241619"),
        (2023, t2("admin_fee", "fee_amount"), "12.350", "12.350"),
        (2023, t2("admin_fee", "fee_amount"), "0", "0"),
        (2023, t2("admin_fee", "fee_amount"), 96171.6, "96171.6"),
        (2020, t2("procurement", "procurement_amount"), "251000元", "251000元"),
        (2020, t2("procurement", "procurement_amount"), {"amount": "25.1", "unit": "万元"}, "25.1万元"),
        (2020, t2("procurement", "procurement_amount"), 0, "0元"),
        (2020, t2("license", "change"), -3, "-3"),
        (2023, t2("license", "decisions"), 1260, "1260"),
    ],
)
def test_value_formatting(year, cell_id, raw, shown):
    report = new_report("测试局", year)
    report.set_cell(cell_id, raw)
    assert build_document(report).tables()["二"].value_cells()[cell_id].text == shown


def test_example_2023_renders_every_entered_value(report_2023):
    cells = {}
    for table in build_document(report_2023).tables().values():
        cells.update(table.value_cells())
    assert len(cells) == 200
    assert cells["t2.admin_fee.fee_amount"].text == "12.35"
    assert UNKNOWN not in {c.text for c in cells.values()}
    for cell_id, value in report_2023.cells.items():
        assert cells[cell_id].text == str(value)


# ---- plain text -------------------------------------------------------------------------------------


def test_text_tables_are_tab_separated(report_2023):
    lines = render(report_2023, "txt").splitlines()
    tables = build_document(report_2023).tables()
    for section, table in tables.items():
        start = lines.index(SECTION_HEADINGS[section]) + 2
        block = lines[start : start + table.nrows]
        assert all(line.count("\t") == table.ncols - 1 for line in block), section
        assert lines[start + table.nrows] == ""
    start = lines.index(SECTION_HEADINGS["三"]) + 2
    assert lines[start] == TABLE3_NOTE + "\t\t\t申请人情况" + "\t" * 6
    assert lines[start + 1] == "\t\t\t自然人\t法人或其他组织\t\t\t\t\t总计"
    assert lines[start + 3] == "一、本年新收政府信息公开申请数量\t\t\t38\t6\t1\t1\t2\t0\t48"
    assert lines[start + 5].startswith("三、本年度办理结果\t（一）予以公开\t\t17\t")
    assert lines[start + 7].startswith("\t（三）不予公开\t1.属于国家秘密\t0\t")
    assert lines[start + 8].startswith("\t\t2.其他法律行政法规禁止公开\t0\t")
    start = lines.index(SECTION_HEADINGS["四"]) + 2
    assert lines[start] == "行政复议" + "\t" * 5 + "行政诉讼" + "\t" * 9
    assert lines[start + 3] == "2\t1\t0\t1\t4\t1\t0\t1\t0\t2\t1\t0\t0\t1\t2"
    start = lines.index(SECTION_HEADINGS["二"]) + 2
    assert lines[start : start + 3] == [
        "第二十条第（一）项\t\t\t",
        "信息内容\t本年制发件数\t本年废止件数\t现行有效件数",
        "规章\t0\t0\t0",
    ]
    assert "行政许可\t1260\t\t" in lines


def test_text_starts_with_title_and_has_no_markup(report_2023):
    text = render(report_2023, "txt")
    assert text.startswith("云岚市生态环境局2023年政府信息公开工作年度报告\n\n本报告根据")
    assert "<" not in text
    assert "|" not in text


def test_section_paragraphs_are_separated_by_blank_lines():
    report = new_report("测试局", 2023)
    report.sections["一"].add(SectionVersion(text="第一段。\n\n第二段。", origin="human"))
    text = render(report, "txt")
    assert "第一段。\n\n第二段。" in text


# ---- markdown ---------------------------------------------------------------------------------------


def test_markdown_pipe_tables(report_2023):
    md = render(report_2023, "md")
    assert md.startswith("# 云岚市生态环境局2023年政府信息公开工作年度报告\n")
    assert "\n## 三、收到和处理政府信息公开申请情况\n" in md
    assert "\n**第二十条第（五）项**\n\n| 信息内容 | 本年处理决定数量 |\n| --- | --- |\n| 行政许可 | 1260 |\n" in md
    lines = [line for line in md.splitlines() if line.startswith("|")]
    assert "| 一、本年新收政府信息公开申请数量 |  |  | 38 | 6 | 1 | 1 | 2 | 0 | 48 |" in md
    assert "| 行政复议·结果维持 | 结果纠正 |" in md
    assert "| 2 | 1 | 0 | 1 | 4 | 1 | 0 | 1 | 0 | 2 | 1 | 0 | 0 | 1 | 2 |" in md
    header3 = next(line for line in lines if line.startswith(f"| {TABLE3_NOTE}"))
    assert header3.count(" | ") == 9
    assert "申请人情况·自然人" in header3
    assert "法人或其他组织·商业企业" in header3


def test_markdown_escapes_text():
    report = new_report("测试局", 2023)
    report.sections["一"].add(SectionVersion(text="使用 *星号* 和 a|b 与 <b>", origin="human"))
    md = render(report, "md")
    assert "使用 \\*星号\\* 和 a\\|b 与 \\<b\\>" in md


# ---- html -------------------------------------------------------------------------------------------


def test_html_is_a_standalone_document_with_fangsong(report_2023):
    page = render(report_2023, "html")
    assert page.startswith("<!DOCTYPE html>")
    soup = BeautifulSoup(page, "html.parser")
    assert soup.html["lang"] == "zh-CN"
    assert soup.title.get_text() == report_2023.title
    assert "仿宋_GB2312" in soup.find("p")["style"]
    assert "@page" in soup.style.get_text()
    assert len(soup.find_all("table")) == 3
    assert [h.get_text() for h in soup.find_all("h2")] == list(SECTION_HEADINGS.values())
    for td in soup.find_all(["td", "th"]):
        assert "border:1px solid #000" in td["style"]


def test_html_fragment_is_body_only(report_2023):
    fragment = render_html_fragment(report_2023)
    assert "<html" not in fragment
    assert "<head" not in fragment
    assert fragment.startswith("<h1 ")
    assert fragment.count("<table") == 3
    assert fragment in render(report_2023, "html")


def test_html_escapes_text():
    report = Report(agency="<script>alert(1)</script>&局", year=2023, format="F2021")
    report.sections["五"].add(SectionVersion(text='问题 <b>"一"</b> & 措施', origin="human"))
    page = render(report, "html")
    assert "<script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;&amp;局" in page
    assert "问题 &lt;b&gt;&quot;一&quot;&lt;/b&gt; &amp; 措施" in page


def test_html_subheadings_and_leads(report_2020):
    soup = BeautifulSoup(render(report_2020, "html"), "html.parser")
    assert "（一）加强组织领导，健全工作机制" in [h.get_text() for h in soup.find_all("h3")]
    lead = soup.find("span", string="（二）进一步推进政策公开与解读。")
    assert lead is not None
    assert "楷体_GB2312" in lead["style"]


# ---- misc -------------------------------------------------------------------------------------------


def test_unknown_target_is_a_chinese_error(report_2023):
    with pytest.raises(DraftingError, match="不支持的导出格式"):
        render(report_2023, "pdf")  # type: ignore[arg-type]


@pytest.mark.parametrize("to", ["txt", "md", "html", "docx"])
def test_render_leaves_the_report_unchanged(report_2023, to):
    before = report_2023.model_dump()
    out = render(report_2023, to)
    assert isinstance(out, bytes if to == "docx" else str)
    assert report_2023.model_dump() == before
