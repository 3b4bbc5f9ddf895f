"""SQLite persistence for the app: one row per (agency, year) report, saved whole as JSON with its versions."""

from __future__ import annotations

import os
import sqlite3
import threading
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from drafting.errors import DraftingError
from drafting.model import Report, report_from_json, report_to_json

DB_NAME = "drafting.sqlite3"
DEFAULT_DATA_DIR = "./data"
DATA_DIR_ENV = "DRAFTING_DATA_DIR"

_SCHEMA = """
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


class StoreError(DraftingError):
    """The data folder or a stored report cannot be used as asked."""


class StoreConflict(StoreError):
    """The report was changed elsewhere (another tab) since it was read."""


@dataclass(frozen=True)
class ReportSummary:
    """One line of the report list."""

    id: int
    agency: str
    year: int
    kind: str
    format: str
    rev: int
    updated: str

    @property
    def label(self) -> str:
        """How the report is named in a picker."""
        return f"{self.agency} · {self.year} 年度"


@dataclass(frozen=True)
class StoredReport:
    """A report as loaded, with the id and revision it was saved under."""

    id: int
    rev: int
    report: Report


def resolve_data_dir(data_dir: str | Path | None = None) -> Path:
    """The data folder: the argument, else $DRAFTING_DATA_DIR, else ./data."""
    chosen = data_dir if data_dir not in (None, "") else os.environ.get(DATA_DIR_ENV) or DEFAULT_DATA_DIR
    return Path(str(chosen)).expanduser()


def _missing(report_id: int) -> StoreError:
    return StoreError(f"找不到编号为 {report_id} 的报告，它可能已被删除；请重新打开或新建报告")


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


class ReportStore:
    """All reports of one data folder; safe to share between threads (one connection, one lock)."""

    def __init__(self, path: str | Path) -> None:
        """Open (and create if needed) the SQLite file at path, in WAL mode."""
        self.path = Path(path)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._conn = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None, timeout=10)
            self._conn.execute("PRAGMA journal_mode=WAL")
            self._conn.execute("PRAGMA synchronous=NORMAL")
            self._conn.executescript(_SCHEMA)
        except (OSError, sqlite3.Error) as exc:
            msg = f"无法打开数据文件 {self.path}：{exc}；请检查数据目录（环境变量 {DATA_DIR_ENV}）是否存在且可写"
            raise StoreError(msg) from None
        self._lock = threading.Lock()

    def close(self) -> None:
        """Close the connection."""
        with self._lock:
            self._conn.close()

    def journal_mode(self) -> str:
        """The SQLite journal mode in force (``wal``)."""
        with self._lock:
            return str(self._conn.execute("PRAGMA journal_mode").fetchone()[0])

    def find(self, agency: str, year: int) -> int | None:
        """The id of the report of this agency and year, or None."""
        with self._lock:
            row = self._conn.execute("SELECT id FROM reports WHERE agency=? AND year=?", (agency, year)).fetchone()
        return int(row[0]) if row else None

    def create(self, report: Report) -> int:
        """Save a new report and return its id; an existing (agency, year) is a StoreError."""
        existing = self.find(report.agency, report.year)
        if existing is not None:
            msg = f"已有“{report.agency}”{report.year} 年度的报告，请在“打开已有报告”中打开它"
            raise StoreError(msg)
        now = _now()
        with self._lock:
            cur = self._conn.execute(
                "INSERT INTO reports (agency, year, kind, format, rev, created, updated, body)"
                " VALUES (?, ?, ?, ?, 1, ?, ?, ?)",
                (report.agency, report.year, report.kind, report.format, now, now, report_to_json(report)),
            )
        return int(cur.lastrowid or 0)

    def save(self, report_id: int, report: Report, expected_rev: int | None = None) -> int:
        """Replace a stored report and return its new revision.

        With expected_rev, a report changed elsewhere since that revision raises StoreConflict.
        Moving a report onto another report's (agency, year) is refused, so reports never mix.
        """
        other = self.find(report.agency, report.year)
        if other is not None and other != report_id:
            msg = f"已有“{report.agency}”{report.year} 年度的另一份报告，不能合并；请改用该报告或修改机关名称/年度"
            raise StoreError(msg)
        body = report_to_json(report)
        with self._lock:
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                rev = self._next_rev(report_id, expected_rev)
                self._conn.execute(
                    "UPDATE reports SET agency=?, year=?, kind=?, format=?, rev=?, updated=?, body=? WHERE id=?",
                    (report.agency, report.year, report.kind, report.format, rev, _now(), body, report_id),
                )
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
            self._conn.execute("COMMIT")
        return rev

    def _next_rev(self, report_id: int, expected_rev: int | None) -> int:
        row = self._conn.execute("SELECT rev FROM reports WHERE id=?", (report_id,)).fetchone()
        if row is None:
            raise _missing(report_id)
        if expected_rev is not None and int(row[0]) != expected_rev:
            msg = "这份报告已在其他窗口中修改，已载入最新内容，请重新操作"
            raise StoreConflict(msg)
        return int(row[0]) + 1

    def upsert(self, report: Report) -> int:
        """Save a report under its (agency, year): replace that report if it exists, else create it."""
        existing = self.find(report.agency, report.year)
        if existing is None:
            return self.create(report)
        self.save(existing, report)
        return existing

    def revision(self, report_id: int) -> int | None:
        """The current revision of a report (cheap; used to notice changes from other tabs), or None."""
        with self._lock:
            row = self._conn.execute("SELECT rev FROM reports WHERE id=?", (report_id,)).fetchone()
        return int(row[0]) if row else None

    def load(self, report_id: int) -> StoredReport:
        """The stored report with its revision; a missing id is a StoreError."""
        with self._lock:
            row = self._conn.execute("SELECT rev, body FROM reports WHERE id=?", (report_id,)).fetchone()
        if row is None:
            raise _missing(report_id)
        report = report_from_json(str(row[1]), source=f"数据文件中的报告 {report_id}")
        return StoredReport(report_id, int(row[0]), report)

    def list_reports(self) -> list[ReportSummary]:
        """All reports, newest year first, then by agency."""
        with self._lock:
            rows = self._conn.execute(
                "SELECT id, agency, year, kind, format, rev, updated FROM reports ORDER BY year DESC, agency"
            ).fetchall()
        return [ReportSummary(int(r[0]), r[1], int(r[2]), r[3], r[4], int(r[5]), r[6]) for r in rows]

    def delete(self, report_id: int) -> None:
        """Remove a report."""
        with self._lock:
            self._conn.execute("DELETE FROM reports WHERE id=?", (report_id,))

    def get_meta(self, key: str) -> str | None:
        """A small app setting (e.g. the last opened report), or None."""
        with self._lock:
            row = self._conn.execute("SELECT value FROM meta WHERE key=?", (key,)).fetchone()
        return str(row[0]) if row else None

    def set_meta(self, key: str, value: str) -> None:
        """Remember a small app setting."""
        with self._lock:
            self._conn.execute(
                "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value=excluded.value",
                (key, value),
            )


def open_store(data_dir: str | Path | None = None) -> ReportStore:
    """The store of a data folder (see resolve_data_dir), created on first use."""
    return ReportStore(resolve_data_dir(data_dir) / DB_NAME)
