"""AppTest of 基本信息's layout: the open report's 机关类型 can't be mistaken for the new report's."""

from __future__ import annotations

from test_app_support import _clear_streamlit_caches, assert_ok, new_app, store

from drafting.model import new_report

__all__ = ["_clear_streamlit_caches", "store"]


def test_with_a_report_open_new_report_fields_are_tucked_away_with_their_own_labels(store):
    rid = store.create(new_report("甲局", 2023))
    at = new_app(rid, "basic")
    assert_ok(at)
    assert at.selectbox(key="cur_kind").label == "本报告的机关类型"
    assert at.selectbox(key="new_kind").label == "新报告的机关类型"
    [tucked] = [e for e in at.expander if e.label == "打开或新建其他报告"]
    assert not tucked.proto.expanded
    assert [s.key for s in tucked.selectbox] == ["open_report", "new_kind"]
    assert {b.key for b in tucked.button} >= {"open_btn", "new_btn", "example_btn"}
    assert "cur_kind" not in [s.key for s in tucked.selectbox]


def test_without_a_report_open_and_new_are_shown_plainly(store):
    at = new_app(None, "basic")
    assert_ok(at)
    assert not [e for e in at.expander if e.label == "打开或新建其他报告"]
    assert at.selectbox(key="new_kind").label == "新报告的机关类型"
    assert not [s for s in at.selectbox if s.key == "cur_kind"]
