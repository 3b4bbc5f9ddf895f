"""The start-up guard: the app listens beyond 127.0.0.1 only in multi-user mode (DRAFTING_ACCOUNTS=1)."""

from __future__ import annotations

import ipaddress
import os
import sys
import tomllib
from collections.abc import Mapping, Sequence
from pathlib import Path

from pydantic import TypeAdapter, ValidationError

ACCOUNTS_ENV = "DRAFTING_ACCOUNTS"
BIND_ENV = "DRAFTING_BIND"
STREAMLIT_ADDRESS_ENV = "STREAMLIT_SERVER_ADDRESS"
_OPTION = "--server.address"
_LOCAL_NAMES = frozenset({"localhost", "localhost.localdomain", "ip6-localhost"})
# Streamlit's config files, the project's first; an address set in either counts as asked for.
CONFIG_FILES = (Path(".streamlit/config.toml"), Path("~/.streamlit/config.toml"))
SECRETS_FILE = Path(".streamlit/secrets.toml")


def is_loopback(address: str) -> bool:
    """True for an address only this machine can reach: 127.0.0.0/8, ::1 or the name localhost."""
    text = address.strip().strip("[]").lower()
    if text in _LOCAL_NAMES:
        return True
    try:
        return ipaddress.ip_address(text).is_loopback
    except ValueError:
        return False  # a host name or an interface address given by name: reachable from the network


def config_address(path: Path) -> str | None:
    """server.address in a Streamlit config file, or None (no file, no such key, or a file that does not parse)."""
    try:
        server = tomllib.loads(path.expanduser().read_text(encoding="utf-8")).get("server", {})
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return None
    address = server.get("address") if isinstance(server, dict) else None
    return address if isinstance(address, str) and address.strip() else None


def requested_addresses(
    argv: Sequence[str], environ: Mapping[str, str], config_files: Sequence[Path] = CONFIG_FILES
) -> list[str]:
    """Every listen address asked for: DRAFTING_BIND, STREAMLIT_SERVER_ADDRESS, --server.address, config files."""
    found = [environ[name] for name in (BIND_ENV, STREAMLIT_ADDRESS_ENV) if environ.get(name, "").strip()]
    found += [address for path in config_files if (address := config_address(path)) is not None]
    for i, arg in enumerate(argv):
        if arg == _OPTION and i + 1 < len(argv):
            found.append(argv[i + 1])
        elif arg.startswith(f"{_OPTION}="):
            found.append(arg.split("=", 1)[1])
    return found


def accounts_on(environ: Mapping[str, str], secrets_file: Path = SECRETS_FILE) -> bool:
    """Multi-user mode is on: DRAFTING_ACCOUNTS in the environment, else in .streamlit/secrets.toml, read as the
    app's settings read it (1/true/yes/on); a value the app would not take as true counts as off."""
    raw: object = environ.get(ACCOUNTS_ENV)
    if raw is None:
        raw = _secret_accounts(secrets_file)
    try:
        return bool(TypeAdapter(bool).validate_python(raw.strip() if isinstance(raw, str) else raw))
    except ValidationError:
        return False


def _secret_accounts(path: Path) -> object:
    """The accounts value in a secrets file, found as drafting.settings finds it (DRAFTING_ACCOUNTS or accounts, any
    case, at top level or in a [drafting] table, the table winning); None when absent."""
    try:
        secrets = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return None
    nested = secrets.get("drafting")
    found: object = None
    for source in (secrets, nested if isinstance(nested, dict) else {}):
        for key, value in source.items():
            if str(key).lower().removeprefix("drafting_") == "accounts" and value not in (None, ""):
                found = value
    return found


def refusal(
    argv: Sequence[str],
    environ: Mapping[str, str],
    config_files: Sequence[Path] = CONFIG_FILES,
    secrets_file: Path = SECRETS_FILE,
) -> str | None:
    """The Chinese message refusing to start, or None when the addresses asked for are allowed."""
    if accounts_on(environ, secrets_file):
        return None
    asked = requested_addresses(argv, environ, config_files)
    outside = [address for address in asked if not is_loopback(address)]
    if not outside:
        return None
    shown = "、".join(dict.fromkeys(address.strip() for address in outside))
    return (
        f"拒绝启动：要求监听 {shown}，这会让本机以外的人访问本工具。单人模式没有登录，"
        f"任何能访问的人都能查看、修改全部报告并使用配置的模型密钥，因此只允许监听 127.0.0.1（本机）。"
        f"多人共用请先开启账号模式（环境变量 {ACCOUNTS_ENV}=1），部署方法见 docs/deploy.md；"
        f"只在本机使用请去掉 {_OPTION} 参数、{BIND_ENV} 环境变量和 .streamlit/config.toml 中的 address 改动。"
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Exit 0 when starting is allowed; print the refusal to stderr and exit 2 otherwise (used by scripts/run.sh)."""
    message = refusal(list(sys.argv[1:] if argv is None else argv), os.environ)
    if message is None:
        return 0
    print(message, file=sys.stderr)  # noqa: T201 - the script's only output, read by the person starting it
    return 2


if __name__ == "__main__":
    sys.exit(main())
