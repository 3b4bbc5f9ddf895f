"""The store as one user may see it: reports outside their rights are hidden or refused, saves carry their name."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import select

from drafting.accounts.access import authorize, can_read
from drafting.accounts.model import DENIED, DENIED_EDIT, SESSION_ENDED, User
from drafting.io.audit import AuditEntry
from drafting.io.store import ReportStore, ReportSummary, StoredReport, StoreError
from drafting.io.store_db import reports
from drafting.model import Report


class AccessDenied(StoreError):
    """The user may not read or change this report (logged by authorize)."""


@dataclass(frozen=True)
class _Agency:
    agency: str


class ScopedStore(ReportStore):
    """A ReportStore seen through one user's rights; shares the store's engine, pool and write lock.

    `current` (when given) says who the user is now, or None once their session has ended: it is asked
    again before every write, since the view may have been made before they were switched off or their
    rights changed (the app's callbacks run before its sign-in check).
    """

    def __init__(
        self, inner: ReportStore, user: User, current: Callable[[], User | None] | None = None
    ) -> None:  # no super().__init__: nothing is opened twice
        self.__dict__.update(inner.__dict__)
        self.user = user
        self._current = current

    def _writer(self) -> User:
        """The user as they are now, for a write; AccessDenied when their session has ended."""
        if self._current is not None:
            now = self._current()
            if now is None:
                raise AccessDenied(SESSION_ENDED)
            self.user = now
        return self.user

    def agency_of(self, report_id: int) -> str | None:
        """The stored agency of a report (whoever asks), or None when there is no such report."""
        with self._read() as conn:
            found = conn.execute(select(reports.c.agency).where(reports.c.id == report_id)).scalar_one_or_none()
        return None if found is None else str(found)

    def allowed(self, report_id: int, action: str) -> bool:
        """Whether the user may read/edit this stored report (a refusal is logged); a missing report is not."""
        agency = self.agency_of(report_id)
        return agency is not None and authorize(self.user, _Agency(agency), action, report_id)

    def readable(self, report_id: int) -> bool:
        """Whether the report exists and the user may read it, without logging (a lookup, not an attempt)."""
        agency = self.agency_of(report_id)
        return agency is not None and can_read(self.user, _Agency(agency))

    def _require(self, report_id: int, action: str) -> None:
        if self.agency_of(report_id) is not None and not self.allowed(report_id, action):
            raise AccessDenied(DENIED if action == "read" else DENIED_EDIT)

    def find(self, agency: str, year: int) -> int | None:
        """The id of a report the user may read, else None."""
        found = super().find(agency, year)
        return found if found is not None and self.allowed(found, "read") else None

    def list_reports(self) -> list[ReportSummary]:
        """The reports the user may read."""
        return [s for s in super().list_reports() if can_read(self.user, s)]

    def revision(self, report_id: int) -> int | None:
        """None for a report the user may not read, as for a missing one (one query: every rerun asks)."""
        with self._read() as conn:
            found = conn.execute(
                select(reports.c.agency, reports.c.rev).where(reports.c.id == report_id)
            ).one_or_none()
        if found is None or not can_read(self.user, _Agency(str(found.agency))):
            return None
        return int(found.rev)

    def load(self, report_id: int) -> StoredReport:
        """The report, if the user may read it."""
        self._require(report_id, "read")
        return super().load(report_id)

    def history(self, report_id: int) -> list[AuditEntry]:
        """The report's changes, if the user may read it."""
        self._require(report_id, "read")
        return super().history(report_id)

    def create(self, report: Report, *, user: str | None = None) -> int:
        """Create a report of the user's own agency, recorded under their name."""
        if not authorize(self._writer(), report, "edit"):
            raise AccessDenied(DENIED_EDIT)
        return super().create(report, user=self.user.name)

    def save(self, report_id: int, report: Report, expected_rev: int | None = None, *, user: str | None = None) -> int:
        """Save a report the user may edit, under an agency they may edit, recorded under their name."""
        self._writer()
        self._require(report_id, "edit")
        if not authorize(self.user, report, "edit", report_id):
            raise AccessDenied(DENIED_EDIT)
        return super().save(report_id, report, expected_rev, user=self.user.name)

    def delete(self, report_id: int, *, user: str | None = None) -> None:
        """Delete a report the user may edit."""
        self._writer()
        self._require(report_id, "edit")
        super().delete(report_id, user=self.user.name)

    def copy_from(self, source: ReportStore) -> dict[str, int]:
        """Never through one user's view: copying a whole database is an administrator's CLI task."""
        raise AccessDenied(DENIED_EDIT)
