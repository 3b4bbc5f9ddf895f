"""Settings for the model endpoint and data folder, from DRAFTING_* environment variables or Streamlit secrets."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pydantic import Field, SecretStr, ValidationError
from pydantic_settings import BaseSettings, PydanticBaseSettingsSource, SettingsConfigDict

from drafting.errors import DraftingError

_FIELD_LABELS = {
    "preset": "预设服务商",
    "base_url": "接口地址",
    "api_key": "API 密钥",
    "model": "模型名称",
    "timeout": "超时时间（秒）",
    "max_retries": "重试次数",
    "retry_backoff": "重试等待（秒）",
    "data_dir": "数据目录",
}


class SettingsError(DraftingError):
    """A setting has a value the tool cannot use; the message names the setting, never its value."""


class Settings(BaseSettings):
    """Where the model is and how to call it; an empty base_url (and no preset) means offline drafting."""

    model_config = SettingsConfigDict(env_prefix="DRAFTING_", extra="ignore", frozen=True)

    preset: str | None = Field(default=None, description="a key of drafting.llm.PRESETS, e.g. deepseek")
    base_url: str | None = None
    api_key: SecretStr | None = None
    model: str | None = None
    timeout: float = Field(default=60.0, gt=0, le=600)
    max_retries: int = Field(default=2, ge=0, le=10)
    retry_backoff: float = Field(default=1.0, ge=0, le=60)
    data_dir: Path = Path("./data")

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
        return env_settings, init_settings

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


def load_settings(secrets: Mapping[str, Any] | None = None) -> Settings:
    """Read settings from the environment, then from `secrets` (e.g. `st.secrets` passed in by the app).

    Raises:
        SettingsError: a value is unusable; the message names the setting in Chinese, never the value.
    """
    values = _secret_values(secrets) if secrets is not None else {}
    try:
        return Settings(**values)
    except ValidationError as exc:
        err = exc.errors(include_url=False, include_input=False)[0]
        name = str(err["loc"][0]) if err["loc"] else ""
        label = _FIELD_LABELS.get(name, name)
        msg = f"设置项“{label}”（DRAFTING_{name.upper()}）的值无效，请检查环境变量或 secrets.toml"
        raise SettingsError(msg) from None
