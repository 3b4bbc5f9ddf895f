"""Settings, presets, the chat model against a fake OpenAI-compatible server, and endpoint safety checks."""

from __future__ import annotations

import logging
import os
import socket
from collections.abc import Iterator

import openai
import pytest
from fake_openai import FakeOpenAI, Reply, serve
from langchain_openai import ChatOpenAI

from drafting.errors import LLMError
from drafting.narrative.llm import (
    PRESETS,
    build_chat_model,
    check_connection,
    classify,
    context_warning,
    find_sensitive_markings,
    is_local_endpoint,
    is_ollama,
    ollama_context_length,
    ollama_panel_note,
    redact,
    resolve_endpoint,
    shape_request,
)
from drafting.narrative.prompts import estimate_tokens
from drafting.settings import Settings, SettingsError, load_settings

KEY = "sk-test-Zq8v4Secret0123456789"


@pytest.fixture
def server() -> Iterator[FakeOpenAI]:
    yield from serve()


def settings_for(server: FakeOpenAI, **overrides: object) -> Settings:
    values: dict[str, object] = {"base_url": server.base_url, "api_key": KEY, "model": "fake-model", "timeout": 2}
    return Settings(**(values | overrides))  # type: ignore[arg-type]


# ---- settings ------------------------------------------------------------------------------------


def test_defaults_are_offline() -> None:
    settings = load_settings()
    assert settings.base_url is None and settings.api_key is None
    assert settings.max_retries == 2 and settings.timeout == 60
    assert str(settings.data_dir).endswith("data")
    assert resolve_endpoint(settings) is None
    assert build_chat_model(settings) is None


