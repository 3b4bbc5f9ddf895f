"""Markdown from PDF-to-Markdown converters (marker, MinerU, docling, pandoc): every cell as published, no guess."""

from __future__ import annotations

import pytest
from import_support import FIXTURES, expected_of, load_build, outcomes

from drafting.formats import get_format
from drafting.io.importer import import_file, import_text
from drafting.io.importer.markdown import body_rows, header_rows, inline, looks_like_markdown, pipe_cells, read_markdown
from drafting.io.importer.readers import Paragraph, Table, read_text
from drafting.model import coerce_cell

MARKDOWN = ["f2021-marker.md", "f2021-mineru.md", "f2021-docling.md", "f2019-pandoc.md"]




build = load_build()






def test_the_markdown_fixtures_are_registered_for_the_importer_tests_and_the_benchmark() -> None:
    assert set(MARKDOWN) <= set(build.FIXTURES)


@pytest.mark.parametrize("name", MARKDOWN)
def test_every_cell_of_each_converter_style_is_exact_or_blank(name: str) -> None:
    expected = expected_of(name)
    result = import_file(FIXTURES / name)
    found = outcomes(result, expected)
    assert found["wrong"] == []
    assert len(found["exact"]) + len(found["blank"]) == len(expected["cells"])
    assert result.cells_missing == []
    assert result.source_kind == "markdown"
    assert (result.report.agency, result.report.year) == (expected["agency"], expected["year"])
    for part in ("一", "五", "六"):
        assert result.report.sections[part].text == expected["sections"][part]


@pytest.mark.parametrize("name", MARKDOWN)
def test_no_warnings_on_a_clean_conversion(name: str) -> None:
    assert import_file(FIXTURES / name).warnings == []


@pytest.mark.parametrize(
    ("text", "markdown"),
    [
        ("| a | b |\n|---|---|\n| 1 | 2 |", True),
        ("a | b\n---|---\n1 | 2", True),
        ("# 标题\n\n正文\n\n## 一、总体情况", True),
        ("正文\n<table><tr><td>1</td></tr></table>", True),
        ("+---+---+\n| a | b |\n+===+===+", True),
        ("某某局2023年政府信息公开工作年度报告\n==========\n正文", False),
        ("# 只有一个标题\n正文", False),
        ("#1 不是标题\n#2 也不是", False),
        ("一、总体情况 | 二、主动公开\n规章 | 0 | 0 | 0", False),
        ("规章\t0\t0\t0\n--------\t---", False),
        ("一、本年新收政府信息公开申请数量  52  11  0\n------------  ----", False),
    ],
)
def test_what_reads_as_markdown(text: str, markdown: bool) -> None:
    assert looks_like_markdown(text) is markdown


@pytest.mark.parametrize("name", ["f2021-pipe.txt", "f2021-spaces.txt", "f2019-tab.txt", "f2021-pdfcopy.txt",
                                  "f2021-ambiguous.txt", "f2021-fixed.txt"])
def test_plain_text_fixtures_are_not_taken_for_markdown(name: str) -> None:
    assert not looks_like_markdown((FIXTURES / name).read_text("utf-8"))


@pytest.mark.parametrize(
    ("raw", "text"),
    [
        ("**一、总体情况**", "一、总体情况"),
        ("__二、主动公开政府信息情况__", "二、主动公开政府信息情况"),
        ("*斜体*与**粗体**", "斜体与粗体"),
        ("~~删除~~", "删除"),
        ("`代码`", "代码"),
        ("电话 \\| 传真", "电话 | 传真"),
        ("1\\.属于国家秘密", "1.属于国家秘密"),
        ("\\*注：不计其他情形", "*注：不计其他情形"),
        ("见[政府信息公开指南](http://example.org/zn)", "见政府信息公开指南"),
        ("![](images/0a1b.jpg)", ""),
        ("合格率为 $100\\%$", "合格率为 100%"),
        ("<span style='x'>公开</span>&nbsp;", "公开"),
        ("a_b_c 与 2_000", "a_b_c 与 2_000"),
    ],
)
def test_markup_is_removed_from_text(raw: str, text: str) -> None:
    assert inline(raw) == text


