"""AppTest: 模型设置 for non-technical staff (key hint, where text is sent), 数据位置, and the prompt preview."""

from __future__ import annotations

import os

import pytest
from fake_openai import serve
from streamlit.testing.v1 import AppTest
from test_app_support import TIMEOUT, _clear_streamlit_caches, assert_drafted, assert_ok, new_app, store, stored, texts

from drafting.io.store import open_store
from drafting.model import Report
from drafting.narrative.draft import section_prompt
from ui.draft_versions import SLUGS
from ui.prompt_preview import EXPANDER_LABEL

__all__ = ["_clear_streamlit_caches", "store"]
KEY = "sk-test-panel-never-shown-0123456789"
PANEL_FIELD = "请在左侧“模型设置”的“API 密钥”栏填写"


def _panel_captions(at: AppTest) -> list[str]:
    return texts(at.sidebar.caption)


# ---- the missing key ----------------------------------------------------------------------------


def test_missing_key_points_to_the_panel_field_first():
    at = new_app()
    at.selectbox(key="llm_preset").set_value("deepseek").run()
    assert_ok(at)
    [error] = [t for t in texts(at.sidebar.error) if "需要 API 密钥" in t]
    assert error.startswith("使用 DeepSeek 需要 API 密钥：" + PANEL_FIELD)
    assert error.endswith("在此之前暂用离线起草（未使用大模型）。")
    # Environment variables are for administrators: named only after the field.
    assert error.index(PANEL_FIELD) < error.index("DRAFTING_API_KEY")
    assert at.text_input(key="llm_api_key").label.startswith("API 密钥")


def test_typing_the_key_in_the_field_clears_the_message():
    at = new_app()
    at.selectbox(key="llm_preset").set_value("deepseek").run()
    at.text_input(key="llm_api_key").set_value(KEY).run()
    assert_ok(at)
    assert not texts(at.sidebar.error)
    assert "deepseek-chat" in " ".join(texts(at.sidebar.markdown))
    assert not any(KEY in t for t in texts(at.sidebar.markdown) + _panel_captions(at))


# ---- what leaves the machine, and where -----------------------------------------------------------


def test_deepseek_names_the_host_the_text_goes_to():
    at = new_app()
    at.selectbox(key="llm_preset").set_value("deepseek").run()
    at.text_input(key="llm_api_key").set_value(KEY).run()
    assert "生成时，工作情况和表格数字将发送到 api.deepseek.com。" in _panel_captions(at)


def test_local_ollama_says_the_text_stays_on_this_machine():
    at = new_app()
    at.selectbox(key="llm_preset").set_value("ollama").run()
    at.text_input(key="llm_model").set_value("qwen2.5:7b").run()
    assert_ok(at)
    [sentence] = [t for t in _panel_captions(at) if t.startswith("生成时")]
    assert "这台电脑" in sentence and "不离开本机" in sentence
    assert "将发送到" not in sentence


def test_intranet_endpoint_says_the_text_stays_in_the_intranet():
    at = new_app()
    at.selectbox(key="llm_preset").set_value("custom").run()
    at.text_input(key="llm_base_url").set_value("http://10.20.0.8:8000/v1").run()
    at.text_input(key="llm_model").set_value("qwen2.5-72b").run()
    assert_ok(at)
    assert "生成时，工作情况和表格数字发送到内网的 10.20.0.8，不离开本单位网络。" in _panel_captions(at)


def test_offline_says_nothing_is_sent():
    at = new_app()
    assert at.selectbox(key="llm_preset").value == "offline"
    assert "当前：**离线起草" in " ".join(texts(at.sidebar.markdown))
    assert "不联网：工作情况和表格数字都留在这台电脑上，不发送到任何地方。" in _panel_captions(at)


def test_missing_key_falls_back_offline_and_says_nothing_is_sent():
    at = new_app()
    at.selectbox(key="llm_preset").set_value("deepseek").run()
    assert not any("api.deepseek.com" in t for t in _panel_captions(at) if t.startswith("生成时"))
    assert any("不发送到任何地方" in t for t in _panel_captions(at))


# ---- 数据位置 ------------------------------------------------------------------------------------


def _data_location_script() -> None:
    from ui import settings_panel

    settings_panel.render_data_location()


def test_data_location_shows_the_path_only_inside_its_collapsed_expander():
    at = AppTest.from_function(_data_location_script, default_timeout=TIMEOUT).run()
    assert_ok(at)
    path = str(open_store(os.environ["DRAFTING_DATA_DIR"]).path)
    [expander] = [e for e in at.sidebar.expander if e.label == "数据位置"]
    assert expander.proto.expanded is False
    assert [c.value for c in expander.code] == [path]
    assert [c.value for c in at.code] == [path]  # nowhere else as code
    assert not any(path in t for t in texts(at.markdown) + texts(at.caption))
    assert any("保存在下面这个文件里，每次修改即时保存" in t for t in texts(expander.caption))


