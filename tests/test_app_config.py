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


def test_config_says_in_chinese_why_it_stays_local_and_how_to_share_it() -> None:
    """Single-user mode has no login, so the config explains that other addresses are refused unless accounts
    are on (scripts/run.sh enforces it, see drafting/bind.py) and where the shared deployment is described."""
    text = CONFIG.read_text("utf-8")
    for words in ("没有登录", "密钥", "DRAFTING_ACCOUNTS=1", "docs/deploy.md", "127.0.0.1"):
        assert words in text


def test_run_script_passes_extra_options_to_streamlit() -> None:
    script = (ROOT / "scripts" / "run.sh").read_text("utf-8")
    assert 'streamlit run app.py' in script and '"$@"' in script


def test_no_full_garbage_collection_after_every_rerun() -> None:
    """Streamlit's default gc.collect(2) after each rerun took half the server's CPU with 10-50 sessions
    (py-spy on benchmarks/bench_load.py); the committed config and the deployment commands switch it off."""
    assert tomllib.loads(CONFIG.read_text("utf-8"))["runner"]["postScriptGC"] is False
    for sample in ("Dockerfile", "drafting.service"):
        assert "--runner.postScriptGC false" in (ROOT / "deploy" / sample).read_text("utf-8")
