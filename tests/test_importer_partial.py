"""Partial imports and what the user says wins (issue 9, items 5 and 7)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from drafting.errors import ImportFailed
from drafting.io.importer import import_file, import_text

FIXTURES = Path(__file__).parent / "fixtures" / "import"
SPACES = FIXTURES / "f2021-spaces.txt"


def _lines() -> list[str]:
    return SPACES.read_text("utf-8").splitlines()


def _between(start: str, end: str) -> list[str]:
    lines = _lines()
    first = next(i for i, line in enumerate(lines) if line.startswith(start))
    last = next(i for i, line in enumerate(lines) if line.startswith(end))
    return lines[first:last]


def _expected_t3() -> dict[str, object]:
    cells = json.loads((FIXTURES / "f2021-spaces.expected.json").read_text("utf-8"))["cells"]
    return {cid: v for cid, v in cells.items() if cid.startswith("t3.")}


def test_table_three_alone_without_any_heading_imports_by_its_content() -> None:
    table = _between("（本列数据", "四、政府信息公开行政复议")
    result = import_text("\n".join(table), agency_override="白鹭湾区市场监督管理局", year_override=2022)
    got = {cid: result.readings[cid].value for cid in _expected_t3() if cid in result.readings}
    assert got == _expected_t3()
    assert result.parts_found == ["三"]
    assert any("按表格内容" in w and "识别了表三" in w for w in result.warnings)
    assert any("没有找到第二部分的标题，该部分未导入" in w for w in result.warnings)


def test_a_report_without_the_table_three_heading_still_reads_table_three() -> None:
    text = "\n".join(line for line in _lines() if not line.startswith("三、收到和处理"))
    result = import_text(text)
    assert result.parts_found == ["一", "二", "三", "四", "五", "六"]
    assert {cid: result.readings[cid].value for cid in _expected_t3()} == _expected_t3()


def test_what_is_missing_is_said_precisely() -> None:
    lines = _lines()
    cut = next(i for i, line in enumerate(lines) if line.startswith("四、政府信息公开行政复议"))
    result = import_text("\n".join(lines[:cut]))
    assert {"四", "五", "六"}.isdisjoint(result.parts_found)
    assert any("没有找到第四部分的标题" in w for w in result.warnings)
    assert all(cid.startswith("t4.") for cid in result.cells_missing)


@pytest.mark.parametrize("text", ["今天天气很好。\n明天也好。", "一、总体情况\n正文。\n", "规章 0 0 0"])
def test_nothing_of_a_report_is_refused_saying_what_was_looked_for(text: str) -> None:
    with pytest.raises(ImportFailed, match="不是政府信息公开工作年度报告") as info:
        import_text(text, agency="某局", year=2023)
    assert "申请人情况" in str(info.value) or "总体情况" in str(info.value)


def test_agency_and_year_the_user_gives_win_and_the_difference_is_reported() -> None:
    result = import_file(FIXTURES / "f2021-pipe.txt", agency_override="星河县交通局", year_override=2024)
    assert (result.report.agency, result.report.year) == ("星河县交通局", 2024)
    assert any("已按指定的“星河县交通局”导入" in w for w in result.warnings)
    assert any("已按指定的 2024 年度导入" in w for w in result.warnings)
    assert "导入时指定" in result.summary()


def test_fallbacks_never_relabel_what_the_document_states() -> None:
    result = import_file(FIXTURES / "f2021-pipe.txt", agency="别的局", year=2024)
    assert (result.report.agency, result.report.year) == ("星河县交通运输局", 2023)


def test_cli_agency_and_year_override_what_the_title_says(capsys: pytest.CaptureFixture[str]) -> None:
    from drafting.cli import main

    assert main(["import", str(FIXTURES / "f2021-pipe.txt"), "--agency", "星河县交通局", "--year", "2024"]) == 0
    printed = capsys.readouterr().out
    assert "机关：星河县交通局　年度：2024" in printed
    assert "已按指定的 2024 年度导入" in printed
