"""Moving a SQLite data file to PostgreSQL (and back) with copy_from / `python -m drafting.io.store_cli copy-store`:
every report, revision, setting and audit row arrives; a target that holds data is refused."""

from __future__ import annotations

import pytest

from drafting.io.store import ReportStore, StoreError
from drafting.io.store_cli import main
from drafting.model import new_report


def _filled_sqlite(path, report_2023) -> tuple[ReportStore, list[int]]:
    store = ReportStore(path)
    ids = [store.create(report_2023, user="张三"), store.create(new_report("乙局", 2022))]
    store.save(ids[1], new_report("乙局", 2022, "乡镇"), user="李四")
    gone = store.create(new_report("丙局", 2021))
    store.delete(gone)
    store.set_meta("last_report", str(ids[0]))
    return store, [*ids, gone]


def test_sqlite_to_postgresql_and_back_keeps_everything(pg_server, tmp_path, report_2023):
    lite, ids = _filled_sqlite(tmp_path / "a.sqlite3", report_2023)
    pg = ReportStore(pg_server.new_database())
    assert pg.copy_from(lite) == {"reports": 2, "audit": 5, "meta": 1}
    back = ReportStore(tmp_path / "b.sqlite3")
    back.copy_from(pg)
    for copy in (pg, back):
        assert copy.list_reports() == lite.list_reports()
        assert [copy.load(i) for i in ids[:2]] == [lite.load(i) for i in ids[:2]]
        assert [copy.history(i) for i in ids] == [lite.history(i) for i in ids]
        assert copy.get_meta("last_report") == str(ids[0])
    assert pg.create(new_report("丁局", 2023)) == ids[2] + 1


def test_a_target_with_data_is_refused_and_left_alone(pg_server, tmp_path, report_2023):
    lite, _ = _filled_sqlite(tmp_path / "a.sqlite3", report_2023)
    pg = ReportStore(pg_server.new_database())
    own = pg.create(new_report("戊局", 2023))
    with pytest.raises(StoreError, match="已有报告或修改记录"):
        pg.copy_from(lite)
    assert [s.id for s in pg.list_reports()] == [own]


def test_command_prints_counts_without_the_password(pg_server, tmp_path, report_2023, capsys):
    _filled_sqlite(tmp_path / "a.sqlite3", report_2023)
    url = pg_server.new_database().replace("drafting@", "drafting:s3cret-pw@")
    assert main(["copy-store", str(tmp_path / "a.sqlite3"), url]) == 0
    out = capsys.readouterr().out
    assert "2 份报告，5 条修改记录，1 项设置" in out
    assert "s3cret-pw" not in out and "drafting:***@" in out
    assert main(["copy-store", str(tmp_path / "a.sqlite3"), url]) == 1
    assert "已有报告" in capsys.readouterr().err


def test_a_missing_source_file_is_an_error_and_creates_nothing(tmp_path, capsys):
    assert main(["copy-store", str(tmp_path / "nope.sqlite3"), str(tmp_path / "new.sqlite3")]) == 1
    assert "找不到来源数据文件" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []
