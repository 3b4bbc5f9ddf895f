"""Importing PDFs with a text layer: our reports rendered by LibreOffice and Chromium, a real report, bad PDFs."""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

import pytest
from import_support import FIXTURES, expected_of

from drafting.cli import main
from drafting.errors import ImportFailed
from drafting.formats import get_format
from drafting.io.importer import ImportResult, import_bytes, import_file
from drafting.io.importer.norm import squash
from drafting.io.importer.pdf import join_lines, read_pdf
from drafting.io.importer.readers import Paragraph, Table
from drafting.model import coerce_cell, new_report, report_to_json

SAMPLE = Path(__file__).resolve().parent.parent.parent / "shared" / "samples" / "huaian-szf-2024.pdf"
PDFS = sorted(p.name for p in FIXTURES.glob("*.pdf") if (FIXTURES / f"{p.stem}.expected.json").exists())
WORD_PDFS = [name for name in PDFS if "-word-" in name]




def outcomes(result: ImportResult, expected: dict[str, Any]) -> dict[str, list[str]]:
    """Each expected cell sorted into exact / blank / not_found (as expected) and wrong (anything else)."""
    specs = get_format(expected["format"]).cells()
    out: dict[str, list[str]] = {"exact": [], "blank": [], "not_found": [], "wrong": []}
    for cell_id, raw in expected["cells"].items():
        if cell_id in expected.get("not_found", []):
            ok, kind = result.outcome(cell_id) == "未找到" and result.report.get(cell_id) is None, "not_found"
        elif raw is None:
            ok, kind = cell_id in result.cells_blank and result.report.get(cell_id) is None, "blank"
        else:
            value = coerce_cell(specs[cell_id], raw)
            ok, kind = cell_id in result.cells_read and result.report.get(cell_id) == value, "exact"
        out[kind if ok else "wrong"].append(cell_id)
    return out


@pytest.mark.parametrize("name", PDFS)
def test_every_cell_of_each_pdf_is_read_as_published(name: str) -> None:
    expected = expected_of(name)
    result = import_file(FIXTURES / name)
    got = outcomes(result, expected)
    assert got["wrong"] == []
    assert result.unreadable == []
    assert len(got["exact"]) + len(got["blank"]) + len(got["not_found"]) == len(expected["cells"])
    report = result.report
    assert (report.agency, report.year, report.format) == (expected["agency"], expected["year"], expected["format"])
    assert result.source_kind == "pdf"
    assert result.parts_found == ["一", "二", "三", "四", "五", "六"]


@pytest.mark.parametrize("name", WORD_PDFS)
def test_wrapped_lines_of_word_pdfs_are_rejoined_into_the_published_paragraphs(name: str) -> None:
    expected = expected_of(name)
    report = import_file(FIXTURES / name).report
    for part in ("一", "五", "六"):
        paragraphs = report.sections[part].text.split("\n\n")
        assert [squash(p) for p in paragraphs] == [squash(p) for p in expected["sections"][part].split("\n\n")]


@pytest.mark.parametrize("name", ["f2021-page-chromium.pdf", "f2021-page-serif.pdf"])
def test_a_printed_web_page_keeps_its_text_and_drops_the_browser_header_and_footer(name: str) -> None:
    expected = expected_of(name)
    doc = read_pdf((FIXTURES / name).read_bytes(), name)
    texts = [b.text for b in doc.blocks if isinstance(b, Paragraph)]
    assert not any("file://" in t or t.endswith(("/4", "/5")) for t in texts)
    assert not any("_梧桐市人民政府门户网站" in t for t in texts)
    report = import_file(FIXTURES / name).report
    assert squash(report.sections["一"].text) == squash(expected["sections"]["一"])
    assert squash(report.sections["六"].text).startswith(squash(expected["sections"]["六"]))


def _tables(name: str) -> list[Table]:
    return [b for b in read_pdf((FIXTURES / name).read_bytes(), name).blocks if isinstance(b, Table)]


