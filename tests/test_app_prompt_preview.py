"""AppTest of the prompt preview on 起草: what is sent, in the order the model reads it, and the Ollama warning."""

from __future__ import annotations

from test_app_support import _clear_streamlit_caches, assert_ok, new_app, store, texts

__all__ = ["_clear_streamlit_caches", "store"]


def _preview_warnings(at) -> list[str]:
    return [t for t in texts(at.main.warning) if t.startswith("本次提示约")]


def test_the_preview_warns_when_ollama_may_cut_the_prompt(store, report_2023):
    rid = store.create(report_2023)
    at = new_app(rid, "draft")
    at.selectbox(key="llm_preset").set_value("ollama").run()
    at.text_input(key="llm_model").set_value("qwen2.5:7b").run()
    assert_ok(at)
    warnings = _preview_warnings(at)
    assert warnings and all("token" in w and "OLLAMA_CONTEXT_LENGTH" in w for w in warnings)


def test_no_context_warning_for_other_endpoints(store, report_2023):
    rid = store.create(report_2023)
    at = new_app(rid, "draft")
    assert_ok(at)
    assert _preview_warnings(at) == []
    labels = [t for t in texts(at.markdown) if t.startswith("**第 2 段")]
    assert labels and all("范文、工作情况、表格数字" in t for t in labels)
