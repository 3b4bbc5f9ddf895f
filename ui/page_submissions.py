"""提交与审核: a 起草人 submits their report (that version frozen); a 审核人 reviews the units, returns or approves."""

from __future__ import annotations

import streamlit as st

from drafting.accounts.model import SESSION_ENDED, Role, User
from drafting.accounts.workflow import Status, Step, Unit
from drafting.errors import DraftingError
from drafting.io.render import render as render_report
from ui import login, state

_ACTIONS = {"create": "新建", "save": "保存", "delete": "删除"}


def render() -> None:
    """The page."""
    st.header("提交与审核")
    user = state.signed_in()
    if user is None:
        st.info("提交与审核只在多人使用（DRAFTING_ACCOUNTS=1）时可用")
    elif user.role is Role.REVIEWER:
        _review(user)
    else:
        _submit()


# --- 起草人 -----------------------------------------------------------------------------------------------------


def _submit() -> None:
    snap = state.current_or_hint()
    if snap is None:
        return
    step = login.workflow().latest(snap.id)
    st.subheader(snap.report.title)
    st.markdown(f"**状态：{_status_text(step, snap.rev)}**")
    if step is not None and step.status is Status.RETURNED:
        st.warning(f"审核意见（{login.plain(step.user)}）：{login.plain(step.comment or '')}")
    st.caption("提交后，提交的版本被固定下来供审核；之后的修改是新版本，需要再次提交。")
    st.button("提交审核", key="submit_btn", type="primary", on_click=_on_submit, args=(snap.id,))
    _steps(snap.id)
    _history(snap.id)


def _status_text(step: Step | None, rev: int) -> str:
    if step is None:
        return Status.DRAFT.value
    newer = "，之后已有修改" if rev > step.rev else ""
    return f"{step.status.value}（第 {step.rev} 版，{_when(step.at)}，{login.plain(step.user)}）{newer}"


def _acting() -> User:
    """The user as the database has them now (callbacks run before the page's sign-in check)."""
    user = state.refresh_user()
    if user is None:
        raise DraftingError(SESSION_ENDED)
    return user


def _on_submit(report_id: int) -> None:
    try:
        step = login.workflow().submit(state.get_store(), _acting(), report_id)
    except DraftingError as exc:
        state.flash("error", str(exc))
        return
    state.flash("success", f"已提交第 {step.rev} 版，等待审核")


def _steps(report_id: int) -> None:
    steps = login.workflow().steps(report_id)
    if steps:
        rows = [
            {"状态": s.status.value, "版本": s.rev, "意见": s.comment or "", "经办人": s.user, "时间": _when(s.at)}
            for s in steps
        ]
        st.subheader("提交与审核记录")
        st.dataframe(rows, hide_index=True)


def _history(report_id: int) -> None:
    """The audit of the report: who changed what, when (store.history)."""
    entries = state.get_store().history(report_id)
    st.subheader("修改记录")
    rows = [
        {
            "版本": e.rev,
            "用户": e.user or "（单人模式）",
            "时间": _when(e.at),
            "操作": _ACTIONS.get(e.action, e.action),
            "修改内容": "、".join(e.changes),
        }
        for e in reversed(entries)
    ]
    st.dataframe(rows, hide_index=True, key="history_table")


def _when(at: str) -> str:
    return at.replace("T", " ")[:16] + " UTC"


# --- 审核人 -----------------------------------------------------------------------------------------------------


def _review(user: User) -> None:
    units = login.workflow().units(state.get_store(), user)
    st.subheader("各单位提交情况")
    if not units:
        st.info("你负责审核的单位还没有报告")
        return
    st.dataframe([_row(u) for u in units], hide_index=True, key="review_table")
    by_id = {u.summary.id: u for u in units}
    picked = st.selectbox("查看单位", list(by_id), key="review_pick", format_func=lambda i: by_id[i].summary.label)
    unit = by_id.get(picked) if picked is not None else None
    if unit is not None:
        _unit(unit)


def _row(unit: Unit) -> dict[str, object]:
    step = unit.step
    return {
        "单位": unit.summary.agency,
        "年度": unit.summary.year,
        "状态": unit.status.value,
        "提交的版本": step.rev if step else None,
        "当前版本": unit.summary.rev,
        "时间": _when(step.at) if step else "",
        "经办人": step.user if step else "",
        "意见": (step.comment or "") if step else "",
    }


def _unit(unit: Unit) -> None:
    frozen = login.workflow().frozen(unit.summary.id)
    if frozen is not None:
        with st.expander(f"提交的版本全文（第 {unit.step.rev if unit.step else '?'} 版）"):
            st.text(str(render_report(frozen, "txt")))
    if unit.status is Status.SUBMITTED:
        st.text_area("审核意见（退回时必填）", key="review_comment")
        left, right = st.columns(2)
        left.button("退回修改", key="review_return_btn", on_click=_on_decide, args=(unit.summary.id, False))
        right.button(
            "通过", key="review_approve_btn", type="primary", on_click=_on_decide, args=(unit.summary.id, True)
        )
    _steps(unit.summary.id)
    _history(unit.summary.id)


def _on_decide(report_id: int, approve: bool) -> None:
    comment = str(st.session_state.get("review_comment") or "")
    try:
        step = login.workflow().decide(state.get_store(), _acting(), report_id, approve, comment)
    except DraftingError as exc:
        state.flash("error", str(exc))
        return
    st.session_state["review_comment"] = ""
    state.flash("success", f"{step.status.value}第 {step.rev} 版")