def test_environment_is_read(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DRAFTING_BASE_URL", "http://127.0.0.1:11434/v1")
    monkeypatch.setenv("DRAFTING_MODEL", "qwen2.5:7b")
    monkeypatch.setenv("DRAFTING_TIMEOUT", "15")
    settings = load_settings()
    assert (settings.base_url, settings.model, settings.timeout) == ("http://127.0.0.1:11434/v1", "qwen2.5:7b", 15)


@pytest.mark.parametrize(
    "secrets",
    [
        {"DRAFTING_API_KEY": KEY, "DRAFTING_MODEL": "m"},
        {"api_key": KEY, "model": "m"},
        {"drafting": {"api_key": KEY, "model": "m"}},
    ],
    ids=["prefixed", "plain", "table"],
)
def test_streamlit_secrets_mapping(secrets: dict[str, object]) -> None:
    settings = load_settings(secrets)
    assert settings.api_key is not None and settings.api_key.get_secret_value() == KEY
    assert settings.model == "m"


class MissingSecrets(dict[str, object]):
    """Behaves like st.secrets without a secrets.toml: every access raises FileNotFoundError."""

    def get(self, key: str, default: object = None) -> object:
        raise FileNotFoundError("No secrets found")

    def items(self):  # type: ignore[override]
        raise FileNotFoundError("No secrets found")


def test_missing_secrets_file_counts_as_no_secrets() -> None:
    assert load_settings(MissingSecrets()).base_url is None


def test_environment_wins_over_secrets(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DRAFTING_MODEL", "from-env")
    assert load_settings({"DRAFTING_MODEL": "from-secrets"}).model == "from-env"


def test_invalid_setting_names_it_without_its_value(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DRAFTING_TIMEOUT", "sk-oops-not-a-number")
    with pytest.raises(SettingsError) as info:
        load_settings()
    assert "超时时间" in str(info.value) and "DRAFTING_TIMEOUT" in str(info.value)
    assert "sk-oops" not in str(info.value)


def test_key_is_hidden_in_repr_and_dump() -> None:
    settings = Settings(api_key=KEY)  # type: ignore[arg-type]
    assert KEY not in repr(settings) and KEY not in str(settings)
    assert KEY not in settings.model_dump_json()


# ---- presets and the chat model --------------------------------------------------------------------

EXPECTED_PRESETS = {
    "deepseek": ("https://api.deepseek.com/v1", "deepseek-chat"),
    "qwen": ("https://dashscope.aliyuncs.com/compatible-mode/v1", "qwen-plus"),
    "glm": ("https://open.bigmodel.cn/api/paas/v4", "glm-4-flash"),
    "moonshot": ("https://api.moonshot.cn/v1", "moonshot-v1-8k"),
    "openai": ("https://api.openai.com/v1", "gpt-4o-mini"),
    "ollama": ("http://127.0.0.1:11434/v1", None),
    "vllm": ("http://127.0.0.1:8000/v1", None),
}


@pytest.mark.parametrize(("name", "expected"), EXPECTED_PRESETS.items())
def test_presets(name: str, expected: tuple[str, str | None]) -> None:
    preset = PRESETS[name]
    assert (preset.base_url, preset.model) == expected
    assert is_local_endpoint(preset.base_url) is (name in ("ollama", "vllm"))


def test_preset_fills_address_and_model() -> None:
    endpoint = resolve_endpoint(Settings(preset="deepseek", api_key=KEY))  # type: ignore[arg-type]
    assert endpoint is not None
    assert (endpoint.base_url, endpoint.model) == ("https://api.deepseek.com/v1", "deepseek-chat")


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ({"preset": "nope"}, "未知的预设服务商"),
        ({"preset": "ollama"}, "没有设置模型名称"),
        ({"base_url": "ftp://x/v1", "model": "m"}, "应以 http:// 或 https:// 开头"),
        ({"preset": "deepseek"}, "需要 API 密钥"),
    ],
)
def test_incomplete_settings_are_explained(values: dict[str, str], expected: str) -> None:
    with pytest.raises(SettingsError, match=expected):
        build_chat_model(Settings(**values))  # type: ignore[arg-type]


def test_chat_model_streams_without_client_retries() -> None:
    model = build_chat_model(Settings(preset="qwen", api_key=KEY, timeout=30))  # type: ignore[arg-type]
    assert isinstance(model, ChatOpenAI)
    assert model.max_retries == 0 and model.streaming is True and model.request_timeout == 30
    assert model.model_name == "qwen-plus"
    assert model.openai_api_base == "https://dashscope.aliyuncs.com/compatible-mode/v1"


def test_local_endpoint_needs_no_key() -> None:
    model = build_chat_model(Settings(preset="ollama", model="qwen2.5:7b"))  # type: ignore[arg-type]
    assert isinstance(model, ChatOpenAI)


# ---- against the fake server ------------------------------------------------------------------------


def test_fake_server_speaks_openai_streaming(server: FakeOpenAI) -> None:
    server.script("你好，这是流式回复。")
    client = openai.OpenAI(api_key=KEY, base_url=server.base_url, max_retries=0)
    stream = client.chat.completions.create(model="m", messages=[{"role": "user", "content": "hi"}], stream=True)
    text = "".join(chunk.choices[0].delta.content or "" for chunk in stream if chunk.choices)
    assert text == "你好，这是流式回复。"
    assert server.requests[0].headers["authorization"] == f"Bearer {KEY}"


def test_chat_model_streams_from_fake_server(server: FakeOpenAI) -> None:
    server.script(Reply(text="二〇二三年，本局全面推进政府信息公开。", chunk=4))
    model = build_chat_model(settings_for(server))
    assert model is not None
    chunks = [chunk.content for chunk in model.stream([("system", "S"), ("human", "H")])]
    assert "".join(map(str, chunks)) == "二〇二三年，本局全面推进政府信息公开。"
    assert len([c for c in chunks if c]) > 3
    body = server.requests[0].body
    assert body["stream"] is True and body["model"] == "fake-model"
    assert [m["role"] for m in body["messages"]] == ["system", "user"]
    assert "tools" not in body and "response_format" not in body


@pytest.mark.parametrize(
    ("reply", "reasons"),
    [
        (Reply(text="好。"), ["stop"]),
        (Reply(text="好。", finish_reason="length"), ["length"]),
        (Reply(text="好。", finish_reason=None, done=False), []),
        (Reply(text="好。好。", chunk=2, end_after=1), []),
    ],
    ids=["stop", "length", "no-finish-no-done", "body-ends-early"],
)
def test_chat_model_stream_reports_the_finish_reason_in_response_metadata(
    server: FakeOpenAI, reply: Reply, reasons: list[str]
) -> None:
    """What drafting relies on to tell a whole reply from a cut one (a cleanly ended body raises nothing)."""
    server.script(reply)
    model = build_chat_model(settings_for(server))
    assert model is not None
    chunks = list(model.stream("hi"))
    assert "".join(str(c.content) for c in chunks) == ("好。" if reply.end_after else reply.text)
    assert [c.response_metadata["finish_reason"] for c in chunks if c.response_metadata.get("finish_reason")] == reasons


def test_check_connection_ok(server: FakeOpenAI) -> None:
    message = check_connection(settings_for(server))
    assert message.startswith("连接成功") and "fake-model" in message
    assert len(server.requests) == 1


def test_check_connection_offline() -> None:
    assert "离线起草" in check_connection(Settings())


def test_check_connection_bad_key_never_echoes_it(server: FakeOpenAI, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    server.script(Reply(status=401, error_message=f"Incorrect API key provided: {KEY}"))
    with pytest.raises(LLMError) as info:
        check_connection(settings_for(server))
    assert "API 密钥无效" in str(info.value)
    assert KEY not in str(info.value) and KEY not in caplog.text
    assert len(server.requests) == 1


def test_check_connection_refused() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    settings = Settings(base_url=f"http://127.0.0.1:{port}/v1", model="m", timeout=2)
    with pytest.raises(LLMError, match="无法连接模型接口"):
        check_connection(settings)


def test_check_connection_timeout(server: FakeOpenAI) -> None:
    server.script(Reply(delay=1.0))
    with pytest.raises(LLMError, match="超时"):
        check_connection(settings_for(server, timeout=0.3))


@pytest.mark.parametrize(
    ("status", "kind", "retryable", "words"),
    [
        (400, "bad_request", False, "拒绝了请求"),
        (401, "auth", False, "API 密钥无效"),
        (403, "forbidden", False, "无权使用"),
        (404, "not_found", False, "模型名称不存在"),
        (429, "rate_limit", True, "请求过于频繁"),
        (500, "server", True, "暂时不可用"),
        (503, "server", True, "暂时不可用"),
    ],
)
def test_status_codes(server: FakeOpenAI, status: int, kind: str, retryable: bool, words: str) -> None:
    server.script(Reply(status=status, error_message=f"bad thing, key {KEY}"))
    model = build_chat_model(settings_for(server))
    assert model is not None
    with pytest.raises(openai.APIStatusError) as info:
        list(model.stream("hi"))
    failure = classify(info.value, started=False, secrets=(KEY,))
    assert (failure.kind, failure.retryable) == (kind, retryable)
    assert words in failure.message()
    assert KEY not in failure.message() and "sk-test" not in failure.message()


def test_redact_removes_keys() -> None:
    assert redact(f"Incorrect API key provided: {KEY}.", (KEY,)) == "Incorrect API key provided: ***."
    assert "abcdef" not in redact("key sk-abcdefghijkl was wrong")


# ---- endpoint safety ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "local"),
    [
        ("http://127.0.0.1:11434/v1", True),
        ("http://localhost:8000/v1", True),
        ("http://[::1]:8000/v1", True),
        ("http://10.2.3.4/v1", True),
        ("http://172.20.0.5:8000/v1", True),
        ("http://192.168.1.20:11434/v1", True),
        ("http://llm-server.local/v1", True),
        ("http://ollama:11434/v1", True),
        ("https://api.deepseek.com/v1", False),
        ("https://8.8.8.8/v1", False),
        ("http://172.32.0.1/v1", False),
        ("", False),
    ],
)
def test_is_local_endpoint(url: str, local: bool) -> None:
    assert is_local_endpoint(url) is local


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("秘密★1年\n关于……的报告", ["秘密★1年"]),
        ("机密★十年", ["机密★十年"]),
        ("【内部】请勿外传", ["【内部】"]),
        ("本材料为内部资料，注意保存", ["内部资料"]),
        ("绝密\n正文", ["绝密"]),
        ("严禁外传", ["严禁外传"]),
        ("不予公开：1.属于国家秘密；5.属于三类内部事务信息。", []),
        ("落实保密审查制度，防止泄露国家秘密和工作秘密。", []),
        ("全年新收政府信息公开申请48件。", []),
        # 绝密 and 机密 count anywhere, with the words after them
        ("本通报为机密文件，请妥善保管。", ["机密文件"]),
        ("此件绝密。", ["绝密"]),
        ("涉及机密的材料已单独报送", ["机密的材"]),
        ("国家秘密机密文件", ["机密文件"]),  # an ordinary phrase does not hide a marking right after it
        # bare 内部 and 秘密 count unless part of an ordinary phrase
        ("内部通报：关于某项工作的情况", ["内部通报"]),
        ("内部", ["内部"]),
        ("此事属内部，请勿转发", ["内部"]),
        ("本材料含有秘密事项", ["秘密事项"]),
        ("内部通报和内部通报", ["内部通报"]),  # once each
        # ordinary phrases of table 三 labels, the 条例 and common report wording
        ("因涉及商业秘密、个人隐私不予公开2件", []),
        ("属于三类内部事务信息的1件，属于内部事务信息的另1件", []),
        ("内部工作流程等方面的信息", []),
        ("加强内部管理，规范机关内部运转", []),
        ("各科室拟公开的信息经过内部审批流程后发布", []),
        ("（内部管理）制度健全", []),
        ("完善了内部公开事项制度", []),
        ("加强内部管理。本文件为机密", ["机密"]),
        ("内部事务信息；另附【内部】说明", ["【内部】"]),
    ],
)
def test_find_sensitive_markings(text: str, found: list[str]) -> None:
    assert find_sensitive_markings(text) == found


