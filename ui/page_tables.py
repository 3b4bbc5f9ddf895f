"""表格数据: tables 二、三、四 as editable grids with derived totals and the findings beside each table."""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from drafting.fill import apply_carry_in, carry_in_proposal, fill_blanks_with_zero
from drafting.findings import Finding
from drafting.formats import TABLE3_NOTE
from drafting.tableview import TableEditError, TableView, apply_table_edits, rows_with_edits, table_rows, views_for
from ui import editors
from ui.findings_view import show_findings, touching
from ui.state import Snapshot, current, current_or_hint, flash, mutate

_ERR = "_table_error_"


def render() -> None:
    """The page."""
    st.header("表格数据")
    snap = current_or_hint()
    if snap is None:
        return
    st.caption("单元格显示“未填”表示尚未填写（不会当作 0）。表三的“总计”列和“（七）总计”行、表四各“总计”"
               "未填写时由程序按各项相加自动计算；填写了的总计保留原值并与各项之和核对。")
    _actions(snap)
    views = views_for(snap.report.format)
    # A finding about cells of several grids (e.g. I12: 166 cells not entered) shows once, above the tables.
    spanning = [f for f in snap.findings if sum(1 for v in views if v.cell_ids().intersection(f.cells)) > 1]
    show_findings(spanning)
    st.subheader("二、主动公开政府信息情况")
    for view in views:
        if view.table == "三":
            st.subheader(view.title)
            st.caption(f"{TABLE3_NOTE}　表三共 {len(view.rows)} 行，在表内上下滚动查看，列名始终可见。")
        elif view.table == "四":
            st.subheader(view.title)
        _table(snap, view, [f for f in snap.findings if f not in spanning])
    shown = frozenset().union(*(v.cell_ids() for v in views))
    rest = [f for f in snap.findings if not shown.intersection(f.cells)]
    if rest:
        st.subheader("其他检查结果")
        show_findings(rest)


def _actions(snap: Snapshot) -> None:
    left, right = st.columns(2)
    left.button("未填单元格填 0", key="fill_zero_btn", on_click=_fill_zero,
                help="把所有未填写的单元格填为 0（总计仍自动计算）。只有确认这些单元格确实为 0 时才使用。")
    proposed: dict[str, int] = snap.cached("carry_in", lambda: carry_in_proposal(snap.report))
    proposal = {k: v for k, v in proposed.items() if snap.report.get(k) != v}
    if proposal:
        spec = snap.report.fmt.cells()
        listed = "、".join(f"{spec[k].column_label} {v}" for k, v in proposal.items())
        right.info(f"上年报告“结转下年度继续办理”为：{listed}。采用后填入本年“上年结转”（已填写的单元格不变）。")
        right.button("采用上年结转", key="carry_in_btn", on_click=_carry_in)


def _fill_zero() -> None:
    if mutate(fill_blanks_with_zero):
        flash("success", "已将未填单元格填为 0")


def _carry_in() -> None:
    if mutate(apply_carry_in):
        flash("success", "已采用上年结转数据")


# Grid geometry in px (Streamlit's defaults: 35 px rows and header, 1 px border above and below).
_ROW = 35
_WRAP_ROW = 65  # taller than 4rem, so Streamlit wraps long labels onto a second line
_HEADER = 35
_BORDER = 2
# Table 三 with wrapped labels is taller than a window: cap it so it scrolls inside and its column
# headers stay in view while going through the rows (a 1400×1000 window shows it whole in height).
_MAX_HEIGHT = 940


def _rows(snap: Snapshot, view_key: str) -> list[dict[str, str]]:
    """A grid's rows for this revision, computed once (the edit callback and the next render share them)."""
    rows: list[dict[str, str]] = snap.cached(("rows", view_key), lambda: table_rows(snap.report, view_key, snap.filled))
    return rows


def _table(snap: Snapshot, view: TableView, findings: list[Finding]) -> None:
    rows = _rows(snap, view.key)
    key, _ = editors.editor_key(f"editor_{view.key}", rows)
    if view.table == "二":  # narrow blocks: findings beside the grid
        grid, side = st.columns([3, 2])
    else:  # tables 三 and 四 need the full width; their findings follow right below
        grid, side = st.container(), st.container()
    row_height = _WRAP_ROW if view.table == "三" else _ROW
    with grid:
        if view.table == "二":
            st.markdown(f"**{view.title}**")
        st.data_editor(
            pd.DataFrame(rows, columns=list(view.column_labels)),
            key=key,
            hide_index=True,
            num_rows="fixed",
            width="stretch",
            height=min(_HEADER + row_height * len(rows) + _BORDER, _MAX_HEIGHT),
            row_height=row_height,
            disabled=list(view.head),
            column_config=_column_config(view),
            on_change=_on_edit,
            args=(view.key, key),
        )
        error = st.session_state.get(_ERR + view.key)
        if error and error[1] == snap.rev:
            st.error(error[0])
    with side:
        show_findings(touching(findings, view.cell_ids()))


# Widths are in Streamlit's units (the grid shows them about 1.14 times wider at the default font size).
# Label columns of the wide tables: 三's 分类 wraps onto two lines, 项目 gets the rest of a 1400 px window.
_HEAD_WIDTHS = {"分类": 72, "项目": 240, "类别": 200}


def _header_width(label: str) -> int:
    """Enough for a header of CJK characters plus the edit icon, so it is never cut."""
    return 12 * len(label) + 38


def _column_config(view: TableView) -> dict[str, Any]:
    wide = view.table != "二"
    config: dict[str, Any] = {
        h: st.column_config.TextColumn(h, disabled=True, width=_HEAD_WIDTHS.get(h) if wide else None)
        for h in view.head
    }
    for col in view.columns:
        config[col.label] = st.column_config.TextColumn(
            col.label, help="未填 = 尚未填写；总计留空时自动计算", width=_header_width(col.label) if wide else None
        )
    return config


def _on_edit(view_key: str, widget_key: str) -> None:
    snap = current()
    if snap is None:
        return
    base = f"editor_{view_key}"
    rows = _rows(snap, view_key)
    edited = rows_with_edits(rows, editors.pending_edits(widget_key)["edited_rows"])
    try:
        new = apply_table_edits(snap.report, view_key, edited)
    except TableEditError as exc:
        st.session_state[_ERR + view_key] = (str(exc), snap.rev)
        editors.reset(base)
        return
    if new is not snap.report and mutate(lambda _: new):
        saved = current()
        if saved is not None:
            editors.mark_saved(base, _rows(saved, view_key))
