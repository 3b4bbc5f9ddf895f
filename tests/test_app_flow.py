"""AppTest of the guided flow: 下一步 after 新建报告 and on every page, in the order of the work."""

from __future__ import annotations

from test_app_support import _clear_streamlit_caches, assert_ok, new_app, store

__all__ = ["_clear_streamlit_caches", "store"]


def test_new_report_then_next_step_walks_through_the_pages(store):
    at = new_app()
    assert not [b for b in at.button if b.key and b.key.startswith("next_step")]  # nothing to go on to yet
    at.text_input(key="new_agency").set_value("青川县示例局").run()
    at.button(key="new_btn").click().run()
    assert_ok(at)
    visited = []
    for page, label in [("tables", "下一步：表格数据"), ("notes", "下一步：工作情况"), ("draft", "下一步：起草"),
                        ("export", "下一步：预览与导出")]:
        button = next(b for b in at.button if b.key and b.key.startswith("next_step"))
        assert button.label == label
        button.click().run()
        assert_ok(at)
        visited.append(at.session_state["nav"])
        assert visited[-1] == page
    assert not [b for b in at.button if b.key and b.key.startswith("next_step")]  # the last page has none
