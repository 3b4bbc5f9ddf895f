"""表格数据: tables 二、三、四 as editable grids with derived totals and the findings beside each table."""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from drafting.findings import Finding, Severity
from drafting.formats import TABLE3_NOTE
from drafting.io.tableview import (
    TableEditError,
    TableView,
    apply_table_edits,
    is_derived,
    rows_with_edits,
    table_rows,
    views_for,
)
from drafting.model import Report
from drafting.tables.fill import apply_carry_in, carry_in_proposal, fill_blanks_with_zero, is_total_cell
from ui import editors, fragments, paste_panel
from ui.findings_view import open_table_findings, show_findings, touching
from ui.state import Snapshot, current, current_or_hint, flash, mutate

_ANCHORS = {"二": "table-2", "三": "table-3", "四": "table-4"}
# The grids are canvases: a click on a column header sorts the rows (as text: 1, 15, 2 …) and a drag
# reorders columns, after which typing lands in the wrong rows. A transparent strip over the header row
# takes those clicks; the official order never changes.
_NO_SORT_CSS = """<style>
[class*="st-key-editor_"] [data-testid="stDataFrame"] {position: relative}
[class*="st-key-editor_"] [data-testid="stDataFrame"]::after {
  content: ""; position: absolute; top: 0; left: 0; right: 0; height: 36px; z-index: 5; cursor: default}
</style>"""

_ERR = "_table_error_"


def render() -> None:
    """The page."""
    st.header("表格数据")
    snap = current_or_hint()
    if snap is None:
        return
    st.html(_NO_SORT_CSS)
    st.caption("单元格显示“未填”表示尚未填写（不会当作 0）。表三的“总计”列和“（七）总计”行、表四各“总计”"
               "由程序按各项相加自动计算（不能直接填写）；还有未填的项时显示已填各项之和，如“42（部分）”。"
               "标有 ⚠ 的单元格和行与检查结果有关。")
    _actions(snap)
    paste_panel.render(snap)
    # The findings and the grids rerun alone when a grid's edit is saved; the whole page follows when the
    # buttons or the paste preview above, or the sidebar marks, change (ui/fragments.py).
    fragments.part(snap, _checked_tables, _outside)


def _checked_tables(snap: Snapshot) -> None:
    """The summary of the findings, then each grid with the findings about its cells."""
    _summary(snap)
    views = views_for(snap.report.format)
    # A finding about cells of several grids (e.g. I12: 166 cells not entered) shows once, above the tables.
    spanning = [f for f in snap.findings if sum(1 for v in views if v.cell_ids().intersection(f.cells)) > 1]
    show_findings(spanning)
    st.subheader("二、主动公开政府信息情况", anchor=_ANCHORS["二"])
    for view in views:
        if view.table == "三":
            st.subheader(view.title, anchor=_ANCHORS["三"])
            st.caption(TABLE3_NOTE)
        elif view.table == "四":
            st.subheader(view.title, anchor=_ANCHORS["四"])
        _table(snap, view, [f for f in snap.findings if f not in spanning])
    shown = frozenset().union(*(v.cell_ids() for v in views))
    rest = [f for f in snap.findings if not shown.intersection(f.cells)]
    if rest:
        st.subheader("其他检查结果")
        show_findings(rest)


def _summary(snap: Snapshot) -> None:
    """At the top: how many errors and warnings the tables have, each with a link to its table."""
    open_findings = open_table_findings(snap.findings)
    if not open_findings:
        st.success("表格检查：没有发现错误。")
        return
    errors = sum(1 for f in open_findings if f.severity is Severity.ERROR)
    lines = [f"- {f}　[转到表{_table_of(f)}](#{_ANCHORS[_table_of(f)]})" for f in open_findings if _table_of(f)]
    head = f"表格检查：{errors} 个错误、{len(open_findings) - errors} 个提示（相关单元格在表中标有 ⚠）"
    (st.error if errors else st.warning)("\n".join([head, "", *lines]))


def _table_of(finding: Finding) -> str:
    """The table (二/三/四) of a finding's first cell, or "" for a finding about no cell."""
    names = {"t2": "二", "t3": "三", "t4": "四"}
    return names.get(finding.cells[0].split(".")[0], "") if finding.cells else ""


def _flagged_cells(findings: list[Finding]) -> frozenset[str]:
    """The cells marked ⚠ in the grids: those of every finding except the list of cells not entered."""
    return frozenset(c for f in open_table_findings(findings) for c in f.cells)


def _actions(snap: Snapshot) -> None:
    left, right = st.columns(2)
    left.button("未填单元格填 0", key="fill_zero_btn", on_click=_fill_zero,
                help="把所有未填写的单元格填为 0（总计仍自动计算）。只有确认这些单元格确实为 0 时才使用。")
    if _totals_entered(snap):
        left.button("总计改为自动计算", key="totals_auto_btn", on_click=_totals_auto,
                    help="本报告中有填写或导入的总计；点此清除它们，改由程序按各项相加计算")
    proposal = _carry_in_left(snap)
    if proposal:
        spec = snap.report.fmt.cells()
        listed = "、".join(f"{spec[k].column_label} {v}" for k, v in proposal.items())
        right.info(f"上年报告“结转下年度继续办理”为：{listed}。采用后填入本年“上年结转”（已填写的单元格不变）。")
        right.button("采用上年结转", key="carry_in_btn", on_click=_carry_in)


