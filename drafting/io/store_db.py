"""The store's tables and engines: SQLite (a file, WAL, writes begun IMMEDIATE) or PostgreSQL through psycopg 3."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path
from typing import Any

from sqlalchemy import (
    Column,
    Engine,
    Index,
    Integer,
    MetaData,
    Table,
    Text,
    UniqueConstraint,
    create_engine,
    event,
)
from sqlalchemy.engine import URL, Connection, make_url
from sqlalchemy.exc import ArgumentError

# Execution option that makes a SQLite transaction take the write lock at BEGIN (no lock upgrade, no deadlock).
WRITE = "drafting_write"
# PostgreSQL advisory lock taken while the tables are created, so app processes starting together do not collide.
_SCHEMA_LOCK = 0x6E69616E62616F
SUPPORTED = ("sqlite", "postgresql")

metadata = MetaData()

# reports and meta keep the exact columns of the first (sqlite3-only) schema, so old data files open as they are.
reports = Table(
    "reports",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("agency", Text, nullable=False),
    Column("year", Integer, nullable=False),
    Column("kind", Text, nullable=False),
    Column("format", Text, nullable=False),
    Column("rev", Integer, nullable=False),
    Column("created", Text, nullable=False),
    Column("updated", Text, nullable=False),
    Column("body", Text, nullable=False),
    UniqueConstraint("agency", "year"),
)

meta = Table(
    "meta",
    metadata,
    Column("key", Text, primary_key=True),
    Column("value", Text, nullable=False),
)

# No foreign key to reports: the history of a deleted report is kept.
audit = Table(
    "audit",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("report_id", Integer, nullable=False),
    Column("rev", Integer, nullable=False),
    Column("user_name", Text, nullable=True),
    Column("at", Text, nullable=False),
    Column("action", Text, nullable=False),
    Column("changes", Text, nullable=False),
    Index("audit_report_rev", "report_id", "rev"),
)


class BadDatabaseUrl(ValueError):
    """DRAFTING_DATABASE_URL is not a SQLite or PostgreSQL URL."""


def sqlite_url(path: Path) -> URL:
    """The URL of a SQLite file."""
    return URL.create("sqlite", database=str(path))


def parse_url(text: str) -> URL:
    """A database URL; postgresql:// and postgres:// use psycopg 3 (the driver this project installs)."""
    try:
        url = make_url(text.strip())
    except ArgumentError:
        msg = "不是有效的数据库地址"
        raise BadDatabaseUrl(msg) from None
    if url.get_backend_name() not in SUPPORTED:
        msg = f"不支持的数据库类型“{url.get_backend_name()}”，只支持 sqlite 和 postgresql"
        raise BadDatabaseUrl(msg)
    if url.drivername in ("postgresql", "postgres"):
        url = url.set(drivername="postgresql+psycopg")
    return url


def masked(url: URL) -> str:
    """The URL as it may be shown or logged: the password replaced by ***."""
    return url.render_as_string(hide_password=True)


def scrub(text: str, url: URL) -> str:
    """A driver message with the URL's password removed, should the driver have echoed it."""
    return text.replace(url.password, "***") if url.password else text


def make_engine(url: URL) -> Engine:
    """An engine for the URL, set up for its backend."""
    if url.get_backend_name() == "sqlite":
        return _sqlite_engine(url)
    return create_engine(url, pool_pre_ping=True, pool_size=5, max_overflow=10)


def create_schema(engine: Engine, tables: MetaData = metadata) -> None:
    """Create the missing tables (existing ones and their data are left as they are), one process at a time.

    Other table sets kept in the same database (the accounts) pass their own MetaData to get the same lock.
    """
    with engine.connect() as conn:
        conn.execution_options(**{WRITE: True})
        with conn.begin():
            if conn.dialect.name == "postgresql":
                conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({_SCHEMA_LOCK})")
            tables.create_all(conn)


def _sqlite_engine(url: URL) -> Engine:
    engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 10})
    event.listen(engine, "connect", _sqlite_connect)
    event.listen(engine, "begin", _sqlite_begin)
    return engine


def _sqlite_connect(dbapi_conn: Any, _record: Any) -> None:
    """WAL as before; the driver's own transaction handling is off so that _sqlite_begin decides."""
    dbapi_conn.isolation_level = None
    cursor = dbapi_conn.cursor()
    _wal(cursor)
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _wal(cursor: Any, attempts: int = 100) -> None:
    """Switch a database to WAL. The switch needs the database to itself and SQLite does not wait for that
    (the busy timeout does not apply), so processes opening a new database together retry for up to ~5 s."""
    for attempt in range(attempts):
        try:
            if cursor.execute("PRAGMA journal_mode").fetchone()[0] == "wal":
                return
            cursor.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError:
            if attempt == attempts - 1:
                raise
            time.sleep(0.05)


def _sqlite_begin(conn: Connection) -> None:
    conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get(WRITE) else "BEGIN")
