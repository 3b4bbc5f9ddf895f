"""AppTest: a bad setting is shown with its range, and the app keeps the data folder (and every other setting)."""

from __future__ import annotations

from pathlib import Path

from test_app_support import _clear_streamlit_caches, assert_ok, new_app, texts

from drafting.io.store import open_store
from drafting.model import new_report

__all__ = ["_clear_streamlit_caches"]
CHECKOUT_DATA = Path(__file__).resolve().parent.parent / "data"


def _checkout_data_files() -> dict[str, int]:
    return {p.name: p.stat().st_mtime_ns for p in CHECKOUT_DATA.glob("*")} if CHECKOUT_DATA.is_dir() else {}


def test_bad_timeout_keeps_the_data_folder_and_says_what_is_wrong(monkeypatch, tmp_path):
    folder = tmp_path / "elsewhere"
    monkeypatch.setenv("DRAFTING_DATA_DIR", str(folder))
    monkeypatch.setenv("DRAFTING_TIMEOUT", "-5")
    rid = open_store(folder).create(new_report("云岚市甲局", 2024))
    before = _checkout_data_files()
    at = new_app(secrets={"DRAFTING_MODEL": "qwen2.5:7b", "DRAFTING_BASE_URL": "http://127.0.0.1:11434/v1"})
    assert_ok(at)
    errors = [t for t in texts(at.error) if "DRAFTING_TIMEOUT" in t]
    assert errors == ["DRAFTING_TIMEOUT（超时时间）的值 -5 无效：应为大于 0、不超过 600 的秒数；已改用默认值 60"]
    assert "qwen2.5:7b" in " ".join(texts(at.sidebar.markdown))  # the model from secrets is kept too
    assert at.selectbox(key="open_report").options == ["云岚市甲局 · 2024 年度"]
    at.button(key="open_btn").click().run()
    assert_ok(at)
    assert at.session_state["report_id"] == rid
    assert at.sidebar.caption[0].value == "云岚市甲局2024年政府信息公开工作年度报告"
    assert _checkout_data_files() == before  # the fallback once opened ./data/drafting.sqlite3 in the checkout
