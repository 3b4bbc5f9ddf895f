"""What the review found for one unit: its import status and every finding, ready to sort and export."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from drafting.model import Report

# Severities of review findings, worst first; import notes are "提示" like the checks' warnings.
ERROR = "错误"
WARNING = "提示"
NOTE = "说明"  # informs only: counted neither as an error nor as a warning
SEVERITY_RANK = {ERROR: 0, WARNING: 1, NOTE: 2}


class Status(StrEnum):
    """The outcome of one file, in the order the output lists them (worst first)."""

    UNREADABLE = "无法读取"
    ERRORS = "有错误"
    WARNINGS = "有提示"
    PASSED = "通过"

    @property
    def rank(self) -> int:
        """0 for the worst outcome."""
        return list(Status).index(self)


@dataclass(frozen=True)
class ReviewFinding:
    """One problem of one unit: the rule, its severity, where it is (table cell or section position), what."""

    rule: str
    severity: str
    where: str
    message: str


@dataclass
class UnitReview:
    """The review of one file: who and what it is, how it was read, and what was found."""

    source: str
    agency: str = ""
    year: int | None = None
    format: str = ""
    kind: str = ""
    failure: str = ""
    findings: list[ReviewFinding] = field(default_factory=list)
    report: Report | None = None
    unread: int = 0
    similarity: dict[str, int] = field(default_factory=dict)
    prior_source: str = ""

    @property
    def status(self) -> Status:
        """无法读取 / 有错误 / 有提示 / 通过."""
        if self.failure:
            return Status.UNREADABLE
        if self.errors:
            return Status.ERRORS
        return Status.WARNINGS if self.warnings else Status.PASSED

    @property
    def errors(self) -> int:
        """How many error-level findings."""
        return sum(1 for f in self.findings if f.severity == ERROR)

    @property
    def warnings(self) -> int:
        """How many warning-level findings (import notes included)."""
        return sum(1 for f in self.findings if f.severity == WARNING)

    @property
    def unit(self) -> str:
        """The unit's name as shown: its agency, or the file when it could not be read."""
        return self.agency or self.source

    def first_findings(self, count: int = 3) -> str:
        """The failure, or the first findings (errors first) in one cell of text."""
        if self.failure:
            return self.failure
        return "；".join(f"[{f.rule}] {f.message}" for f in sorted_findings(self.findings)[:count])

    def similarity_text(self) -> str:
        """The similarity to last year's report per section, e.g. 一 35%、五 80%; empty when not compared."""
        return "、".join(f"{section} {percent}%" for section, percent in self.similarity.items())


def sorted_findings(findings: list[ReviewFinding]) -> list[ReviewFinding]:
    """Errors before warnings, otherwise in the order found."""
    return sorted(findings, key=lambda f: SEVERITY_RANK.get(f.severity, 2))


def sorted_reviews(reviews: list[UnitReview]) -> list[UnitReview]:
    """Worst first: unreadable, then by errors and warnings (most first), then by unit name."""
    return sorted(reviews, key=lambda r: (r.status.rank, -r.errors, -r.warnings, r.unit, r.year or 0))
