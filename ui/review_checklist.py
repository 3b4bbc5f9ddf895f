"""The 年报 review checklist on 预览与导出: each point a reviewer checks, ✓ / ✗ / —, with a way to where it is fixed."""

from __future__ import annotations

import streamlit as st

from drafting.model import SECTION_IDS
from drafting.narrative.checklist import CheckItem, review_checklist
from ui.progress import PAGE_LABELS
from ui.state import Snapshot

_COLORS = {"✓": "green", "✗": "red", "—": "gray"}


def render(snap: Snapshot) -> None:
    """The checklist as one row per point; a failed point has a button to its page."""
    st.subheader("年报审核要点")
    gate = {sid: snap.gate(sid) for sid in SECTION_IDS}
    items: list[CheckItem] = snap.cached("review_checklist", lambda: review_checklist(snap.report, snap.findings, gate))
    failed = sum(item.ok is False for item in items)
    st.caption(f"按审核年报的要点逐项核对：{len(items) - failed} 项通过或不适用，{failed} 项待处理。")
    for i, item in enumerate(items):
        _row(i, item)


def _row(index: int, item: CheckItem) -> None:
    text, action = st.columns([5, 1], vertical_alignment="center")
    text.markdown(f":{_COLORS[item.mark]}[**{item.mark}**] **{item.title}**：{item.detail}")
    if item.ok is False:
        action.button(f"去{PAGE_LABELS[item.page]}", key=f"checklist_go_{index}", on_click=_go, args=(item.page,))


def _go(page: str) -> None:
    st.session_state["nav"] = page
