"""表格数据: paste a block copied from Excel/WPS into 表三 or 表四, or upload an .xlsx; preview with checks, apply."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import streamlit as st

from drafting.io.paste import PastePlan, apply_plan, plan_paste, plan_xlsx
from drafting.io.tableview import TableView, display_value, get_view
from drafting.model import Report
from ui.findings_view import show_findings
from ui.state import Snapshot, current, flash, mutate

TITLE = "从 Excel/WPS 粘贴或上传 .xlsx"
TABLE_KEY = "paste_table"
BLOCK_KEY = "paste_block"
BLANK_KEY = "paste_blank_clears"
XLSX_KEY = "paste_xlsx"
_PENDING = "_paste_pending"
_TABLES = {"t3": "表三", "t4": "表四"}
_STALE = "预览之后表格或所选内容已改变，未写入任何单元格；请重新点“预览”后再应用"


@dataclass(frozen=True)
class _Pending:
    """A preview: the report revision and the inputs it was made from, and its plan."""

    rev: int
    inputs: tuple[object, ...]
    plan: PastePlan


def render(snap: Snapshot) -> None:
    """The collapsed panel: paste or upload, preview (cells and findings), apply."""
    with st.expander(TITLE, key="paste_expander"):
        st.caption("在 Excel/WPS 中选中数字单元格（不带行名、列名），Ctrl+C 复制，粘贴到下面的文本框，"
                   "再选择从哪个单元格开始填入。也可以上传与官方表格行名、列名相同的 .xlsx，按行名、列名对应填入。")
        st.checkbox("粘贴内容中的空白单元格表示“未填”（清空原值）", key=BLANK_KEY)
        st.caption("不勾选时，空白单元格不改变表格中原有的值；单元格写“未填”“-”或“—”表示未填（清空原值）。")
        _paste_inputs(snap.report)
        _xlsx_inputs()
        pending = _pending(snap)
        if pending is not None:
            _preview(pending.plan)


def _view(report: Report) -> TableView:
    table = st.session_state.get(TABLE_KEY, "t3")
    return get_view(report.format, table if table in _TABLES else "t3")


def _row_key(view: TableView) -> str:
    return f"paste_start_row_{view.key}"


def _col_key(view: TableView) -> str:
    return f"paste_start_col_{view.key}"


def _paste_inputs(report: Report) -> None:
    st.selectbox("粘贴到", list(_TABLES), key=TABLE_KEY, format_func=_TABLES.__getitem__)
    view = _view(report)
    rows = {key: head[-1] for key, head in view.rows}
    cols = {c.key: c.label for c in view.columns}
    left, right = st.columns([3, 1])
    left.selectbox("起始行", list(rows), key=_row_key(view), format_func=rows.__getitem__)
    right.selectbox("起始列", list(cols), key=_col_key(view), format_func=cols.__getitem__)
    if view.table == "四":
        st.caption("表四按官方格式是一行 15 个单元格：粘贴一行时，从起始单元格往后依次填入行政复议、"
                   "未经复议直接起诉、复议后起诉各栏。")
    st.text_area("粘贴的内容", key=BLOCK_KEY, height=140,
                 placeholder="在此粘贴（Ctrl+V）从 Excel/WPS 复制的数字，每行一行、每列用制表符分隔")
    st.button("预览", key="paste_preview_btn", on_click=_preview_paste)


def _xlsx_inputs() -> None:
    st.file_uploader("或上传 .xlsx（行名、列名与官方表格相同，可含表二、表三、表四）", type=["xlsx"], key=XLSX_KEY)
    st.button("预览 .xlsx", key="paste_xlsx_preview_btn", on_click=_preview_xlsx,
              disabled=st.session_state.get(XLSX_KEY) is None)


def _paste_now(report: Report) -> tuple[object, ...]:
    """What a paste preview is made from: the widgets' values now."""
    view = _view(report)
    first_row, first_col = view.rows[0][0], view.columns[0].key
    return ("paste", view.key, st.session_state.get(_row_key(view), first_row),
            st.session_state.get(_col_key(view), first_col), bool(st.session_state.get(BLANK_KEY)),
            st.session_state.get(BLOCK_KEY) or "")


