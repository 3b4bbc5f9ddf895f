"""`drafting review`: many generated reports in, one row per unit and every finding out, in Chinese."""

from __future__ import annotations

import random
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook

from drafting.cli import main
from drafting.formats import t3
from drafting.model import Report, SectionVersion, save_report
from drafting.review.collect import Source, collect
from drafting.review.expected import compare
from drafting.review.result import Status, UnitReview
from drafting.review.run import review_all
from drafting.review.unit import review_source, vague_five
from tests.review_support import agency_name, make_unit, write_rendered


def _unit(i: int, year: int = 2024) -> Report:
    return make_unit(random.Random(i), agency_name(i), year)


def _set_text(report: Report, section: str, text: str) -> None:
    report.sections[section].versions.append(SectionVersion(text=text, origin="human"))  # type: ignore[index]


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """Three clean units (docx, html, txt), one with a table error, one file that is not a report."""
    reports = tmp_path / "reports"
    reports.mkdir()
    for i, to in enumerate(("docx", "html", "txt")):
        write_rendered(_unit(i), reports, to, f"unit{i}")
    wrong = _unit(3)
    wrong.set_cell(t3("carry_out", "natural"), int(wrong.cells[t3("carry_out", "natural")]) + 1)  # type: ignore[call-overload]
    write_rendered(wrong, reports, "docx", "unit3")
    (reports / "notes.txt").write_text("这是一份会议记录，不是年报。\n", encoding="utf-8")
    return reports


def _sheet(path: Path, title: str) -> list[tuple[object, ...]]:
    return [tuple(row) for row in load_workbook(path, read_only=True)[title].iter_rows(values_only=True)]


