"""基本信息: open or start a report (agency, year, kind), attach last year's report, restore from .json."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import streamlit as st

from drafting.errors import DraftingError
from drafting.formats import default_report_year
from drafting.model import AGENCY_KINDS, load_report, new_report
from ui import actions, prior_import
from ui.progress import next_step_button
from ui.state import Snapshot, bind, current, flash, get_store, mutate, open_report

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "yunlan-sthj-2023.json"


def render() -> None:
    """The page."""
    st.header("基本信息")
    snap = current()
    if snap is None:
        _open_or_new()
    else:  # the open report first; opening or starting another one is tucked away, so its fields can't be mistaken
        _current(snap)
        next_step_button("basic")  # right under the open report, where 新建报告 leaves the user
        with st.expander("打开或新建其他报告", expanded=False):
            _open_or_new()
        prior_import.render(snap)
    _restore()


def _open_or_new() -> None:
    left, right = st.columns(2)
    with left:
        _open()
    with right:
        _new()


def _current(snap: Snapshot) -> None:
    report = snap.report
    fmt = report.fmt
    st.subheader(report.title)
    st.caption(f"格式：{fmt.name}（{fmt.document}，{fmt.id}），由报告年度 {report.year} 决定")
    bind("cur_kind", report.kind, snap.rev)
    st.selectbox("本报告的机关类型", AGENCY_KINDS, key="cur_kind", on_change=_save_kind,
                 help="人民政府的报告在“监督保障”中还要写工作考核、社会评议和责任追究结果情况")


def _save_kind() -> None:
    kind = st.session_state.get("cur_kind")
    mutate(lambda r: r.__setattr__("kind", kind))


def _open() -> None:
    st.subheader("打开已有报告")
    reports = get_store().list_reports()
    if not reports:
        st.caption("还没有保存的报告，请在右侧新建。")
        return
    labels: dict[int, str] = {r.id: r.label for r in reports}
    st.selectbox("打开已有报告", list(labels), key="open_report", format_func=lambda i: labels.get(i, str(i)))
    st.button("打开", key="open_btn", on_click=_on_open)


def _on_open() -> None:
    report_id = st.session_state.get("open_report")
    if report_id is not None:
        open_report(int(report_id))
        flash("success", "已打开报告")


def _new() -> None:
    st.subheader("新建报告")
    st.text_input("机关名称", key="new_agency", placeholder="如 云岚市生态环境局")
    if "new_year" not in st.session_state:
        st.session_state["new_year"] = default_report_year(date.today())
    st.number_input("报告年度", key="new_year", min_value=2019, max_value=2100, step=1,
                    help="2019、2020 年度用 2019 年格式（试行），2021 年度起用 2021 年格式")
    st.selectbox("新报告的机关类型", AGENCY_KINDS, key="new_kind")
    st.button("新建报告", key="new_btn", type="primary", on_click=_on_new)
    if EXAMPLE.exists():
        st.button("载入示例报告", key="example_btn", on_click=_on_example,
                  help="虚构的云岚市生态环境局 2023 年度报告（含 2022 年度报告作为上年报告），用来熟悉本工具")


def _on_new() -> None:
    agency = str(st.session_state.get("new_agency") or "").strip()
    year = int(st.session_state.get("new_year") or 0)
    if not agency:
        flash("error", "请填写机关名称（如 云岚市生态环境局）后再新建")
        return
    store = get_store()
    existing = store.find(agency, year)
    if existing is not None:
        open_report(existing)
        flash("info", f"“{agency}”{year} 年度的报告已存在，已为你打开它（同一机关同一年度只有一份报告）")
        return
    try:
        report = new_report(agency, year, st.session_state.get("new_kind") or "部门")
        open_report(store.create(report))
    except (DraftingError, ValueError) as exc:
        flash("error", str(exc))
        return
    flash("success", f"已新建 {report.title}（{report.format} 格式）")


def _on_example() -> None:
    try:
        report = load_report(EXAMPLE)
    except DraftingError as exc:
        flash("error", str(exc))
        return
    store = get_store()
    try:  # with accounts on, a 起草人 may create reports of their own agency only
        existing = store.find(report.agency, report.year)
        open_report(existing if existing is not None else store.create(report))
    except DraftingError as exc:
        flash("error", f"无法打开示例报告：{exc}")
        return
    flash("success", f"已打开示例：{report.title}")


def _restore() -> None:
    st.subheader("从 .json 恢复")
    st.caption("用本工具导出的 .json 恢复一份报告的全部内容：表格、工作情况、各部分正文及其全部历史版本、上年报告。")
    st.file_uploader("报告数据文件（.json）", key="restore_file", type=["json"])
    st.checkbox("覆盖已有的同名报告", key="restore_overwrite")
    st.button("从 .json 恢复", key="restore_btn", on_click=_on_restore)


def _on_restore() -> None:
    upload = st.session_state.get("restore_file")
    if upload is None:
        flash("error", "请先选择要恢复的 .json 文件")
        return
    try:
        report_id = actions.restore_json(get_store(), upload.name, upload.getvalue(),
                                         bool(st.session_state.get("restore_overwrite")))
    except DraftingError as exc:
        flash("error", str(exc))
        return
    open_report(report_id)
    flash("success", f"已从 {upload.name} 恢复报告")
