"""End-to-end: a 主管部门 uploads its units' reports (a .docx, an .html and a .zip) on 审核与汇总 in headless Chromium,
sees them reviewed worst first, sums their tables and opens the sum as a report."""

from __future__ import annotations

import io
import random
import zipfile
from pathlib import Path

import openpyxl
import pytest
from playwright.sync_api import expect

from drafting.formats import t3
from tests.review_support import agency_name, make_unit, write_rendered

pytestmark = pytest.mark.browser


def _files(folder: Path) -> list[dict[str, object]]:
    """Three units: a .docx, an .html with a table error, and a .txt inside a .zip."""
    units = [make_unit(random.Random(40 + i), agency_name(40 + i), 2024) for i in range(3)]
    cell = t3("carry_out", "natural")
    units[1].set_cell(cell, int(units[1].cells[cell]) + 1)  # type: ignore[call-overload]
    docx = write_rendered(units[0], folder, "docx", "甲")
    html = write_rendered(units[1], folder, "html", "乙")
    txt = write_rendered(units[2], folder, "txt", "丙")
    packed = io.BytesIO()
    with zipfile.ZipFile(packed, "w") as archive:
        archive.write(txt, "丙.txt")
    return [
        {"name": docx.name, "mimeType": "application/octet-stream", "buffer": docx.read_bytes()},
        {"name": html.name, "mimeType": "text/html", "buffer": html.read_bytes()},
        {"name": "乡镇.zip", "mimeType": "application/zip", "buffer": packed.getvalue()},
    ]


def test_review_uploads_then_sum_and_open(st_app, shoot, tmp_path):
    app = st_app
    app.go_to("审核与汇总")
    app.by_key("review_files").locator('input[type="file"]').set_input_files(files=_files(tmp_path))
    app.wait_idle()
    app.click("review_run")
    expect(app.page.get_by_text("共审核 3 份")).to_be_visible(timeout=60_000)
    table = app.page.locator('[data-testid="stDataFrame"]').first
    expect(table).to_be_visible()
    expect(app.page.get_by_text("共审核 3 份：有错误 1 份，通过 2 份。")).to_be_visible()
    shoot("review-table")
    with app.page.expect_download() as download:
        app.by_key("review_xlsx").locator("button").first.click()
    saved = tmp_path / "审核结果.xlsx"
    download.value.save_as(saved)
    book = openpyxl.load_workbook(saved)
    assert book.sheetnames == ["单位一览", "全部问题"] and book["单位一览"].max_row == 4

    app.set_text("rollup_agency", "白鹭县人民政府")
    app.click("rollup_run")
    refusal = app.page.locator('[data-testid="stAlert"]').filter(has_text="未汇总：")
    expect(refusal).to_contain_text(agency_name(41))
    app.by_key("rollup_errors").locator("label").first.click()
    app.wait_idle()
    app.click("rollup_run")
    app.click("rollup_open")
    expect(app.page.get_by_text("已打开汇总表：白鹭县人民政府2024 年（3 个单位）")).to_be_visible()
    expect(app.by_key("editor_t3")).to_be_visible()
    shoot("rollup-opened")