def _xlsx_now() -> tuple[object, ...]:
    """What an .xlsx preview is made from: the uploaded file (by its upload id) and the blank option."""
    upload = st.session_state.get(XLSX_KEY)
    if upload is None:
        return ("xlsx", None)
    return ("xlsx", getattr(upload, "file_id", upload.name), upload.name, bool(st.session_state.get(BLANK_KEY)))


def _inputs_now(kind: object, report: Report) -> tuple[object, ...]:
    return _paste_now(report) if kind == "paste" else _xlsx_now()


def has_preview(snap: Snapshot) -> bool:
    """True while the panel shows a preview (one made from this revision of the report)."""
    return _pending(snap) is not None


def _pending(snap: Snapshot) -> _Pending | None:
    """The stored preview, only while the report and the inputs are still those it was made from."""
    pending: _Pending | None = st.session_state.get(_PENDING)
    return pending if pending is not None and _fresh(snap, pending) else None


def _fresh(snap: Snapshot, pending: _Pending) -> bool:
    return pending.rev == snap.rev and pending.inputs == _inputs_now(pending.inputs[0], snap.report)


def _source(plan: PastePlan) -> str:
    return plan.source if plan.origin == "typed" else f"文件 {plan.source} "


def _preview_paste() -> None:
    snap = current()
    if snap is None:
        return
    inputs = _paste_now(snap.report)
    _, view_key, row_key, col_key, blank_clears, block = inputs
    plan = plan_paste(snap.report, str(view_key), str(row_key), str(col_key), str(block),
                      blank_clears=bool(blank_clears))
    st.session_state[_PENDING] = _Pending(snap.rev, inputs, plan)


def _preview_xlsx() -> None:
    snap = current()
    upload = st.session_state.get(XLSX_KEY)
    if snap is None or upload is None:
        return
    plan = plan_xlsx(snap.report, upload.getvalue(), upload.name, blank_clears=bool(st.session_state.get(BLANK_KEY)))
    st.session_state[_PENDING] = _Pending(snap.rev, _xlsx_now(), plan)


def _preview(plan: PastePlan) -> None:
    with st.container(key="paste_result"):
        if plan.problems:
            listed = "\n".join(f"- {p}" for p in plan.problems)
            st.error(f"{_source(plan)}有 {len(plan.problems)} 处问题，未写入任何单元格：\n\n{listed}")
        if plan.notes:
            st.warning("\n".join(f"- {n}" for n in plan.notes))
        if plan.problems:
            return
        if not plan.changes:
            st.info(f"{_source(plan)}与表格中的值相同（空白单元格不改变原值），没有需要修改的单元格")
            return
        _changes(plan)
        st.markdown("**应用后的检查结果**")
        show_findings(plan.findings, ok_text="应用后表格检查未发现问题")
        st.button("应用", key="paste_apply_btn", type="primary", on_click=_apply)


def _changes(plan: PastePlan) -> None:
    same = f"（另有 {plan.unchanged} 个单元格与原值相同）" if plan.unchanged else ""
    st.markdown(f"**将修改 {len(plan.changes)} 个单元格**{same}")
    rows = [{"单元格": c.location, "原值": display_value(c.old), "新值": display_value(c.new)}
            for c in plan.changes.values()]
    st.dataframe(pd.DataFrame(rows, columns=["单元格", "原值", "新值"]), hide_index=True, width="stretch")


def _apply() -> None:
    snap = current()
    pending: _Pending | None = st.session_state.pop(_PENDING, None)
    if snap is None or pending is None or not _fresh(snap, pending):
        flash("error", _STALE)
        return
    plan = pending.plan
    if mutate(lambda report: apply_plan(report, plan)):
        flash("success", f"已从{_source(plan)}填入 {len(plan.changes)} 个单元格")
        if pending.inputs[0] == "paste":
            st.session_state[BLOCK_KEY] = ""

