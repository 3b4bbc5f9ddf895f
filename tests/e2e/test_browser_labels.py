"""End-to-end: no English from Streamlit's own widgets is visible on 基本信息 (issue 8 item 13).

Streamlit 1.67 draws "Upload", "25MB per file • …", "Drag and drop a file here", a rejected file's
"… files are not allowed." and "Press Ctrl+Enter to apply" / "Press Enter to apply" itself, with no locale
setting. app.py includes ui/chinese_css.CHINESE_CSS, which hides them and draws Chinese instead; this test
checks, in headless Chromium, that every such English text is invisible (computed style and size, not the
DOM: the English stays in the page for screen readers) and that the Chinese is drawn in its place.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Locator

from ui.chinese_css import DRAG_ACTIVE, TEXT_AREA_HINT, TEXT_INPUT_HINT, UPLOAD_BUTTON, upload_error, uploader_hint

pytestmark = pytest.mark.browser

ENGLISH = (
    "Drag and drop",
    "Browse files",
    "Upload",
    "per file",
    "Press Ctrl+Enter",
    "Press ⌘+Enter",
    "Press Enter",
    "to apply",
    "not allowed",
    "too large",
)

# Text nodes holding one of the phrases that a person can see: rendered, not hidden, with a font size and a
# box larger than the 1 px screen-reader-only clip. Material icon ligatures (translate="no") are icons.
_VISIBLE_ENGLISH_JS = """phrases => {
    const found = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const text = node.textContent;
        if (!phrases.some(p => text.includes(p))) continue;
        const el = node.parentElement;
        if (!el || el.closest('[translate="no"], script, style, textarea, input')) continue;
        if (!el.checkVisibility({checkOpacity: true, checkVisibilityCSS: true})) continue;
        const box = el.getBoundingClientRect();
        if (parseFloat(getComputedStyle(el).fontSize) === 0 || box.width <= 1 || box.height <= 1) continue;
        found.push(text.trim());
    }
    return found;
}"""

_AFTER_JS = """el => {
    const after = getComputedStyle(el, '::after');
    return {content: after.content, size: parseFloat(after.fontSize), shown: el.checkVisibility()};
}"""


def visible_english(page) -> list[str]:
    """The English phrases a person can read on the page right now."""
    found: list[str] = page.evaluate(_VISIBLE_ENGLISH_JS, list(ENGLISH))
    return found


def assert_drawn(element: Locator, text: str) -> None:
    """The element shows `text` (drawn by ::after), readable: a real font size and the element rendered."""
    element.wait_for(state="attached")
    after = element.evaluate(_AFTER_JS)
    assert after["content"] == f'"{text}"', after
    assert after["size"] >= 10 and after["shown"], after


def upload_limit_mb(st_app) -> int:
    """The limit the server enforces, read from the (hidden) English "25MB per file • …" of the uploader."""
    english = st_app.by_key("prior_file").locator('[data-testid="stFileUploaderDropzoneInstructions"] span')
    found = re.search(r"(\d+)MB per file", english.text_content() or "")
    assert found, english.text_content()
    return int(found.group(1))


def test_basic_page_shows_no_streamlit_english(st_app, shoot: Callable[[str], Path]) -> None:
    page = st_app.page
    st_app.click("example_btn")
    assert visible_english(page) == []
    prior_file = st_app.by_key("prior_file")
    assert_drawn(prior_file.locator('[data-testid="stFileUploaderDropzone"] button p'), UPLOAD_BUTTON)
    assert_drawn(prior_file.locator('[data-testid="stFileUploaderDropzoneInstructions"] span'),
                 uploader_hint(upload_limit_mb(st_app)))

    # A text area being typed in says how to apply the text.
    st_app.by_key("prior_text").locator("textarea").fill("上年报告全文")
    hint = st_app.by_key("prior_text").locator('[data-testid="InputInstructions"] > span').first
    assert_drawn(hint, TEXT_AREA_HINT)
    assert visible_english(page) == []
    shoot("labels-basic")

    # So does a one-line input (in the collapsed 打开或新建其他报告).
    st_app.by_key("prior_text").locator("textarea").press("ControlOrMeta+Enter")
    st_app.wait_idle()
    page.get_by_text("打开或新建其他报告").click()
    st_app.by_key("new_agency").locator("input").wait_for(state="visible")
    st_app.by_key("new_agency").locator("input").fill("云岚市甲局")
    assert_drawn(st_app.by_key("new_agency").locator('[data-testid="InputInstructions"] > span').first,
                 TEXT_INPUT_HINT)
    assert visible_english(page) == []


def test_uploader_drag_and_rejected_file_read_in_chinese(st_app, tmp_path: Path) -> None:
    page = st_app.page
    st_app.click("example_btn")
    dropzone = st_app.by_key("prior_file").locator('[data-testid="stFileUploaderDropzone"]')
    files = page.evaluate_handle(
        "() => { const d = new DataTransfer(); d.items.add(new File(['{}'], '上年.json')); return d; }"
    )
    dropzone.dispatch_event("dragenter", {"dataTransfer": files})
    assert_drawn(dropzone.locator(":scope > input + div > span"), DRAG_ACTIVE)
    assert visible_english(page) == []
    dropzone.dispatch_event("dragleave", {"dataTransfer": files})

    wrong = tmp_path / "上年报告.pdf"
    wrong.write_bytes(b"%PDF-1.4\n")
    restore = st_app.by_key("restore_file")
    restore.locator('input[type="file"]').set_input_files(wrong)
    chip = restore.locator('[data-testid="stFileChip"]')
    chip.hover()
    tooltip = page.locator('[data-testid="stTooltipErrorContent"]').first
    tooltip.wait_for(state="visible")
    assert_drawn(tooltip, upload_error(upload_limit_mb(st_app)))
    assert visible_english(page) == []
