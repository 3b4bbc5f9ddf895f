"""预览与导出: the report as it will read, copy buttons, downloads, and the final checklist of open findings."""

from __future__ import annotations

from typing import cast

import streamlit as st

from drafting.findings import Finding, Severity
from drafting.io.render import RenderFormat, render_html_fragment
from drafting.io.render import render as render_report
from drafting.model import SECTION_HEADINGS, SECTION_IDS, report_to_json
from ui import review_checklist
from ui.clipboard import copy_buttons
from ui.findings_view import show_findings
from ui.state import Snapshot, current_or_hint

_MIME = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "md": "text/markdown",
    "txt": "text/plain",
    "json": "application/json",
}


def render() -> None:
    """The page."""
    st.header("预览与导出")
    snap = current_or_hint()
    if snap is None:
        return
    _unwritten_warning(snap)
    plain = _rendered(snap, "txt")
    fragment = snap.cached("fragment", lambda: render_html_fragment(snap.report))
    copy_buttons(str(plain), str(fragment))
    _downloads(snap)
    review_checklist.render(snap)
    _checklist(snap)
    st.subheader("预览")
    with st.container(border=True):
        st.html(fragment)


def unwritten_sections(snap: Snapshot) -> list[str]:
    """Headings of the sections with no text yet (the preview and exports show the template's placeholder)."""
    return [SECTION_HEADINGS[sid] for sid in SECTION_IDS if not snap.report.sections[sid].text.strip()]


def _unwritten_warning(snap: Snapshot) -> None:
    missing = unwritten_sections(snap)
    if missing:
        names = "".join(f"“{m}”" for m in missing)
        st.warning(
            f"尚未撰写：{names}。预览和导出的文件中这些部分暂为格式模板的占位文字“（文字描述）”，"
            "请到“起草”页生成或填写后再定稿。",
            icon=":material/warning:",
        )


def _rendered(snap: Snapshot, to: str) -> str | bytes:
    if to == "json":
        text: str = snap.cached("json", lambda: report_to_json(snap.report))
        return text
    data: str | bytes = snap.cached(("render", to), lambda: render_report(snap.report, cast("RenderFormat", to)))
    return data


def _downloads(snap: Snapshot) -> None:
    title = snap.report.title
    columns = st.columns(4)
    for column, ext in zip(columns, ("docx", "md", "txt", "json"), strict=True):
        data = _rendered(snap, ext)
        column.download_button(
            f"下载 .{ext}", data=data, file_name=f"{title}.{ext}", mime=_MIME[ext], key=f"dl_{ext}", on_click="ignore"
        )


def open_findings(snap: Snapshot) -> list[Finding]:
    """Every open finding: the tables' and each section's gate findings."""

    return [*snap.findings, *(f for sid in SECTION_IDS for f in snap.gate(sid))]


def _checklist(snap: Snapshot) -> None:
    st.subheader("定稿检查清单")
    findings = open_findings(snap)
    errors = sum(1 for f in findings if f.severity is Severity.ERROR)
    if findings:
        warnings = len(findings) - errors
        st.markdown(f"共 **{len(findings)}** 项待处理：错误 {errors} 项，提示 {warnings} 项。错误处理完之前不宜定稿。")
    groups = [("表格", [f for f in findings if f.section is None])]
    groups += [(SECTION_HEADINGS[sid], [f for f in findings if f.section == sid]) for sid in SECTION_IDS]
    for title, items in groups:
        with st.expander(f"{title}（{len(items)}）", expanded=bool(items)):
            show_findings(items, ok_text="没有问题")