@pytest.mark.parametrize("name", ["yunlan-sthj-2023.json", "jiyuan-gongkewei-2020.json"])
@pytest.mark.parametrize("section", ["一", "五", "六"])
def test_prompts_of_the_example_reports_carry_no_markings(name: str, section: str) -> None:
    from pathlib import Path

    from drafting.model import load_report
    from drafting.narrative.prompts import build_prompt

    report = load_report(Path(__file__).resolve().parent.parent / "examples" / name)
    assert find_sensitive_markings(build_prompt(report, section).text) == []


def test_building_a_model_switches_langsmith_tracing_off(monkeypatch):
    from drafting.narrative.llm import TRACING_VARIABLES, build_chat_model
    from drafting.settings import load_settings

    for name in TRACING_VARIABLES:
        monkeypatch.setenv(name, "true")
    monkeypatch.setenv("DRAFTING_BASE_URL", "http://127.0.0.1:9/v1")
    monkeypatch.setenv("DRAFTING_MODEL", "local-model")
    assert build_chat_model(load_settings()) is not None
    assert [name for name in TRACING_VARIABLES if name in os.environ] == []


# ---- what every request carries: temperature, reply limit, Ollama's context length ----------------------


def test_temperature_and_reply_limit_default_low_and_bounded() -> None:
    settings = Settings()
    assert (settings.temperature, settings.max_tokens) == (0.3, 4096)


