"""Submit and review: a 起草人 submits a frozen copy of their report, a 审核人 returns it with comments or approves."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from sqlalchemy import Row, func, insert, select

from drafting.accounts.access import authorize, can_review
from drafting.accounts.db import Database, stamp
from drafting.accounts.model import AccountError, Role, User
from drafting.accounts.tables import submissions
from drafting.io.store import ReportStore, ReportSummary
from drafting.model import Report, report_from_json, report_to_json


class Status(StrEnum):
    """Where a report is in the workflow."""

    DRAFT = "草稿"
    SUBMITTED = "已提交"
    RETURNED = "已退回"
    APPROVED = "已通过"


@dataclass(frozen=True)
class Step:
    """One step of a report's workflow: the revision concerned, the comment, who and when (UTC)."""

    report_id: int
    status: Status
    rev: int
    comment: str | None
    user: str
    at: str


@dataclass(frozen=True)
class Unit:
    """A line of the review table: a report and its latest workflow step (None: never submitted)."""

    summary: ReportSummary
    step: Step | None

    @property
    def status(self) -> Status:
        """草稿 until first submitted."""
        return self.step.status if self.step else Status.DRAFT

    @property
    def changed_since(self) -> bool:
        """The report was edited after the step's revision (a new version beside the frozen one)."""
        return self.step is not None and self.summary.rev > self.step.rev


def _step(row: Row[Any]) -> Step:
    return Step(int(row.report_id), Status(row.status), int(row.rev), row.comment, row.user_name, row.at)


class Workflow:
    """The workflow steps of one database."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def steps(self, report_id: int) -> list[Step]:
        """Every step of a report, oldest first."""
        query = select(submissions).where(submissions.c.report_id == report_id).order_by(submissions.c.id)
        with self.db.read() as conn:
            return [_step(row) for row in conn.execute(query)]

    def latest(self, report_id: int) -> Step | None:
        """The report's current state, or None for a report never submitted."""
        steps = self.steps(report_id)
        return steps[-1] if steps else None

    def submit(self, store: ReportStore, user: User, report_id: int) -> Step:
        """Freeze the report's current revision and body as submitted (a 起草人, on their own agency's report)."""
        stored = store.load(report_id)
        if user.role is not Role.DRAFTER or not authorize(user, stored.report, "edit", report_id):
            msg = "只有本单位的起草人可以提交此报告"
            raise AccountError(msg)
        last = self.latest(report_id)
        if last and last.status in (Status.SUBMITTED, Status.APPROVED) and last.rev == stored.rev:
            msg = f"第 {stored.rev} 版已经{last.status.value}，修改后才能再次提交"
            raise AccountError(msg)
        return self._add(report_id, Status.SUBMITTED, stored.rev, user, body=report_to_json(stored.report))

    def decide(self, store: ReportStore, user: User, report_id: int, approve: bool, comment: str = "") -> Step:
        """Approve or return (with a comment) the submitted version (a 审核人 whose scope holds the agency)."""
        last = self.latest(report_id)
        summary = _summary(store, report_id)
        if summary is None or not authorize(user, summary, "review", report_id):
            msg = "无权审核此报告"
            raise AccountError(msg)
        if last is None or last.status is not Status.SUBMITTED:
            msg = "这份报告没有待审核的提交"
            raise AccountError(msg)
        if not approve and not comment.strip():
            msg = "退回时请写明修改意见"
            raise AccountError(msg)
        status = Status.APPROVED if approve else Status.RETURNED
        return self._add(report_id, status, last.rev, user, comment=comment.strip() or None)

    def _add(self, report_id: int, status: Status, rev: int, user: User, **extra: str | None) -> Step:
        at = stamp(self.db.clock())
        values = {"report_id": report_id, "status": status.value, "rev": rev, "user_name": user.name, "at": at}
        with self.db.write() as conn:
            conn.execute(insert(submissions).values(**values, **extra))
        return Step(report_id, status, rev, extra.get("comment"), user.name, at)

    def frozen(self, report_id: int) -> Report | None:
        """The body of the latest submission (what the 审核人 reviews, whatever was edited since)."""
        query = (
            select(submissions.c.body)
            .where(submissions.c.report_id == report_id, submissions.c.status == Status.SUBMITTED.value)
            .order_by(submissions.c.id.desc())
            .limit(1)
        )
        with self.db.read() as conn:
            body = conn.execute(query).scalar_one_or_none()
        return None if body is None else report_from_json(str(body), source=f"报告 {report_id} 提交的版本")

    def units(self, store: ReportStore, user: User) -> list[Unit]:
        """The review table: the reports of the agencies in a 审核人's scope, each with its latest step."""
        latest = self._latest_steps()
        return [Unit(s, latest.get(s.id)) for s in store.list_reports() if can_review(user, s)]

    def _latest_steps(self) -> dict[int, Step]:
        newest = select(func.max(submissions.c.id)).group_by(submissions.c.report_id)
        with self.db.read() as conn:
            rows = conn.execute(select(submissions).where(submissions.c.id.in_(newest)))
            return {int(row.report_id): _step(row) for row in rows}

    def approved(self) -> list[Report]:
        """The approved (frozen) versions of every approved report, for the roll-up."""
        ids = [rid for rid, step in self._latest_steps().items() if step.status is Status.APPROVED]
        return [r for r in (self.frozen(rid) for rid in sorted(ids)) if r is not None]


def _summary(store: ReportStore, report_id: int) -> ReportSummary | None:
    return next((s for s in store.list_reports() if s.id == report_id), None)
