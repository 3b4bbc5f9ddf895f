"""Opening a store: data files written by the first (sqlite3-only) store keep their data; DRAFTING_DATABASE_URL
chooses the database; a URL's password is never shown."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest
from sqlalchemy import Column, MetaData, Table, Text, inspect

from drafting.io.store import DB_NAME, ReportStore, StoreError, open_store
from drafting.io.store_db import create_schema
from drafting.model import SectionVersion, new_report, report_to_json

# The schema the first store created (drafting/io/store.py before SQLAlchemy), verbatim.
OLD_SCHEMA = """
CREATE TABLE IF NOT EXISTS reports (
    id INTEGER PRIMARY KEY,
    agency TEXT NOT NULL,
    year INTEGER NOT NULL,
    kind TEXT NOT NULL,
    format TEXT NOT NULL,
    rev INTEGER NOT NULL,
    created TEXT NOT NULL,
    updated TEXT NOT NULL,
    body TEXT NOT NULL,
    UNIQUE (agency, year)
);
CREATE TABLE IF NOT EXISTS meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
"""


def _old_data_file(path: Path, report_2023) -> None:
    """A data file as the old store left it: WAL, two reports (ids 3 and 7), one at revision 5, a setting."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.executescript(OLD_SCHEMA)
    rows = [(3, report_2023, 5), (7, new_report("乙局", 2022), 1)]
    for rid, report, rev in rows:
        conn.execute(
            "INSERT INTO reports (id, agency, year, kind, format, rev, created, updated, body)"
            " VALUES (?, ?, ?, ?, ?, ?, '2025-01-02T03:04:05.000+00:00', '2025-01-03T03:04:05.000+00:00', ?)",
            (rid, report.agency, report.year, report.kind, report.format, rev, report_to_json(report)),
        )
    conn.execute("INSERT INTO meta (key, value) VALUES ('last_report', '3')")
    conn.close()


def test_a_data_file_of_the_old_store_opens_with_its_data_and_gains_an_audit(tmp_path, report_2023):
    _old_data_file(tmp_path / DB_NAME, report_2023)
    store = open_store(tmp_path)
    assert store.load(3).report == report_2023
    assert store.load(3).rev == 5
    assert [(s.id, s.agency, s.rev) for s in store.list_reports()] == [(3, report_2023.agency, 5), (7, "乙局", 1)]
    assert store.get_meta("last_report") == "3"
    assert store.history(3) == []
    changed = report_2023.model_copy(deep=True)
    changed.sections["五"].add(SectionVersion(text="新的问题", origin="human"))
    assert store.save(3, changed, expected_rev=5, user="张三") == 6
    assert [(h.rev, h.user, h.changes) for h in store.history(3)] == [(6, "张三", ("五、存在的主要问题及改进情况",))]
    assert store.create(new_report("丙局", 2023)) == 8
    store.close()
    reopened = open_store(tmp_path)
    assert reopened.load(3).report == changed
    assert reopened.journal_mode() == "wal"


def test_the_old_store_can_still_read_what_the_new_one_wrote(tmp_path, report_2023):
    """Going back to an older version of the app loses nothing: same tables, same columns."""
    store = open_store(tmp_path)
    rid = store.create(report_2023)
    store.close()
    conn = sqlite3.connect(tmp_path / DB_NAME)
    row = conn.execute("SELECT agency, year, rev, body FROM reports WHERE id=?", (rid,)).fetchone()
    conn.close()
    assert row == (report_2023.agency, report_2023.year, 1, report_to_json(report_2023))


def test_database_url_from_the_env_wins_over_the_data_dir(monkeypatch, tmp_path):
    monkeypatch.setenv("DRAFTING_DATABASE_URL", f"sqlite:///{tmp_path / 'elsewhere.sqlite3'}")
    store = open_store(tmp_path / "data")
    assert store.path == tmp_path / "elsewhere.sqlite3"
    store.create(new_report("甲局", 2023))
    assert (tmp_path / "elsewhere.sqlite3").exists()
    assert not (tmp_path / "data" / DB_NAME).exists()


def test_open_store_on_postgresql_shows_the_url_without_password(monkeypatch, pg_server):
    url = pg_server.new_database().replace("drafting@", "drafting:s3cret-pw@")
    monkeypatch.setenv("DRAFTING_DATABASE_URL", url.replace("postgresql+psycopg://", "postgresql://"))
    store = open_store()
    assert store.backend == "postgresql"
    assert store.path == url.replace("s3cret-pw", "***")
    assert store.journal_mode() == "postgresql"
    rid = store.create(new_report("甲局", 2023))
    assert store.load(rid).rev == 1


def test_unreachable_server_is_a_chinese_error_without_the_password():
    with pytest.raises(StoreError, match="无法连接数据库") as caught:
        ReportStore("postgresql://staff:s3cret-pw@127.0.0.1:1/nianbao")
    assert "s3cret-pw" not in str(caught.value)
    assert "staff:***@127.0.0.1:1/nianbao" in str(caught.value)
    assert "DRAFTING_DATABASE_URL" in str(caught.value)


@pytest.mark.parametrize("url", ["mysql://u:s3cret-pw@db/x", "oracle://u:s3cret-pw@db/x", "nonsense://"])
def test_other_databases_are_refused_in_chinese(url):
    with pytest.raises(StoreError, match="DRAFTING_DATABASE_URL") as caught:
        ReportStore(url)
    assert "s3cret-pw" not in str(caught.value)


def test_server_gone_after_opening_is_a_chinese_error(pg_server):
    store = ReportStore(pg_server.new_database())
    rid = store.create(new_report("甲局", 2023))
    database = store.url.database
    pg_server.sql([f"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{database}'"])
    pg_server.sql([f"DROP DATABASE {database}"])
    with pytest.raises(StoreError, match=r"读写数据库.*失败"):
        store.save(rid, new_report("甲局", 2023))


def test_processes_starting_together_on_a_new_database_all_open_it(db_target):
    """Several app workers (or the app and the command line) opening a fresh database at once: tables made once."""
    barrier, errors = threading.Barrier(4), []

    def open_once() -> None:
        barrier.wait()
        try:
            ReportStore(db_target).close()
        except StoreError as exc:
            errors.append(exc)

    threads = [threading.Thread(target=open_once) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert errors == []
    assert ReportStore(db_target).list_reports() == []


def test_tables_kept_beside_the_reports_share_the_engine_and_the_schema_lock(db_target):
    extra = MetaData()
    Table("extra", extra, Column("key", Text, primary_key=True))
    store = ReportStore(db_target)
    create_schema(store.engine, extra)
    create_schema(store.engine, extra)  # again, as on every start: nothing changes
    assert {"reports", "meta", "audit", "extra"} <= set(inspect(store.engine).get_table_names())