@pytest.mark.parametrize("name", ["f2021-word-split.pdf", "f2021-page-serif.pdf"])
def test_table_three_split_across_pages_is_one_table_without_its_repeated_header(name: str) -> None:
    tables = _tables(name)
    assert len(tables) == 3
    three = tables[1]
    assert sum(1 for row in three.rows if any("申请人情况" in c for c in row)) == 1
    assert len(three.rows) == 3 + 25
    assert any("四、结转下年度继续办理" in c for c in three.rows[-1])


def test_the_pages_really_split_table_three() -> None:
    import pdfplumber

    with pdfplumber.open(FIXTURES / "f2021-word-split.pdf") as pdf:
        pages = [page.extract_text() for page in pdf.pages]
    assert any("本年新收" in text and "结转下年度" not in text for text in pages)
    assert sum(1 for text in pages if "申请人情况" in text) == 2


def test_page_numbers_and_a_title_over_two_lines() -> None:
    doc = read_pdf((FIXTURES / "f2021-word-split.pdf").read_bytes(), "年报.pdf")
    assert squash(doc.titles[0]) == "星河县交通运输局2023年政府信息公开工作年度报告"
    assert not any(squash(b.text) in ("-1-", "-2-", "-3-", "-4-") for b in doc.blocks if isinstance(b, Paragraph))
    result = import_file(FIXTURES / "f2021-word-split.pdf")
    assert (result.report.agency, result.report.year) == ("星河县交通运输局", 2023)
    assert "标题" in result.agency_source


def test_a_row_split_by_the_page_break_is_reported_never_guessed() -> None:
    result = import_file(FIXTURES / "f2019-word-wide.pdf")
    assert all(result.outcome(f"t3.partial.{c}") == "未找到" for c in ("natural", "total"))
    assert any("（二）部分公开（区分处理的，只计这 | 3 | 1" in w for w in result.warnings)
    assert result.report.get("t3.deny_3.natural") == 1
    assert result.report.get("t3.open.total") == 21


def test_a_copy_protected_pdf_imports() -> None:
    result = import_file(FIXTURES / "f2021-word-locked.pdf")
    assert result.report.get("t3.new.total") == 28


def test_a_scanned_pdf_says_to_use_the_word_or_web_version_or_ocr() -> None:
    with pytest.raises(ImportFailed, match="扫描件（图片）PDF，没有可读取的文字层") as info:
        import_file(FIXTURES / "scan.pdf")
    assert "scan.pdf" in str(info.value)
    assert "Word 文件或网页版" in str(info.value)
    assert "文字识别（OCR）" in str(info.value)


def test_an_encrypted_pdf_asks_for_an_unencrypted_copy() -> None:
    with pytest.raises(ImportFailed, match=re.escape("encrypted.pdf 是加密的 PDF，需要密码才能打开")):
        import_file(FIXTURES / "encrypted.pdf")


@pytest.mark.parametrize("cut", [200, 5000, 30000])
def test_a_truncated_pdf_is_refused_as_damaged(cut: int) -> None:
    data = (FIXTURES / "f2021-word-lo.pdf").read_bytes()[:cut]
    with pytest.raises(ImportFailed, match=re.escape("年报.pdf 不是有效的 PDF 文件（文件已损坏或不完整）")):
        import_bytes(data, "年报.pdf")


def test_a_pdf_of_hundreds_of_pages_is_refused() -> None:
    from PIL import Image

    buf = io.BytesIO()
    pages = [Image.new("L", (20, 28), 255) for _ in range(101)]
    pages[0].save(buf, "PDF", save_all=True, append_images=pages[1:])
    with pytest.raises(ImportFailed, match="有 101 页，远超一份年报的篇幅"):
        import_bytes(buf.getvalue(), "合订本.pdf")


def test_a_failed_pdf_import_changes_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "2024.json"
    before = report_to_json(new_report("青禾县农业农村局", 2022)) + "\n"
    target.write_text(before, encoding="utf-8")
    out = tmp_path / "imported.json"
    for bad in ("scan.pdf", "encrypted.pdf"):
        assert main(["import", str(FIXTURES / bad), "-o", str(out)]) == 2
        assert main(["import", str(FIXTURES / bad), "--attach-to", str(target)]) == 2
    assert not out.exists()
    assert target.read_text("utf-8") == before
    err = capsys.readouterr().err
    assert "扫描件" in err and "加密" in err and "Traceback" not in err


