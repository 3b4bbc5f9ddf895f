"""Sidebar panels: 模型设置 (endpoint and model in use or 离线起草, where text is sent, presets, a session-only
key, connection test) and 数据位置 (where reports are saved)."""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import streamlit as st
from pydantic import SecretStr

from drafting.errors import DraftingError
from drafting.narrative.llm import (
    PRESETS,
    build_chat_model,
    check_connection,
    is_local_endpoint,
    is_ollama,
    model_endpoint,
    model_name,
    ollama_panel_note,
)
from drafting.narrative.offline import OFFLINE_LABEL
from drafting.settings import MAX_MAX_TOKENS, MIN_MAX_TOKENS, Settings
from ui.state import base_settings, get_store

OFFLINE = "offline"
CUSTOM = "custom"
SENT = "工作情况和表格数字"
OFFLINE_DESTINATION = f"不联网：{SENT}都留在这台电脑上，不发送到任何地方。"


@dataclass(frozen=True)
class ModelChoice:
    """The chat model drafting will use (None = offline), how to name it and where text is sent."""

    model: Any
    label: str
    endpoint: str | None
    error: str | None = None

    @property
    def remote(self) -> bool:
        """True when text leaves this machine and the local network."""
        return bool(self.endpoint) and not is_local_endpoint(self.endpoint or "")


def destination(choice: ModelChoice) -> str:
    """One sentence saying what leaves the machine when a section is generated, and where it goes."""
    if choice.model is None:
        return OFFLINE_DESTINATION
    host = endpoint_host(choice.endpoint)
    if not host or _is_loopback(host):
        return f"生成时，{SENT}发送到这台电脑上的模型服务，不离开本机。"
    if is_local_endpoint(choice.endpoint or ""):
        return f"生成时，{SENT}发送到内网的 {host}，不离开本单位网络。"
    return f"生成时，{SENT}将发送到 {host}。"


def endpoint_host(url: str | None) -> str:
    """The host name of an endpoint URL (api.deepseek.com), empty when there is none."""
    if not url:
        return ""
    return (urlsplit(url if "://" in url else f"http://{url}").hostname or "").lower().rstrip(".")


def _is_loopback(host: str) -> bool:
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _preset_label(name: str) -> str:
    if name == OFFLINE:
        return "离线起草（不联网）"
    if name == CUSTOM:
        return "自定义接口"
    return PRESETS[name].label


def _init_widgets() -> None:
    if all(key in st.session_state for key in ("llm_preset", "llm_temperature", "llm_max_tokens")):
        return
    base = base_settings()
    st.session_state.setdefault("llm_temperature", float(base.temperature))
    st.session_state.setdefault("llm_max_tokens", int(base.max_tokens))
    if "llm_preset" in st.session_state:
        return
    preset = (base.preset or "").strip().lower()
    st.session_state["llm_preset"] = preset if preset in PRESETS else (CUSTOM if base.base_url else OFFLINE)
    chosen = PRESETS.get(preset)
    st.session_state["llm_base_url"] = base.base_url or (chosen.base_url if chosen else "")
    st.session_state["llm_model"] = base.model or (chosen.model or "" if chosen else "")
    st.session_state["llm_api_key"] = ""


def _on_preset() -> None:
    name = st.session_state["llm_preset"]
    if name == OFFLINE:
        st.session_state["llm_base_url"] = ""
        st.session_state["llm_model"] = ""
    elif name in PRESETS:
        st.session_state["llm_base_url"] = PRESETS[name].base_url
        st.session_state["llm_model"] = PRESETS[name].model or ""


def effective_settings() -> Settings:
    """The settings from env/secrets with this session's panel choices on top (the key stays in memory)."""
    _init_widgets()
    base = base_settings()
    key = str(st.session_state.get("llm_api_key") or "").strip()
    base_url = str(st.session_state.get("llm_base_url") or "").strip() or None
    update: dict[str, Any] = {
        "preset": _preset_at(base_url),
        "base_url": base_url,
        "model": str(st.session_state.get("llm_model") or "").strip() or None,
        "temperature": float(st.session_state.get("llm_temperature", base.temperature)),
        "max_tokens": int(st.session_state.get("llm_max_tokens", base.max_tokens)),
    }
    if key:
        update["api_key"] = SecretStr(key)
    return base.model_copy(update=update)


