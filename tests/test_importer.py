"""Importing our fixtures in every layout (tab, pipe, spaces, web page, Word) and the two shared samples."""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Any

import pytest
from import_support import FIXTURES, expected_of, load_build

from drafting.findings import has_errors
from drafting.formats import get_format
from drafting.io.importer import ImportResult, import_bytes, import_file, import_text
from drafting.model import coerce_cell, load_report

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT.parent / "shared" / "samples"




build = load_build()
TEXT_FIXTURES = sorted(build.FIXTURES)




def wrong_cells(result: ImportResult, expected: dict[str, Any]) -> list[str]:
    """Cells whose outcome differs from the expectation: value, blank or unreadable."""
    specs = get_format(expected["format"]).cells()
    unreadable = {u.cell_id for u in result.unreadable}
    wrong = []
    for cell_id, raw in expected["cells"].items():
        if cell_id in expected["unreadable"]:
            ok = cell_id in unreadable and cell_id not in result.report.cells
        elif raw is None:
            ok = cell_id in result.cells_blank and result.report.get(cell_id) is None
        else:
            ok = result.report.get(cell_id) == coerce_cell(specs[cell_id], raw) and cell_id in result.cells_read
        if not ok:
            wrong.append(cell_id)
    return wrong


@pytest.mark.parametrize("name", TEXT_FIXTURES)
def test_every_cell_of_each_layout_is_read_as_published(name: str) -> None:
    expected = expected_of(name)
    result = import_file(FIXTURES / name)
    assert wrong_cells(result, expected) == []
    report = result.report
    assert (report.agency, report.year, report.format) == (expected["agency"], expected["year"], expected["format"])
    assert set(result.cells_read) | set(result.cells_blank) | {u.cell_id for u in result.unreadable} == set(
        report.fmt.cells()
    )
    assert result.cells_missing == []


@pytest.mark.parametrize("name", TEXT_FIXTURES)
def test_sections_are_imported_as_versions_of_origin_imported(name: str) -> None:
    expected = expected_of(name)
    report = import_file(FIXTURES / name).report
    for section in ("一", "五", "六"):
        assert report.sections[section].text == expected["sections"][section]
        assert report.sections[section].versions[0].origin == "imported"
    assert set(report.origins.values()) == {"imported"}


def test_word_document_with_merged_cells_imports_every_cell() -> None:
    result = import_bytes(build.build_docx(), "青禾县农业农村局2021年年报.docx")
    expected = build.expected(build.QINGHE_2021, set())
    expected = json.loads(json.dumps(expected, ensure_ascii=False))
    assert result.source_kind == "docx"
    assert wrong_cells(result, expected) == []
    assert result.report.sections["五"].text == expected["sections"]["五"]
    assert result.findings == []


def test_web_page_article_is_found_among_navigation_in_gb2312() -> None:
    result = import_file(FIXTURES / "f2021-page.html")
    assert result.source_kind == "html"
    assert result.report.agency == "梧桐市生态环境局"
    assert result.parts_found == ["一", "二", "三", "四", "五", "六"]
    assert "首页" not in result.report.sections["一"].text
    assert "主办" not in result.report.sections["六"].text
    assert result.report.sections["六"].text == "2024年，我局未发生信息处理费收费情况。"


def test_pipe_layout_keeps_blank_cells_blank_and_warns_of_the_f2019_label() -> None:
    result = import_file(FIXTURES / "f2021-pipe.txt")
    assert result.report.get("t3.new.research") is None
    assert "t3.new.research" in result.cells_blank
    assert any("“规范性文件”是F2019格式的写法" in w for w in result.warnings)
    assert result.report.get("t2.normative.in_force") == 15


def test_cells_run_together_are_unreadable_with_their_raw_text_never_guessed() -> None:
    result = import_file(FIXTURES / "f2021-ambiguous.txt")
    by_id = {u.cell_id: u for u in result.unreadable}
    assert by_id["t3.open.business"].raw == "1 0"
    assert "连在了一个单元格里" in by_id["t3.open.business"].reason
    assert result.report.get("t3.open.natural") == 15
    assert result.report.get("t3.open.total") == 17
    assert all(f"t3.partial.{c}" in by_id for c in ("natural", "total"))
    assert "表三“（一）予以公开”行“商业企业”列" in str(by_id["t3.open.business"])
    assert by_id["t4.lit_after_review.pending"].raw == "1 / 0"
    assert any("读到 16 个" in w for w in result.warnings)