def test_lines_inside_a_cell_join_without_spaces_but_numbers_stay_apart() -> None:
    assert join_lines(["商业企", "业"]) == "商业企业"
    assert join_lines(["1.本机关不掌握相关政府信", "息"]) == "1.本机关不掌握相关政府信息"
    assert join_lines(["1", "0"]) == "1 0"
    assert join_lines(["", " 12 ", ""]) == "12"


# ---- the real report: 淮安市人民政府 2024 (F2021), values read by hand from the PDF -----------------------------

HUAIAN_T2 = {"t2.rules.issued": 1, "t2.rules.repealed": 0, "t2.rules.in_force": 11, "t2.normative.issued": 8,
             "t2.normative.repealed": 26, "t2.normative.in_force": 66, "t2.license.decisions": 447228,
             "t2.penalty.decisions": 3985758, "t2.coercion.decisions": 88283, "t2.admin_fee.fee_amount": "96171.6"}
HUAIAN_T3 = {
    "new": (3001, 53, 0, 0, 61, 4, 3119), "carry_in": (34, 0, 0, 0, 0, 0, 34),
    "open": (1288, 21, 0, 0, 50, 3, 1362), "partial": (447, 7, 0, 0, 0, 0, 454),
    "deny_1": (2, 0, 0, 0, 0, 0, 2), "deny_2": (30, 1, 0, 0, 0, 0, 31), "deny_3": (5, 0, 0, 0, 0, 0, 5),
    "deny_4": (6, 0, 0, 0, 0, 0, 6), "deny_5": (7, 1, 0, 0, 0, 0, 8), "deny_6": (12, 0, 0, 0, 0, 0, 12),
    "deny_7": (9, 0, 0, 0, 0, 0, 9), "deny_8": (105, 0, 0, 0, 0, 0, 105),
    "unable_1": (746, 12, 0, 0, 10, 1, 769), "unable_2": (11, 0, 0, 0, 0, 0, 11), "unable_3": (1, 0, 0, 0, 0, 0, 1),
    "noproc_1": (56, 6, 0, 0, 0, 0, 62), "noproc_2": (25, 0, 0, 0, 0, 0, 25), "noproc_3": (0, 0, 0, 0, 0, 0, 0),
    "noproc_4": (0, 0, 0, 0, 0, 0, 0), "noproc_5": (1, 0, 0, 0, 0, 0, 1),
    "other_1": (67, 3, 0, 0, 1, 0, 71), "other_2": (6, 0, 0, 0, 0, 0, 6), "other_3": (108, 2, 0, 0, 0, 0, 110),
    "total": (2932, 53, 0, 0, 61, 4, 3050), "carry_out": (103, 0, 0, 0, 0, 0, 103),
}
HUAIAN_T4 = {"review": (72, 64, 178, 37, 351), "lit_direct": (13, 4, 8, 1, 26), "lit_after_review": (12, 1, 1, 6, 20)}
_T3_COLS = ("natural", "business", "research", "nonprofit", "legal", "other", "total")
_T4_COLS = ("maintain", "correct", "other", "pending", "total")


def _huaian_cells() -> dict[str, Any]:
    cells: dict[str, Any] = dict(HUAIAN_T2)
    for row, values in HUAIAN_T3.items():
        cells.update({f"t3.{row}.{c}": v for c, v in zip(_T3_COLS, values, strict=True)})
    for group, values in HUAIAN_T4.items():
        cells.update({f"t4.{group}.{c}": v for c, v in zip(_T4_COLS, values, strict=True)})
    return cells