def test_temperature_and_reply_limit_are_read_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DRAFTING_TEMPERATURE", "0")
    monkeypatch.setenv("DRAFTING_MAX_TOKENS", "2000")
    assert (load_settings().temperature, load_settings().max_tokens) == (0, 2000)


@pytest.mark.parametrize(
    ("overrides", "temperature", "max_tokens"),
    [({}, 0.3, 4096), ({"temperature": 0.0, "max_tokens": 1500}, 0.0, 1500), ({"temperature": 1.2}, 1.2, 4096)],
    ids=["defaults", "set", "temperature-only"],
)
def test_every_chat_request_carries_temperature_and_max_tokens(
    server: FakeOpenAI, overrides: dict[str, object], temperature: float, max_tokens: int
) -> None:
    """`max_tokens` is the name OpenAI-compatible servers read (Ollama, Moonshot, GLM, DashScope, DeepSeek):
    langchain's ChatOpenAI alone would send `max_completion_tokens`, which they ignore."""
    model = build_chat_model(settings_for(server, **overrides))
    assert model is not None
    list(model.stream([("system", "S"), ("human", "H")]))
    check_connection(settings_for(server, **overrides))
    for request in server.requests:
        assert request.body["temperature"] == temperature
        assert request.body["max_tokens"] == max_tokens
        assert "max_completion_tokens" not in request.body and "options" not in request.body


