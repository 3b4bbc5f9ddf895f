"""`drafting render FILE --to txt|md|html|docx -o OUT`: files written, bad input exits 2 with one Chinese line."""

from __future__ import annotations

import io
import json
from pathlib import Path

import docx
import pytest

from drafting.cli import main
from drafting.model import load_report
from drafting.render import render

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
        (lambda tmp: _write(tmp, "[1, 2]"), "JSON 对象"),
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
