"""The start-up guard: listening beyond 127.0.0.1 is refused, in Chinese, unless DRAFTING_ACCOUNTS=1."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from drafting.bind import accounts_on, config_address, is_loopback, refusal, requested_addresses
from drafting.settings import load_settings

ROOT = Path(__file__).resolve().parent.parent
NO_CONFIG: tuple[Path, ...] = ()
NO_SECRETS = Path("/nonexistent/secrets.toml")


@pytest.mark.parametrize(
    ("address", "loopback"),
    [
        ("127.0.0.1", True),
        ("127.0.1.1", True),
        ("::1", True),
        ("[::1]", True),
        ("localhost", True),
        (" LOCALHOST ", True),
        ("0.0.0.0", False),
        ("::", False),
        ("192.168.1.20", False),
        ("10.0.0.5", False),
        ("nianbao.gov.internal", False),
        ("", False),
    ],
)
def test_loopback(address: str, loopback: bool) -> None:
    assert is_loopback(address) is loopback


@pytest.mark.parametrize(
    ("argv", "environ", "expected"),
    [
        ([], {}, []),
        (["--server.address", "0.0.0.0"], {}, ["0.0.0.0"]),
        (["--server.address=10.0.0.5", "--server.port", "8502"], {}, ["10.0.0.5"]),
        ([], {"DRAFTING_BIND": "0.0.0.0"}, ["0.0.0.0"]),
        ([], {"STREAMLIT_SERVER_ADDRESS": "192.168.1.2"}, ["192.168.1.2"]),
        (["--server.address"], {"DRAFTING_BIND": " "}, []),
    ],
)
def test_requested_addresses(argv: list[str], environ: dict[str, str], expected: list[str]) -> None:
    assert requested_addresses(argv, environ, NO_CONFIG) == expected


@pytest.mark.parametrize(
    ("argv", "environ"),
    [
        (["--server.address", "0.0.0.0"], {}),
        (["--server.address=192.168.10.8"], {}),
        ([], {"DRAFTING_BIND": "0.0.0.0"}),
        ([], {"DRAFTING_BIND": "0.0.0.0", "DRAFTING_ACCOUNTS": "0"}),
        ([], {"DRAFTING_BIND": "0.0.0.0", "DRAFTING_ACCOUNTS": "no"}),
        ([], {"DRAFTING_BIND": "0.0.0.0", "DRAFTING_ACCOUNTS": "maybe"}),
        ([], {"DRAFTING_BIND": "0.0.0.0", "DRAFTING_ACCOUNTS": ""}),
        (["--server.address", "127.0.0.1"], {"STREAMLIT_SERVER_ADDRESS": "::"}),
    ],
)
def test_refused_without_accounts(argv: list[str], environ: dict[str, str]) -> None:
    message = refusal(argv, environ, NO_CONFIG, NO_SECRETS)
    assert message is not None
    assert message.startswith("拒绝启动")
    assert "DRAFTING_ACCOUNTS=1" in message
    assert "docs/deploy.md" in message


@pytest.mark.parametrize(
    ("argv", "environ"),
    [
        ([], {}),
        (["--server.address", "127.0.0.1"], {}),
        (["--server.address=localhost"], {"DRAFTING_BIND": "::1"}),
        (["--server.address", "0.0.0.0"], {"DRAFTING_ACCOUNTS": "1"}),
        ([], {"DRAFTING_BIND": "0.0.0.0", "DRAFTING_ACCOUNTS": " 1 "}),
        ([], {"DRAFTING_BIND": "0.0.0.0", "DRAFTING_ACCOUNTS": "true"}),
        ([], {"DRAFTING_BIND": "0.0.0.0", "DRAFTING_ACCOUNTS": "YES"}),
    ],
)
def test_allowed(argv: list[str], environ: dict[str, str]) -> None:
    assert refusal(argv, environ, NO_CONFIG, NO_SECRETS) is None


def test_config_file_address(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text('[server]\naddress = "0.0.0.0"\nport = 8501\n', encoding="utf-8")
    assert config_address(config) == "0.0.0.0"
    assert refusal([], {}, (config,), NO_SECRETS) is not None
    assert refusal([], {"DRAFTING_ACCOUNTS": "1"}, (config,), NO_SECRETS) is None


@pytest.mark.parametrize(
    ("secrets", "on"),
    [
        ("DRAFTING_ACCOUNTS = 1\n", True),
        ("drafting_accounts = true\n", True),
        ('[drafting]\naccounts = "1"\n', True),
        ('DRAFTING_ACCOUNTS = 1\n[drafting]\naccounts = "0"\n', False),
        ("DRAFTING_ACCOUNTS = 0\n", False),
        ('DRAFTING_API_KEY = "sk-x"\n', False),
        ("not toml [", False),
    ],
)
def test_accounts_in_secrets_file(tmp_path: Path, secrets: str, on: bool) -> None:
    """Multi-user mode switched on in .streamlit/secrets.toml counts, read as the app's settings read it."""
    path = tmp_path / "secrets.toml"
    path.write_text(secrets, encoding="utf-8")
    assert accounts_on({}, path) is on
    assert (refusal(["--server.address", "0.0.0.0"], {}, NO_CONFIG, path) is None) is on


