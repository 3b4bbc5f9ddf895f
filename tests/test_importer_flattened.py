"""Flattened text, headings inside lines, numbering and titles the template does not use (issue 9, items 3 and 5)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from drafting.io.importer import import_text
from drafting.io.importer.flattened import is_flattened, unflatten, unstick
from drafting.io.importer.readers import read_text
from drafting.io.importer.sections import find_meta, split_inline_headings, split_parts

FIXTURES = Path(__file__).parent / "fixtures" / "import"


def _flatten(name: str, joiner: str = " ") -> str:
    """A fixture as a flattened page gives it: every line, table rows too, on one line."""
    lines = [line for line in (FIXTURES / name).read_text("utf-8").splitlines() if line.strip()]
    return " ".join(line.replace(" | ", joiner).replace("\t", joiner) for line in lines)


def _expected(name: str) -> dict[str, object]:
    data: dict[str, object] = json.loads((FIXTURES / name.replace(".txt", ".expected.json")).read_text("utf-8"))
    return data


def _tally(name: str, text: str) -> dict[str, int]:
    result = import_text(text)
    tally = {"exact": 0, "blank": 0, "unreadable": 0, "missing": 0, "wrong": 0}
    for cell_id, want in _expected(name)["cells"].items():  # type: ignore[attr-defined]
        reading = result.readings.get(cell_id)
        if reading is None:
            tally["missing"] += 1
        elif reading.status == "unreadable":
            tally["unreadable"] += 1
        elif reading.status == "blank" and want is None:
            tally["blank"] += 1
        elif reading.status == "read" and want is not None and str(reading.value) == str(want):
            tally["exact"] += 1
        else:
            tally["wrong"] += 1
    return tally


@pytest.mark.parametrize(
    ("cell", "pieces"),
    [
        ("规章000", ["规章", "000"]),
        ("0规范性文件", ["0", "规范性文件"]),
        ("00001.属于国家秘密0", ["0000", "1.属于国家秘密", "0"]),
        ("3、其他1", ["3、其他", "1"]),
        ("12.35行政事业性收费", ["12.35", "行政事业性收费"]),
        ("第二十条第（一）项", ["第二十条第（一）项"]),
        ("1286400元", ["1286400元"]),
        ("3.危及“三安全一稳定”", ["3.危及“三安全一稳定”"]),
    ],
)
def test_unstick_cuts_labels_from_numbers_and_keeps_list_marks(cell: str, pieces: list[str]) -> None:
    assert unstick(cell) == pieces


def test_a_flattened_table_two_line_is_cut_into_caption_header_and_rows() -> None:
    cells = ["第二十条第（一）项", "信息内容", "本年制发件数", "本年废止件数", "现行有效件数"]
    cells += ["规章", "0", "0", "0", "规范性文件", "4", "1", "15"]
    assert is_flattened(cells)
    assert unflatten(cells) == [
        ["第二十条第（一）项"],
        ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"],
        ["规章", "0", "0", "0"],
        ["规范性文件", "4", "1", "15"],
    ]


def test_an_ordinary_row_is_not_flattened() -> None:
    assert not is_flattened(["（三）不予公开", "1.属于国家秘密", "0", "0", "0", "0", "0", "0", "0"])


@pytest.mark.parametrize("name", ["f2019-tab.txt", "f2021-spaces.txt"])
def test_a_flattened_page_with_every_cell_filled_imports_every_cell_exact(name: str) -> None:
    tally = _tally(name, _flatten(name))
    assert tally["wrong"] == 0
    assert tally["exact"] + tally["blank"] == len(_expected(name)["cells"])  # type: ignore[arg-type]


def test_a_flattened_sparse_table_reports_what_it_cannot_place_and_never_guesses() -> None:
    """Blank cells vanish when a page is flattened: a row with fewer numbers than columns cannot be placed."""
    tally = _tally("f2021-pipe.txt", _flatten("f2021-pipe.txt"))
    assert tally["wrong"] == 0
    assert tally["exact"] > 0 and tally["unreadable"] > 0


def test_digits_run_together_are_unreadable_with_their_raw_text() -> None:
    tally = _tally("f2019-tab.txt", _flatten("f2019-tab.txt", joiner=""))
    assert tally["wrong"] == 0
    result = import_text(_flatten("f2019-tab.txt", joiner=""))
    assert any(cell.raw and cell.raw.strip("0") == "" and len(cell.raw) > 1 for cell in result.unreadable)


@pytest.mark.parametrize(
    ("line", "pieces"),
    [
        ("一、总体情况 2023年，本局认真落实。", ["一、总体情况", "2023年，本局认真落实。"]),
        ("一、总体情况2023年，本局认真落实。", ["一、总体情况", "2023年，本局认真落实。"]),
        ("五、存在的主要问题及改进情况 一是发布不及时。", ["五、存在的主要问题及改进情况", "一是发布不及时。"]),
        ("工作取得成效。二、主动公开政府信息情况 第二十条", ["工作取得成效。", "二、主动公开政府信息情况", "第二十条"]),
        ("五、存在的主要问题及改进情况", ["五、存在的主要问题及改进情况"]),
        ("本局一、总体情况说明", ["本局一、总体情况说明"]),
    ],
)
def test_headings_inside_a_line_are_cut_out(line: str, pieces: list[str]) -> None:
    assert split_inline_headings(line) == pieces


def test_headings_numbered_their_own_way_and_marked_up_are_found() -> None:
    text = ("某区水务局2023年政府信息公开工作年度报告\n总体情况\n正文。\n## 一、主动公开政府信息情况\n规章 0 0 0\n"
            "**二、收到和处理政府信息公开申请情况**\n三、政府信息公开行政复议、行政诉讼情况\n"
            "四、存在的主要问题及改进情况\n问题。\n五、其他需要报告的事项\n无。\n")
    parts = split_parts(read_text(text))
    assert list(parts.headings) == ["一", "二", "三", "四", "五", "六"]
    assert parts.narrative["五"] == ["问题。"]


@pytest.mark.parametrize(
    ("lines", "agency", "year"),
    [
        (["青川县人民政府", "2024年政府信息公开工作年度报告"], "青川县人民政府", 2024),
        (["青川县", "人民政府", "2024年政府信息公开工作年度报告"], "青川县人民政府", 2024),
        (["2024年度", "青川县水务局政府信息公开工作年度报告"], "青川县水务局", 2024),
    ],
)
def test_a_title_over_two_or_three_lines(lines: list[str], agency: str, year: int) -> None:
    text = "\n".join([*lines, "一、总体情况", "正文。", "二、主动公开政府信息情况", "规章 0 0 0"])
    meta = find_meta(split_parts(read_text(text)), [])
    assert (meta.agency, meta.year) == (agency, year)


def test_a_generic_agency_is_never_taken_from_a_title_line() -> None:
    text = "2024年政府信息公开工作年度报告\n一、总体情况\n正文。\n二、主动公开政府信息情况\n规章 0 0 0"
    assert find_meta(split_parts(read_text(text)), []).agency is None


def test_a_browser_print_header_before_the_title_is_not_part_of_the_agency() -> None:
    text = ("12/1/26, 1:48 AM    梧桐市生态环境局2024年政府信息公开工作年度报告_梧桐市人民政府门户网站\n"
            "一、总体情况\n正文。\n二、主动公开政府信息情况\n规章 0 0 0")
    assert find_meta(split_parts(read_text(text)), []).agency == "梧桐市生态环境局"
