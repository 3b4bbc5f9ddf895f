"""Streamlit entry point: page set-up, navigation, the settings panel and the open report in the URL."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from ui import (
    autosave,
    chinese_css,
    gc_tuning,
    login,
    page_basic,
    page_draft,
    page_export,
    page_notes,
    page_review,
    page_tables,
    progress,
    scroll,
    settings_panel,
    state,
)

RENDER: dict[str, Callable[[], None]] = {
    "basic": page_basic.render,
    "tables": page_tables.render,
    "notes": page_notes.render,
    "draft": page_draft.render,
    "export": page_export.render,
    "review": page_review.render,
}
LABELS = {**progress.PAGE_LABELS, **page_review.PAGE_LABELS, **login.PAGE_LABELS}
gc_tuning.tune()  # once per server process, after the imports above

st.set_page_config(page_title="政府信息公开工作年度报告起草", page_icon="📄", layout="wide", initial_sidebar_state=240)
st.html(chinese_css.CHINESE_CSS)  # Streamlit's own English labels (Upload, Press Enter to apply …) in Chinese
# Narrower side margins than Streamlit's 5rem, so table 三 (9 columns) fits a 1400 px window unscrolled.
st.html("<style>[data-testid='stMainBlockContainer']{padding-left:2rem;padding-right:2rem}</style>")
user = login.gate()  # None in single-user mode; with DRAFTING_ACCOUNTS=1 the login page until signed in
pages = login.pages(user, RENDER)
state.restore_session(st.query_params.get("report"))
if "nav" not in st.session_state and st.query_params.get("page") in pages:
    st.session_state["nav"] = st.query_params["page"]

st.sidebar.title("年报起草")
snap = state.current()
state.page_drawn(snap)
page = st.sidebar.radio("页面", list(pages), key="nav", format_func=LABELS.__getitem__) or next(iter(pages))
st.html(progress.badge_css(progress.page_badges(snap)))
st.sidebar.caption(snap.report.title if snap else "尚未打开报告")
login.sidebar(user)
settings_panel.render()
settings_panel.render_data_location()
autosave.install()
scroll.to_top_on_page_change(page)
state.show_flashes()
pages[page]()
if page != "basic":  # 基本信息 shows it right under the open report
    progress.next_step_button(page)

state.sync_query_params(page)
