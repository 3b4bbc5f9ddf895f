"""The backup and restore commands of docs/deploy-database.md, run for real: pg_dump/pg_restore on PostgreSQL and
the .backup command (or the same online-backup API) on SQLite bring back every report, setting and audit row."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess

import pytest

from drafting.io.store import DB_NAME, ReportStore, open_store
from drafting.model import new_report


def _fill(store: ReportStore, report_2023) -> tuple[int, int]:
    first = store.create(report_2023, user="张三")
    second = store.create(new_report("乙局", 2022))
    changed = new_report("乙局", 2022, "乡镇")
    store.save(second, changed, expected_rev=1, user="李四")
    store.set_meta("last_report", str(second))
    return first, second


def _same(restored: ReportStore, original: ReportStore, ids: tuple[int, ...]) -> None:
    assert restored.list_reports() == original.list_reports()
    for rid in ids:
        assert restored.load(rid) == original.load(rid)
        assert restored.history(rid) == original.history(rid)
    assert restored.get_meta("last_report") == original.get_meta("last_report")


def _pg(pg_server, tool: str, *args: str) -> None:
    common = ["-h", "127.0.0.1", "-p", str(pg_server.port), "-U", "drafting"]
    subprocess.run([str(pg_server.bindir / tool), *common, *args], check=True, capture_output=True, timeout=60)


def test_pg_dump_and_pg_restore_bring_everything_back(pg_server, tmp_path, report_2023):
    original = ReportStore(pg_server.new_database())
    ids = _fill(original, report_2023)
    dump = tmp_path / "nianbao.dump"
    _pg(pg_server, "pg_dump", "-Fc", "-d", str(original.url.database), "-f", str(dump))
    target = pg_server.new_database()
    _pg(pg_server, "pg_restore", "--no-owner", "-d", target.rsplit("/", 1)[1], str(dump))
    restored = ReportStore(target)
    _same(restored, original, ids)
    assert restored.create(new_report("丙局", 2023)) == max(ids) + 1


def test_pg_restore_clean_replaces_a_damaged_database(pg_server, tmp_path, report_2023):
    store = ReportStore(pg_server.new_database())
    ids = _fill(store, report_2023)
    dump = tmp_path / "nianbao.dump"
    database = str(store.url.database)
    _pg(pg_server, "pg_dump", "-Fc", "-d", database, "-f", str(dump))
    store.delete(ids[0])
    _pg(pg_server, "pg_restore", "--clean", "--if-exists", "--no-owner", "-d", database, str(dump))
    assert store.load(ids[0]).report == report_2023


def test_sqlite_backup_while_the_app_writes_restores_everything(tmp_path, report_2023):
    original = open_store(tmp_path / "data")
    ids = _fill(original, report_2023)
    backup = tmp_path / "backup.sqlite3"
    with sqlite3.connect(tmp_path / "data" / DB_NAME) as src, sqlite3.connect(backup) as dst:
        src.backup(dst)
    (tmp_path / "restored").mkdir()
    shutil.copy(backup, tmp_path / "restored" / DB_NAME)
    _same(open_store(tmp_path / "restored"), original, ids)


def test_sqlite3_dot_backup_command(tmp_path, report_2023):
    cli = shutil.which("sqlite3")
    if cli is None:
        pytest.skip("the sqlite3 command is not installed (apt-get install sqlite3); the API test covers the same")
    original = open_store(tmp_path / "data")
    ids = _fill(original, report_2023)
    backup = tmp_path / "backup.sqlite3"
    subprocess.run([cli, str(tmp_path / "data" / DB_NAME), f".backup '{backup}'"], check=True, timeout=60)
    _same(ReportStore(backup), original, ids)
