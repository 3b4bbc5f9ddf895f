"""Column-aligned text (fixed-width exports, pdftotext -layout): values placed by column, never guessed."""

from __future__ import annotations

from typing import Any

import pytest
from import_support import FIXTURES, expected_of, load_build, outcomes

from drafting.formats import get_format
from drafting.io.importer import import_file, import_text
from drafting.io.importer.layout import MEASURES, Word, complete, place, region_table, unplaced, value_count, words
from drafting.io.importer.norm import label_key
from drafting.io.importer.readers import Table, read_text

NARROW, WIDE, WIDE_AMBIGUOUS = MEASURES




build = load_build()
PDF_TEXTS = sorted(build.LAYOUT_PDF_FIXTURES)






# ---- the fixtures ----------------------------------------------------------------------------------


def test_the_fixed_width_export_places_every_value_and_keeps_blank_cells_blank() -> None:
    expected = expected_of("f2021-fixed.txt")
    result = import_file(FIXTURES / "f2021-fixed.txt")
    found = outcomes(result, expected)
    assert found["wrong"] == []
    assert (len(found["exact"]), len(found["blank"]), len(found["unreadable"])) == (52, 146, 2)
    assert result.source_kind == "layout"
    assert result.cells_missing == []
    assert result.report.get("t2.rules.in_force") == 1
    assert "t2.rules.issued" in result.cells_blank
    assert "t2.coercion.decisions" in result.cells_blank


def test_a_value_between_two_columns_is_unreadable_in_both_never_guessed() -> None:
    result = import_file(FIXTURES / "f2021-fixed.txt")
    by_id = {u.cell_id: u for u in result.unreadable}
    assert set(by_id) == build.FIXED_UNPLACED == {"t3.other_2.natural", "t3.other_2.business"}
    assert by_id["t3.other_2.natural"].raw == "1 / -"
    assert by_id["t3.other_2.business"].raw == "- / 1"
    assert result.report.get("t3.other_2.total") == 1


@pytest.mark.parametrize("name", PDF_TEXTS)
def test_pdftotext_layout_of_our_pdfs_gives_no_wrong_cell(name: str) -> None:
    expected = expected_of(name)
    result = import_file(FIXTURES / name)
    found = outcomes(result, expected)
    assert found["wrong"] == []
    assert len(found["exact"]) + len(found["blank"]) + len(found["unreadable"]) == len(expected["cells"])
    assert result.report.year == expected["year"]


def test_pdftotext_text_is_never_placed_by_position() -> None:
    """pdftotext counts characters and shifted 「2」 of a sparse row under the next header: rows stay in order."""
    text = (FIXTURES / "f2021-word-split.layout.txt").read_text("utf-8")
    assert "三、本年度办理结果                9       2            1         12" in text
    result = import_text(text)
    assert result.source_kind == "text"
    by_id = {u.cell_id: u for u in result.unreadable}
    assert by_id["t3.open.business"].raw == "9 | 2 | 1 | 12"
    assert "t3.open.research" in by_id
    assert "t3.deny_1.natural" in result.cells_blank


def test_a_dense_pdftotext_table_is_read_whole_with_wrapped_labels_joined() -> None:
    result = import_file(FIXTURES / "f2021-word-lo.layout.txt")
    assert result.unreadable == []
    assert result.report.get("t3.partial.natural") == 3
    assert result.report.get("t3.unable_1.business") == 1
    assert not any("无法对应" in w for w in result.warnings)


# ---- words, values and positions ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "width", "found"),
    [
        ("规章   12", NARROW, [("规章", 0, 2), ("12", 5, 7)]),
        ("规章   12", WIDE, [("规章", 0, 4), ("12", 7, 9)]),
        ("“三”  1", WIDE, [("“三”", 0, 4), ("1", 6, 7)]),
        ("“三”  1", WIDE_AMBIGUOUS, [("“三”", 0, 6), ("1", 8, 9)]),
        ("收费  12.5 万元", NARROW, [("收费", 0, 2), ("12.5万元", 4, 11)]),
        ("　全角空格 3", WIDE, [("全角空格", 2, 10), ("3", 11, 12)]),
    ],
)
def test_words_and_their_columns_under_each_measure(line: str, width: Any, found: list[tuple[str, int, int]]) -> None:
    assert [(w.text, w.start, w.end) for w in words(line, width)] == found