@pytest.mark.parametrize(
    ("line", "cells"),
    [
        ("| a | b |", ["a", "b"]),
        ("a | b", ["a", "b"]),
        ("| 电话 \\| 传真 | 3 |", ["电话 | 传真", "3"]),
        ("|  | 3 |  |", ["", "3", ""]),
        ("| 申请人情况<br>自然人 | **17** |", ["申请人情况\n自然人", "17"]),
        ("| （二）部分公开<br/>（区分处理的） | 3 |", ["（二）部分公开\n（区分处理的）", "3"]),
    ],
)
def test_pipe_row_cells(line: str, cells: list[str]) -> None:
    assert pipe_cells(line) == cells


@pytest.mark.parametrize(
    ("cells", "rows"),
    [
        (["注", "申请人情况 自然人", "申请人情况\n法人或其他组织\n商业企业", "申请人情况\n总计"],
         [["注", "申请人情况 自然人", "申请人情况\n法人或其他组织\n商业企业", "申请人情况\n总计"],
          ["", "", "申请人情况", ""], ["", "申请人情况", "法人或其他组织", "申请人情况"],
          ["注", "自然人", "商业企业", "总计"]]),
        (["法人或其他组织\n社会公益\n组织", "法人或其他组织\n其他"],
         [["法人或其他组织\n社会公益\n组织", "法人或其他组织\n其他"], ["法人或其他组织", "法人或其他组织"],
          ["社会公益组织", "其他"]]),
        (["信息内容", "本年制发件数"], [["信息内容", "本年制发件数"]]),
        (["商业\n企业", "科研机构"], [["商业\n企业", "科研机构"]]),
        (["一、本年新收 政府信息", "17"], [["一、本年新收 政府信息", "17"]]),
    ],
)
def test_a_flattened_header_gets_one_row_per_level_with_the_leaves_in_the_last(
        cells: list[str], rows: list[list[str]]) -> None:
    assert header_rows(cells) == rows


@pytest.mark.parametrize(
    ("rows", "out"),
    [
        # the label spans three columns: its blank cells are left out once every numeric row agrees where values start
        ([["一、本年新收", "", "", "5", "", "1"], ["三、办理结果", "（三）不予公开", "1.属于国家秘密", "", "2", ""]],
         [["一、本年新收", "5", "", "1"], ["三、办理结果", "（三）不予公开", "1.属于国家秘密", "", "2", ""]]),
        # no row shows where the values start (first value column blank everywhere): rows are left as they are
        ([["一、本年新收", "", "", "", "1"], ["二、上年结转", "", "", "", "2"]],
         [["一、本年新收", "", "", "", "1"], ["二、上年结转", "", "", "", "2"]]),
        # docling repeats a spanning header and the value under it; a repeated value under distinct labels stays
        ([["信息内容", "本年处理决定数量", "本年处理决定数量"], ["行政许可", "1203", "1203"],
          ["信息内容", "本年制发件数", "本年废止件数"], ["规章", "0", "0"]],
         [["信息内容", "本年处理决定数量", "本年处理决定数量"], ["行政许可", "1203"],
          ["信息内容", "本年制发件数", "本年废止件数"], ["规章", "0", "0"]]),
        # two different values under one spanning header are two cells, not one
        ([["信息内容", "本年处理决定数量", "本年处理决定数量"], ["行政许可", "1203", "12"]],
         [["信息内容", "本年处理决定数量", "本年处理决定数量"], ["行政许可", "1203", "12"]]),
    ],
)
def test_merged_label_columns_and_repeated_spans(rows: list[list[str]], out: list[list[str]]) -> None:
    assert body_rows(rows) == out


