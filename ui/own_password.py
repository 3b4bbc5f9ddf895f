"""修改密码 in the sidebar: a signed-in user replaces the password an administrator gave them."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from drafting.errors import DraftingError
from ui import state

FIELDS = ("own_password_current", "own_password_new", "own_password_repeat")


def render(token: str | None, change: Callable[[str, str, str], None]) -> None:
    """An expander with the current password, the new one twice, and 修改密码 (calls `change(token, old, new)`)."""
    with st.sidebar.expander("修改密码"):
        st.text_input("当前密码", key=FIELDS[0], type="password")
        st.text_input("新密码（至少 8 个字符）", key=FIELDS[1], type="password")
        st.text_input("再次输入新密码", key=FIELDS[2], type="password")
        st.button("修改密码", key="own_password_btn", on_click=_on_change, args=(token, change))


def _on_change(token: str | None, change: Callable[[str, str, str], None]) -> None:
    current, new, repeat = (str(st.session_state.get(key) or "") for key in FIELDS)
    for key in FIELDS:  # passwords are not kept in the session after the attempt
        st.session_state[key] = ""
    if new != repeat:
        state.flash("error", "两次输入的新密码不一致，密码未修改")
        return
    try:
        change(token or "", current, new)
    except DraftingError as exc:
        state.flash("error", f"{exc}，密码未修改")
        return
    state.flash("success", "密码已修改；在其他电脑或浏览器上的登录已退出")
