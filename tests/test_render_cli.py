"""`drafting render FILE --to txt|md|html|docx -o OUT`: files written, bad input exits 2 with one Chinese line."""

from __future__ import annotations

import io
import json
from pathlib import Path

import docx
import pytest

from drafting.cli import main
from drafting.io.render import render
from drafting.model import SectionVersion, load_report, save_report

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "yunlan-sthj-2023.json"


@pytest.mark.parametrize("to", ["txt", "md", "html"])
def test_render_text_formats_to_file(tmp_path, capsys, to):
    out = tmp_path / f"年报.{to}"
    assert main(["render", str(EXAMPLE), "--to", to, "-o", str(out)]) == 0
    assert out.read_text(encoding="utf-8") == render(load_report(EXAMPLE), to)
    assert str(out) in capsys.readouterr().out


def test_render_docx_to_file(tmp_path):
    out = tmp_path / "年报.docx"
    assert main(["render", str(EXAMPLE), "--to", "docx", "-o", str(out)]) == 0
    document = docx.Document(io.BytesIO(out.read_bytes()))
    assert document.paragraphs[0].text == "云岚市生态环境局2023年政府信息公开工作年度报告"
    assert len(document.tables) == 3


def test_render_txt_to_stdout(capsys):
    assert main(["render", str(EXAMPLE), "--to", "txt"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("云岚市生态环境局2023年政府信息公开工作年度报告\n")
    assert "行政许可\t1260\t\t" in out


def test_render_docx_needs_an_output_file(capsys):
    assert main(["render", str(EXAMPLE), "--to", "docx"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "-o" in err


def _bad_report(tmp_path: Path, **changes: object) -> Path:
    data = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    data["cells"].update(changes)
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("make", "expected"),
    [
        (lambda tmp: tmp / "没有这个文件.json", "找不到文件"),
        (lambda tmp: _write(tmp, '{"schema_version": 1,\n "agency": '), "第 2 行"),
        (lambda tmp: _write(tmp, "not json at all"), "不是有效的 JSON"),
        (lambda tmp: _write(tmp, "[1, 2]"), "不是本工具保存的报告（内容是一个列表"),
        (lambda tmp: _bad_report(tmp, **{"t3.new.natural": -1}), "表三“一、本年新收政府信息公开申请数量”行“自然人”列"),
        (lambda tmp: _bad_report(tmp, **{"t4.review.maintain": 1.5}), "表四“行政复议”栏“结果维持”列"),
        (lambda tmp: _bad_report(tmp, **{"t2.procurement.procurement_count": 1}), "F2019 格式的单元格"),
    ],
    ids=["missing", "truncated", "not-json", "not-object", "negative", "fractional", "wrong-format"],
)  # fmt: skip
def test_bad_input_exits_2_with_one_chinese_line(tmp_path, capsys, make, expected):
    out = tmp_path / "out.txt"
    assert main(["render", str(make(tmp_path)), "--to", "txt", "-o", str(out)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    lines = captured.err.splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("错误：")
    assert expected in lines[0]
    assert "Traceback" not in captured.err
    assert not out.exists()


def _write(tmp: Path, text: str) -> Path:
    path = tmp / "broken.json"
    path.write_text(text, encoding="utf-8")
    return path


# ---- never overwrite by surprise ----------------------------------------------------------------------


def _copy_example(tmp_path: Path) -> Path:
    path = tmp_path / "年报.json"
    path.write_bytes(EXAMPLE.read_bytes())
    return path


def _one_error_line(capsys) -> str:
    captured = capsys.readouterr()
    lines = captured.err.splitlines()
    assert len(lines) == 1 and lines[0].startswith("错误："), captured.err
    return lines[0]


@pytest.mark.parametrize("force", [[], ["--force"]], ids=["plain", "force"])
@pytest.mark.parametrize("spelling", ["same", "dotted", "symlink", "hardlink"])
def test_render_never_writes_onto_its_own_input(tmp_path, capsys, monkeypatch, force, spelling):
    source = _copy_example(tmp_path)
    before = source.read_bytes()
    monkeypatch.chdir(tmp_path)
    output = {"same": str(source), "dotted": "./sub/../年报.json", "symlink": "link.json", "hardlink": "hard.json"}
    (tmp_path / "sub").mkdir()
    (tmp_path / "link.json").symlink_to(source)
    (tmp_path / "hard.json").hardlink_to(source)
    assert main(["render", str(source), "--to", "txt", "-o", output[spelling], *force]) == 2
    assert "就是输入的报告文件" in _one_error_line(capsys)
    assert source.read_bytes() == before


@pytest.mark.parametrize("to", ["txt", "docx"])
def test_render_refuses_an_existing_output_file_without_force(tmp_path, capsys, to):
    out = tmp_path / f"旧.{to}"
    out.write_bytes(b"keep me")
    assert main(["render", str(EXAMPLE), "--to", to, "-o", str(out)]) == 2
    line = _one_error_line(capsys)
    assert "已存在" in line and "--force" in line and str(out) in line
    assert out.read_bytes() == b"keep me"
    assert main(["render", str(EXAMPLE), "--to", to, "-o", str(out), "--force"]) == 0
    assert out.read_bytes() != b"keep me"


# ---- warnings when the output is not final --------------------------------------------------------------


def _report_file(tmp_path: Path, *, written: tuple[str, ...], unbalanced: bool = False) -> Path:
    report = load_report(EXAMPLE)
    for section in written:
        report.sections[section].add(SectionVersion(text=f"第{section}部分的正文。", origin="human"))
    if unbalanced:
        report.set_cell("t3.new.natural", 40)  # 38 typed: 表三 no longer balances
    path = tmp_path / "年报.json"
    save_report(report, path)
    return path


@pytest.mark.parametrize(
    ("written", "unbalanced", "warnings"),
    [
        (("一", "五", "六"), False, []),
        (("一", "五"), False, ["注意：尚未撰写“六、其他需要报告的事项”，生成的文件中这些部分暂为占位文字"]),
        ((), False, ["注意：尚未撰写“一、总体情况”“五、存在的主要问题及改进情况”“六、其他需要报告的事项”"]),
        (("一", "五", "六"), True, ["注意：表格有 2 处错误（如：表三“自然人”列不平衡"]),
        (("五",), True, ["注意：表格有 2 处错误", "注意：尚未撰写“一、总体情况”“六、其他需要报告的事项”"]),
    ],
    ids=["final", "one-missing", "none-written", "tables-wrong", "both"],
)  # fmt: skip
@pytest.mark.parametrize("to", ["txt", "docx"])
def test_render_warns_on_stderr_but_still_writes(tmp_path, capsys, written, unbalanced, warnings, to):
    source = _report_file(tmp_path, written=written, unbalanced=unbalanced)
    out = tmp_path / f"年报.{to}"
    assert main(["render", str(source), "--to", to, "-o", str(out)]) == 0
    assert out.stat().st_size > 0
    captured = capsys.readouterr()
    assert captured.out == f"已生成 {out}\n"
    lines = captured.err.splitlines()
    assert len(lines) == len(warnings)
    for line, start in zip(lines, warnings, strict=True):
        assert line.startswith(start)
    if unbalanced:
        assert f"drafting check {source}" in lines[0]
