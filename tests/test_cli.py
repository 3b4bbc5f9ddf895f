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


# ---- argparse in Chinese ------------------------------------------------------------------------------

ENGLISH = ("usage:", "positional arguments", "options:", "show this help message", "error:", "required", "invalid")


def _parse_error(capsys, argv: list[str]) -> str:
    with pytest.raises(SystemExit) as info:
        main(argv)
    assert info.value.code == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert not any(word in captured.err for word in ENGLISH), captured.err
    return captured.err


def test_drafting_alone_lists_the_commands_in_chinese(capsys):
    assert main([]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith("用法：drafting")
    for command in ("new", "check", "render", "import", "draft"):
        assert f"\n    {command} " in captured.err
    assert captured.err.rstrip().endswith("错误：请写出要执行的命令，如 drafting check 年报.json")
    assert not any(word in captured.err for word in ENGLISH)


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["new", "--agency", "甲局", "--year", "2025年"],
         "错误：参数 --year：“2025年”不是有效的年度，请只写四位数字，如 --year 2025（不加“年”字）"),
        (["import", "x.docx", "--year", "二〇二〇"], "参数 --year：“二〇二〇”不是有效的年度，请只写四位数字"),
        (["render", "x.json", "--to", "pdf"], "错误：参数 --to：“pdf”不是可选的值，可选：txt、md、html、docx"),
        (["new"], "错误：缺少必填的参数 --agency、--year"),
        (["render", "x.json"], "错误：缺少必填的参数 --to"),
        (["render", "x.json", "--to"], "错误：参数 --to：后面要跟一个值"),
        (["nwe"], "错误：参数 命令：“nwe”不是可选的值，可选：new、check、render、import、draft"),
        (["check", "a.json", "b.json"], "错误：不认识的参数 b.json"),
        (["draft", "x.json", "--section", "二"], "参数 --section：“二”不是可选的值，可选：一、五、六"),
    ],
    ids=["year-with-nian", "import-year", "to-pdf", "new-missing", "render-missing", "no-value", "typo", "extra",
         "section"],
)  # fmt: skip
def test_argument_errors_are_chinese_and_say_what_to_type(capsys, argv, message):
    err = _parse_error(capsys, argv)
    assert err.startswith("用法：drafting")
    assert message in err
    assert err.rstrip().endswith("-h 查看说明")


def test_full_width_year_digits_are_accepted(tmp_path, capsys):
    out = tmp_path / "r.json"
    assert main(["new", "--agency", "甲局", "--year", "２０２３", "-o", str(out)]) == 0
    assert load_report(out).year == 2023


@pytest.mark.parametrize("command", [[], ["new"], ["check"], ["render"], ["import"], ["draft"]])
def test_help_is_chinese(capsys, command):
    with pytest.raises(SystemExit) as info:
        main([*command, "-h"])
    assert info.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith("用法：drafting")
    assert "选项:" in out and "-h, --help" in out and "显示本帮助并退出" in out
    assert not any(word in out for word in ENGLISH), out


@pytest.mark.parametrize(
    ("english", "chinese"),
    [  # Python 3.11 quotes values with repr, later versions do not
        ("the following arguments are required: --agency, --year", "缺少必填的参数 --agency、--year"),
        ("argument -t: invalid choice: 'pdf' (choose from 'txt', 'md')", "参数 -t：“pdf”不是可选的值，可选：txt、md"),
        ("argument -t: invalid choice: pdf (choose from txt, md)", "参数 -t：“pdf”不是可选的值，可选：txt、md"),
        ("argument --n: invalid int value: 'x'", "参数 --n：“x”不是整数"),
        ("argument --n: invalid float value: 'x'", "参数 --n：“x”不是数字"),
        ("argument --a: not allowed with argument --b", "参数 --a：不能与 --b 同时使用"),
        ("one of the arguments --a --b is required", "需要以下参数之一：--a --b"),
        ("ambiguous option: --f could match --force, --from", "选项 --f 不明确，可能是 --force、--from"),
        ("something argparse may say one day", "something argparse may say one day"),
    ],
)  # fmt: skip
def test_argparse_messages_are_translated(english, chinese):
    from drafting.cli import translate_argparse

    assert translate_argparse(english) == chinese
