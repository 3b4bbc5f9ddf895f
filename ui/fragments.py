"""Parts of a page that rerun alone when one of their own widgets changes (st.fragment), and the whole
page after them whenever that change shows outside the part.

An edit in a fragment reruns only that fragment (a few widgets instead of the page's hundred), which is
most of the server's work when many staff edit at once. What the page shows outside the part was drawn
by the last whole-page run; each part is handed what that run showed (Streamlit replays a fragment's
arguments) and, on its own rerun, compares it with the open report now: the sidebar marks, the page's
own view (`outside`, e.g. the buttons above the grids) and which report is open; a queued message, or a
save made in another tab since the page was drawn (`state.follows_drawn`), reruns the page as well.
When anything differs the whole page reruns, so nothing on the screen stays stale.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from ui import progress
from ui.state import (
    Snapshot,
    accounts_enabled,
    current,
    follows_drawn,
    has_flashes,
    refresh_user,
    signed_in,
)

Render = Callable[[Snapshot], None]
Outside = Callable[[Snapshot], Any]
"""What the page shows outside its parts that one part's edit may change (compared with ==)."""


def _nothing(_: Snapshot) -> None:
    return None


def _view_outside(snap: Snapshot | None, outside: Outside = _nothing) -> tuple[Any, ...]:
    """What a run shows outside the parts: for whom (a changed role or scope changes the pages), which report,
    the sidebar marks, the page's own view."""
    if snap is None:
        return (None,)
    return signed_in(), snap.id, progress.page_badges(snap), outside(snap)


def part(snap: Snapshot, render: Render, outside: Outside = _nothing) -> None:
    """Render `render(open report)` as a fragment of the page (call it during the page's whole run, with the
    snapshot the run shows)."""
    _fragment(render, outside, _view_outside(snap, outside), snap)


@st.fragment
def _fragment(render: Render, outside: Outside, shown: tuple[Any, ...], drawn: Snapshot) -> None:
    if not _fragment_rerun():
        render(drawn)  # the whole page is being drawn from this snapshot right now
        return
    snap = current()
    if _page_is_stale(snap) or _view_outside(snap, outside) != shown:
        st.rerun(scope="app")
    if snap is not None:
        render(snap)


def _page_is_stale(snap: Snapshot | None) -> bool:
    """A message waits to be shown at the top (a refused save, an error), the report was saved elsewhere
    since the page was drawn (its other parts show what is no longer stored), or the signed-in user's session
    has ended (the whole run's sign-in check then shows the login page)."""
    if has_flashes() or snap is None or not follows_drawn(snap):
        return True
    return accounts_enabled() and refresh_user() is None


def _fragment_rerun() -> bool:
    """True when only fragments run (the browser asked for one); unknown counts as True, the safe answer."""
    ctx = get_script_run_ctx()
    return ctx is None or bool(getattr(ctx, "fragment_ids_this_run", True))
