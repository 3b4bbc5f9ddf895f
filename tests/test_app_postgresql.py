"""AppTest on PostgreSQL: with DRAFTING_DATABASE_URL set, the unchanged app creates, edits and reopens reports in
the database (nothing in the data folder), and 数据位置 shows the address with its password masked."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from test_app_support import _clear_streamlit_caches, assert_ok, new_app, stored

from drafting.io.store import DB_NAME, ReportStore, open_store
from drafting.model import Aspect, new_report

__all__ = ["_clear_streamlit_caches"]
PASSWORD = "s3cret-pw"


@pytest.fixture
def pg_store(pg_server, monkeypatch) -> Iterator[ReportStore]:
    """The app pointed at a fresh PostgreSQL database (trust auth ignores the password, which must stay hidden)."""
    url = pg_server.new_database().replace("drafting@", f"drafting:{PASSWORD}@")
    monkeypatch.setenv("DRAFTING_DATABASE_URL", url)
    store = open_store()
    yield store
    store.close()


def test_new_report_is_created_in_postgresql_not_in_the_data_folder(pg_store):
    at = new_app()
    at.text_input(key="new_agency").set_value("云岚市甲局")
    at.number_input(key="new_year").set_value(2023)
    at.button(key="new_btn").click().run()
    assert_ok(at)
    [summary] = pg_store.list_reports()
    assert at.query_params["report"] == str(summary.id)
    assert not (Path(os.environ["DRAFTING_DATA_DIR"]) / DB_NAME).exists()
    assert [h.action for h in pg_store.history(summary.id)] == ["create"]


def test_edits_are_saved_audited_and_seen_by_a_second_tab(pg_store):
    rid = pg_store.create(new_report("甲局", 2023))
    at = new_app(rid, "notes")
    at.text_area(key="notes_active").set_value("门户网站发布信息").run()
    assert_ok(at)
    assert stored(pg_store, rid).notes.aspects[Aspect.ACTIVE].notes == "门户网站发布信息"
    assert pg_store.history(rid)[-1].changes == ("说明材料",)
    second = new_app(rid, "notes")
    assert second.text_area(key="notes_active").value == "门户网站发布信息"


def test_data_location_shows_the_database_without_its_password(pg_store):
    at = new_app()
    [expander] = [e for e in at.sidebar.expander if e.label == "数据位置"]
    [shown] = [c.value for c in expander.code]
    assert shown == str(pg_store.path)
    assert PASSWORD not in shown and "drafting:***@127.0.0.1" in shown
    assert any("保存在下面这个数据库（密码已隐去）里" in c.value for c in expander.caption)
