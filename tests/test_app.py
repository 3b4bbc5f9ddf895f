"""AppTest: first render, navigation, 基本信息, 工作情况, settings panel, and nothing lost across tabs/restarts."""

from __future__ import annotations

import os
from decimal import Decimal
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest
from test_app_support import _clear_streamlit_caches, assert_ok, data_files_text, go, new_app, store, stored, texts

from drafting.errors import DraftingError
from drafting.io.render import render
from drafting.io.store import DB_NAME, StoreError
from drafting.model import Aspect, new_report, report_to_json
from ui import actions

__all__ = ["_clear_streamlit_caches", "store"]
PAGES = ["basic", "tables", "notes", "draft", "export"]


@pytest.mark.parametrize("page", PAGES)
def test_first_render_without_key_or_data(page):
    at = new_app(page=page)
    assert_ok(at)
    assert at.radio(key="nav").value == page
    if page != "basic":
        assert any("请先在“基本信息”中新建或打开一份报告" in t for t in texts(at.info))
    assert "离线起草" in " ".join(texts(at.sidebar.markdown))


def test_create_report_saves_it_and_puts_it_in_the_url(store):
    at = new_app()
    at.text_input(key="new_agency").set_value("云岚市甲局")
    at.number_input(key="new_year").set_value(2020)
    at.selectbox(key="new_kind").set_value("乡镇")
    at.button(key="new_btn").click().run()
    assert_ok(at)
    [summary] = store.list_reports()
    assert (summary.agency, summary.year, summary.kind, summary.format) == ("云岚市甲局", 2020, "乡镇", "F2019")
    assert at.query_params["report"] == str(summary.id)
    assert any("F2019" in t for t in texts(at.success))
    assert at.sidebar.caption[0].value == "云岚市甲局2020年政府信息公开工作年度报告"


def test_new_report_needs_an_agency_name(store):
    at = new_app()
    at.button(key="new_btn").click().run()
    assert any("请填写机关名称" in t for t in texts(at.error))
    assert store.list_reports() == []


def test_same_agency_and_year_opens_the_existing_report_other_years_never_mix(store):
    first = store.create(new_report("甲局", 2023))
    at = new_app()
    at.text_input(key="new_agency").set_value("甲局")
    at.number_input(key="new_year").set_value(2023)
    at.button(key="new_btn").click().run()
    assert at.session_state["report_id"] == first
    assert any("已存在" in t for t in texts(at.info))
    at.number_input(key="new_year").set_value(2024)
    at.button(key="new_btn").click().run()
    assert len(store.list_reports()) == 2
    assert at.session_state["report_id"] != first


def test_open_existing_report_from_the_list(store):
    a = store.create(new_report("甲局", 2023))
    store.create(new_report("乙局", 2023))
    at = new_app()
    assert "report_id" not in at.session_state  # nothing was opened yet
    at.selectbox(key="open_report").set_value(a)
    at.button(key="open_btn").click().run()
    assert_ok(at)
    assert at.session_state["report_id"] == a
    assert at.query_params["report"] == str(a)


def test_refresh_restart_and_second_tab_show_the_same_state(store):
    rid = store.create(new_report("甲局", 2023))
    at = new_app(rid, "notes")
    at.text_area(key="notes_active").set_value("门户网站发布信息").run()
    assert stored(store, rid).notes.aspects[Aspect.ACTIVE].notes == "门户网站发布信息"
    reopened = new_app(rid, "notes")  # refresh: same URL, new session
    assert reopened.text_area(key="notes_active").value == "门户网站发布信息"
    restarted = new_app()  # restart without URL: the last opened report comes back
    assert restarted.session_state["report_id"] == rid
    second = new_app(rid, "notes")
    second.text_area(key="notes_active").set_value("改自第二个窗口").run()
    go(at, "notes")
    assert at.text_area(key="notes_active").value == "改自第二个窗口"


def test_kind_change_is_saved(store):
    rid = store.create(new_report("甲局", 2023))
    at = new_app(rid)
    at.selectbox(key="cur_kind").set_value("人民政府").run()
    assert_ok(at)
    assert stored(store, rid).kind == "人民政府"


