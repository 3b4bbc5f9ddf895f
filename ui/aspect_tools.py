"""Section 一 by aspect on 起草: redraft one aspect's paragraph, or lock it against a whole redraft."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from drafting.model import ASPECT_LABELS, Aspect, Report
from drafting.narrative.aspects import aspect_paragraphs
from ui.state import Snapshot, bind, mutate

EXPANDER_LABEL = "按方面重新生成或锁定"


def render(snap: Snapshot, redraft: Callable[[Aspect], None]) -> None:
    """A row per aspect found in section 一: 重新生成这一段 (calls `redraft`) and 锁定这一段."""
    state = snap.report.sections["一"]
    found = aspect_paragraphs(state.text)
    if not found or state.locked:
        return
    with st.expander(EXPANDER_LABEL, expanded=bool(state.locked_aspects)):
        st.caption("只重新生成其中一段，其余文字不变；锁定的段落在“重新生成”整个部分时保持原样。")
        for aspect in Aspect:
            if aspect in found:
                _row(snap, aspect, redraft)


def _row(snap: Snapshot, aspect: Aspect, redraft: Callable[[Aspect], None]) -> None:
    locked = aspect in snap.report.sections["一"].locked_aspects
    name, go, lock = st.columns([3, 2, 2], vertical_alignment="center")
    name.markdown(f"**{ASPECT_LABELS[aspect]}**")
    if go.button("重新生成这一段", key=f"redraft_aspect_{aspect.value}", disabled=locked):
        redraft(aspect)
    key = f"lock_aspect_{aspect.value}"
    bind(key, locked, snap.rev)
    lock.toggle("锁定这一段", key=key, on_change=_on_lock, args=(aspect,))


def _on_lock(aspect: Aspect) -> None:
    locked = bool(st.session_state.get(f"lock_aspect_{aspect.value}"))

    def change(report: Report) -> None:
        kept = [a for a in report.sections["一"].locked_aspects if a != aspect]
        report.sections["一"].locked_aspects = [*kept, aspect] if locked else kept

    mutate(change)
