"""Widget keys for the st.data_editor grids bound to the stored report (fixed rows: the official tables).

A keyed grid with fixed rows keeps its identity, and its pending edits, when only the values it is given
change (Streamlit bases its identity on the data's shape). So a grid is always given the stored rows: after
its own edit is saved, it shows the new running totals and marks at once and keeps the selection. It gets a
fresh key, which drops its edits, whenever those edits cannot be trusted to match the store:
- the stored rows changed by anything else (another grid, "fill 0", another tab), where an old edit would
  show over the new value;
- Streamlit dropped the widget's state because its page was not shown;
- an edit was invalid and nothing was saved.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

_EDITORS = "_editors"


def _widget_key(base_key: str, n: int) -> str:
    return base_key if n == 0 else f"{base_key}_{n}"


def editor_key(base_key: str, rows: Any) -> str:
    """The widget key for a grid about to show `rows` (the stored rows of this revision)."""
    records: dict[str, dict[str, Any]] = st.session_state.setdefault(_EDITORS, {})
    rec = records.get(base_key)
    if rec is None:
        rec = {"expected": rows, "n": 0}
    elif rec["expected"] != rows or _widget_key(base_key, rec["n"]) not in st.session_state:
        rec = {"expected": rows, "n": rec["n"] + 1}
    records[base_key] = rec
    return _widget_key(base_key, rec["n"])


def mark_saved(base_key: str, rows: Any) -> None:
    """Record the rows the grid's own edit produced, so the next render keeps the grid mounted."""
    rec = st.session_state.setdefault(_EDITORS, {}).get(base_key)
    if rec is not None:
        rec["expected"] = rows


def reset(base_key: str) -> None:
    """Drop the grid's pending edits (e.g. an invalid value) by giving it a fresh key."""
    rec = st.session_state.setdefault(_EDITORS, {}).get(base_key)
    if rec is not None:
        rec["expected"] = object()


def pending_edits(widget_key: str) -> dict[str, Any]:
    """The grid's edit state: edited_rows (row index -> {column label: text})."""
    state = st.session_state.get(widget_key) or {}
    return {"edited_rows": dict(state.get("edited_rows", {}))}