def _preset_at(base_url: str | None) -> str | None:
    """The chosen preset while its address is unchanged (messages then say 使用 DeepSeek, not the URL)."""
    name = str(st.session_state.get("llm_preset") or "")
    preset = PRESETS.get(name)
    return name if preset is not None and base_url == preset.base_url else None


def active_model() -> ModelChoice:
    """The model for drafting: an injected one (session_state["model"], for tests), the configured one, or offline."""
    injected = st.session_state.get("model")
    if injected is not None:
        return ModelChoice(injected, model_name(injected), model_endpoint(injected))
    settings = effective_settings()
    key = settings.api_key.get_secret_value() if settings.api_key else ""
    signature = (
        settings.preset,
        settings.base_url,
        settings.model,
        key,
        settings.timeout,
        settings.temperature,
        settings.max_tokens,
    )
    cached = st.session_state.get("_model_cache")
    if cached is not None and cached[0] == signature:
        choice: ModelChoice = cached[1]
        return choice
    try:
        model = build_chat_model(settings)
    except DraftingError as exc:
        choice = ModelChoice(None, OFFLINE_LABEL, None, error=str(exc))
    else:
        choice = ModelChoice(None, OFFLINE_LABEL, None) if model is None else ModelChoice(
            model, model_name(model), settings.base_url
        )
    st.session_state["_model_cache"] = (signature, choice)
    return choice


def render() -> None:
    """The panel, in the sidebar."""
    _init_widgets()
    choice = active_model()
    with st.sidebar.expander("模型设置", expanded=False):
        if choice.model is None:
            st.markdown(f"当前：**{OFFLINE_LABEL}**")
        else:
            st.markdown(f"当前：**{choice.label}** @ {choice.endpoint or '本机'}")
        st.caption(destination(choice))
        if choice.error:
            st.error(f"{choice.error.rstrip('。')}。在此之前暂用{OFFLINE_LABEL}。")
        options = [OFFLINE, *PRESETS, CUSTOM]
        st.selectbox("预设", options, key="llm_preset", format_func=_preset_label, on_change=_on_preset)
        st.text_input("接口地址", key="llm_base_url", placeholder="如 http://127.0.0.1:11434/v1")
        st.text_input("模型名称", key="llm_model", placeholder="如 qwen2.5:7b")
        st.text_input("API 密钥（仅本次会话）", key="llm_api_key", type="password",
                      help="只保存在本次浏览器会话的内存中，不写入任何文件。"
                      "管理员也可以用环境变量 DRAFTING_API_KEY 或 .streamlit/secrets.toml 统一设置")
        _generation_inputs()
        settings = effective_settings()
        if choice.model is not None and is_ollama(settings.base_url or "", settings.preset):
            st.warning(ollama_panel_note(settings.max_tokens))
        if st.button("测试连接", key="llm_test"):
            _test_connection()


def _generation_inputs() -> None:
    """温度 and 回复长度上限, sent with every request (DRAFTING_TEMPERATURE, DRAFTING_MAX_TOKENS set the start)."""
    st.number_input(
        "温度",
        min_value=0.0,
        max_value=2.0,
        step=0.1,
        format="%.1f",
        key="llm_temperature",
        help="越低越贴近材料、用词越稳定，起草建议 0.3 左右。管理员可用环境变量 DRAFTING_TEMPERATURE 设置默认值",
    )
    st.number_input(
        "回复长度上限（token）",
        min_value=MIN_MAX_TOKENS,
        max_value=MAX_MAX_TOKENS,
        step=256,
        key="llm_max_tokens",
        help="一次回复最多生成的 token 数，推理模型的思考过程也计在内；回复常被截断时可调大。"
        "管理员可用环境变量 DRAFTING_MAX_TOKENS 设置默认值",
    )


def _test_connection() -> None:
    try:
        st.success(check_connection(effective_settings()))
    except DraftingError as exc:
        st.error(str(exc))


def render_data_location() -> None:
    """The sidebar expander 数据位置 (collapsed): the file every change is saved to, and what it is for."""
    store = get_store()
    where = "下面这个文件" if store.is_sqlite else "下面这个数据库（密码已隐去）"
    with st.sidebar.expander("数据位置", expanded=False):
        st.caption(f"全部报告都保存在{where}里，每次修改即时保存；备份一份报告，请在“预览与导出”下载 .json。")
        st.code(str(store.path), language=None, wrap_lines=True)