def test_a_report_that_does_not_add_up_is_a_finding_not_an_import_failure() -> None:
    text = (FIXTURES / "f2021-spaces.txt").read_text("utf-8")
    text = text.replace("（七）总计  52  11", "（七）总计  50  11")
    result = import_text(text)
    assert result.report.get("t3.total.natural") == 50
    assert has_errors(result.findings)
    assert any("t3.total.natural" in f.cells for f in result.findings)


def test_labels_of_a_format_without_the_row_are_reported_not_imported() -> None:
    text = (FIXTURES / "f2021-pipe.txt").read_text("utf-8")
    text = text.replace("行政许可 | 1203", "行政许可 | 1203\n其他对外管理服务事项 | 7")
    result = import_text(text)
    assert any("其他对外管理服务事项" in w and "未导入" in w for w in result.warnings)
    assert result.report.get("t2.license.decisions") == 1203


def test_f2021_labels_in_a_2020_report_are_a_warning_on_import() -> None:
    text = (FIXTURES / "f2021-spaces.txt").read_text("utf-8").replace("2022年", "2020年")
    result = import_text(text)
    assert result.report.format == "F2019"
    assert result.detected_format == "F2021"
    assert any("I14" in w for w in result.warnings)


def test_summary_names_format_year_agency_and_counts() -> None:
    summary = import_file(FIXTURES / "f2021-pipe.txt").summary()
    assert "星河县交通运输局" in summary
    assert "年度：2023" in summary
    assert "格式：F2021" in summary
    assert "读出 50，空白 150，无法识别 0" in summary


@pytest.mark.skipif(not (SAMPLES / "seed-jiyuan-gongkewei-2020.txt").exists(), reason="shared samples not present")
def test_the_2020_sample_imports_every_cell_as_published() -> None:
    result = import_file(SAMPLES / "seed-jiyuan-gongkewei-2020.txt")
    published = load_report(ROOT / "examples" / "jiyuan-gongkewei-2020.json")
    assert result.report.cells == published.cells
    assert (result.report.year, result.report.format) == (2020, "F2019")
    assert result.report.agency == "工业和科技创新委员会"
    assert result.unreadable == []
    assert any("读到 16 个" in w for w in result.warnings)
    for section in ("一", "五", "六"):
        assert result.report.sections[section].text == published.sections[section].text


@pytest.mark.skipif(not (SAMPLES / "shuyang-fgj-2023.txt").exists(), reason="shared samples not present")
def test_the_2023_sample_with_blank_cells_and_variant_heading() -> None:
    result = import_file(SAMPLES / "shuyang-fgj-2023.txt")
    report = result.report
    assert (report.agency, report.year, report.format) == ("沭阳县发展和改革局", 2023, "F2021")
    assert result.parts_found == ["一", "二", "三", "四", "五", "六"]
    assert (len(result.cells_read), len(result.cells_blank), len(result.unreadable)) == (75, 125, 0)
    assert report.get("t2.normative.in_force") == 18
    assert report.get("t3.new.natural") == 26
    assert report.get("t3.new.business") is None
    assert report.get("t4.review.pending") == 1
    assert report.sections["五"].text.startswith("（一）存在的主要问题")
    assert "2024年1月17日" not in report.sections["六"].text


def test_text_copied_from_a_pdf_with_wrapped_lines_and_page_numbers() -> None:
    result = import_file(FIXTURES / "f2021-pdfcopy.txt")
    report = result.report
    assert (report.agency, report.kind, report.year) == ("松岭镇人民政府", "乡镇", 2023)
    assert "\n" not in report.sections["一"].text
    assert report.sections["五"].text.startswith("一是公开内容仍以工作动态为主，政策解读偏少；二是村级公开栏更新")
    assert result.warnings == []


def test_old_style_page_laid_out_in_tables_with_the_report_tables_nested() -> None:
    page = (FIXTURES / "f2021-page.html").read_bytes().decode("gb18030")
    body_start = page.index('<div class="article">')
    body_end = page.index('<div class="footer">')
    layout = (page[:body_start] + '<table width="1000"><tr><td>导航：首页 &gt; 年报</td></tr><tr><td>'
              + page[body_start:body_end] + "</td></tr></table>" + page[body_end:])
    result = import_bytes(layout.encode("gb18030"), "old.htm")
    expected = expected_of("f2021-page.html")
    assert wrong_cells(result, expected) == []
    assert result.report.sections["一"].text == expected["sections"]["一"]


