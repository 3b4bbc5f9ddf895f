"""Settings for the model endpoint and data folder, from DRAFTING_* environment variables or Streamlit secrets."""

from __future__ import annotations

from collections.abc import Mapping
from contextvars import ContextVar
from pathlib import Path
from typing import Any

from pydantic import Field, SecretStr, ValidationError
from pydantic.fields import FieldInfo
from pydantic_core import ErrorDetails
from pydantic_settings import BaseSettings, PydanticBaseSettingsSource, SettingsConfigDict

from drafting.errors import DraftingError

MIN_MAX_TOKENS, MAX_MAX_TOKENS = 256, 32768  # the range of DRAFTING_MAX_TOKENS
_FIELD_LABELS = {
    "preset": "预设服务商",
    "base_url": "接口地址",
    "api_key": "API 密钥",
    "model": "模型名称",
    "timeout": "超时时间",
    "max_retries": "重试次数",
    "retry_backoff": "重试等待时间",
    "temperature": "温度",
    "max_tokens": "回复长度上限",
    "data_dir": "数据目录",
}
# What a valid value looks like, for the fields whose values can be out of range.
_VALID = {
    "timeout": "应为大于 0、不超过 600 的秒数",
    "max_retries": "应为 0 到 10 之间的整数",
    "retry_backoff": "应为 0 到 60 之间的秒数",
    "temperature": "应为 0 到 2 之间的数（起草宜低，如 0.3）",
    "max_tokens": f"应为 {MIN_MAX_TOKENS} 到 {MAX_MAX_TOKENS} 之间的整数（token 数）",
}
_SHOWN_VALUE_MAX = 12  # longer values are not repeated in messages: they may be a key in the wrong variable
# Fields the lenient loader found invalid; its second pass reads settings without them.
_SKIPPED: ContextVar[frozenset[str]] = ContextVar("_SKIPPED", default=frozenset())


class SettingsError(DraftingError):
    """A setting has a value the tool cannot use; the message names it and its range, never a key or long value."""


class Settings(BaseSettings):
    """Where the model is and how to call it; an empty base_url (and no preset) means offline drafting."""

    model_config = SettingsConfigDict(env_prefix="DRAFTING_", extra="ignore", frozen=True)

    preset: str | None = Field(default=None, description="a key of drafting.narrative.llm.PRESETS, e.g. deepseek")
    base_url: str | None = None
    api_key: SecretStr | None = None
    model: str | None = None
    timeout: float = Field(default=60.0, gt=0, le=600)
    max_retries: int = Field(default=2, ge=0, le=10)
    retry_backoff: float = Field(default=1.0, ge=0, le=60)
    # Sent on every chat request: a low temperature keeps figures and wording close to the material (Ollama
    # otherwise uses 1.0); max_tokens bounds the reply (Moonshot otherwise stops at 1024) and leaves reasoning
    # models room to think before writing.
    temperature: float = Field(default=0.3, ge=0, le=2)
    max_tokens: int = Field(default=4096, ge=MIN_MAX_TOKENS, le=MAX_MAX_TOKENS)
    data_dir: Path = Path("./data")
    accounts: bool = False  # DRAFTING_ACCOUNTS=1: sign-in, roles and per-agency access for a shared deployment

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        """The environment wins over values passed in (Streamlit secrets); no .env file is read."""
        return _Skipping(env_settings), init_settings

    def __repr__(self) -> str:
        key = "set" if self.api_key else "none"
        return f"Settings(preset={self.preset!r}, base_url={self.base_url!r}, model={self.model!r}, api_key={key})"


def _secret_values(secrets: Mapping[str, Any]) -> dict[str, Any]:
    """Setting values found in a secrets mapping: DRAFTING_X / x keys at top level or in a [drafting] table.

    `st.secrets` itself raises when no secrets.toml exists; that counts as no secrets.
    """
    try:
        return _read_secrets(secrets)
    except (KeyError, FileNotFoundError, RuntimeError, ValueError):
        return {}


def _read_secrets(secrets: Mapping[str, Any]) -> dict[str, Any]:
    found: dict[str, Any] = {}
    nested = secrets.get("drafting")
    sources: list[Mapping[str, Any]] = [secrets]
    if isinstance(nested, Mapping):
        sources.append(nested)
    for source in sources:
        for raw_key, value in source.items():
            key = str(raw_key).lower().removeprefix("drafting_")
            if key in Settings.model_fields and value not in (None, ""):
                found[key] = value
    return found


class _Skipping(PydanticBaseSettingsSource):
    """A settings source without the fields in _SKIPPED (none, unless the lenient loader is retrying)."""

    def __init__(self, inner: PydanticBaseSettingsSource) -> None:
        super().__init__(inner.settings_cls)
        self._inner = inner

    def get_field_value(self, field: FieldInfo, field_name: str) -> tuple[Any, str, bool]:
        """Delegated to the wrapped source."""
        return self._inner.get_field_value(field, field_name)

    def __call__(self) -> dict[str, Any]:
        skipped = _SKIPPED.get()
        return {key: value for key, value in self._inner().items() if key not in skipped}


def load_settings(secrets: Mapping[str, Any] | None = None) -> Settings:
    """Read settings from the environment, then from `secrets` (e.g. `st.secrets` passed in by the app).

    Raises:
        SettingsError: a value is unusable; the message names the setting and its valid range in Chinese.
    """
    values = _secret_values(secrets) if secrets is not None else {}
    try:
        return Settings(**values)
    except ValidationError as exc:
        err = exc.errors(include_url=False)[0]
        msg = f"{_describe(err)}。请修改环境变量或 .streamlit/secrets.toml 中的这一项"
        raise SettingsError(msg) from None


def load_settings_lenient(secrets: Mapping[str, Any] | None = None) -> tuple[Settings, list[str]]:
    """Like load_settings, but an unusable value falls back to its default and every other setting is kept.

    Returns the settings and one Chinese message per value dropped (naming it, its valid range and the default).
    """
    values = _secret_values(secrets) if secrets is not None else {}
    try:
        return Settings(**values), []
    except ValidationError as exc:
        errors = exc.errors(include_url=False)
    bad = frozenset(_field_of(err) for err in errors)
    token = _SKIPPED.set(bad)
    try:
        settings = Settings(**{key: value for key, value in values.items() if key not in bad})
    finally:
        _SKIPPED.reset(token)
    return settings, [f"{_describe(err)}；已改用默认值 {_default_of(_field_of(err))}" for err in errors]


def _field_of(err: ErrorDetails) -> str:
    return str(err["loc"][0]) if err["loc"] else ""


def _describe(err: ErrorDetails) -> str:
    """“DRAFTING_TIMEOUT（超时时间）的值 -5 无效：应为……” without repeating a secret or long value."""
    name = _field_of(err)
    label = _FIELD_LABELS.get(name, name)
    raw = str(err.get("input", ""))
    shown = f" {raw}" if name != "api_key" and 0 < len(raw) <= _SHOWN_VALUE_MAX else ""
    return f"DRAFTING_{name.upper()}（{label}）的值{shown} 无效：{_VALID.get(name, '请检查它的格式')}"


def _default_of(name: str) -> str:
    default = Settings.model_fields[name].default if name in Settings.model_fields else None
    if isinstance(default, float):
        return f"{default:g}"
    return "（空）" if default is None else str(default)
