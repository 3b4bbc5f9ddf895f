"""Each page's state for the sidebar: done (✓), open findings (⚠ n) or what is still missing."""

from __future__ import annotations

import streamlit as st

from drafting.model import SECTION_IDS
from ui.findings_view import has_blank_cells, open_table_findings
from ui.state import REPORT_ID, Snapshot

_BADGE_COLORS = {"⚠": "#b3261e", "✓": "#146c2e", "·": "#6b6b6b"}


def badge_css(badges: dict[str, str]) -> str:
    """A style sheet that writes each page's mark after its name in the navigation.

    The marks are not part of the radio's option labels: when those change, the browser resets the
    radio to its first option, and a table edit that changed 表格数据's count sent the user to 基本信息.
    """
    slugs = list(PAGE_LABELS)
    rules = [
        f'.st-key-nav [data-testid="stRadioOption"]:has(input[value="{slugs.index(slug)}"]) '
        f'[data-testid="stMarkdownContainer"] p::after {{content: "\\00a0{badge}"; color: {_BADGE_COLORS[badge[0]]}}}'
        for slug, badge in badges.items()
        if slug in slugs and badge
    ]
    return "<style>" + "\n".join(rules) + "</style>"


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


PAGE_LABELS = {"basic": "基本信息", "tables": "表格数据", "notes": "工作情况", "draft": "起草", "export": "预览与导出"}
"""The pages in the order of the work, by URL slug."""


def next_step_button(page: str) -> None:
    """下一步: go on to the following page of the usual order (none on the last page or without a report)."""
    steps = list(PAGE_LABELS)
    if page not in steps or page == steps[-1] or st.session_state.get(REPORT_ID) is None:
        return
    following = steps[steps.index(page) + 1]
    st.button(f"下一步：{PAGE_LABELS[following]}", key=f"next_step_{page}", type="primary",
              on_click=_go, args=(following,))


def _go(page: str) -> None:
    st.session_state["nav"] = page
