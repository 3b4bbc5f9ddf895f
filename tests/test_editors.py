"""AppTest of the mechanism that binds st.data_editor grids to the store (ui/editors.py).

AppTest cannot type into a grid, so an "own edit" is simulated as the page does after saving one: the
stored rows change and `mark_saved` records them.
"""

from __future__ import annotations

from streamlit.testing.v1 import AppTest


def _script() -> None:
    import streamlit as st

    from ui import editors

    st.session_state.setdefault("stored", [{"问题": "甲"}])
    if st.session_state.get("own_edit"):
        st.session_state["stored"] = st.session_state.pop("own_edit")
        editors.mark_saved("grid", st.session_state["stored"])
    if st.session_state.get("show", True):
        key = editors.editor_key("grid", st.session_state["stored"])
        st.session_state["last_key"] = key
        st.data_editor(st.session_state["stored"], key=key, num_rows="fixed")


def _shown(at: AppTest) -> list[str]:
    return list(at.data_editor[0].value["问题"])


def test_own_edit_keeps_the_mounted_grid_and_shows_the_new_rows() -> None:
    at = AppTest.from_function(_script).run()
    first_key = at.session_state["last_key"]
    at.session_state["own_edit"] = [{"问题": "甲（已核对）"}]
    at.run()
    assert at.session_state["last_key"] == first_key  # the selection and typing are not interrupted
    assert _shown(at) == ["甲（已核对）"]  # running totals and marks follow at once


def test_grid_shows_stored_rows_after_its_page_was_not_shown() -> None:
    at = AppTest.from_function(_script).run()
    at.session_state["own_edit"] = [{"问题": "乙"}]
    at.run()
    at.session_state["show"] = False  # another page: Streamlit drops the grid's widget state
    at.run()
    at.session_state["show"] = True
    at.run()
    assert _shown(at) == ["乙"]
    assert at.session_state["last_key"] != "grid"  # remounted: no edit of the old mount shows over the store


def test_change_from_elsewhere_remounts_with_the_new_data() -> None:
    at = AppTest.from_function(_script).run()
    first_key = at.session_state["last_key"]
    at.session_state["stored"] = [{"问题": "丙"}]
    at.run()
    assert at.session_state["last_key"] != first_key
    assert _shown(at) == ["丙"]
