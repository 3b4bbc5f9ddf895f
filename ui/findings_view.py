"""Findings shown as Streamlit alerts: errors red, warnings yellow, notes blue, each naming its rule."""

from __future__ import annotations

from collections.abc import Iterable

import streamlit as st

from drafting.findings import Finding, Severity


def show_findings(findings: Iterable[Finding], ok_text: str | None = None) -> None:
    """One alert per finding, errors first; `ok_text` as a success line when there is none."""
    order = list(Severity)
    items = sorted(findings, key=lambda f: order.index(f.severity))
    if not items and ok_text:
        st.success(ok_text)
    for finding in items:
        if finding.severity is Severity.ERROR:
            st.error(str(finding))
        elif finding.severity is Severity.WARNING:
            st.warning(str(finding))
        else:
            st.info(str(finding))


def touching(findings: Iterable[Finding], cells: frozenset[str]) -> list[Finding]:
    """The findings that concern at least one of the cells."""
    return [f for f in findings if cells.intersection(f.cells)]


# I12 lists every cell not entered yet: a reminder, not a finding to count or to mark in the grids.
_REMINDER_RULES = frozenset({"I12"})


def open_table_findings(findings: Iterable[Finding]) -> list[Finding]:
    """The table findings to count, summarise and mark (all but the list of cells not entered and the notes)."""
    return [f for f in findings if f.rule not in _REMINDER_RULES and f.severity is not Severity.INFO]


def has_blank_cells(findings: Iterable[Finding]) -> bool:
    """Whether the checks list cells not entered yet."""
    return any(f.rule in _REMINDER_RULES for f in findings)
