"""End-to-end: the copy buttons on 预览与导出 put the report on the real clipboard of headless Chromium.

Issue 4 item 3: 复制（含表格） must put HTML (with real tables) next to plain text, so a paste into Word/WPS
keeps the tables; 复制纯文本 must put exactly the .txt export. The buttons live in an iframe (ids `plain`,
`rich`, status `#status`, see ui/README.md); the test grants clipboard permissions to the page's origin and
reads the clipboard back with `navigator.clipboard.read()` from inside that iframe (the focused document).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from playwright.sync_api import FrameLocator, expect

from drafting.io.render import render
from drafting.model import load_report

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "yunlan-sthj-2023.json"
TITLE = "云岚市生态环境局2023年政府信息公开工作年度报告"
NEW_ROW = "一、本年新收政府信息公开申请数量"
NEW_ROW_VALUES = ["38", "6", "1", "1", "2", "0", "48"]  # 自然人, four kinds of organisation, 其他, 总计
COPIED = "已复制，可粘贴到 Word/WPS"
BUDGET_S = 40

# Every item on the clipboard as {mime type: text}; runs in the iframe, which has focus after the click.
_READ_CLIPBOARD_JS = """async () => {
    const out = {};
    for (const item of await navigator.clipboard.read()) {
        for (const type of item.types) {
            out[type] = await (await item.getType(type)).text();
        }
    }
    return out;
}"""


def copy_frame(app) -> FrameLocator:
    """The iframe of the copy buttons (an `st.iframe` without a key: found by its button ids)."""
    frame = app.page.frame_locator('iframe[srcdoc*="id=\\"rich\\""]')
    expect(frame.locator("#rich")).to_have_text("复制（含表格）")
    return frame


def click_copy(frame: FrameLocator, button: str) -> dict[str, str]:
    """Click a copy button, wait for `已复制`, return the clipboard, then empty it for the next click."""
    status = frame.locator("#status")
    status.evaluate("el => { el.textContent = ''; }")
    frame.locator(f"#{button}").click()
    expect(status).to_have_text(COPIED)
    # The click focused the iframe's document: the clipboard API refuses documents without focus.
    clipboard: dict[str, str] = status.evaluate(_READ_CLIPBOARD_JS)
    status.evaluate("() => navigator.clipboard.writeText('')")
    return clipboard


def row_cells(soup: BeautifulSoup, label: str) -> list[str]:
    """The texts of the cells of the HTML table row whose label cell is `label`."""
    for tr in soup.find_all("tr"):
        texts = [cell.get_text(strip=True) for cell in tr.find_all(["td", "th"])]
        if label in texts:
            return texts
    msg = f"no row {label!r} in the copied HTML"
    raise AssertionError(msg)


def header_span(soup: BeautifulSoup, text: str, attr: str) -> int:
    """The rowspan or colspan of the header cell (th) of table 三 (the table with 本年新收) whose text is `text`."""
    table3 = next(t for t in soup.find_all("table") if NEW_ROW in t.get_text())
    cell = table3.find("th", string=text)
    assert cell is not None, f"no header cell {text!r} in the copied HTML"
    return int(cell.get(attr, 1))


def assert_rich(clipboard: dict[str, str], expected_txt: str) -> None:
    """text/html has the three tables with merged header cells and 本年新收's 48; text/plain is the .txt export."""
    assert set(clipboard) >= {"text/html", "text/plain"}, clipboard.keys()
    html = clipboard["text/html"]
    assert "<table" in html
    soup = BeautifulSoup(html, "html.parser")
    assert len(soup.find_all("table")) == 3  # tables 二, 三 and 四
    assert TITLE in soup.get_text()
    assert row_cells(soup, NEW_ROW) == [NEW_ROW, *NEW_ROW_VALUES]
    assert header_span(soup, "自然人", "rowspan") == 2
    assert header_span(soup, "总计", "rowspan") == 2
    assert header_span(soup, "法人或其他组织", "colspan") == 5

    plain = clipboard["text/plain"]
    assert TITLE in plain
    row = next(line for line in plain.splitlines() if line.startswith(NEW_ROW))
    assert [v for v in row.split("\t") if v] == [NEW_ROW, *NEW_ROW_VALUES]
    assert plain == expected_txt


@pytest.mark.browser
def test_copy_buttons_put_tables_and_plain_text_on_the_clipboard(st_app, shoot: Callable[[str], Path]) -> None:
    """载入示例报告 → 预览与导出 → 复制（含表格） gives HTML tables + text; 复制纯文本 gives the .txt export."""
    started = time.monotonic()
    page = st_app.page
    origin = st_app.server.url.rstrip("/")
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=origin)

    st_app.click("example_btn")
    expect(page.get_by_text(TITLE).first).to_be_visible()
    st_app.go_to("预览与导出")
    expect(page.get_by_text("定稿检查清单")).to_be_visible()
    frame = copy_frame(st_app)

    expected_txt = render(load_report(EXAMPLE), "txt")
    assert isinstance(expected_txt, str)
    assert_rich(click_copy(frame, "rich"), expected_txt)
    shoot("export-copied-with-tables")

    plain_only = click_copy(frame, "plain")
    assert "text/html" not in plain_only
    assert plain_only["text/plain"] == expected_txt

    assert page.console_errors == []
    assert time.monotonic() - started < BUDGET_S