@pytest.mark.parametrize(
    ("line", "count"),
    [
        ("一、本年新收政府信息公开申请数量  17  3  21", 3),
        ("行政许可          1203", 1),
        ("0   0   1   0", 4),
        ("12", 1),
        ("规章  -  —  3", 3),
        ("实际收取信息处理费 0", 0),
        ("2024 年政府信息公开工作年度报告", 0),
        ("属于国家秘密  1.", 0),
    ],
)
def test_which_lines_end_in_values(line: str, count: int) -> None:
    assert value_count(words(line, NARROW)) == count


COLUMNS = [(10, 14), (20, 24), (30, 34)]


@pytest.mark.parametrize(
    ("values", "cells"),
    [
        ([Word("5", 13, 14), Word("9", 33, 34)], ["5", "", "9"]),  # each under one header
        ([Word("7", 16, 17)], ["7 / -", "- / 7", ""]),  # between two columns: either
        ([Word("5", 13, 14), Word("7", 16, 17)], ["5", "7", ""]),  # the order leaves one column only
        ([Word("7", 26, 27), Word("9", 33, 34)], ["", "7", "9"]),
        ([Word("123456", 12, 22)], ["123456 / -", "- / 123456", ""]),  # under two headers
        ([Word("1", 2, 3)], None),  # left of every column
        ([Word("5", 13, 14), Word("6", 12, 13)], None),  # two values under one column
    ],
)
def test_values_are_placed_by_column_or_left_unplaced(values: list[Word], cells: list[str] | None) -> None:
    assert place(values, COLUMNS)[0] == cells


def test_an_unplaced_cell_is_reported_unreadable_by_the_table_reader() -> None:
    from drafting.io.importer.tables import read_cell

    for raw in (unplaced(["5", ""]), unplaced(["", "5"]), unplaced(["1203", "", "7"])):
        assert read_cell("t3.new.natural", raw, "", get_format("F2021")).status == "unreadable"


@pytest.mark.parametrize(
    ("key", "exact", "length"),
    [
        ("（二）部分公开（区分处理的，只计这一情形，不计其他情形）", True, 28),
        ("三、本年度办理结果（一）予以公开", True, 7),
        ("（二）部分公开（区分处理的，只计这", False, 0),
        ("1、申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", False, 31),
        ("1、申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", True, 0),
        ("属于国家秘密", True, 0),
    ],
)
def test_whole_row_labels(key: str, exact: bool, length: int) -> None:
    assert complete(label_key(key), exact=exact) == length


# ---- tables made of lines ------------------------------------------------------------------------


def _table(lines: list[str]) -> tuple[list[tuple[str, ...]], bool]:
    from drafting.io.importer.layout import _Line

    region = [_Line(line, 0, value_count(words(line, NARROW)), i) for i, line in enumerate(lines) if line.strip()]
    table, positioned = region_table(region)
    return list(table.rows), positioned


def _pad(text: str, width: int, right: bool = False) -> str:
    space = " " * (width - sum(2 if ord(ch) > 0x2E80 else 1 for ch in text))
    return space + text if right else text + space


def _grid_line(label: str, *values: str) -> str:
    """A line of a display-width grid: the label padded to 32 columns, values right-aligned in 10 columns."""
    return _pad(label, 32) + "".join(_pad(v, 10, right=True) for v in values)


HEADER = _grid_line("", "自然人", "商业企业", "总计")


