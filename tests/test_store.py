"""The store on SQLite and on PostgreSQL: reports keyed by (agency, year), saved whole with versions, data dir from
the env; WAL on SQLite."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from drafting.io.store import DB_NAME, ReportStore, StoreConflict, StoreError, open_store, resolve_data_dir
from drafting.model import SectionVersion, new_report


@pytest.fixture
def store(db_target: str) -> Iterator[ReportStore]:
    """The store under test, once per backend (see db_target in conftest)."""
    opened = ReportStore(db_target)
    yield opened
    opened.close()


def test_data_dir_from_env_then_default(monkeypatch, tmp_path):
    monkeypatch.setenv("DRAFTING_DATA_DIR", str(tmp_path / "x"))
    assert resolve_data_dir() == tmp_path / "x"
    assert resolve_data_dir(tmp_path / "y") == tmp_path / "y"
    monkeypatch.delenv("DRAFTING_DATA_DIR")
    assert resolve_data_dir() == Path("./data")


def test_open_store_creates_file_in_data_dir_in_wal_mode(tmp_path):
    store = open_store(tmp_path / "new")
    assert (tmp_path / "new" / DB_NAME).exists()
    assert store.journal_mode() == "wal"


def test_round_trip_keeps_cells_notes_sections_and_prior(store, report_2023):
    rid = store.create(report_2023)
    loaded = store.load(rid)
    assert loaded.rev == 1
    assert loaded.report == report_2023
    assert loaded.report.prior is not None


def test_every_save_bumps_revision_and_keeps_versions(store):
    report = new_report("甲局", 2023)
    rid = store.create(report)
    report.sections["一"].add(SectionVersion(text="初稿", origin="offline"))
    assert store.save(rid, report) == 2
    report.sections["一"].add(SectionVersion(text="修改稿", origin="human"))
    assert store.save(rid, report) == 3
    versions = store.load(rid).report.sections["一"].versions
    assert [(v.text, v.origin) for v in versions] == [("初稿", "offline"), ("修改稿", "human")]
    assert store.revision(rid) == 3


@pytest.mark.parametrize(
    ("first", "second"),
    [(("甲局", 2023), ("甲局", 2024)), (("甲局", 2023), ("乙局", 2023)), (("甲局", 2020), ("甲局", 2021))],
)
def test_reports_of_other_agency_or_year_never_mix(store, first, second):
    a, b = new_report(*first), new_report(*second)
    a.notes.problems = []
    b.set_cell("t3.new.natural", 7)
    ida, idb = store.create(a), store.create(b)
    assert ida != idb
    assert store.load(ida).report.cells == {}
    assert store.load(idb).report.cells == {"t3.new.natural": 7}
    assert [(s.agency, s.year) for s in store.list_reports()] == sorted([first, second], key=lambda k: (-k[1], k[0]))


def test_same_agency_and_year_is_refused_on_create_and_on_move(store):
    rid = store.create(new_report("甲局", 2023))
    with pytest.raises(StoreError, match="已有“甲局”2023"):
        store.create(new_report("甲局", 2023))
    other = store.create(new_report("甲局", 2024))
    with pytest.raises(StoreError, match="不能合并"):
        store.save(other, new_report("甲局", 2023))
    assert store.load(rid).report.year == 2023


def test_upsert_replaces_by_agency_and_year(store):
    rid = store.create(new_report("甲局", 2023))
    changed = new_report("甲局", 2023, "乡镇")
    assert store.upsert(changed) == rid
    assert store.load(rid).report.kind == "乡镇"
    assert store.upsert(new_report("乙局", 2023)) != rid


def test_expected_revision_detects_change_from_another_tab(store):
    rid = store.create(new_report("甲局", 2023))
    store.save(rid, new_report("甲局", 2023, "乡镇"), expected_rev=1)
    with pytest.raises(StoreConflict, match="其他窗口"):
        store.save(rid, new_report("甲局", 2023), expected_rev=1)


def test_missing_report_is_a_chinese_error(store):
    with pytest.raises(StoreError, match="找不到编号为 99"):
        store.load(99)
    with pytest.raises(StoreError, match="找不到编号为 99"):
        store.save(99, new_report("甲局", 2023))
    assert store.revision(99) is None


def test_survives_reopening_like_a_server_restart(db_target, report_2020):
    first = ReportStore(db_target)
    rid = first.create(report_2020)
    first.set_meta("last_report", str(rid))
    first.set_meta("last_report", str(rid + 1))
    first.close()
    second = ReportStore(db_target)
    assert second.load(rid).report == report_2020
    assert second.get_meta("last_report") == str(rid + 1)
    assert second.get_meta("nothing") is None


def test_delete(store):
    rid = store.create(new_report("甲局", 2023))
    store.delete(rid)
    assert store.list_reports() == []


def test_concurrent_saves_from_threads_lose_no_revision(store):
    rid = store.create(new_report("甲局", 2023))
    report = new_report("甲局", 2023)

    def work():
        for _ in range(20):
            store.save(rid, report)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert store.revision(rid) == 81


def test_unwritable_data_dir_is_a_chinese_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(StoreError, match="无法打开数据文件"):
        open_store(blocker)
