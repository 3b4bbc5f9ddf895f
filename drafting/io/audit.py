"""What a save changed in a report, named by its parts (基本信息, the tables, notes, each section), for the audit."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from drafting.model import SECTION_HEADINGS

BASICS = "基本信息"
NOTES = "说明材料"
PRIOR = "上年报告"
_BASIC_FIELDS = ("agency", "year", "kind", "format")
_TABLES = {"t2": "二", "t3": "三", "t4": "四"}


@dataclass(frozen=True)
class AuditEntry:
    """One change to a report: its revision after the change, who made it (None in single-user mode), when, what."""

    report_id: int
    rev: int
    user: str | None
    at: str
    action: str
    changes: tuple[str, ...]


def changed_parts(old_body: str | None, new_body: str) -> list[str]:
    """The parts of the report that differ between two stored JSON bodies (all parts when there is no old body)."""
    old: Mapping[str, Any] = json.loads(old_body) if old_body else {}
    new: Mapping[str, Any] = json.loads(new_body)
    parts = [BASICS] if any(old.get(f) != new.get(f) for f in _BASIC_FIELDS) else []
    parts += [_table_label(t, n) for t, n in _changed_tables(old, new).items()]
    if old.get("notes") != new.get("notes"):
        parts.append(NOTES)
    parts += [SECTION_HEADINGS[sid] for sid in _changed_sections(old, new)]
    if old.get("prior") != new.get("prior"):
        parts.append(PRIOR)
    return parts


def _table_label(table: str, cells: int) -> str:
    return f"{SECTION_HEADINGS[_TABLES[table]]}（{cells} 格）"


def _changed_tables(old: Mapping[str, Any], new: Mapping[str, Any]) -> dict[str, int]:
    """Per table (t2, t3, t4), how many of its cells changed value or origin."""
    counts: dict[str, int] = {}
    for cell in sorted(_changed_keys(old, new, "cells") | _changed_keys(old, new, "origins")):
        table = cell.split(".", 1)[0]
        if table in _TABLES:
            counts[table] = counts.get(table, 0) + 1
    return counts


def _changed_sections(old: Mapping[str, Any], new: Mapping[str, Any]) -> list[str]:
    return sorted(_changed_keys(old, new, "sections"), key=list(SECTION_HEADINGS).index)


def _changed_keys(old: Mapping[str, Any], new: Mapping[str, Any], field: str) -> set[str]:
    before: Mapping[str, Any] = old.get(field) or {}
    after: Mapping[str, Any] = new.get(field) or {}
    return {key for key in before.keys() | after.keys() if before.get(key) != after.get(key)}