# ---- the prompt preview ---------------------------------------------------------------------------


def _preview_script(report, section):  # AppTest runs this source alone: no annotations it cannot resolve
    from ui.prompt_preview import render_prompt_preview

    render_prompt_preview(report, section)


def _preview(report: Report, section: str, **session: object) -> AppTest:
    at = AppTest.from_function(_preview_script, args=(report, section), default_timeout=TIMEOUT)
    for key, value in session.items():
        at.session_state[key] = value
    at.run()
    assert_ok(at)
    return at


def _shown_messages(at: AppTest) -> list[str]:
    [expander] = [e for e in at.expander if e.label == EXPANDER_LABEL]
    assert expander.proto.expanded is False
    return [c.value for c in expander.code]


@pytest.mark.parametrize("section", ["一", "五", "六"])
def test_preview_is_exactly_what_the_model_receives(store, report_2023, section):
    for server in serve():
        server.script("本年度政府信息公开工作平稳有序。")
        rid = store.create(report_2023)
        panel = {"llm_preset": "custom", "llm_base_url": server.base_url, "llm_model": "fake-model", "llm_api_key": ""}
        preview = _preview(stored(store, rid), section, **panel)
        shown = _shown_messages(preview)
        assert any("这台电脑" in t for t in texts(preview.caption))

        at = new_app(rid, "draft", **panel)
        at.radio(key="draft_section").set_value(section).run()
        at.button(key=f"gen_{SLUGS[section]}").click().run()
        assert_drafted(at)
        [request] = server.requests
        messages = request.body["messages"]
        assert [m["role"] for m in messages] == ["system", "user"]
        # st.code drops the final newline of each message; every other character is shown as sent.
        assert shown == [m["content"].removesuffix("\n") for m in messages]
        assert "云岚市生态环境局" in shown[0]


def test_preview_offline_says_nothing_is_sent_and_shows_the_prompt(report_2023):
    at = _preview(report_2023, "一")
    assert any("当前为离线起草，不发送任何内容" in t for t in texts(at.caption))
    expected = [text.removesuffix("\n") for _, text in section_prompt(report_2023, "一").messages()]
    assert _shown_messages(at) == expected


def test_preview_for_a_remote_service_names_its_host(report_2023):
    at = _preview(report_2023, "五", llm_preset="deepseek", llm_base_url="https://api.deepseek.com/v1",
                  llm_model="deepseek-chat", llm_api_key=KEY)
    notes = texts(at.caption)
    assert any("将发送到 api.deepseek.com" in t for t in notes)
    assert not any(KEY in t for t in notes + _shown_messages(at))


def test_preview_explains_a_prompt_that_cannot_be_built(report_2023):
    report_2023.notes.problems[0].problem = "很长的问题描述。" * 3000
    at = _preview(report_2023, "五")
    [expander] = [e for e in at.expander if e.label == EXPANDER_LABEL]
    assert any("起草材料过长" in t for t in texts(expander.error))
    assert not expander.code


# ---- 温度 and 回复长度上限 ----------------------------------------------------------------------------


def test_temperature_and_reply_limit_start_from_the_settings(monkeypatch):
    monkeypatch.setenv("DRAFTING_TEMPERATURE", "0.1")
    at = new_app()
    assert_ok(at)
    assert at.number_input(key="llm_temperature").value == pytest.approx(0.1)
    assert at.number_input(key="llm_max_tokens").value == 4096


def test_temperature_and_reply_limit_from_the_panel_are_sent():
    for server in serve():
        at = new_app(llm_preset="custom", llm_base_url=server.base_url, llm_model="fake-model", llm_api_key="")
        assert at.number_input(key="llm_temperature").value == pytest.approx(0.3)  # set even when the preset was
        at.number_input(key="llm_temperature").set_value(0.0).run()
        at.number_input(key="llm_max_tokens").set_value(2048).run()
        at.button(key="llm_test").click().run()
        assert_ok(at)
        [request] = server.requests
        assert (request.body["temperature"], request.body["max_tokens"]) == (0.0, 2048)


def test_ollama_warns_that_a_long_prompt_may_be_cut():
    at = new_app()
    at.selectbox(key="llm_preset").set_value("ollama").run()
    at.text_input(key="llm_model").set_value("qwen2.5:7b").run()
    assert_ok(at)
    [warning] = [t for t in texts(at.sidebar.warning) if "Ollama" in t]
    assert "截掉" in warning and "OLLAMA_CONTEXT_LENGTH=16384" in warning
    at.selectbox(key="llm_preset").set_value("deepseek").run()
    at.text_input(key="llm_api_key").set_value(KEY).run()
    assert not [t for t in texts(at.sidebar.warning) if "Ollama" in t]
