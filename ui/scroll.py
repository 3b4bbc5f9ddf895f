"""A page chosen in the sidebar opens at its top, not at the scroll position of the page before."""

from __future__ import annotations

import streamlit as st

_SHOWN = "_shown_page"
_SCRIPT = """<script>/* %s */
(() => {
  const top = () => document.querySelectorAll('[data-testid="stMain"], [data-testid="stAppScrollToBottomContainer"]')
    .forEach(el => el.scrollTo(0, 0));
  top(); setTimeout(top, 60); setTimeout(top, 300);
})();
</script>"""


def to_top_on_page_change(page: str) -> None:
    """When the page differs from the one shown last in this session, scroll the main area to its top."""
    if st.session_state.get(_SHOWN) == page:
        return
    st.session_state[_SHOWN] = page
    st.sidebar.html(_SCRIPT % page, unsafe_allow_javascript=True)
