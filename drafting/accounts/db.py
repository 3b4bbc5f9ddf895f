"""Connections to the store's database for the account tables: the store's URL, its engine set-up, UTC times."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime

from sqlalchemy import Connection, Engine
from sqlalchemy.exc import SQLAlchemyError

from drafting.accounts.model import AccountError
from drafting.accounts.tables import create_tables
from drafting.io.store import ReportStore
from drafting.io.store_db import WRITE, scrub

Clock = Callable[[], datetime]


def utc_now() -> datetime:
    """The current time in UTC (the default clock; tests inject their own)."""
    return datetime.now(UTC)


def stamp(moment: datetime) -> str:
    """A time as stored: ISO 8601 in UTC."""
    return moment.astimezone(UTC).isoformat(timespec="seconds")


def parse(text: str) -> datetime:
    """A stored time back as an aware datetime."""
    return datetime.fromisoformat(text)


def engine_for(store: ReportStore) -> Engine:
    """The store's own engine (one pool), with the account tables created."""
    engine = store.engine
    try:
        create_tables(engine)
    except SQLAlchemyError as exc:
        msg = f"无法在数据库 {store.path} 中建立账户表：{scrub(str(exc), store.url)}"
        raise AccountError(msg) from None
    return engine


class Database:
    """Reads and one-transaction writes on an engine (SQLite writes take the file lock at BEGIN)."""

    def __init__(self, engine: Engine, clock: Clock = utc_now) -> None:
        self.engine = engine
        self.clock = clock

    @contextmanager
    def read(self) -> Iterator[Connection]:
        """A connection for queries."""
        with self.engine.connect() as conn:
            yield conn

    @contextmanager
    def write(self) -> Iterator[Connection]:
        """A connection in a transaction that commits on success."""
        with self.engine.connect() as conn:
            conn.execution_options(**{WRITE: True})
            with conn.begin():
                yield conn
