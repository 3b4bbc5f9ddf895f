"""Loading settings: a bad value is reported with its range and falls back to its default; every other one stays."""

from __future__ import annotations

import pytest

from drafting.settings import SettingsError, load_settings, load_settings_lenient

KEY = "sk-test-Zq8v4Secret0123456789"


@pytest.mark.parametrize(
    ("env", "field", "default", "message"),
    [
        ({"DRAFTING_TIMEOUT": "-5"}, "timeout", 60.0,
         "DRAFTING_TIMEOUT（超时时间）的值 -5 无效：应为大于 0、不超过 600 的秒数；已改用默认值 60"),
        ({"DRAFTING_TIMEOUT": "601"}, "timeout", 60.0, "的值 601 无效：应为大于 0、不超过 600 的秒数"),
        ({"DRAFTING_MAX_RETRIES": "abc"}, "max_retries", 2,
         "DRAFTING_MAX_RETRIES（重试次数）的值 abc 无效：应为 0 到 10 之间的整数；已改用默认值 2"),
        ({"DRAFTING_MAX_RETRIES": "2.5"}, "max_retries", 2, "应为 0 到 10 之间的整数"),
        ({"DRAFTING_RETRY_BACKOFF": "99"}, "retry_backoff", 1.0,
         "DRAFTING_RETRY_BACKOFF（重试等待时间）的值 99 无效：应为 0 到 60 之间的秒数；已改用默认值 1"),
        ({"DRAFTING_TEMPERATURE": "2.5"}, "temperature", 0.3,
         "DRAFTING_TEMPERATURE（温度）的值 2.5 无效：应为 0 到 2 之间的数（起草宜低，如 0.3）；已改用默认值 0.3"),
        ({"DRAFTING_TEMPERATURE": "-0.1"}, "temperature", 0.3, "应为 0 到 2 之间的数"),
        ({"DRAFTING_MAX_TOKENS": "100"}, "max_tokens", 4096,
         "DRAFTING_MAX_TOKENS（回复长度上限）的值 100 无效：应为 256 到 32768 之间的整数（token 数）；"
         "已改用默认值 4096"),
        ({"DRAFTING_MAX_TOKENS": "many"}, "max_tokens", 4096, "应为 256 到 32768 之间的整数"),
    ],
    ids=["timeout-negative", "timeout-too-long", "retries-text", "retries-fraction", "backoff-too-long",
         "temperature-too-high", "temperature-negative", "max-tokens-too-low", "max-tokens-text"],
)  # fmt: skip
def test_a_bad_value_falls_back_alone(monkeypatch, tmp_path, env, field, default, message):
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("DRAFTING_DATA_DIR", str(tmp_path / "reports"))
    monkeypatch.setenv("DRAFTING_MODEL", "qwen2.5:7b")
    settings, errors = load_settings_lenient({"base_url": "http://127.0.0.1:11434/v1"})
    assert getattr(settings, field) == default
    assert settings.data_dir == tmp_path / "reports"
    assert (settings.model, settings.base_url) == ("qwen2.5:7b", "http://127.0.0.1:11434/v1")
    [error] = errors
    assert message in error
    with pytest.raises(SettingsError, match=message.split("；")[0]):
        load_settings()


def test_several_bad_values_each_reported_from_env_and_secrets(monkeypatch):
    monkeypatch.setenv("DRAFTING_TIMEOUT", "0")
    monkeypatch.setenv("DRAFTING_RETRY_BACKOFF", "15")
    settings, errors = load_settings_lenient({"max_retries": "11", "model": "m"})
    assert (settings.timeout, settings.max_retries, settings.retry_backoff, settings.model) == (60, 2, 15, "m")
    assert [e.split("（")[0] for e in errors] == ["DRAFTING_TIMEOUT", "DRAFTING_MAX_RETRIES"]


def test_good_settings_give_no_errors(monkeypatch):
    monkeypatch.setenv("DRAFTING_TIMEOUT", "15")
    settings, errors = load_settings_lenient(None)
    assert (settings.timeout, errors) == (15, [])


@pytest.mark.parametrize("loader", ["strict", "lenient"])
def test_a_key_in_the_wrong_variable_is_never_repeated(monkeypatch, loader):
    monkeypatch.setenv("DRAFTING_TIMEOUT", KEY)
    if loader == "lenient":
        [message] = load_settings_lenient()[1]
    else:
        with pytest.raises(SettingsError) as info:
            load_settings()
        message = str(info.value)
    assert "DRAFTING_TIMEOUT" in message and "应为大于 0、不超过 600 的秒数" in message
    assert KEY not in message and "sk-" not in message


def test_the_lenient_retry_leaves_no_trace(monkeypatch):
    """The second pass drops the bad field only for itself: a later strict load still sees it."""
    monkeypatch.setenv("DRAFTING_TIMEOUT", "-5")
    load_settings_lenient()
    with pytest.raises(SettingsError):
        load_settings()
