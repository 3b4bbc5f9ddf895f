"""The committed Streamlit config: the server is reachable from this machine only unless staff open it on purpose."""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CONFIG = ROOT / ".streamlit" / "config.toml"


def test_server_listens_on_loopback_by_default() -> None:
    server = tomllib.loads(CONFIG.read_text("utf-8"))["server"]
    assert server["address"] == "127.0.0.1"
    assert server["headless"] is True


def test_config_says_in_chinese_how_to_open_it_to_the_lan_and_what_that_means() -> None:
    text = CONFIG.read_text("utf-8")
    assert "--server.address 0.0.0.0" in text
    for consequence in ("没有登录", "密钥", "局域网"):
        assert consequence in text


def test_run_script_passes_extra_options_to_streamlit() -> None:
    script = (ROOT / "scripts" / "run.sh").read_text("utf-8")
    assert 'streamlit run app.py' in script and '"$@"' in script