def test_word_headings_numbered_automatically_are_recognised() -> None:
    result = import_bytes(build.build_docx(auto_numbered=True), "自动编号.docx")
    expected = json.loads(json.dumps(build.expected(build.QINGHE_2021, set()), ensure_ascii=False))
    assert result.parts_found == ["一", "二", "三", "四", "五", "六"]
    assert wrong_cells(result, expected) == []
    assert result.report.sections["一"].text.startswith("（一）主动公开政府信息情况\n\n2021年")


@pytest.mark.parametrize("name", ["f2019-tab.txt", "f2021-pipe.txt"])
def test_table_two_without_its_captions_is_read_by_header_labels(name: str) -> None:
    lines = (FIXTURES / name).read_text("utf-8").split("\n")
    text = "\n".join(line for line in lines if not line.startswith("第二十条"))
    result = import_text(text)
    expected = expected_of(name)
    t2 = {k: v for k, v in expected["cells"].items() if k.startswith("t2.")}
    assert wrong_cells(result, {**expected, "cells": t2}) == []
    assert not any("表头" in w for w in result.warnings)


def _span(text: str) -> str:
    """Markup as Word-made pages have it: each label split over spans, with Office's empty <o:p> tags."""
    half = len(text) // 2
    return f"<p><span>{text[:half]}</span><span>{text[half:]}</span><span><o:p></o:p></span></p>"


def test_page_with_split_spans_and_the_title_outside_the_article() -> None:
    data = build.WUTONG_2024
    rows = build._t3_rows(get_format("F2021"), data["cells"])
    t3 = "".join("<tr>" + "".join(f"<td>{_span(c) if c else '<p> </p>'}</td>" for c in r) + "</tr>" for r in rows)
    head = "".join(f"<td>{_span(c)}</td>" for c in ("自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构",
                                                  "其他", "总计"))
    page = f"""<html><head><title>梧桐市生态环境局2024年政府信息公开工作年度报告-梧桐市生态环境局</title></head><body>
    <div class="head"><title>梧桐市人民政府</title><ul><li>首页</li><li>政府信息公开</li></ul></div>
    <table><tr><td>名称</td><td>梧桐市生态环境局2024年政府信息公开工作年度报告</td></tr></table>
    <h1>梧桐市生态环境局2024年政府信息公开工作年度报告</h1>
    <div id="zoomcon"><p>本年度报告所列数据的统计时限为2024年1月1日至2024年12月31日。</p>
    {_span("一、总体情况")}{_span(data["sections"]["一"])}
    {_span("三、收到和处理政府信息公开申请情况")}<table><tr><td colspan="3"></td>{head}</tr>{t3}</table>
    {_span("五、存在的主要问题及改进情况")}{_span(data["sections"]["五"])}
    {_span("六、其他需要报告的事项")}{_span(data["sections"]["六"])}</div>
    <div class="footer">主办：梧桐市人民政府办公室</div></body></html>"""
    result = import_bytes(page.encode("utf-8"), "zoomcon.html")
    assert (result.report.agency, result.report.year) == ("梧桐市生态环境局", 2024)
    t3_cells = {k: v for k, v in expected_of("f2021-page.html")["cells"].items() if k.startswith("t3.")}
    assert wrong_cells(result, {**expected_of("f2021-page.html"), "cells": t3_cells}) == []
    assert result.report.sections["六"].text == data["sections"]["六"]
    assert result.parts_found == ["一", "三", "五", "六"]


def test_outcome_of_each_cell_in_chinese() -> None:
    result = import_file(FIXTURES / "f2021-ambiguous.txt")
    assert result.outcome("t3.open.natural") == "已读出"
    assert result.outcome("t3.open.business") == "无法识别"
    blank = import_file(FIXTURES / "f2021-pipe.txt")
    assert blank.outcome("t3.new.research") == "空白"
    text = (FIXTURES / "f2021-pipe.txt").read_text("utf-8").replace("行政强制 | 3\n", "")
    assert import_text(text).outcome("t2.coercion.decisions") == "未找到"


def test_page_saved_as_a_single_file_mht() -> None:
    page = (FIXTURES / "f2021-page.html").read_bytes()
    mht = (b"From: <Saved by Windows Internet Explorer>\r\nMIME-Version: 1.0\r\n"
           b'Content-Type: multipart/related; boundary="----=_NextPart_000"\r\n\r\n'
           b"------=_NextPart_000\r\nContent-Type: text/html; charset=\"gb2312\"\r\n"
           b"Content-Transfer-Encoding: base64\r\n\r\n" + base64.encodebytes(page) + b"\r\n------=_NextPart_000--\r\n")
    result = import_bytes(mht, "年报.mht")
    assert result.source_kind == "html"
    assert wrong_cells(result, expected_of("f2021-page.html")) == []
