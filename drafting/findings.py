"""The finding type shared by the table checks and the draft gate."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Severity(StrEnum):
    """How much a finding matters: errors block a final report, warnings ask to look again, notes only inform
    (nothing to change unless the reader sees a reason; not counted among the open findings)."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def label(self) -> str:
        """The Chinese word for the severity."""
        return {"error": "错误", "warning": "提示", "info": "说明"}[self.value]


@dataclass(frozen=True)
class Finding:
    """One problem found in a report or a draft.

    `cells` names the table cells concerned (cell ids such as ``t3.new.total``); `span` is the
    (start, end) character range in a section's text for findings of the draft gate; `waiver` is the
    key under which the user may confirm a flagged number as correct (see SectionState.waived).
    """

    rule: str
    severity: Severity
    message: str
    cells: tuple[str, ...] = ()
    section: str | None = None
    span: tuple[int, int] | None = None
    waiver: str | None = None

    def __str__(self) -> str:
        return f"[{self.rule} {self.severity.label}] {self.message}"


def has_errors(findings: list[Finding]) -> bool:
    """True when any finding is an error."""
    return any(f.severity is Severity.ERROR for f in findings)
