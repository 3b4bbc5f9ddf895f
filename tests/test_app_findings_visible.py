"""AppTest: table errors are visible where the user looks (top of 表格数据, the grid, the sidebar, 起草)."""

from __future__ import annotations

import re

from test_app_support import _clear_streamlit_caches, assert_ok, go, new_app, store, stored, texts

from drafting.model import new_report
from drafting.tables.fill import fill_blanks_with_zero

__all__ = ["_clear_streamlit_caches", "store"]

_PAGES = ["基本信息", "表格数据", "工作情况", "起草", "预览与导出", "审核与汇总"]


def sidebar_marks(at) -> list[str]:
    """Each navigation entry as the user reads it: its name and the mark the style sheet writes after it."""
    css = next(h.proto.body for h in at.get("html") if ".st-key-nav" in h.proto.body)
    marks = dict(re.findall(r'input\[value="(\d)"\].*?content: "\\00a0([^"]*)"', css))
    return [f"{name} {marks[str(i)]}" if str(i) in marks else name for i, name in enumerate(_PAGES)]


def _unbalanced(store, report_2023) -> int:
    rid = store.create(report_2023)
    changed = stored(store, rid)
    changed.set_cell("t3.new.natural", int(changed.get("t3.new.natural")) + 2)
    store.save(rid, changed)
    return rid


def test_summary_at_the_top_links_to_the_table(store, report_2023):
    at = new_app(_unbalanced(store, report_2023), "tables")
    assert_ok(at)
    top = at.error[0]
    assert top.value.startswith("表格检查：")
    assert "[转到表三](#table-3)" in top.value
    assert "S1" in top.value


def test_sidebar_counts_open_findings_per_page(store, report_2023):
    at = new_app(_unbalanced(store, report_2023), "tables")
    marks = sidebar_marks(at)
    assert any(o.startswith("表格数据 ⚠ ") for o in marks), marks
    assert "基本信息 ✓" in marks
    assert at.radio(key="nav").options == _PAGES  # the names never change: the radio would reset


def test_sidebar_says_done_for_a_correct_report(store, report_2023):
    at = new_app(store.create(report_2023), "basic")
    assert "表格数据 ✓" in sidebar_marks(at)


def test_sidebar_for_an_empty_report(store):
    at = new_app(store.create(new_report("甲局", 2023)), "basic")
    marks = sidebar_marks(at)
    assert {"表格数据 · 未填完", "工作情况 · 未填", "起草 · 未生成"} <= set(marks), marks


def test_draft_page_warns_when_the_tables_have_errors(store, report_2023):
    at = new_app(_unbalanced(store, report_2023), "draft")
    assert_ok(at)
    assert any(t.startswith("表格检查有") and "表格数据" in t for t in texts(at.error))


def test_no_warning_on_draft_page_for_a_correct_report(store, report_2023):
    at = new_app(store.create(report_2023), "draft")
    assert not any(t.startswith("表格检查有") for t in texts(at.error))


def test_running_total_shows_as_partial_and_survives_a_page_switch(store):
    report = new_report("甲局", 2023)
    report.set_cell("t3.new.natural", 37)
    report.set_cell("t3.new.business", 5)
    at = new_app(store.create(report), "tables")
    t3 = at.data_editor[4].value
    assert t3.iloc[0]["总计"] == "42（部分）"
    go(at, "notes")
    go(at, "tables")
    assert at.data_editor[4].value.iloc[0]["自然人"] == "37"


def test_a_note_is_shown_in_blue_and_not_counted(store):
    """S11 (其他处理 over 10% of 总计) only informs: an st.info on 表格数据, no sidebar mark, no summary count."""
    report = new_report("测试说明局", 2024)
    for cell, value in {"t3.new.natural": 5, "t3.open.natural": 2, "t3.other_3.natural": 3}.items():
        report.set_cell(cell, value)
    report = fill_blanks_with_zero(report)
    rid = store.create(report)
    at = new_app(rid, "tables")
    assert_ok(at)
    assert any(t.startswith("[S11 说明]") for t in texts(at.info))
    assert not any("S11" in t for t in texts(at.warning) + texts(at.error))
    assert sidebar_marks(at)[1] == "表格数据 ✓"
