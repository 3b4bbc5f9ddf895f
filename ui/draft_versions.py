"""The version list of a section: origin, model and time of each version, a diff between any two, 恢复."""

from __future__ import annotations

from datetime import timedelta, timezone

import pandas as pd
import streamlit as st

from drafting.model import SectionId, SectionVersion
from ui.state import Snapshot, bind, flash, mutate
from ui.textview import diff_html

_BEIJING = timezone(timedelta(hours=8))
_ORIGINS = {"human": "人工修改", "offline": "离线起草", "imported": "导入"}
SLUGS = {"一": "sec1", "五": "sec5", "六": "sec6"}  # widget-key part of each section (起草 uses it too)


def origin_label(origin: str) -> str:
    """How a version's origin reads in the list."""
    return _ORIGINS.get(origin, f"模型 {origin}")


def _time(version: SectionVersion) -> str:
    return version.created.astimezone(_BEIJING).strftime("%Y-%m-%d %H:%M:%S")


def _name(versions: list[SectionVersion], index: int, last: int) -> str:
    v = versions[index]
    role = "（当前）" if index == last else "（上一版）" if index == last - 1 else ""
    return f"第 {index + 1} 版{role} · {origin_label(v.origin)} · {_time(v)}"


def render(snap: Snapshot, sid: SectionId) -> None:
    """The version list, diff and restore for one section.

    Shown under a toggle rather than an expander: picking a version reruns the page, and the list must
    stay open. The diff starts at 上一版 ↔ 当前 each time a version is added.
    """
    versions = snap.report.sections[sid].versions
    if not versions:
        return
    slug = SLUGS[sid]
    if not st.toggle(f"显示历史版本（{len(versions)}）", key=f"history_{slug}"):
        return
    # Exactly as tall as its rows (up to 8, then it scrolls): header and rows 35 px, 2 px border.
    st.dataframe(_table(versions), hide_index=True, width="stretch", height=35 * (min(len(versions), 8) + 1) + 2)
    indexes = list(range(len(versions)))
    previous, last = max(len(versions) - 2, 0), len(versions) - 1
    for key, default in ((f"diff_a_{slug}", previous), (f"diff_b_{slug}", last), (f"restore_pick_{slug}", previous)):
        bind(key, default, len(versions))
    def name(index: int) -> str:
        return _name(versions, index, last)

    a_col, b_col = st.columns(2)
    a = a_col.selectbox("版本 A", indexes, key=f"diff_a_{slug}", format_func=name)
    b = b_col.selectbox("版本 B", indexes, key=f"diff_b_{slug}", format_func=name)
    if a is not None and b is not None and a < len(versions) and b < len(versions):
        st.markdown(diff_html(versions[a].text, versions[b].text) or "（两个版本相同）", unsafe_allow_html=True)
    pick_col, button_col = st.columns([3, 1], vertical_alignment="bottom")  # 恢复 level with its box
    pick_col.selectbox("恢复到版本", indexes, key=f"restore_pick_{slug}", format_func=name)
    button_col.button("恢复", key=f"restore_{slug}", on_click=_restore, args=(sid,))


def _table(versions: list[SectionVersion]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "版本": i + 1,
                "来源": origin_label(v.origin),
                "时间": _time(v),
                "字数": len(v.text),
                "提示词版本": v.prompt_version or "",
                "说明": v.note,
            }
            for i, v in enumerate(versions)
        ]
    )


def _restore(sid: SectionId) -> None:
    index = st.session_state.get(f"restore_pick_{SLUGS[sid]}")
    if index is None:
        return
    if mutate(lambda r: r.sections[sid].restore(index)):
        flash("success", f"已恢复第 {index + 1} 版（作为最新版本保存，历史版本都保留）")
