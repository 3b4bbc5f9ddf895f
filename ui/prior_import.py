"""基本信息 › 上年报告: read last year's report, look at what was read cell by cell, then attach it."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from drafting.errors import DraftingError
from drafting.io.importer import attach_prior
from drafting.model import Report
from ui import actions
from ui.state import Snapshot, current, flash, mutate

_PREVIEW = "_prior_preview"
_SUMMARY = "_import_summary"


def render(snap: Snapshot) -> None:
    """The prior-year block: uploader or pasted text, 读取, the preview, 确认导入 / 取消."""
    report = snap.report
    st.subheader(f"上年报告（{report.year - 1} 年度）")
    if report.prior is not None:
        st.success(f"已导入：{report.prior.title}。上年结转、同比数字、上年问题和相似度检查将使用它。")
        st.button("移除上年报告", key="prior_remove_btn", on_click=_remove_prior)
    st.file_uploader("上年报告文件", key="prior_file", type=["pdf", "docx", "html", "htm", "md", "txt", "json"],
                     help="上年发布的年报（PDF、Word、网页或文本），或本工具导出的 .json")
    st.text_area("或粘贴上年报告全文", key="prior_text", height=120)
    st.button("读取上年报告", key="prior_btn", on_click=_read,
              help="先读取并显示读出的内容，确认无误后再导入")
    preview: actions.PriorPreview | None = st.session_state.get(_PREVIEW)
    if preview is not None:
        _show_preview(preview)
    elif st.session_state.get(_SUMMARY):
        with st.expander("导入结果", expanded=False):
            st.text(st.session_state[_SUMMARY])


def _inputs() -> tuple[str | None, bytes | None, str]:
    upload = st.session_state.get("prior_file")
    data = upload.getvalue() if upload is not None else None
    return (upload.name if upload is not None else None), data, str(st.session_state.get("prior_text") or "")


def _read() -> None:
    snap = current()
    if snap is None:
        return
    try:
        preview = actions.preview_prior(snap.report, *_inputs())
    except DraftingError as exc:
        flash("error", str(exc))
        return
    st.session_state[_PREVIEW] = preview
    st.session_state["prior_agency"] = preview.prior.agency
    st.session_state["prior_year"] = preview.prior.year


def _show_preview(preview: actions.PriorPreview) -> None:
    with st.container(border=True):
        st.markdown("**读取结果（尚未导入）**：请核对后点“确认导入为上年报告”。机关名称或年度读错时，在下面改正。")
        left, right = st.columns([3, 1])
        left.text_input("机关名称", key="prior_agency")
        right.number_input("年度", key="prior_year", min_value=2019, max_value=2100, step=1)
        st.text(preview.summary)
        result = preview.result
        if result is not None:
            variants = result.label_variants()
            if variants:
                st.info("按印刷写法读取的行：\n" + "\n".join(f"- {v}" for v in variants))
            with st.expander(f"逐格查看（{len(result.cell_table())} 个单元格）", expanded=False):
                st.dataframe(_cells_frame(result), hide_index=True, width="stretch")
        yes, no, _ = st.columns([2, 1, 3])
        yes.button("确认导入为上年报告", key="prior_apply_btn", type="primary", on_click=_apply)
        no.button("取消", key="prior_cancel_btn", on_click=lambda: st.session_state.pop(_PREVIEW, None))


def _cells_frame(result: object) -> pd.DataFrame:
    rows = [
        {"单元格": c.location, "结果": c.outcome, "读出的值": c.value, "原文": c.raw, "说明": c.reason}
        for c in result.cell_table()  # type: ignore[attr-defined]
    ]
    return pd.DataFrame(rows)


def _apply() -> None:
    snap = current()
    preview: actions.PriorPreview | None = st.session_state.get(_PREVIEW)
    if snap is None or preview is None:
        return
    try:
        prior = _with_corrections(snap.report, preview)
    except DraftingError as exc:
        flash("error", str(exc))
        return
    if mutate(lambda r: attach_prior(r, prior)):
        st.session_state.pop(_PREVIEW, None)
        st.session_state[_SUMMARY] = preview.summary
        flash("success", f"已导入上年报告：{prior.title}")


def _with_corrections(report: Report, preview: actions.PriorPreview) -> Report:
    """The previewed report, read again with the agency and year the user corrected (if any)."""
    agency = str(st.session_state.get("prior_agency") or "").strip() or preview.prior.agency
    year = int(st.session_state.get("prior_year") or preview.prior.year)
    if (agency, year) == (preview.prior.agency, preview.prior.year) or preview.result is None:
        return preview.prior
    return actions.preview_prior(report, *_inputs(), agency=agency, year=year).prior


def _remove_prior() -> None:
    if mutate(lambda r: r.__setattr__("prior", None)):
        st.session_state.pop(_SUMMARY, None)
        flash("success", "已移除上年报告")
