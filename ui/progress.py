"""Each page's state for the sidebar: done (✓), open findings (⚠ n) or what is still missing."""

from __future__ import annotations

from drafting.model import SECTION_IDS
from ui.findings_view import has_blank_cells, open_table_findings
from ui.state import Snapshot


def page_badges(snap: Snapshot | None) -> dict[str, str]:
    """A short mark per page slug (empty when there is nothing to say, e.g. no report open)."""
    if snap is None:
        return {}
    return {"basic": "✓", "tables": _tables(snap), "notes": _notes(snap), "draft": _draft(snap)}


def _tables(snap: Snapshot) -> str:
    count = len(open_table_findings(snap.findings))
    if count:
        return f"⚠ {count}"
    return "· 未填完" if has_blank_cells(snap.findings) else "✓"


def _notes(snap: Snapshot) -> str:
    notes = snap.report.notes
    entered = any(a.notes or a.figures for a in notes.aspects.values()) or notes.problems
    return "✓" if entered else "· 未填"


def _draft(snap: Snapshot) -> str:
    written = [sid for sid in SECTION_IDS if snap.report.sections[sid].text.strip()]
    count = sum(len(snap.gate(sid)) for sid in written)
    if count:
        return f"⚠ {count}"
    if not written:
        return "· 未生成"
    return "✓" if len(written) == len(SECTION_IDS) else f"· {len(written)}/{len(SECTION_IDS)}"
