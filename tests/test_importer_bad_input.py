"""Bad input to the importer: each case is a clear Chinese ImportFailed, never a traceback, nothing changed."""

from __future__ import annotations

import io
import time
import zipfile
from pathlib import Path

import pytest
from import_support import load_build

from drafting.cli import main
from drafting.errors import ImportFailed
from drafting.io.importer import import_bytes, import_file, import_text
from drafting.model import new_report, report_to_json

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "import"
NOTICE = "关于做好2024年春节期间值班工作的通知\n各科室：\n请于1月31日前报送值班表。\n特此通知。\n"


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("", "没有读到任何文字"),
        ("\n\n   \f\f\n\u3000\n", "没有读到任何文字"),
        (NOTICE, "不是政府信息公开工作年度报告"),
        ("一、总体情况\n正文。\n", "不是政府信息公开工作年度报告"),
    ],
)
def test_empty_or_foreign_text(text: str, says: str) -> None:
    with pytest.raises(ImportFailed, match=says):
        import_text(text)


def test_a_20_mb_paste_is_refused_quickly() -> None:
    text = "一、总体情况\n" + "字" * 20_000_000
    start = time.perf_counter()
    with pytest.raises(ImportFailed, match="远超一份年报的篇幅"):
        import_text(text)
    assert time.perf_counter() - start < 1.0


def test_a_20_mb_text_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "paste.txt"
    path.write_bytes(b"a" * 20_000_000)
    with pytest.raises(ImportFailed, match="远超"):
        import_file(path)


@pytest.mark.parametrize(
    ("name", "data", "says"),
    [
        ("年报.pdf", b"%PDF-1.7\n...", "不是有效的 PDF 文件"),
        ("年报.txt", b"%PDF-1.4 image only", "PDF"),
        ("年报.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "另存为” .docx"),
        ("年报.docx", b"PK\x03\x04 broken zip", "不是有效的 Word .docx"),
        ("扫描.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 20, "图片"),
        ("年报.ofd", b"PK\x03\x04 ofd", "OFD 版式文件"),
        ("年报.xlsx", b"PK\x03\x04 xlsx", "另存为” .docx"),
        ("年报.mht", b"MIME-Version: 1.0\nContent-Type: text/plain\n\nhello", "没有找到网页内容"),
        ("年报.txt", b"", "没有读到任何文字"),
    ],
)
def test_files_that_cannot_be_read_say_what_to_do(name: str, data: bytes, says: str) -> None:
    with pytest.raises(ImportFailed, match=says):
        import_bytes(data, name)


def test_a_docx_whose_xml_is_cut_off(tmp_path: Path) -> None:
    build = load_build()

    buf = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(build.build_docx())) as zin, zipfile.ZipFile(buf, "w") as zout:
        for item in zin.infolist():
            content = zin.read(item.filename)
            zout.writestr(item, content[:500] if item.filename == "word/document.xml" else content)
    with pytest.raises(ImportFailed, match="文件已损坏或并非 Word 格式"):
        import_bytes(buf.getvalue(), "年报.docx")


def test_missing_file_and_folder(tmp_path: Path) -> None:
    with pytest.raises(ImportFailed, match="找不到文件"):
        import_file(tmp_path / "nope.docx")
    with pytest.raises(ImportFailed, match="文件夹"):
        import_file(tmp_path)


def test_gbk_text_file_is_decoded(tmp_path: Path) -> None:
    path = tmp_path / "gbk.txt"
    path.write_bytes((FIXTURES / "f2021-pipe.txt").read_text("utf-8").encode("gb18030"))
    assert import_file(path).report.agency == "星河县交通运输局"


def test_no_title_means_asking_for_agency_and_year() -> None:
    text = (FIXTURES / "f2021-spaces.txt").read_text("utf-8").split("\n", 2)[2]
    text = text.replace("统计期限为2022年1月1日至2022年12月31日", "统计期限为全年")
    with pytest.raises(ImportFailed, match="--agency / --year"):
        import_text(text.replace("白鹭湾区市场监督管理局", "本局"))
    result = import_text(text, agency="白鹭湾区市场监督管理局", year=2022)
    assert result.report.get("t3.new.total") == 67


def test_a_year_before_2019_is_refused() -> None:
    text = (FIXTURES / "f2021-spaces.txt").read_text("utf-8").replace("2022年", "2018年")
    with pytest.raises(ImportFailed, match="2019 年以前的年报不适用现行格式"):
        import_text(text)
    with pytest.raises(ImportFailed, match="不在 2019–2100 之间"):
        import_text(text, year=3000)


def test_cli_prints_a_chinese_line_and_no_traceback(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "notice.txt"
    bad.write_text(NOTICE, encoding="utf-8")
    assert main(["import", str(bad)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("错误：")
    assert "Traceback" not in err


def test_cli_never_overwrites_an_existing_report(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    existing = tmp_path / "report.json"
    before = report_to_json(new_report("星河县交通运输局", 2024)) + "\n"
    existing.write_text(before, encoding="utf-8")
    assert main(["import", str(FIXTURES / "f2021-pipe.txt"), "-o", str(existing)]) == 2
    assert existing.read_text("utf-8") == before
    assert "--force" in capsys.readouterr().err


def test_cli_imports_and_saves_with_a_summary(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "2020.json"
    assert main(["import", str(FIXTURES / "f2019-tab.txt"), "-o", str(out)]) == 0
    printed = capsys.readouterr().out
    for part in ("格式：F2019", "年度：2020", "青禾县农业农村局", "读出 198，空白 0，无法识别 0", "已保存"):
        assert part in printed
    assert main(["check", str(out)]) == 0


def test_given_agency_and_year_never_relabel_what_the_document_states() -> None:
    result = import_file(FIXTURES / "f2021-pipe.txt", agency="别的局", year=2024)
    assert (result.report.agency, result.report.year) == ("星河县交通运输局", 2023)
    assert any("与指定的 2024 年度不同" in w for w in result.warnings)
