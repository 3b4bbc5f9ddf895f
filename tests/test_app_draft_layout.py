"""AppTest of 起草's layout: buttons level with the boxes they act on."""

from __future__ import annotations

from test_app_support import _clear_streamlit_caches, assert_ok, new_app, store

from drafting.model import SectionVersion, new_report

__all__ = ["_clear_streamlit_caches", "store"]


def test_restore_button_is_level_with_its_selectbox(store):
    report = new_report("甲局", 2023)
    report.sections["一"].add(SectionVersion(text="第一稿。", origin="offline"))
    report.sections["一"].add(SectionVersion(text="第二稿。", origin="human"))
    at = new_app(store.create(report), "draft")
    at.toggle(key="history_sec1").set_value(True).run()
    assert_ok(at)
    columns = list(at.columns)
    [i] = [i for i, c in enumerate(columns) if [b.key for b in c.button] == ["restore_sec1"]]
    picker, button = columns[i - 1], columns[i]
    assert [s.key for s in picker.selectbox] == ["restore_pick_sec1"]
    bottom = type(button.proto).VerticalAlignment.BOTTOM
    assert picker.proto.vertical_alignment == button.proto.vertical_alignment == bottom