def _fill_zero() -> None:
    if mutate(fill_blanks_with_zero):
        flash("success", "已将未填单元格填为 0")


def _totals_auto() -> None:
    def change(report: Report) -> None:
        for cell_id in [c for c in report.cells if is_total_cell(c)]:
            report.set_cell(cell_id, None)

    if mutate(change):
        flash("success", "总计已改为由程序按各项相加自动计算")


def _carry_in() -> None:
    if mutate(apply_carry_in):
        flash("success", "已采用上年结转数据")


# Grid geometry in px (Streamlit's defaults: 35 px rows and header, 1 px border above and below).
_ROW = 35
_WRAP_ROW = 65  # taller than 4rem, so Streamlit wraps long labels onto a second line
_HEADER = 35
_BORDER = 2


def _rows(snap: Snapshot, view_key: str) -> list[dict[str, str]]:
    """A grid's rows for this revision, computed once (the edit callback and the next render share them)."""
    rows: list[dict[str, str]] = snap.cached(
        ("rows", view_key), lambda: table_rows(snap.report, view_key, snap.filled, _flagged_cells(snap.findings))
    )
    return rows


_MARK = "⚠ "


def _frame(view: TableView, rows: list[dict[str, str]]) -> pd.DataFrame:
    """The grid's data; the row label of a row holding a ⚠ value starts with ⚠ too, so the row is found at a glance.

    No pandas Styler (grey totals, red labels): Streamlit marshals a Styler cell by cell on every rerun, a
    quarter of this page's time, and styles only read-only columns anyway. The 总计 columns are read-only
    and say so in their help; a typed-over derived total is refused with a message naming it.
    """
    frame = pd.DataFrame(rows, columns=list(view.column_labels))
    label = view.head[-1]
    marked = [i for i, row in enumerate(rows) if any(str(v).startswith(_MARK.strip()) for v in row.values())]
    for i in marked:
        frame.at[i, label] = _MARK + str(frame.at[i, label])
    return frame


def _total_columns(view: TableView) -> list[str]:
    """The 总计 columns of tables 三 and 四: sums by definition, so read-only in the grid."""
    return [c.label for c in view.columns if c.key == "total" and view.table != "二"]


def _outside(snap: Snapshot) -> tuple[Any, ...]:
    """What this page shows above the grids that a grid's edit may change: the buttons and the paste preview."""
    return _totals_entered(snap), _carry_in_left(snap), paste_panel.has_preview(snap)


def _totals_entered(snap: Snapshot) -> bool:
    """True when a total was typed or imported rather than derived (offer to derive them all)."""
    return any(is_total_cell(c) and not is_derived(snap.report, c) for c in snap.report.cells)


def _carry_in_left(snap: Snapshot) -> dict[str, int]:
    """Last year's 结转 values this year's 上年结转 cells do not hold yet."""
    proposed: dict[str, int] = snap.cached("carry_in", lambda: carry_in_proposal(snap.report))
    return {k: v for k, v in proposed.items() if snap.report.get(k) != v}


def _table(snap: Snapshot, view: TableView, findings: list[Finding]) -> None:
    rows = _rows(snap, view.key)
    key = editors.editor_key(f"editor_{view.key}", rows)
    if view.table == "二":  # narrow blocks: findings beside the grid
        grid, side = st.columns([3, 2])
    else:  # tables 三 and 四 need the full width; their findings follow right below
        grid, side = st.container(), st.container()
    row_height = _WRAP_ROW if view.table == "三" else _ROW
    with grid:
        if view.table == "二":
            st.markdown(f"**{view.title}**")
        st.data_editor(
            snap.cached(("frame", view.key), lambda: _frame(view, rows)),
            key=key,
            hide_index=True,
            num_rows="fixed",
            width="stretch",
            height=_HEADER + row_height * len(rows) + _BORDER,  # whole: one scrollbar, the page's
            row_height=row_height,
            disabled=[*view.head, *_total_columns(view)],
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
# Label columns of the wide tables: 三's 分类 wraps onto two lines; 项目 is narrow enough that every column
# header of 表三 is whole at 1280 px with the 240 px sidebar (app.py), its long labels wrapping instead.
_HEAD_WIDTHS = {"分类": 72, "项目": 220, "类别": 200}


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
        total = col.label in _total_columns(view)
        config[col.label] = st.column_config.TextColumn(
            col.label,
            help="各项之和，由程序自动计算" if total else "未填 = 尚未填写",
            width=_header_width(col.label) if wide else None,
            disabled=total,
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
        new = apply_table_edits(snap.report, view_key, edited, shown=rows)
    except TableEditError as exc:
        st.session_state[_ERR + view_key] = (str(exc), snap.rev)
        editors.reset(base)
        return
    if new is not snap.report and mutate(lambda _: new):
        saved = current()
        if saved is not None:
            editors.mark_saved(base, _rows(saved, view_key))
