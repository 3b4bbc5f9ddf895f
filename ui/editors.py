"""Keys and base data for st.data_editor grids bound to the stored report.

An editor's own edits stay in its widget state (so typing is not interrupted). It is mounted afresh,
under a new key and with the stored data, whenever that state cannot be trusted to show the store:
the data was changed by anything else (another grid, "fill 0", another tab), or Streamlit dropped the
widget's state because its page was not shown (the grid would otherwise show the data it was first
mounted with, and the next edit would be applied to that stale picture).
"""

from __future__ import annotations

from typing import Any

import streamlit as st

_EDITORS = "_editors"


def _widget_key(base_key: str, n: int) -> str:
    return base_key if n == 0 else f"{base_key}_{n}"


def editor_key(base_key: str, data: Any) -> tuple[str, Any]:
    """The widget key to use now and the data to give the editor (what its widget state is relative to)."""
    records: dict[str, dict[str, Any]] = st.session_state.setdefault(_EDITORS, {})
    rec = records.get(base_key)
    if rec is None:
        rec = {"seen": data, "n": 0, "base": data}
    elif rec["seen"] != data or _widget_key(base_key, rec["n"]) not in st.session_state:
        rec = {"seen": data, "n": rec["n"] + 1, "base": data}
    records[base_key] = rec
    return _widget_key(base_key, rec["n"]), rec["base"]


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
