"""Persistence behind one interface: one row per (agency, year) report, saved whole as JSON with its versions,
an audit row per change; SQLite by default (a file in the data folder), PostgreSQL via DRAFTING_DATABASE_URL."""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager, nullcontext
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, Row, Table, delete, func, insert, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import URL
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from drafting.errors import DraftingError
from drafting.io.audit import AuditEntry, changed_parts
from drafting.io.store_db import (
    WRITE,
    BadDatabaseUrl,
    audit,
    create_schema,
    make_engine,
    masked,
    meta,
    parse_url,
    reports,
    scrub,
    sqlite_url,
)
from drafting.model import Report, report_from_json, report_to_json

__all__ = [
    "DATABASE_URL_ENV",
    "DATA_DIR_ENV",
    "DB_NAME",
    "AuditEntry",
    "ReportStore",
    "ReportSummary",
    "StoreConflict",
    "StoreError",
    "StoredReport",
    "open_store",
    "resolve_data_dir",
]

DB_NAME = "drafting.sqlite3"
DEFAULT_DATA_DIR = "./data"
DATA_DIR_ENV = "DRAFTING_DATA_DIR"
DATABASE_URL_ENV = "DRAFTING_DATABASE_URL"


class StoreError(DraftingError):
    """The data folder, the database or a stored report cannot be used as asked."""


class StoreConflict(StoreError):
    """The report was changed elsewhere (another tab or user) since it was read."""


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


def _exists(report: Report) -> StoreError:
    return StoreError(f"已有“{report.agency}”{report.year} 年度的报告，请在“打开已有报告”中打开它")


def _would_mix(report: Report) -> StoreError:
    msg = f"已有“{report.agency}”{report.year} 年度的另一份报告，不能合并；请改用该报告或修改机关名称/年度"
    return StoreError(msg)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


def _target_url(target: str | Path) -> URL:
    """A SQLite file path (Path, or a string without ://) or a database URL."""
    if isinstance(target, str) and "://" in target:
        try:
            return parse_url(target)
        except BadDatabaseUrl as exc:
            raise StoreError(f"环境变量 {DATABASE_URL_ENV} 有误：{exc}") from None
    return sqlite_url(Path(target).expanduser())


def _reason(exc: BaseException) -> str:
    """The driver's own message (not SQLAlchemy's wrapper with the statement)."""
    return str(getattr(exc, "orig", None) or exc).strip()


def _summary(row: Row[Any]) -> ReportSummary:
    return ReportSummary(int(row.id), row.agency, int(row.year), row.kind, row.format, int(row.rev), row.updated)


def _entry(row: Row[Any]) -> AuditEntry:
    changes = tuple(json.loads(row.changes))
    return AuditEntry(int(row.report_id), int(row.rev), row.user_name, row.at, row.action, changes)


