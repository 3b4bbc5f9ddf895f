"""AppTest of 工作情况's hints: each aspect, 五 and 六 show their own example of what to write."""

from __future__ import annotations

from test_app_support import _clear_streamlit_caches, assert_ok, new_app, store, texts

from drafting.model import Aspect, new_report

__all__ = ["_clear_streamlit_caches", "store"]

# A word each example must contain, so it is about its own aspect.
_TOPIC = {
    Aspect.ACTIVE: "主动公开",
    Aspect.ON_REQUEST: "申请",
    Aspect.MANAGEMENT: "规范性文件",
    Aspect.PLATFORM: "门户网站",
    Aspect.OVERSIGHT: "考核",
}


def test_each_aspect_has_its_own_example_and_five_and_six_have_one_too(store):
    rid = store.create(new_report("甲局", 2023))
    at = new_app(rid, "notes")
    assert_ok(at)
    placeholders = {a: at.text_area(key=f"notes_{a.value}").placeholder for a in Aspect}
    assert len(set(placeholders.values())) == len(Aspect)
    for aspect, text in placeholders.items():
        assert text.startswith("例如："), aspect
        assert _TOPIC[aspect] in text, aspect
    captions = texts(at.caption)
    assert any("改进措施“" in c for c in captions)
    assert any("整改情况“" in c for c in captions)
    assert "人大代表建议和政协提案" in at.text_area(key="other_items").placeholder