def test_review_writes_three_sheets_worst_first(
    folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    units = tmp_path / "名单.txt"
    units.write_text(
        f"{agency_name(0)}\n{agency_name(1)}\n{agency_name(2)}\n{agency_name(3)}\n白鹭县不存在局\n", "utf-8"
    )
    out = tmp_path / "审核结果.xlsx"
    code = main(["review", str(folder), "-o", str(out), "--units", str(units), "--jobs", "1"])
    assert code == 1  # an unreadable file and a unit with errors
    assert load_workbook(out).sheetnames == ["单位一览", "全部问题", "应报未报"]
    rows = _sheet(out, "单位一览")
    assert rows[0][:6] == ("单位", "年度", "格式", "文件类型", "文件", "状态")
    assert [r[5] for r in rows[1:]] == ["无法读取", "有错误", "通过", "通过", "通过"]
    assert "不是政府信息公开工作年度报告" in str(rows[1][10])
    assert rows[2][0] == agency_name(3) and rows[2][1] == 2024 and rows[2][2] == "F2021"
    assert "S1" in str(rows[2][10])
    assert rows[3][8] == 0  # every cell of a generated report is read
    findings = _sheet(out, "全部问题")
    s1 = [r for r in findings if r[3] == "S1"]
    assert s1 and s1[0][0] == agency_name(3) and s1[0][4] == "错误" and "表三" in str(s1[0][5])
    assert _sheet(out, "应报未报")[1:] == [("白鹭县不存在局", "未收到", None)]
    assert "已审核 5 份：无法读取 1，有错误 1，有提示 0，通过 3" in capsys.readouterr().out


def test_listed_units_are_found_by_agency_file_name_or_a_name_read_without_its_region() -> None:
    reviews = [
        UnitReview("各单位/青石县教育局.docx", failure="无法读取"),
        UnitReview("b.txt", agency="工业和科技创新委员会", year=2024),
        UnitReview("c.html", agency="云岚县 民政局", year=2024),
        UnitReview("d.html", agency="松溪县财政局", year=2024),
    ]
    names = ["青石县教育局", "澄湖示范区工业和科技创新委员会", "云岚县民政局", "白鹭县水利局"]
    assert [(e.unit, e.state, e.source) for e in compare(names, reviews)] == [
        ("白鹭县水利局", "未收到", ""),
        ("松溪县财政局", "不在名单中", "d.html"),
    ]


def test_existing_output_is_kept_without_force(
    folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "审核结果.xlsx"
    out.write_bytes(b"old")
    assert main(["review", str(folder), "-o", str(out)]) == 2
    assert "已存在" in capsys.readouterr().err and out.read_bytes() == b"old"
    assert main(["review", str(folder), "-o", str(out), "--force", "--jobs", "1"]) == 1
    assert load_workbook(out).sheetnames == ["单位一览", "全部问题"]


@pytest.mark.parametrize("suffix", [".csv", ".html"])
def test_csv_and_html(folder: Path, tmp_path: Path, suffix: str) -> None:
    out = tmp_path / f"审核结果{suffix}"
    main(["review", str(folder), "-o", str(out), "--jobs", "1"])
    text = out.read_text("utf-8-sig")
    assert "单位,年度,格式" in text if suffix == ".csv" else "<h2>单位一览</h2>" in text
    assert agency_name(3) in text
    if suffix == ".csv":
        assert "S1" in (tmp_path / "审核结果.全部问题.csv").read_text("utf-8-sig")


def test_bad_output_suffix_is_refused(folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["review", str(folder), "-o", str(tmp_path / "x.pdf")]) == 2
    assert ".xlsx、.csv 或 .html" in capsys.readouterr().err


def _with(report: Report, section: str, text: str) -> Report:
    _set_text(report, section, text)
    return report


LONG_ONE = (
    "在主动公开、依申请公开、政府信息管理、政府信息公开平台建设、监督保障方面均做了工作。" + "持续推进公开工作。" * 130
)
# (section, text, rule, severity, words of the Chinese message)
COVERAGE = [
    ("一", "本年度在主动公开方面及时发布信息。", "G2", "提示", "依申请公开"),
    ("六", "无其他需要报告的事项。", "G3", "错误", "信息处理费"),
    ("一", LONG_ONE, "G4", "提示", "超过格式要求的原则上不超过 1000 字"),
    ("五", "", "G5", "错误", "第五部分没有内容"),
    ("五", "我们将继续努力，把工作做得更好。", "R1", "提示", "没有写到问题和改进措施"),
    ("一", LONG_ONE.replace("持续推进公开工作。" * 130, "本年新收政府信息公开申请999件。"), "G1", "错误", "999件"),
]


@pytest.mark.parametrize(("section", "text", "rule", "severity", "words"), COVERAGE)
def test_coverage_and_text_against_tables(
    tmp_path: Path, section: str, text: str, rule: str, severity: str, words: str
) -> None:
    report = _with(_unit(5), section, text)
    path = write_rendered(report, tmp_path, "docx", "u")
    review = review_source(Source(str(path)))
    hits = [f for f in review.findings if f.rule == rule and words in f.message]
    assert hits and hits[0].severity == severity, [(f.rule, f.message) for f in review.findings]
    assert hits[0].where.startswith(f"第{section}部分")


def test_a_number_the_tables_do_not_hold_is_only_a_warning(tmp_path: Path) -> None:
    text = "本年度在主动公开方面，门户网站发布信息 340 条，发布政府信息公开制度1条。全年受理网络问政182件。"
    report = _with(_unit(6), "一", text)
    review = review_source(Source(str(write_rendered(report, tmp_path, "txt", "u"))))
    g1 = [f for f in review.findings if f.rule == "G1"]
    assert g1 and {f.severity for f in g1} == {"提示"}


def test_five_naming_shortcomings_in_other_words_is_not_vague() -> None:
    text = (
        "本年工作虽取得成效，但仍有改善空间。一是认识不够到位，主动公开意识有待增强；二是政策解读形式单一。"
        "下一步将加强培训，结合图表、图示开展解读，提高解读文件的时效性、可读性和接受度。"
    )
    assert vague_five(text) == []
    assert [f.rule for f in vague_five("今后继续做好各项工作。")] == ["R1"]


def test_last_years_report_is_compared(tmp_path: Path) -> None:
    this_year, last_year = _unit(7, 2024), _unit(7, 2023)
    save_report(last_year, tmp_path / "last.json")
    write_rendered(this_year, tmp_path, "html", "this")
    reviews = {r.year: r for r in review_all(collect([tmp_path]), jobs=1, progress=False)}
    assert reviews[2024].similarity == {"一": 100, "五": 100, "六": 100}
    assert reviews[2024].similarity_text() == "一 100%、五 100%、六 100%"
    assert any(f.rule == "G6" and "上年报告的同一部分" in f.message for f in reviews[2024].findings)
    assert reviews[2023].similarity == {}


def test_zip_members_are_reviewed_with_their_chinese_names(tmp_path: Path) -> None:
    path = write_rendered(_unit(8), tmp_path, "docx", "u")
    archive = tmp_path / "各单位.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr(zipfile.ZipInfo("青石县教育局.docx".encode("gbk").decode("cp437")), path.read_bytes())
        zf.writestr("__MACOSX/._x.docx", b"junk")
    sources = collect([archive])
    assert [s.name for s in sources] == [f"{archive}/青石县教育局.docx"]
    review = review_source(sources[0])
    assert review.agency == agency_name(8)
    assert review.status in (Status.WARNINGS, Status.PASSED)


def test_a_file_that_cannot_be_read_says_why(tmp_path: Path) -> None:
    (tmp_path / "old.doc").write_bytes(b"\xd0\xcf\x11\xe0" + b"\0" * 100)
    review = review_source(Source(str(tmp_path / "old.doc")))
    assert review.status is Status.UNREADABLE and "另存为” .docx" in review.failure
    missing = review_source(Source(str(tmp_path / "nowhere.docx")))
    assert "找不到文件" in missing.failure


def test_pool_gives_the_same_reviews(folder: Path) -> None:
    sources = collect([folder] * 3)  # the same folder three times is one set of files
    assert len(sources) == 5
    one = review_all(sources * 2, jobs=1, progress=False)
    two = review_all(sources * 2, jobs=2, progress=False)
    assert [(r.source, r.status, r.errors, r.warnings) for r in one] == [
        (r.source, r.status, r.errors, r.warnings) for r in two
    ]


def test_a_crash_on_one_file_is_its_row(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import drafting.review.unit as unit

    path = write_rendered(_unit(9), tmp_path, "txt", "u")

    def broken(report: Report) -> list[object]:
        raise ZeroDivisionError

    monkeypatch.setattr(unit, "section_findings", broken)
    review = review_source(Source(str(path)))
    assert review.status is Status.UNREADABLE and "程序错误（ZeroDivisionError）" in review.failure


def test_control_characters_in_a_message_do_not_break_the_workbook(tmp_path: Path) -> None:
    from drafting.review.export import build_sheets, write
    from drafting.review.result import ReviewFinding

    review = UnitReview("a.docx", agency="青石县教育局", year=2024)
    review.findings.append(ReviewFinding("导入", "提示", "", "原文“1\x0b2”无法识别"))
    out = tmp_path / "审核结果.xlsx"
    write(out, build_sheets([review], None))
    assert _sheet(out, "全部问题")[1][6] == "原文“1 2”无法识别"