class ReportStore:
    """All reports of one database; safe to share between threads (a connection pool)."""

    def __init__(self, target: str | Path) -> None:
        """Open the database (a SQLite file path or a database URL), creating missing tables; data kept as is."""
        self.url = _target_url(target)
        self.backend = self.url.get_backend_name()
        self.path: Path | str = Path(self.url.database or "") if self.is_sqlite else masked(self.url)
        self._write_lock: AbstractContextManager[Any] = threading.Lock() if self.is_sqlite else nullcontext()
        try:
            if isinstance(self.path, Path):
                self.path.parent.mkdir(parents=True, exist_ok=True)
            self._engine = make_engine(self.url)
            create_schema(self._engine)
        except (OSError, SQLAlchemyError) as exc:
            raise StoreError(self._open_error(exc)) from None

    @property
    def engine(self) -> Engine:
        """The SQLAlchemy engine (and its pool), for tables kept beside the reports in the same database."""
        return self._engine

    @property
    def is_sqlite(self) -> bool:
        """True for the single-file SQLite store."""
        return self.backend == "sqlite"

    def _open_error(self, exc: BaseException) -> str:
        reason = scrub(_reason(exc), self.url)
        if self.is_sqlite:
            return f"无法打开数据文件 {self.path}：{reason}；请检查数据目录（环境变量 {DATA_DIR_ENV}）是否存在且可写"
        return f"无法连接数据库 {self.path}：{reason}；请检查环境变量 {DATABASE_URL_ENV} 和数据库服务器"

    def close(self) -> None:
        """Close every pooled connection."""
        self._engine.dispose()

    @contextmanager
    def _errors(self) -> Iterator[None]:
        """Database failures (server gone, disk full) as a Chinese StoreError; a unique clash passes through."""
        try:
            yield
        except IntegrityError:
            raise
        except SQLAlchemyError as exc:
            reason = scrub(_reason(exc), self.url)
            msg = f"读写数据库 {self.path} 失败：{reason}；如果刚才在保存，这次修改没有保存，请稍后重试"
            raise StoreError(msg) from None

    @contextmanager
    def _read(self) -> Iterator[Connection]:
        """One statement per read, so PostgreSQL reads run without BEGIN/ROLLBACK round trips (autocommit)."""
        with self._errors(), self._engine.connect() as conn:
            if not self.is_sqlite:
                conn.execution_options(isolation_level="AUTOCOMMIT")
            yield conn

    @contextmanager
    def _snapshot(self) -> Iterator[Connection]:
        """Several reads that see one moment (REPEATABLE READ on PostgreSQL, a read transaction on SQLite)."""
        with self._errors(), self._engine.connect() as conn:
            if not self.is_sqlite:
                conn.execution_options(isolation_level="REPEATABLE READ")
            with conn.begin():
                yield conn

    @contextmanager
    def _write(self) -> Iterator[Connection]:
        """One transaction that commits on success; SQLite writers queue in-process, then on the file lock."""
        with self._errors(), self._write_lock, self._engine.connect() as conn:
            conn.execution_options(**{WRITE: True})
            with conn.begin():
                yield conn

    def journal_mode(self) -> str:
        """The SQLite journal mode in force (``wal``); the backend's name for other databases."""
        if not self.is_sqlite:
            return self.backend
        with self._read() as conn:
            return str(conn.exec_driver_sql("PRAGMA journal_mode").scalar_one())

    def find(self, agency: str, year: int) -> int | None:
        """The id of the report of this agency and year, or None."""
        query = select(reports.c.id).where(reports.c.agency == agency, reports.c.year == year)
        with self._read() as conn:
            found = conn.execute(query).scalar_one_or_none()
        return None if found is None else int(found)

    def create(self, report: Report, *, user: str | None = None) -> int:
        """Save a new report and return its id; an existing (agency, year) is a StoreError."""
        if self.find(report.agency, report.year) is not None:
            raise _exists(report)
        body = report_to_json(report)
        values = {**self._columns(report, body), "rev": 1}
        values["created"] = values["updated"]
        try:
            with self._write() as conn:
                if self.is_sqlite:
                    values["id"] = _unused_id(conn)
                report_id = int(conn.execute(insert(reports).values(**values).returning(reports.c.id)).scalar_one())
                self._record(conn, report_id, 1, user, "create", changed_parts(None, body))
        except IntegrityError:
            raise _exists(report) from None
        return report_id

    def save(self, report_id: int, report: Report, expected_rev: int | None = None, *, user: str | None = None) -> int:
        """Replace a stored report, record who changed what, and return its new revision.

        With expected_rev, a report changed elsewhere since that revision raises StoreConflict; the row is locked
        from the check to the write, so two saves at once never lose an update.
        Moving a report onto another report's (agency, year) is refused, so reports never mix.
        """
        other = self.find(report.agency, report.year)
        if other is not None and other != report_id:
            raise _would_mix(report)
        body = report_to_json(report)
        try:
            with self._write() as conn:
                rev, old_body = self._lock_row(conn, report_id, expected_rev)
                values = self._columns(report, body)
                conn.execute(update(reports).where(reports.c.id == report_id).values(**values, rev=rev))
                self._record(conn, report_id, rev, user, "save", changed_parts(old_body, body))
        except IntegrityError:
            raise _would_mix(report) from None
        return rev

    @staticmethod
    def _columns(report: Report, body: str) -> dict[str, Any]:
        fields = {"agency": report.agency, "year": report.year, "kind": report.kind, "format": report.format}
        return {**fields, "updated": _now(), "body": body}

    @staticmethod
    def _lock_row(conn: Connection, report_id: int, expected_rev: int | None) -> tuple[int, str]:
        """The next revision and the stored body, the row locked until commit (PostgreSQL; SQLite holds the file)."""
        query = select(reports.c.rev, reports.c.body).where(reports.c.id == report_id).with_for_update()
        row = conn.execute(query).one_or_none()
        if row is None:
            raise _missing(report_id)
        if expected_rev is not None and int(row.rev) != expected_rev:
            msg = "这份报告已在其他窗口中修改，已载入最新内容，请重新操作"
            raise StoreConflict(msg)
        return int(row.rev) + 1, str(row.body)

    @staticmethod
    def _record(
        conn: Connection, report_id: int, rev: int, user: str | None, action: str, changes: Sequence[str]
    ) -> None:
        values = {"report_id": report_id, "rev": rev, "user_name": user, "at": _now(), "action": action}
        conn.execute(insert(audit).values(**values, changes=json.dumps(list(changes), ensure_ascii=False)))

    def upsert(self, report: Report, *, user: str | None = None) -> int:
        """Save a report under its (agency, year): replace that report if it exists, else create it."""
        existing = self.find(report.agency, report.year)
        if existing is None:
            return self.create(report, user=user)
        self.save(existing, report, user=user)
        return existing

    def revision(self, report_id: int) -> int | None:
        """The current revision of a report (cheap; used to notice changes from other tabs), or None."""
        with self._read() as conn:
            rev = conn.execute(select(reports.c.rev).where(reports.c.id == report_id)).scalar_one_or_none()
        return None if rev is None else int(rev)

    def load(self, report_id: int) -> StoredReport:
        """The stored report with its revision; a missing id is a StoreError."""
        with self._read() as conn:
            row = conn.execute(select(reports.c.rev, reports.c.body).where(reports.c.id == report_id)).one_or_none()
        if row is None:
            raise _missing(report_id)
        report = report_from_json(str(row.body), source=f"数据文件中的报告 {report_id}")
        return StoredReport(report_id, int(row.rev), report)

    def list_reports(self) -> list[ReportSummary]:
        """All reports, newest year first, then by agency (ordered here, the same on every backend)."""
        columns = [c for c in reports.c if c.name not in ("body", "created")]
        with self._read() as conn:
            rows = conn.execute(select(*columns)).all()
        return sorted((_summary(r) for r in rows), key=lambda s: (-s.year, s.agency, s.id))

    def delete(self, report_id: int, *, user: str | None = None) -> None:
        """Remove a report; its history stays, with the deletion as its last entry."""
        with self._write() as conn:
            rev = conn.execute(select(reports.c.rev).where(reports.c.id == report_id)).scalar_one_or_none()
            if rev is None:
                return
            conn.execute(delete(reports).where(reports.c.id == report_id))
            self._record(conn, report_id, int(rev), user, "delete", [])

    def history(self, report_id: int) -> list[AuditEntry]:
        """Every recorded change of a report, oldest first: revision, user, time (UTC), action and changed parts."""
        query = select(audit).where(audit.c.report_id == report_id).order_by(audit.c.id)
        with self._read() as conn:
            return [_entry(row) for row in conn.execute(query)]

    def get_meta(self, key: str) -> str | None:
        """A small app setting (e.g. the last opened report), or None."""
        with self._read() as conn:
            value = conn.execute(select(meta.c.value).where(meta.c.key == key)).scalar_one_or_none()
        return None if value is None else str(value)

    def set_meta(self, key: str, value: str) -> None:
        """Remember a small app setting."""
        with self._write() as conn:
            conn.execute(self._meta_upsert(key, value))

    def _meta_upsert(self, key: str, value: str) -> Any:
        if self.is_sqlite:
            lite = sqlite_insert(meta).values(key=key, value=value)
            return lite.on_conflict_do_update(index_elements=[meta.c.key], set_={"value": lite.excluded.value})
        pg = pg_insert(meta).values(key=key, value=value)
        return pg.on_conflict_do_update(index_elements=[meta.c.key], set_={"value": pg.excluded.value})

    def copy_from(self, source: ReportStore) -> dict[str, int]:
        """Copy every report (same ids and revisions), setting and audit row of another store into this empty one.

        Used to move a SQLite data file to PostgreSQL (or back); the source is only read. Returns rows per table.
        """
        if self.list_reports() or self._count(audit):
            msg = f"目标数据库 {self.path} 中已有报告或修改记录，为免混淆未复制；请指定一个新建的空数据库"
            raise StoreError(msg)
        with source._snapshot() as src, self._write() as dst:
            counts = {table.name: _copy_rows(src, dst, table) for table in (reports, audit)}
            settings = src.execute(select(meta)).all()
            for row in settings:
                dst.execute(self._meta_upsert(row.key, row.value))
            if not self.is_sqlite:
                _restart_ids(dst)
        return {**counts, "meta": len(settings)}

    def _count(self, table: Table) -> int:
        with self._read() as conn:
            return int(conn.execute(select(func.count()).select_from(table)).scalar_one())


