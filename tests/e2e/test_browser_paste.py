"""End-to-end: paste a block copied from a spreadsheet into 表三 and upload an .xlsx of 表四, in headless Chromium."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pytest
from playwright.sync_api import expect

from drafting.formats import TABLE4_COLUMNS

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
TITLE = "从 Excel/WPS 粘贴或上传 .xlsx"
NEW_ROW = "一、本年新收政府信息公开申请数量"
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _table4_xlsx() -> bytes:
    """表四 as the official form: group heads, result heads, one row of 15 values."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "表四"
    sheet.append(["行政复议", None, None, None, None, "行政诉讼"])
    sheet.append([c.label for c in TABLE4_COLUMNS] + ["未经复议直接起诉", None, None, None, None, "复议后起诉"])
    sheet.append([None] * 5 + [c.label for c in TABLE4_COLUMNS] * 2)
    sheet.append([3, 1, 0, 0, 4, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0])
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


def _open_panel(app) -> None:
    details = app.by_key("paste_expander").locator("details")
    if details.get_attribute("open") is None:
        app.page.get_by_text(TITLE).first.click()
        app.wait_idle()
    expect(app.by_key("paste_block").locator("textarea")).to_be_visible()


def test_paste_and_xlsx_fill_the_grids_after_a_preview(st_app, shoot):
    app = st_app
    app.set_text("new_agency", "青川县示例粘贴局")
    app.set_text("new_year", "2024")
    app.click("new_btn")
    app.go_to("表格数据")
    _open_panel(app)

    app.set_text("paste_block", "12\t约5\n")  # text in a number cell: named, nothing written, no 应用
    app.click("paste_preview_btn")
    error = app.by_key("paste_result").locator('[data-testid="stAlert"]').first
    expect(error).to_contain_text(f"表三“{NEW_ROW}”行“商业企业”列的值 '约5' 不是一个数字")
    expect(app.by_key("paste_apply_btn")).to_have_count(0)

    app.set_text("paste_block", "12\t3\r\n2\t0\r\n")
    app.click("paste_preview_btn")
    preview = app.by_key("paste_result")
    expect(preview).to_contain_text("将修改 4 个单元格")
    shoot("tables-paste-preview")
    app.click("paste_apply_btn")
    expect(app.page.get_by_text("已从粘贴的内容填入 4 个单元格")).to_be_visible()
    expect(app.cell("editor_t3", NEW_ROW, "自然人")).to_have_text("12")
    expect(app.cell("editor_t3", NEW_ROW, "商业企业")).to_have_text("3")

    _open_panel(app)
    app.by_key("paste_xlsx").locator('input[type="file"]').set_input_files(
        files=[{"name": "表四.xlsx", "mimeType": XLSX_MIME, "buffer": _table4_xlsx()}]
    )
    app.wait_idle()
    app.click("paste_xlsx_preview_btn")
    expect(app.by_key("paste_result")).to_contain_text("将修改 15 个单元格")
    app.click("paste_apply_btn")
    expect(app.page.get_by_text("已从文件 表四.xlsx 填入 15 个单元格")).to_be_visible()
    expect(app.cell("editor_t4", "行政复议", "结果维持")).to_have_text("3")
    expect(app.cell("editor_t4", "行政复议", "总计")).to_have_text("4")
