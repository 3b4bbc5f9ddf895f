"""Helpers for the account tests: a cheap hasher, a settable clock, users and reports (holds no tests itself)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from argon2 import PasswordHasher

from drafting.accounts.passwords import Passwords
from drafting.accounts.service import Accounts
from drafting.io.store import ReportStore, open_store
from drafting.model import new_report

PASSWORD = "correct horse 1"
AGENCY_A = "青川县示例甲局"  # fictional
AGENCY_B = "青川县示例乙局"  # fictional
FAST = Passwords(PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))


class Clock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = datetime(2026, 1, 10, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


def accounts_for(store: ReportStore, clock: Clock | None = None) -> Accounts:
    """The accounts of the store's database, with a cheap hasher (and an injected clock)."""
    return Accounts.for_store(store, clock or Clock(), FAST)


def data_store(data_dir: str | Path) -> ReportStore:
    """The store of a data folder."""
    return open_store(data_dir)


def two_reports(store: ReportStore) -> tuple[int, int]:
    """One 2024 report of each fictional agency."""
    return store.create(new_report(AGENCY_A, 2024, "部门")), store.create(new_report(AGENCY_B, 2024, "部门"))