@pytest.mark.skipif(not SAMPLE.exists(), reason="shared sample not present")
def test_the_real_huaian_2024_pdf_reads_every_cell_it_reads_right() -> None:
    result = import_file(SAMPLE)
    report = result.report
    assert (report.agency, report.year, report.format) == ("淮安市人民政府", 2024, "F2021")
    assert "标题" in result.agency_source
    assert result.parts_found == ["一", "二", "三", "四", "五", "六"]
    cells = _huaian_cells()
    assert set(cells) == set(report.fmt.cells())
    specs = report.fmt.cells()
    wrong = [cid for cid, value in result.cells_read.items() if value != coerce_cell(specs[cid], cells[cid])]
    assert wrong == []
    assert result.unreadable == []
    assert result.cells_blank == []
    assert set(result.cells_read) == set(cells)
    assert any("3、其他" in w for w in result.warnings)  # printed 「3、其他」, read as the variant of 「3.其他」
    assert report.sections["一"].text.startswith("2024 年，我市坚持以习近平新时代中国特色社会主义思想为指导，")
    paragraphs = {part: report.sections[part].text.split("\n\n") for part in ("一", "五", "六")}
    assert [len(p) for p in paragraphs.values()] == [6, 2, 1]
    assert [p[:3] for p in paragraphs["一"][1:]] == ["（一）", "（二）", "（三）", "（四）", "（五）"]
    assert "营商环境高质量推进产业发展" in paragraphs["一"][1]  # the paragraph goes on over the page break
    assert "\n" not in report.sections["六"].text
    assert report.sections["六"].text.endswith("全年收取政府信息公开信息处理费 3940 元。")


def _pdf(content: bytes, resources: bytes, extra: list[bytes]) -> bytes:
    """A one-page PDF written by hand: content stream, resources and any extra objects (numbered from 5)."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources " + resources + b" >>",
               b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream", *extra]
    out, offsets = b"%PDF-1.4\n", []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    return out + b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)


def test_a_scan_with_a_stamped_line_of_text_is_still_a_scan() -> None:
    image = b"<< /Type /XObject /Subtype /Image /Width 2 /Height 2 /ColorSpace /DeviceGray /BitsPerComponent 8"
    image += b" /Length 4 >>\nstream\n\x00\xff\xff\x00\nendstream"
    font = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"
    content = b"q 595 0 0 842 0 0 cm /Im1 Do Q BT /F1 9 Tf 40 20 Td (Scanned by OfficeScan 2025-01-15, page 1) Tj ET"
    data = _pdf(content, b"<< /XObject << /Im1 5 0 R >> /Font << /F1 6 0 R >> >>", [image, font])
    with pytest.raises(ImportFailed, match="扫描件"):
        import_bytes(data, "扫描.pdf")


def test_a_pdf_whose_text_is_not_a_report_says_so() -> None:
    font = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"
    line = b"BT /F1 11 Tf 60 %d Td (Minutes of the meeting, item %d: budget and staffing) Tj ET"
    lines = b" ".join(line % (800 - 20 * i, i) for i in range(30))
    with pytest.raises(ImportFailed, match="不是政府信息公开工作年度报告"):
        import_bytes(_pdf(lines, b"<< /Font << /F1 5 0 R >> >>", [font]), "会议纪要.pdf")


def test_a_digit_drawn_twice_for_a_fake_bold_reads_once() -> None:
    font = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"
    grid = b"0.5 w 50 700 200 30 re S 150 700 m 150 730 l S "
    cells = b"BT /F1 11 Tf 60 710 Td (Total) Tj ET BT /F1 11 Tf 160 710 Td (7) Tj ET "
    cells += b"BT /F1 11 Tf 160.3 710 Td (7) Tj ET"
    body = b"BT /F1 11 Tf 50 760 Td (Annual report of a fictional agency) Tj ET "
    doc = read_pdf(_pdf(body + grid + cells, b"<< /Font << /F1 5 0 R >> >>", [font]), "bold.pdf")
    assert [b.rows for b in doc.blocks if isinstance(b, Table)] == [(("Total", "7"),)]


def test_a_number_running_over_the_ruling_into_the_next_cell_is_never_split_into_two_values() -> None:
    font = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"
    grid = b"0.5 w 50 700 180 30 re S 100 700 m 100 730 l S 140 700 m 140 730 l S "
    cells = b"BT /F1 11 Tf 55 710 Td (Total) Tj ET BT /F1 11 Tf 105 710 Td (1234567) Tj ET "
    body = b"BT /F1 11 Tf 50 760 Td (Annual report of a fictional agency) Tj ET "
    doc = read_pdf(_pdf(body + grid + cells, b"<< /Font << /F1 5 0 R >> >>", [font]), "overflow.pdf")
    rows = [b.rows for b in doc.blocks if isinstance(b, Table)]
    assert rows == [(("Total", "123456 7", "123456 7"),)]
