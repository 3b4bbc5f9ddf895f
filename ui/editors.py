"""Keys and base data for st.data_editor grids bound to the stored report.

An editor's own edits stay in its widget state (so typing is not interrupted); when the data it shows
was changed by anything else (another grid, "fill 0", another tab) it gets a fresh key and fresh data.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

_EDITORS = "_editors"


def editor_key(base_key: str, data: Any) -> tuple[str, Any]:
    """The widget key to use now and the data to give the editor (the data it was mounted with)."""
    records: dict[str, dict[str, Any]] = st.session_state.setdefault(_EDITORS, {})
    rec = records.get(base_key)
    if rec is None:
        rec = {"seen": data, "n": 0, "base": data}
    elif rec["seen"] != data:
        rec = {"seen": data, "n": rec["n"] + 1, "base": data}
    records[base_key] = rec
    key = base_key if rec["n"] == 0 else f"{base_key}_{rec['n']}"
    return key, rec["base"]


def mark_saved(base_key: str, data: Any) -> None:
    """Record what the editor's own edit saved, so the next render keeps the editor as it is."""
    rec = st.session_state.setdefault(_EDITORS, {}).get(base_key)
    if rec is not None:
        rec["seen"] = data


def reset(base_key: str) -> None:
    """Drop the editor's pending edits (e.g. an invalid value) by giving it a fresh key."""
    rec = st.session_state.setdefault(_EDITORS, {}).get(base_key)
    if rec is not None:
        rec["seen"] = object()


def pending_edits(widget_key: str) -> dict[str, Any]:
    """The editor's edit state: edited_rows, added_rows and deleted_rows."""
    state = st.session_state.get(widget_key) or {}
    return {
        "edited_rows": dict(state.get("edited_rows", {})),
        "added_rows": list(state.get("added_rows", [])),
        "deleted_rows": list(state.get("deleted_rows", [])),
    }


def apply_dynamic(base: list[dict[str, Any]], edits: dict[str, Any]) -> list[dict[str, Any]]:
    """Rows of a dynamic editor after its edits: edited cells, deleted rows dropped, added rows appended."""
    rows = [dict(r) for r in base]
    for index, changes in edits["edited_rows"].items():
        position = int(index)
        if 0 <= position < len(rows):
            rows[position].update(changes)
    deleted = {int(i) for i in edits["deleted_rows"]}
    kept = [r for i, r in enumerate(rows) if i not in deleted]
    return kept + [dict(r) for r in edits["added_rows"]]