def _copy_rows(src: Connection, dst: Connection, table: Table) -> int:
    rows = [dict(row._mapping) for row in src.execute(select(table).order_by(table.c.id))]
    if rows:
        dst.execute(insert(table), rows)
    return len(rows)


def _unused_id(conn: Connection) -> int:
    """An id no report ever had, deleted ones included, so a history never mixes two reports (SQLite would reuse
    the highest id once it is deleted; PostgreSQL's sequence never does)."""
    found = [conn.execute(select(func.max(column))).scalar() for column in (reports.c.id, audit.c.report_id)]
    return max((int(value) for value in found if value is not None), default=0) + 1


def _restart_ids(conn: Connection) -> None:
    """PostgreSQL: new ids continue after the copied ones (rows inserted with explicit ids leave the sequence)."""
    last_audit = conn.execute(select(func.max(audit.c.id))).scalar()
    for name, last in (("reports", _unused_id(conn) - 1), ("audit", int(last_audit or 0))):
        if last > 0:
            conn.exec_driver_sql(f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), {last})")


def open_store(data_dir: str | Path | None = None) -> ReportStore:
    """The store: $DRAFTING_DATABASE_URL when set, else the SQLite file of the data folder (see resolve_data_dir)."""
    url = os.environ.get(DATABASE_URL_ENV, "").strip()
    return ReportStore(url) if url else ReportStore(resolve_data_dir(data_dir) / DB_NAME)