def test_openai_itself_gets_max_completion_tokens() -> None:
    body = shape_request(
        {"model": "gpt-4o-mini", "messages": [], "max_completion_tokens": 4096},
        base_url="https://api.openai.com/v1",
        ollama=False,
    )
    assert body["max_completion_tokens"] == 4096 and "max_tokens" not in body


@pytest.mark.parametrize(
    ("model", "prompt_chars", "sent"),
    [
        ("moonshot-v1-8k", 100, 4096),  # room enough
        ("moonshot-v1-8k", 6000, 8192 - round(4000 * 1.2) - 64),  # 6000 CJK chars ≈ 4000 tokens
        ("moonshot-v1-8k", 11000, 512),  # never below 512: the server then says the prompt is too long
        ("moonshot-v1-32k", 6000, 4096),
        ("qwen-plus", 11000, 4096),  # no window in the name: left alone
    ],
)
def test_a_window_in_the_model_name_lowers_the_reply_limit(model: str, prompt_chars: int, sent: int) -> None:
    """Moonshot answers 400 (model max length exceeded) when prompt plus max_tokens exceed the window."""
    payload = {"model": model, "messages": [{"role": "user", "content": "政" * prompt_chars}], "max_tokens": 4096}
    assert shape_request(payload, base_url="https://api.moonshot.cn/v1", ollama=False)["max_tokens"] == sent


@pytest.mark.parametrize(
    ("prompt_tokens", "max_tokens", "length"),
    [(0, 4096, 8192), (4096, 4096, 8192), (4097, 4096, 16384), (4722, 4096, 16384), (8000, 8192, 16384),
     (30000, 4096, 65536), (100, 32768, 65536)],
)  # fmt: skip
def test_ollama_context_length_is_a_power_of_two_of_at_least_8192(
    prompt_tokens: int, max_tokens: int, length: int
) -> None:
    assert ollama_context_length(prompt_tokens, max_tokens) == length


@pytest.mark.parametrize(
    ("url", "preset", "ollama"),
    [
        ("http://127.0.0.1:11434/v1", None, True),
        ("http://gpu-server:11434/v1", None, True),
        ("http://10.0.0.5:8000/v1", "ollama", True),
        ("http://127.0.0.1:8000/v1", None, False),
        ("https://api.deepseek.com/v1", "deepseek", False),
    ],
)
def test_is_ollama(url: str, preset: str | None, ollama: bool) -> None:
    assert is_ollama(url, preset) is ollama


def test_ollama_requests_ask_for_a_context_that_fits_the_prompt(server: FakeOpenAI, report_2023: object) -> None:
    """The fake server stands in for Ollama through the preset (its port is not 11434)."""
    from drafting.narrative.draft import draft_section

    server.script(Reply(text="本年度未收取信息处理费。"))
    model = build_chat_model(settings_for(server, preset="ollama", max_tokens=4096))
    stream = draft_section(report_2023, "一", model)  # type: ignore[arg-type]
    list(stream)
    assert stream.prompt is not None
    tokens = estimate_tokens("\n".join(str(m[1]) for m in stream.prompt.messages()))
    body = server.requests[0].body
    assert body["options"] == {"num_ctx": ollama_context_length(tokens, 4096)}
    assert body["options"]["num_ctx"] >= 8192 and body["max_tokens"] == 4096 and body["temperature"] == 0.3
    warning = context_warning(model, stream.prompt.text)
    assert warning is not None and f"OLLAMA_CONTEXT_LENGTH={body['options']['num_ctx']}" in warning
    assert "截掉" in warning


def test_only_ollama_gets_a_context_warning(server: FakeOpenAI) -> None:
    model = build_chat_model(settings_for(server))
    assert context_warning(model, "政" * 9000) is None
    assert context_warning(None, "政") is None
    note = ollama_panel_note(4096)
    assert "OLLAMA_CONTEXT_LENGTH=16384" in note and "截掉" in note


def test_each_ollama_request_logs_the_context_warning(server: FakeOpenAI, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.WARNING, logger="drafting.narrative.llm")
    check_connection(settings_for(server, preset="ollama"))
    check_connection(settings_for(server))
    assert [r.getMessage() for r in caplog.records if "OLLAMA_CONTEXT_LENGTH=8192" in r.getMessage()] != []
    assert len([r for r in caplog.records if "Ollama" in r.getMessage()]) == 1
