"""Sign-in for a shared deployment (DRAFTING_ACCOUNTS=1): login page, the user and 退出 in the sidebar, the pages."""

from __future__ import annotations

import re
from collections.abc import Callable

import streamlit as st

from drafting.accounts.model import DISABLED, LoginRefused, Role, User
from drafting.accounts.service import EXPIRED, Accounts
from drafting.accounts.workflow import Workflow
from drafting.errors import DraftingError
from ui import own_password, state

TOKEN = state.TOKEN
PAGE_LABELS = {"submissions": "提交与审核", "admin": "用户管理"}
_MARKDOWN = re.compile(r"([\\`*_{}\[\]()#+\-.!<>|~$])")
REVIEWER_PAGES = ("review",)  # 审核与汇总 (ui/page_review.py): the 主管部门's batch review and roll-up


def plain(text: str) -> str:
    """Text typed by a user (a comment, a name) shown literally in Markdown: no links, images or markup."""
    return _MARKDOWN.sub(r"\\\1", text)


def accounts() -> Accounts:
    """The accounts kept in the store's database (one per server)."""
    return state.accounts()


def workflow() -> Workflow:
    """Submit and review, on the same database."""
    return Workflow(accounts().db)


def gate() -> User | None:
    """None in single-user mode; else the signed-in user, or the login page and the end of this run."""
    if not state.accounts_enabled():
        return None
    token = st.session_state.get(TOKEN)
    user = accounts().user_for(token)
    if user is None:
        _forget(_why_signed_out() if token else None)
        _login_page()
        st.stop()
    st.session_state[state.USER] = user
    return user


def _why_signed_out() -> str:
    """停用 when an administrator switched the user off, else 登录已过期 (idle, too old, signed out elsewhere)."""
    before = state.signed_in()
    try:
        disabled = before is not None and accounts().get_user(before.name).disabled
    except DraftingError:  # the user was removed meanwhile
        disabled = True
    return DISABLED if disabled else EXPIRED


def _forget(message: str | None) -> None:
    """Drop everything of the previous user in this session (open report, widgets, token)."""
    if state.signed_in() is not None or st.session_state.get(TOKEN):
        st.session_state.clear()
    if message:
        state.flash("warning", message)


def _login_page() -> None:
    st.title("政府信息公开工作年度报告起草")
    st.subheader("登录")
    state.show_flashes()
    st.text_input("用户名", key="login_name")
    st.text_input("密码", key="login_password", type="password")
    st.button("登录", key="login_btn", type="primary", on_click=_on_login)


def _on_login() -> None:
    name = str(st.session_state.get("login_name") or "")
    password = str(st.session_state.get("login_password") or "")
    st.session_state["login_password"] = ""  # not kept in the session after the attempt
    try:
        token = accounts().login(name, password)
    except LoginRefused as exc:
        state.flash("error", str(exc))
        return
    st.session_state.clear()
    st.session_state[TOKEN] = token


def sidebar(user: User | None) -> None:
    """The signed-in user and 退出 (nothing in single-user mode)."""
    if user is None:
        return
    st.sidebar.caption(f"当前用户：{plain(user.label)}")
    st.sidebar.button("退出", key="logout_btn", on_click=_logout)
    own_password.render(st.session_state.get(TOKEN), accounts().change_own_password)


def _logout() -> None:
    token = st.session_state.get(TOKEN)
    if token:
        accounts().logout(token)
    st.session_state.clear()
    state.flash("info", "已退出")


def pages(user: User | None, render: dict[str, Callable[[], None]]) -> dict[str, Callable[[], None]]:
    """The pages of the user's role (all report pages in single-user mode); a stale page choice is dropped."""
    from ui import page_admin, page_submissions

    if user is None:
        chosen = render
    elif user.role is Role.ADMIN:
        chosen = {"admin": page_admin.render}
    else:
        own = {slug: page for slug, page in render.items() if user.role is Role.REVIEWER or slug not in REVIEWER_PAGES}
        chosen = {**own, "submissions": page_submissions.render}
    if st.session_state.get("nav") not in (None, *chosen):
        del st.session_state["nav"]
    return chosen
