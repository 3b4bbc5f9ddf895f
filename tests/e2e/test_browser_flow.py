"""End-to-end: a staff member's workflow in real headless Chromium against `streamlit run app.py`.

Labels and widget keys come from ui/README.md. The table grids are canvas (glide-data-grid): they are
driven with the mouse and keyboard as a person does, and read back through the grid's accessible table.
"""

from __future__ import annotations

import io
import re
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from docx import Document
from docx.document import Document as DocxDocument
from playwright.sync_api import expect

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "yunlan-sthj-2023.json"
AGENCY = "青川县示例管理局"  # fictional
YEAR = "2024"
NEW_ROW = "一、本年新收政府信息公开申请数量"
EDIT_MARK = "本段为浏览器测试加入的修改，刷新页面后应当仍在。"
BUDGET_S = 120


def create_report(app) -> None:
    """基本信息: a new report for a fictional agency, year 2024."""
    app.set_text("new_agency", AGENCY)
    app.set_text("new_year", YEAR)
    app.click("new_btn")
    expect(app.page.get_by_text(AGENCY).first).to_be_visible()


def fill_table_and_see_finding(app) -> None:
    """表格数据: zero-fill, then type 5 into 表三 本年新收 × 自然人 in the grid; the S1 imbalance appears."""
    s1 = app.page.locator('[data-testid="stAlert"]').filter(has_text="S1")
    expect(s1).to_have_count(0)
    app.click("fill_zero_btn")
    expect(s1).to_have_count(0)
    app.edit_cell("editor_t3", NEW_ROW, "自然人", "5")
    expect(s1.first).to_be_visible()
    expect(s1.first).to_contain_text("自然人")
    expect(app.cell("editor_t3", NEW_ROW, "自然人")).to_have_text("5")  # as typed; marked ⚠ when shown afresh


def draft_and_edit(app) -> str:
    """起草: generate section 一 with the offline drafter, then change its text and save it."""
    app.click("gen_sec1")
    text_area = app.by_key("text_sec1").locator("textarea")
    expect(text_area).not_to_have_value("")
    edited = f"{text_area.input_value().rstrip()}\n{EDIT_MARK}"
    text_area.fill(edited)
    app.click("save_sec1")
    expect(text_area).to_have_value(re.compile(re.escape(EDIT_MARK)))
    return edited


def download_docx(app, tmp_path: Path) -> Path:
    """预览与导出: download the .docx; return where it was saved."""
    with app.page.expect_download() as info:
        app.by_key("dl_docx").locator("button").first.click()
    download = info.value
    assert download.failure() is None
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    return path


def table3_row(document: DocxDocument, label: str) -> list[str]:
    """The cell texts of a row of table 三 in the .docx (merged label cells repeat the label)."""
    for table in document.tables:
        for row in table.rows:
            texts = [c.text.strip() for c in row.cells]
            if texts and texts[0] == label:
                return texts
    msg = f"no row {label!r} in the document's tables"
    raise AssertionError(msg)


@pytest.mark.browser
def test_whole_workflow_in_chromium(st_app, shoot: Callable[[str], Path], tmp_path: Path) -> None:
    """New report → grid edit → finding → offline draft → edit → reload keeps it → .docx has it all."""
    started = time.monotonic()
    shoot("basic-empty")

    create_report(st_app)
    shoot("basic")

    st_app.go_to("表格数据")
    fill_table_and_see_finding(st_app)
    shoot("tables")

    st_app.go_to("工作情况")
    shoot("notes")

    st_app.go_to("起草")
    edited = draft_and_edit(st_app)
    shoot("draft")

    st_app.reload()
    text_area = st_app.by_key("text_sec1").locator("textarea")
    expect(text_area).to_have_value(re.compile(re.escape(EDIT_MARK)))
    assert text_area.input_value().strip() == edited.strip()
    st_app.page.locator('[data-testid="stMain"] summary').filter(has_text="核对结果").first.click()
    st_app.by_key("history_sec1").locator("label").first.click()
    st_app.wait_idle()
    expect(st_app.page.get_by_text("版本 A", exact=True)).to_be_visible()
    shoot("draft-after-reload-versions")

    st_app.go_to("表格数据")
    expect(st_app.cell("editor_t3", NEW_ROW, "自然人")).to_have_text("⚠ 5")
    expect(st_app.page.locator('[data-testid="stAlert"]').filter(has_text="S1").first).to_be_visible()

    st_app.go_to("预览与导出")
    shoot("export")
    path = download_docx(st_app, tmp_path)
    assert path.suffix == ".docx"
    document = Document(io.BytesIO(path.read_bytes()))
    body = "\n".join(p.text for p in document.paragraphs)
    assert AGENCY in body
    assert EDIT_MARK in body
    assert len(document.tables) == 3
    new_row = table3_row(document, NEW_ROW)
    assert new_row[-7:] == ["5", "0", "0", "0", "0", "0", "5"]  # typed 自然人, zero-filled, derived 总计

    sidebar = st_app.page.locator('[data-testid="stSidebar"]')
    sidebar.locator("summary").filter(has_text="模型设置").click()
    expect(st_app.page.get_by_text("当前：离线起草")).to_be_visible()
    shoot("settings-panel")

    assert st_app.page.console_errors == []
    assert time.monotonic() - started < BUDGET_S


@pytest.mark.browser
def test_restore_full_report_from_json_and_show_every_page(st_app, shoot: Callable[[str], Path]) -> None:
    """Upload the example report's .json, restore it, and show each page filled (screenshots for review)."""
    st_app.by_key("restore_file").locator('input[type="file"]').set_input_files(EXAMPLE)
    st_app.wait_idle()
    st_app.click("restore_btn")
    expect(st_app.page.get_by_text("云岚市生态环境局2023年政府信息公开工作年度报告").first).to_be_visible()
    shoot("full-basic")

    st_app.go_to("表格数据")
    expect(st_app.cell("editor_t3", NEW_ROW, "自然人")).to_have_text("38")
    expect(st_app.page.locator('[data-testid="stAlert"]').filter(has_text="S1")).to_have_count(0)
    shoot("full-tables")

    st_app.go_to("工作情况")
    expect(st_app.by_key("notes_active").locator("textarea")).not_to_have_value("")
    shoot("full-notes")

    st_app.go_to("起草")
    st_app.click("regen_all")
    expect(st_app.by_key("text_sec1").locator("textarea")).not_to_have_value("")
    shoot("full-draft")

    st_app.go_to("预览与导出")
    expect(st_app.page.get_by_text("定稿检查清单")).to_be_visible()
    shoot("full-export")
    assert st_app.page.console_errors == []
