"""用户管理 (管理员): agencies, users, their role, agency and scope, a new password, 停用 and 启用."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from drafting.accounts.model import SESSION_ENDED, Role
from drafting.errors import DraftingError
from ui import login, state

ROLES = [r.value for r in Role]


def render() -> None:
    """The page."""
    st.header("用户管理")
    user = state.signed_in()
    if user is None or user.role is not Role.ADMIN:
        st.error("只有管理员可以管理用户")
        return
    _users()
    _add_agency()
    _add_user()
    _edit_user()


def _users() -> None:
    rows = [
        {
            "用户名": u.name,
            "角色": u.role.value,
            "所属单位": u.agency or "",
            "审核范围": "、".join(sorted(u.scope)),
            "状态": "已停用" if u.disabled else "正常",
        }
        for u in login.accounts().users()
    ]
    st.dataframe(rows, hide_index=True, key="admin_users_table")


def _add_agency() -> None:
    st.subheader("添加单位")
    st.text_input("单位名称", key="admin_agency_name")
    st.button("添加单位", key="admin_agency_btn", on_click=_guarded, args=(_on_add_agency,))


def _add_user() -> None:
    st.subheader("添加用户")
    st.text_input("用户名", key="admin_new_name")
    st.text_input("初始密码（至少 8 个字符）", key="admin_new_password", type="password")
    st.selectbox("角色", ROLES, key="admin_new_role")
    st.text_input("所属单位（起草人必填）", key="admin_new_agency")
    st.multiselect("审核范围（审核人）", login.accounts().agencies(), key="admin_new_scope")
    st.button("添加用户", key="admin_new_btn", type="primary", on_click=_guarded, args=(_on_add_user,))


def _edit_user() -> None:
    names = [u.name for u in login.accounts().users()]
    if not names:
        return
    st.subheader("修改用户")
    st.selectbox("用户", names, key="admin_edit_user", on_change=_load_edit)
    if st.session_state.get("_admin_loaded") != st.session_state.get("admin_edit_user"):
        _load_edit()
    st.selectbox("角色", ROLES, key="admin_edit_role")
    st.text_input("所属单位", key="admin_edit_agency")
    st.multiselect("审核范围", login.accounts().agencies(), key="admin_edit_scope")
    st.button("保存修改", key="admin_edit_btn", on_click=_guarded, args=(_on_edit_user,))
    st.text_input("新密码（至少 8 个字符）", key="admin_edit_password", type="password")
    st.button("重设密码", key="admin_password_btn", on_click=_guarded, args=(_on_password,))
    _switch(str(st.session_state.get("admin_edit_user")))


def _switch(name: str) -> None:
    """停用 (no sign-in, signed out at once; the reports stay) or 启用 the chosen user."""
    disabled = login.accounts().get_user(name).disabled
    st.caption("该用户已停用，不能登录。" if disabled else "停用后该用户不能登录，已登录的立即退出；报告不受影响。")
    label, disable = ("启用该用户", False) if disabled else ("停用该用户", True)
    st.button(label, key="admin_disable_btn", on_click=_guarded, args=(lambda: _on_switch(name, disable),))


def _load_edit() -> None:
    """Show the chosen user's role, agency and scope in the edit widgets."""
    name = st.session_state.get("admin_edit_user")
    if not name:
        return
    user = login.accounts().get_user(str(name))
    st.session_state.update(
        admin_edit_role=user.role.value,
        admin_edit_agency=user.agency or "",
        admin_edit_scope=sorted(user.scope),
        _admin_loaded=name,
    )


def _guarded(action: Callable[[], str]) -> None:
    """Run an admin action for a 管理员 only (as the database has them now); its error is shown, never a traceback."""
    user = state.refresh_user()
    if user is None:
        state.flash("error", SESSION_ENDED)
        return
    if user.role is not Role.ADMIN:
        state.flash("error", "只有管理员可以管理用户")
        return
    try:
        message = action()
    except DraftingError as exc:
        state.flash("error", str(exc))
        return
    state.flash("success", message)


def _on_add_agency() -> str:
    name = login.accounts().add_agency(str(st.session_state.get("admin_agency_name") or ""))
    st.session_state["admin_agency_name"] = ""
    return f"已添加单位 {name}"


def _on_add_user() -> str:
    get = st.session_state.get
    password = str(get("admin_new_password") or "")
    st.session_state["admin_new_password"] = ""
    user = login.accounts().add_user(
        str(get("admin_new_name") or ""),
        password,
        Role(str(get("admin_new_role"))),
        str(get("admin_new_agency") or "").strip() or None,
        frozenset(get("admin_new_scope") or ()),
    )
    return f"已添加用户 {login.plain(user.label)}"


def _on_edit_user() -> str:
    get = st.session_state.get
    user = login.accounts().update_user(
        str(get("admin_edit_user")),
        Role(str(get("admin_edit_role"))),
        str(get("admin_edit_agency") or "").strip() or None,
        frozenset(get("admin_edit_scope") or ()),
    )
    return f"已保存 {login.plain(user.label)}"


def _on_password() -> str:
    name = str(st.session_state.get("admin_edit_user"))
    password = str(st.session_state.get("admin_edit_password") or "")
    st.session_state["admin_edit_password"] = ""
    login.accounts().set_password(name, password)
    return f"已重设 {name} 的密码，其已登录的会话已结束"


def _on_switch(name: str, disable: bool) -> str:
    admin = state.signed_in()
    user, changed = login.accounts().set_disabled(name, disable, by=admin.name if admin else "")
    state_word = "停用" if user.disabled else "启用"
    label = login.plain(user.label)
    return f"已{state_word} {label}" if changed else f"{label} 本来就是{state_word}状态，未作改动"