def test_notes_page_saves_every_field_as_it_changes(store):
    rid = store.create(new_report("甲局", 2023))
    at = new_app(rid, "notes")
    assert_ok(at)
    assert not at.data_editor  # sentences and key figures are typed in text fields, not grid cells
    at.text_area(key="notes_platform").set_value("政府网站集约化").run()
    at.number_input(key="fee_notices").set_value(2).run()
    at.text_input(key="fee_collected").set_value("300").run()
    at.text_area(key="other_items").set_value("人大代表建议公开\n\n政协提案公开").run()
    assert_ok(at)
    notes = stored(store, rid).notes
    assert notes.aspects[Aspect.PLATFORM].notes == "政府网站集约化"
    assert notes.other.fee_notices_issued == 2
    assert notes.other.fee_collected_yuan == Decimal("300")
    assert notes.other.items == ["人大代表建议公开", "政协提案公开"]


def test_invalid_fee_amount_is_a_chinese_error_and_not_saved(store):
    rid = store.create(new_report("甲局", 2023))
    at = new_app(rid, "notes")
    at.text_input(key="fee_collected").set_value("三百").run()
    assert any("实际收取信息处理费" in t for t in texts(at.error))
    assert stored(store, rid).notes.other.fee_collected_yuan is None


def test_import_prior_from_pasted_text_attaches_last_years_report(store, report_2023):
    prior = report_2023.prior
    assert prior is not None
    report = report_2023.model_copy(update={"prior": None})
    rid = store.create(report)
    at = new_app(rid)
    at.text_area(key="prior_text").set_value(str(render(prior, "txt")))
    at.button(key="prior_btn").click().run()
    assert_ok(at)
    assert stored(store, rid).prior is None  # read and shown first, attached only on 确认
    assert at.text_input(key="prior_agency").value == prior.agency
    at.button(key="prior_apply_btn").click().run()
    saved = stored(store, rid)
    assert saved.prior is not None
    assert saved.prior.year == 2022
    assert saved.prior.get("t3.carry_out.total") == prior.get("t3.carry_out.total")
    assert any("已导入上年报告" in t for t in texts(at.success))
    at.button(key="prior_remove_btn").click().run()
    assert stored(store, rid).prior is None


def test_import_prior_with_nothing_given_says_what_to_do(store):
    rid = store.create(new_report("甲局", 2023))
    at = new_app(rid)
    at.button(key="prior_btn").click().run()
    assert any("请先选择上年报告文件" in t for t in texts(at.error))


def test_read_prior_accepts_a_json_of_this_tool(report_2023):
    prior = report_2023.prior
    assert prior is not None
    attached, summary = actions.read_prior(new_report("甲局", 2023), "上年.json", report_to_json(prior).encode(), "")
    assert attached.prior is not None and attached.prior.cells == prior.cells
    assert "json" in summary
    with pytest.raises(DraftingError, match="2022 年度"):
        actions.read_prior(new_report("甲局", 2025), "上年.json", report_to_json(prior).encode(), "")


def test_restore_json_restores_everything_and_refuses_silent_overwrite(store, report_2023):
    data = report_to_json(report_2023).encode()
    rid = actions.restore_json(store, "备份.json", data, overwrite=False)
    assert stored(store, rid) == report_2023
    with pytest.raises(StoreError, match="覆盖已有的同名报告"):
        actions.restore_json(store, "备份.json", data, overwrite=False)
    assert actions.restore_json(store, "备份.json", data, overwrite=True) == rid
    with pytest.raises(DraftingError, match="不是 UTF-8"):
        actions.restore_json(store, "坏.json", b"\xff\xfe\x00", overwrite=True)


def test_settings_panel_offline_by_default_with_presets():
    at = new_app()
    panel = " ".join(texts(at.sidebar.markdown))
    assert "当前：**离线起草" in panel
    assert at.selectbox(key="llm_preset").value == "offline"
    at.selectbox(key="llm_preset").set_value("deepseek").run()
    assert at.text_input(key="llm_base_url").value == "https://api.deepseek.com/v1"
    assert at.text_input(key="llm_model").value == "deepseek-chat"
    assert any("需要 API 密钥" in t for t in texts(at.sidebar.error))


