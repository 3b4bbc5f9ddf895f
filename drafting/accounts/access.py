"""Who may read, edit and review which report: the one place access is decided, refusals logged."""

from __future__ import annotations

import logging
from typing import Protocol

from drafting.accounts.model import Role, User

log = logging.getLogger("drafting.access")


class HasAgency(Protocol):
    """A report or a report summary: access follows its agency."""

    @property
    def agency(self) -> str: ...


def can_read(user: User, report: HasAgency) -> bool:
    """起草人 read their agency's reports, 审核人 their own agency's and their scope's; 管理员 none."""
    if user.role is Role.DRAFTER:
        return report.agency == user.agency
    if user.role is Role.REVIEWER:
        return report.agency == user.agency or report.agency in user.scope
    return False


def can_edit(user: User, report: HasAgency) -> bool:
    """Only the reports of the user's own agency are edited (a 审核人 may keep their own 本级 report)."""
    return user.role in (Role.DRAFTER, Role.REVIEWER) and user.agency is not None and report.agency == user.agency


def can_review(user: User, report: HasAgency) -> bool:
    """A 审核人 returns or approves the reports of the agencies in their scope."""
    return user.role is Role.REVIEWER and report.agency in user.scope


def authorize(user: User, report: HasAgency, action: str, report_id: int | None = None) -> bool:
    """Whether `user` may `action` (read, edit, review) `report`; a refusal is logged with user and report id."""
    rule = {"read": can_read, "edit": can_edit, "review": can_review}[action]
    if rule(user, report):
        return True
    log.warning("access refused: user=%s role=%s action=%s report=%s", user.name, user.role.value, action, report_id)
    return False