def test_paragraphs_headings_and_tables_of_a_markdown_document() -> None:
    text = ("# **云杉市某局2024年政府信息公开<br>工作年度报告**\n\n<!-- page 1 -->\n## 一、总体情况\n\n"
            "全年主动公开信息\n1482 条，发布解读\n26 篇。\n\n- 3 -\n\n"
            "**（一）主动公开情况**\n正文一行。  \n下一行。\n\n"
            "| 规章 | 0 |\n|---|---|\n| 行政规范性文件 | 5 |\n\n"
            "<table><tr><td>行政许可</td><td>2316</td></tr></table>\n")
    doc = read_markdown(text)
    paragraphs = [b.text for b in doc.blocks if isinstance(b, Paragraph)]
    tables = [b.rows for b in doc.blocks if isinstance(b, Table)]
    assert paragraphs == ["云杉市某局2024年政府信息公开工作年度报告", "一、总体情况",
                          "全年主动公开信息 1482 条，发布解读 26 篇。", "（一）主动公开情况", "正文一行。", "下一行。"]
    assert tables == [(("规章", "0"), ("行政规范性文件", "5")), (("行政许可", "2316"),)]
    assert doc.kind == "markdown"
    assert read_text(text).kind == "markdown"


def test_rows_of_cells_in_the_text_of_a_markdown_document_stay_lines_of_their_own() -> None:
    doc = read_markdown("# 标题\n# 二\n\n规章  0  0  1\n行政规范性文件\t3\t1\t21\n行政许可 | 862\n说明文字\n")
    assert [b.text for b in doc.blocks if isinstance(b, Paragraph)][2:] == [
        "规章  0  0  1", "行政规范性文件\t3\t1\t21", "行政许可 | 862", "说明文字"]


def test_cjk_lines_of_one_paragraph_join_without_a_space() -> None:
    doc = read_markdown("# 标题\n# 二\n\n我局严格审签程序，全力做好政府\n信息公开工作。\n")
    paragraphs = [b.text for b in doc.blocks if isinstance(b, Paragraph)]
    assert paragraphs[-1] == "我局严格审签程序，全力做好政府信息公开工作。"


@pytest.mark.parametrize(
    "short",
    [
        "| 三、本年度办理结果 | （一）予以公开 |  | 28 | 3 | 1 | 1 |  | 33 |",  # the blank 科研机构 cell lost
        "| 三、本年度办理结果 | （一）予以公开 | 28 | 3 |  | 1 | 1 |  | 33 |",  # a blank label cell lost
    ],
)
def test_a_row_one_cell_short_is_unreadable_never_shifted(short: str) -> None:
    text = (FIXTURES / "f2021-marker.md").read_text("utf-8")
    row = "| 三、本年度办理结果 | （一）予以公开 |  | 28 | 3 |  | 1 | 1 |  | 33 |"
    assert row in text
    result = import_text(text.replace(row, short))
    by_id = {u.cell_id: u for u in result.unreadable}
    assert {f"t3.open.{c}" for c in ("natural", "business", "research", "nonprofit", "legal", "other", "total")} == {
        c for c in by_id if c.startswith("t3.open.")}
    assert not any(k.startswith("t3.open.") for k in result.cells_read)
    assert result.report.get("t3.new.natural") == 63


def test_two_numbers_run_together_in_a_cell_are_unreadable_with_their_text() -> None:
    text = (FIXTURES / "f2021-marker.md").read_text("utf-8")
    result = import_text(text.replace("| 63 | 8 |", "| 63 8 |  |", 1))
    by_id = {u.cell_id: u for u in result.unreadable}
    assert by_id["t3.new.natural"].raw == "63 8"
    assert result.report.get("t3.new.business") is None


def test_a_flattened_header_in_another_order_is_read_in_that_order() -> None:
    text = (FIXTURES / "f2021-marker.md").read_text("utf-8")
    swapped = text.replace("<br>商业企业 |", "<br>TMP |").replace("<br>科研机构 |", "<br>商业企业 |").replace(
        "<br>TMP |", "<br>科研机构 |")
    result = import_text(swapped)
    expected = expected_of("f2021-marker.md")["cells"]
    assert result.report.get("t3.new.research") == expected["t3.new.business"]
    assert result.report.get("t3.new.business") == expected["t3.new.research"]
    assert not any("表头" in w for w in result.warnings)


def test_the_html_table_of_mineru_keeps_its_merged_cells() -> None:
    result = import_file(FIXTURES / "f2021-mineru.md")
    assert result.report.get("t3.deny_4.natural") == 1
    assert result.report.get("t3.other_3.business") == 1
    assert result.report.get("t2.admin_fee.fee_amount") == coerce_cell(
        get_format("F2021").cells()["t2.admin_fee.fee_amount"], "1.26")