def test_settings_from_secrets_are_shown():
    at = new_app(secrets={"DRAFTING_BASE_URL": "http://127.0.0.1:11434/v1", "DRAFTING_MODEL": "qwen2.5:7b"})
    assert_ok(at)
    assert "qwen2.5:7b" in " ".join(texts(at.sidebar.markdown))


def test_settings_in_a_drafting_table_of_secrets_are_read_by_the_app(monkeypatch, tmp_path):
    """secrets.toml may hold them as a [drafting] table (what drafting.bind also reads): accounts on means the
    login page, and the data folder is the one named there, not ./data."""
    monkeypatch.delenv("DRAFTING_ACCOUNTS", raising=False)
    monkeypatch.delenv("DRAFTING_DATA_DIR", raising=False)
    data_dir = tmp_path / "从密钥文件读取的数据目录"
    at = new_app(secrets={"drafting": {"accounts": "1", "data_dir": str(data_dir)}})  # type: ignore[dict-item]
    assert_ok(at)
    assert at.text_input(key="login_name").label == "用户名"
    assert (data_dir / DB_NAME).exists()


def test_key_typed_in_panel_is_used_but_never_written(store):
    secret = "sk-test-never-on-disk-1234567890"
    rid = store.create(new_report("甲局", 2023))
    at = new_app(rid, "notes")
    at.selectbox(key="llm_preset").set_value("deepseek").run()
    at.text_input(key="llm_api_key").set_value(secret).run()
    assert_ok(at)
    assert "deepseek-chat" in " ".join(texts(at.sidebar.markdown))
    at.text_area(key="notes_active").set_value("保存一次").run()
    assert secret not in data_files_text(Path(os.environ["DRAFTING_DATA_DIR"]))
    assert secret not in report_to_json(stored(store, rid))


def test_connection_test_offline_says_offline():
    at = new_app()
    at.button(key="llm_test").click().run()
    assert_ok(at)
    assert any("离线起草" in t for t in texts(at.sidebar.success))


@pytest.mark.parametrize("param", ["abc", "999", ""])
def test_bad_or_stale_report_in_the_url_opens_nothing_and_does_not_crash(store, param):
    store.create(new_report("甲局", 2023))
    at = AppTest.from_file("../app.py", default_timeout=30)
    at.query_params["report"] = param
    at.query_params["page"] = "tables"
    at.run()
    assert_ok(at)
    assert "report_id" not in at.session_state
    assert any("请先在“基本信息”中新建或打开一份报告" in t for t in texts(at.info))


def test_report_deleted_elsewhere_closes_it_cleanly(store):
    rid = store.create(new_report("甲局", 2023))
    at = new_app(rid, "draft")
    store.delete(rid)
    at.run()
    assert_ok(at)
    assert any("请先在“基本信息”中新建或打开一份报告" in t for t in texts(at.info))


def test_invalid_setting_is_reported_without_crashing(monkeypatch):
    monkeypatch.setenv("DRAFTING_TIMEOUT", "-5")
    at = new_app()
    assert_ok(at)
    errors = texts(at.error)
    assert any("超时时间" in t for t in errors)
    assert len([t for t in errors if "超时时间" in t]) == 1


def test_example_report_opens_once_and_reopens(store):
    at = new_app()
    at.button(key="example_btn").click().run()
    assert_ok(at)
    [summary] = store.list_reports()
    assert (summary.agency, summary.year) == ("云岚市生态环境局", 2023)
    at.button(key="example_btn").click().run()
    assert len(store.list_reports()) == 1
    assert at.session_state["report_id"] == summary.id


def test_followups_from_last_years_problems(store, report_2023):
    report = report_2023.model_copy(deep=True)
    report.notes.followups = []
    rid = store.create(report)
    at = new_app(rid, "notes")
    at.button(key="followups_from_prior_btn").click().run()
    assert_ok(at)
    followups = stored(store, rid).notes.followups
    assert followups
    assert all(f.outcome == "" for f in followups)
