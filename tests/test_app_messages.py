"""AppTest of action messages: each shows once, inline at the top of the page, with no toast on top of it."""

from __future__ import annotations

from test_app_support import _clear_streamlit_caches, assert_drafted, go, new_app, store, texts

from drafting.model import new_report

__all__ = ["_clear_streamlit_caches", "store"]


def test_regenerate_all_says_once_which_sections_it_drafted_and_shows_no_toast(store):
    rid = store.create(new_report("甲局", 2023))
    at = new_app(rid, "draft")
    at.button(key="regen_all").click().run()
    assert_drafted(at)
    assert [t for t in texts(at.success) if t.startswith("已生成")] == [
        "已生成“一、总体情况”“五、存在的主要问题及改进情况”“六、其他需要报告的事项”（离线起草）"
    ]
    assert not at.toast
    go(at, "export")
    assert not [t for t in texts(at.success) if t.startswith("已生成")] and not at.toast


def test_generating_one_section_says_so_once(store):
    rid = store.create(new_report("甲局", 2023))
    at = new_app(rid, "draft")
    at.button(key="gen_sec1").click().run()
    assert_drafted(at)
    assert [t for t in texts(at.success) if t.startswith("已生成")] == ["已生成“一、总体情况”（离线起草）"]
    assert not at.toast


def test_creating_a_report_says_so_once(store):
    at = new_app(None, "basic")
    at.text_input(key="new_agency").input("乙局")
    at.number_input(key="new_year").set_value(2023)
    at.button(key="new_btn").click().run()
    created = [t for t in texts(at.success) if t.startswith("已新建")]
    assert created == ["已新建 乙局2023年政府信息公开工作年度报告（F2021 格式）"]
    assert not at.toast
