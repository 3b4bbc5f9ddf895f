"""End-to-end in headless Chromium: nothing typed is lost or misplaced, and errors show where the user looks.

Each test drives the real app as staff do (grids by mouse and keyboard, text fields by typing, pages from the
sidebar, the browser's own reload) and then reads the store behind the app to prove what was saved.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import expect

from drafting.io.store import open_store
from drafting.model import Report, new_report

pytestmark = pytest.mark.browser

NEW_ROW = "一、本年新收政府信息公开申请数量"
CARRY_ROW = "二、上年结转政府信息公开申请数量"
PAGES = ("基本信息", "表格数据", "工作情况", "起草", "预览与导出")
EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "yunlan-sthj-2023.json"


def _stored(app) -> Report:
    store = open_store(app.server.data_dir)
    [summary] = store.list_reports()
    return store.load(summary.id).report


def _open_new_report(app, agency: str = "青川县示例管理局") -> None:
    store = open_store(app.server.data_dir)
    report_id = store.create(new_report(agency, 2024))
    app.page.goto(f"{app.server.url}?report={report_id}&page=basic")
    app.wait_idle()


def _type_without_committing(app, key: str, text: str) -> None:
    field = app.by_key(key).locator("textarea").first
    field.click()
    field.press("End")
    app.page.keyboard.type(text, delay=20)


def test_grid_rows_survive_a_page_switch_and_the_next_edit_adds_to_them(st_app) -> None:
    _open_new_report(st_app)
    st_app.go_to("表格数据")
    st_app.edit_cell("editor_t3", NEW_ROW, "自然人", "37")
    expect(st_app.cell("editor_t3", NEW_ROW, "总计")).to_have_text("37（部分）")  # running total, at once
    st_app.go_to("工作情况")
    st_app.go_to("表格数据")
    expect(st_app.cell("editor_t3", NEW_ROW, "自然人")).to_have_text("37")
    st_app.edit_cell("editor_t3", NEW_ROW, "商业企业", "5")
    expect(st_app.cell("editor_t3", NEW_ROW, "总计")).to_have_text("42（部分）")
    report = _stored(st_app)
    assert (report.get("t3.new.natural"), report.get("t3.new.business")) == (37, 5)
    assert report.get("t3.new.total") is None  # the stored total stays unknown while addends are blank


def test_problems_in_text_areas_survive_a_page_switch_and_a_third_is_added(st_app) -> None:
    _open_new_report(st_app)
    st_app.go_to("工作情况")
    st_app.set_text("problems_0_problem", "部分栏目更新不及时")
    st_app.set_text("problems_0_measure", "建立栏目更新周调度机制")
    st_app.click("problems_add")
    st_app.set_text("problems_1_problem", "政策解读形式较单一")
    st_app.go_to("表格数据")
    st_app.go_to("工作情况")
    expect(st_app.by_key("problems_0_problem").locator("textarea")).to_have_value("部分栏目更新不及时")
    expect(st_app.by_key("problems_1_problem").locator("textarea")).to_have_value("政策解读形式较单一")
    st_app.click("problems_add")
    st_app.set_text("problems_2_problem", "依申请公开答复文书不够规范")
    problems = [(p.problem, p.measure) for p in _stored(st_app).notes.problems]
    assert problems == [
        ("部分栏目更新不及时", "建立栏目更新周调度机制"),
        ("政策解读形式较单一", ""),
        ("依申请公开答复文书不够规范", ""),
    ]


def test_refresh_mid_typing_keeps_the_text(st_app) -> None:
    _open_new_report(st_app)
    st_app.go_to("工作情况")
    _type_without_committing(st_app, "notes_active", "全年主动公开政府信息")
    st_app.page.wait_for_timeout(2500)  # a pause: the field saves itself
    assert _stored(st_app).notes.aspects["active"].notes == "全年主动公开政府信息"
    _type_without_committing(st_app, "notes_active", "，重点公开财政预决算")
    st_app.reload()  # at once, before the pause: the copy kept in the browser comes back
    field = st_app.by_key("notes_active").locator("textarea")
    expect(field).to_have_value("全年主动公开政府信息，重点公开财政预决算")
    expect(st_app.page.get_by_test_id("nianbao-restored")).to_be_visible()
    st_app.page.wait_for_timeout(1000)
    st_app.wait_idle()
    assert _stored(st_app).notes.aspects["active"].notes == "全年主动公开政府信息，重点公开财政预决算"


def test_clicking_a_column_header_does_not_sort_and_typing_lands_in_its_row(st_app) -> None:
    _open_new_report(st_app)
    st_app.go_to("表格数据")
    st_app.click("fill_zero_btn")
    st_app.edit_cell("editor_t3", CARRY_ROW, "自然人", "9")
    grid = st_app.grid("editor_t3")
    st_app.scroll_to_top_of(grid)
    box = grid.bounding_box()
    assert box is not None
    for _ in range(2):  # ascending, then descending, if sorting were possible
        st_app.page.mouse.click(box["x"] + box["width"] * 0.45, box["y"] + 15)
        st_app.page.wait_for_timeout(400)
    first_row = grid.locator("tbody tr").first
    expect(first_row).to_contain_text(NEW_ROW)
    st_app.edit_cell("editor_t3", NEW_ROW, "自然人", "4")
    report = _stored(st_app)
    assert (report.get("t3.new.natural"), report.get("t3.carry_in.natural")) == (4, 9)


def test_table_errors_show_at_the_top_in_the_sidebar_and_on_the_draft_page(st_app) -> None:
    _open_new_report(st_app)
    st_app.go_to("表格数据")
    st_app.click("fill_zero_btn")
    st_app.edit_cell("editor_t3", NEW_ROW, "自然人", "5")  # 5 received, nothing answered: S1 does not balance
    summary = st_app.page.locator('[data-testid="stAlert"]').filter(has_text="表格检查：").first
    expect(summary).to_contain_text("S1")
    nav_mark = st_app.by_key("nav").locator('[data-testid="stRadioOption"]').nth(1).locator("p")
    mark = nav_mark.evaluate("el => getComputedStyle(el, '::after').content")
    assert re.fullmatch(r'"\s?⚠ \d+"', mark.replace("\u00a0", " ")), mark
    summary.get_by_role("link", name="转到表三").click()
    st_app.page.wait_for_timeout(800)
    heading = st_app.page.locator("#table-3")
    top = heading.evaluate("el => el.getBoundingClientRect().top")
    assert 0 <= top < 400, top  # the link brought table 三 into view
    st_app.go_to("起草")
    expect(st_app.page.locator('[data-testid="stAlert"]').filter(has_text="表格检查有")).to_be_visible()


def test_a_page_opens_at_its_top(st_app) -> None:
    _open_new_report(st_app)
    st_app.go_to("表格数据")
    main = st_app.page.locator('[data-testid="stMain"]')
    st_app.page.wait_for_timeout(600)  # the page's own scroll to the top runs up to 300 ms after it is drawn
    st_app.page.wait_for_function(  # scroll down until the page has grown tall enough to stay there
        """() => { const el = document.querySelector('[data-testid="stMain"]');
                   el.scrollTo(0, 2000); return el.scrollTop > 0; }""",
        polling=100,
        timeout=5000,
    )
    assert main.evaluate("el => el.scrollTop") > 0
    st_app.go_to("工作情况")
    st_app.page.wait_for_timeout(500)
    assert main.evaluate("el => el.scrollTop") == 0


@pytest.mark.parametrize("size", [(1440, 900), (1280, 720)], ids=["1440x900", "1280x720"])
def test_every_page_on_a_desktop_and_a_laptop_screen(st_app, shoot: Callable[[str], Path], size) -> None:
    """The example report on each page at both sizes (screenshots in artifacts/screenshots for review)."""
    width, height = size
    st_app.page.set_viewport_size({"width": width, "height": height})
    st_app.by_key("restore_file").locator('input[type="file"]').set_input_files(EXAMPLE)
    st_app.wait_idle()
    st_app.click("restore_btn")
    for name in PAGES:
        st_app.go_to(name)
        if name == "表格数据":
            _table3_fits(st_app)
        shoot(f"{width}x{height}-{name}")
    assert st_app.page.console_errors == []


def _table3_fits(app) -> None:
    """Table 三 is drawn whole (no scrollbar of its own) and none of its column headers is cut."""
    grid = app.grid("editor_t3")
    grid.locator("table").wait_for(state="attached")
    scroller = grid.locator(".dvn-scroller").first
    inner = scroller.evaluate("el => el.scrollHeight - el.clientHeight")
    assert inner <= 2, f"table 三 scrolls inside by {inner} px"
    sideways = scroller.evaluate("el => el.scrollWidth - el.clientWidth")
    assert sideways <= 2, f"table 三 scrolls sideways by {sideways} px"