@pytest.mark.parametrize(
    ("lines", "rows", "positioned"),
    [
        # a display-width grid: the blank 商业企业 stays blank
        ([HEADER, _grid_line("一、本年新收", "17", "", "21"), _grid_line("二、上年结转", "1", "1", "2")],
         [("自然人", "商业企业", "总计"), ("一、本年新收", "17", "", "21"), ("二、上年结转", "1", "1", "2")], True),
        # lined up only when counted character by character (as pdftotext counts): values stay in order
        (["          自然人  商业企业  总计", "一、本年新收政府          17          21",
          "二、上年结转                1   1    2"],
         [("自然人", "商业企业", "总计"), ("一、本年新收政府", "17", "21"), ("二、上年结转", "1", "1", "2")], False),
    ],
)
def test_positions_are_used_only_in_a_display_width_grid(lines: list[str], rows: list[tuple[str, ...]],
                                                          positioned: bool) -> None:
    assert _table(lines) == (rows, positioned)


@pytest.mark.parametrize(
    ("lines", "labels"),
    [
        # values on the first line of a wrapped label: the rest of the label joins them
        ([HEADER, _grid_line("（二）部分公开（区分处理", "5", "", "5"), "的，只计这一情形，不计其他情形）"],
         ["（二）部分公开（区分处理的，只计这一情形，不计其他情形）"]),
        # values between the two lines of a label
        ([HEADER, "（二）部分公开（区分处理", _grid_line("", "5", "", "5"), "的，只计这一情形，不计其他情形）"],
         ["（二）部分公开（区分处理的，只计这一情形，不计其他情形）"]),
        # a group label and a row label wrapped side by side are joined column by column
        ([HEADER, _grid_line("（四）无 1.本机关不掌握", "5", "", "5"), "法提供   相关政府信息"],
         ["（四）无法提供", "1.本机关不掌握相关政府信息"]),
        # values on the line of a group label alone belong to the row label under it
        ([HEADER, _grid_line("三、本年度办理结果", "5", "", "5"), "（一）予以公开"],
         ["三、本年度办理结果（一）予以公开"]),
    ],
)
def test_wrapped_labels_are_joined_to_their_values(lines: list[str], labels: list[str]) -> None:
    rows, _ = _table(lines)
    assert rows[-1] == (*labels, "5", "", "5")


def test_a_whole_label_without_values_in_a_grid_is_a_blank_row() -> None:
    lines = [HEADER, "（三）不予公开", "  1.属于国家秘密", _grid_line("  2.其他法律行政法规禁止公开", "3", "", "3")]
    rows, positioned = _table(lines)
    assert positioned
    assert rows[1] == ("（三）不予公开", "1.属于国家秘密", "", "", "")
    assert rows[2] == ("2.其他法律行政法规禁止公开", "3", "", "3")


def test_a_label_whose_values_may_be_on_the_next_line_is_not_made_blank() -> None:
    lines = [HEADER, "  2.重复申请", _grid_line("", "3", "", "3")]
    rows, _ = _table(lines)
    assert ("2.重复申请", "", "", "") not in rows
    assert rows[-2:] == [("2.重复申请",), ("3", "", "3")]


def test_read_text_keeps_narrative_lines_as_paragraphs_around_a_layout_table() -> None:
    text = ("某县某局2022年政府信息公开工作年度报告\n\n三、收到和处理政府信息公开申请情况\n" + HEADER + "\n"
            + _grid_line("一、本年新收", "17", "", "21") + "\n" + _grid_line("二、上年结转", "1", "1", "2")
            + "\n\n四、政府信息公开行政复议、行政诉讼情况\n全年无复议。\n")
    doc = read_text(text)
    assert doc.kind == "layout"
    assert [type(b).__name__ for b in doc.blocks] == ["Paragraph", "Paragraph", "Table", "Paragraph", "Paragraph"]
    table = doc.blocks[2]
    assert isinstance(table, Table)
    assert table.rows[-2:] == (("一、本年新收", "17", "", "21"), ("二、上年结转", "1", "1", "2"))