def test_environment_wins_over_secrets_file(tmp_path: Path) -> None:
    path = tmp_path / "secrets.toml"
    path.write_text("DRAFTING_ACCOUNTS = 1\n", encoding="utf-8")
    assert not accounts_on({"DRAFTING_ACCOUNTS": "0"}, path)


@pytest.mark.parametrize("value", ["1", "true", "yes", "on", "0", "false", "off", "no"])
def test_accounts_read_like_the_app_settings(monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    """The guard and drafting.settings agree on whether a DRAFTING_ACCOUNTS value switches accounts on."""
    monkeypatch.setenv("DRAFTING_ACCOUNTS", value)
    assert accounts_on({"DRAFTING_ACCOUNTS": value}, NO_SECRETS) is load_settings().accounts


def test_config_file_missing_or_broken(tmp_path: Path) -> None:
    broken = tmp_path / "broken.toml"
    broken.write_text("[server\naddress = ", encoding="utf-8")
    assert config_address(broken) is None
    assert config_address(tmp_path / "absent.toml") is None


def test_project_config_stays_local() -> None:
    """The committed .streamlit/config.toml keeps single-user mode on the loopback address."""
    address = config_address(ROOT / ".streamlit" / "config.toml")
    assert address is not None
    assert is_loopback(address)


def _clean_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DRAFTING_ACCOUNTS", "DRAFTING_BIND")}
    env.pop("STREAMLIT_SERVER_ADDRESS", None)
    return {**env, **extra}


def _guard(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "drafting.bind", *args]
    return subprocess.run(command, cwd=ROOT, env=_clean_env(**env), capture_output=True, text=True, timeout=60)


def test_guard_module_refuses_with_exit_2() -> None:
    result = _guard("--server.address", "0.0.0.0")
    assert result.returncode == 2
    assert "拒绝启动" in result.stderr
    assert result.stdout == ""


def test_guard_module_allows_local_and_multi_user() -> None:
    assert _guard().returncode == 0
    assert _guard("--server.address", "127.0.0.1").returncode == 0
    assert _guard(DRAFTING_BIND="0.0.0.0", DRAFTING_ACCOUNTS="1").returncode == 0


def _script_copy(root: Path) -> Path:
    """scripts/run.sh in a folder of its own: no-op set-up, the project's python, a streamlit stub echoing args."""
    (root / "scripts").mkdir()
    (root / ".venv" / "bin").mkdir(parents=True)
    script = root / "scripts" / "run.sh"
    script.write_text((ROOT / "scripts" / "run.sh").read_text(encoding="utf-8"), encoding="utf-8")
    stubs = {
        root / "scripts" / "setup.sh": "#!/usr/bin/env bash\n",
        root / ".venv" / "bin" / "python": f'#!/usr/bin/env bash\nexec "{sys.executable}" "$@"\n',
        root / ".venv" / "bin" / "streamlit": '#!/usr/bin/env bash\necho "streamlit $*"\n',
    }
    for path, text in stubs.items():
        path.write_text(text, encoding="utf-8")
        path.chmod(0o755)
    return script


def _run_script(script: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["bash", str(script), *args], env=_clean_env(**env), capture_output=True, text=True, timeout=60
    )


@pytest.mark.parametrize(
    ("args", "env"),
    [(["--server.address", "0.0.0.0"], {}), ([], {"DRAFTING_BIND": "0.0.0.0"}), ([], {"DRAFTING_BIND": "10.2.3.4"})],
)
def test_run_script_refuses_before_starting_streamlit(tmp_path: Path, args: list[str], env: dict[str, str]) -> None:
    result = _run_script(_script_copy(tmp_path), *args, **env)
    assert result.returncode == 2
    assert "拒绝启动" in result.stderr
    assert "streamlit" not in result.stdout


def test_run_script_listens_on_loopback_by_default(tmp_path: Path) -> None:
    result = _run_script(_script_copy(tmp_path), "--server.port", "8600")
    assert result.returncode == 0, result.stderr
    assert "--server.address 127.0.0.1 --server.port 8600" in result.stdout


def test_run_script_binds_drafting_bind_in_multi_user_mode(tmp_path: Path) -> None:
    result = _run_script(_script_copy(tmp_path), DRAFTING_BIND="0.0.0.0", DRAFTING_ACCOUNTS="1")
    assert result.returncode == 0, result.stderr
    assert "--server.address 0.0.0.0" in result.stdout
