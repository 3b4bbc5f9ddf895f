"""The `drafting new` command and output-path errors: one Chinese line and exit 2, never a traceback or lost data."""

from __future__ import annotations

import shutil

import pytest

from drafting.cli import main
from drafting.model import load_report
from tests.conftest import FICTIONAL_2023


def _error_line(capsys) -> str:
    err = capsys.readouterr().err.strip()
    assert "Traceback" not in err
    assert len(err.splitlines()) == 1
    return err


def test_new_writes_an_empty_report_of_the_years_format(tmp_path, capsys):
    out = tmp_path / "r.json"
    assert main(["new", "--agency", "云岚市统计局", "--year", "2020", "--kind", "部门", "-o", str(out)]) == 0
    report = load_report(out)
    assert (report.agency, report.year, report.format, report.cells) == ("云岚市统计局", 2020, "F2019", {})
    assert "F2019" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["--agency", "甲局", "--year", "2018"], "早于 2019 年"),
        (["--agency", "甲局", "--year", "2101"], "报告年度（year） 应不大于 2100"),
        (["--agency", "", "--year", "2023"], "机关名称（agency） 不能为空"),
    ],
)
def test_new_with_bad_arguments_gives_one_chinese_line(capsys, args, fragment):
    assert main(["new", *args]) == 2
    assert fragment in _error_line(capsys)


def test_new_never_overwrites_an_existing_report_without_force(tmp_path, capsys):
    target = tmp_path / "mine.json"
    shutil.copy(FICTIONAL_2023, target)
    before = target.read_bytes()
    assert main(["new", "--agency", "甲局", "--year", "2023", "-o", str(target)]) == 2
    assert "已存在" in _error_line(capsys)
    assert target.read_bytes() == before
    assert main(["new", "--agency", "甲局", "--year", "2023", "-o", str(target), "--force"]) == 0
    assert load_report(target).agency == "甲局"


@pytest.mark.parametrize(
    ("command", "fragment"),
    [
        (["render", str(FICTIONAL_2023), "--to", "docx", "-o", "{missing}/x.docx"], "所在文件夹不存在"),
        (["render", str(FICTIONAL_2023), "--to", "txt", "-o", "{folder}"], "它是一个文件夹"),
        (["new", "--agency", "甲局", "--year", "2023", "-o", "{missing}/x.json"], "所在文件夹不存在"),
    ],
)
def test_unwritable_output_is_one_chinese_line(tmp_path, capsys, command, fragment):
    args = [a.format(missing=tmp_path / "nope", folder=tmp_path) for a in command]
    assert main(args) == 2
    assert fragment in _error_line(capsys)


def test_draft_output_never_replaces_another_existing_file(tmp_path, capsys):
    source = tmp_path / "this.json"
    other = tmp_path / "other.json"
    shutil.copy(FICTIONAL_2023, source)
    shutil.copy(FICTIONAL_2023, other)
    before = other.read_bytes()
    assert main(["draft", str(source), "--offline", "--section", "六", "-o", str(other)]) == 2
    assert "已存在" in _error_line(capsys)
    assert other.read_bytes() == before
    assert main(["draft", str(source), "--offline", "--section", "六", "-o", str(source)]) in (0, 1)
    assert load_report(source).sections["六"].current.origin == "offline"
