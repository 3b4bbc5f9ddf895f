"""审核与汇总: review many units' reports at once (table, filters, one unit's findings, .xlsx) and sum their tables."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import streamlit as st

from drafting.accounts.model import Role
from drafting.errors import DraftingError
from drafting.model import AgencyKind
from drafting.review.collect import collect
from drafting.review.expected import compare
from drafting.review.export import Sheet, build_sheets, write
from drafting.review.result import Status, UnitReview
from drafting.review.rollup import Rollup, Unit, rollup
from drafting.review.run import review_all
from ui.state import flash, get_store, open_report, signed_in

PAGE_LABELS = {"review": "审核与汇总"}  # after the five report pages; not a step of one report's workflow
_REVIEWS = "_review_results"
_ROLLUP = "_review_rollup"
_TYPES = ["docx", "pdf", "html", "htm", "md", "txt", "json", "zip"]


def render() -> None:
    """The page."""
    st.header("审核与汇总")
    user = signed_in()
    if user is not None and user.role is Role.DRAFTER:
        st.info("审核与汇总供审核人使用：起草人请在“提交与审核”页提交本单位的报告。")
        return
    st.caption("一次上传各部门、各乡镇报送的年报（可打包为 .zip），逐份检查表格、正文与表格是否一致、五个方面是否齐全，"
               "并可把各单位的表格逐格相加为本级汇总表。")
    _upload()
    reviews: list[UnitReview] | None = st.session_state.get(_REVIEWS)
    if not reviews:
        return
    sheets = build_sheets(reviews, _expected(reviews))
    _summary(reviews)
    _table(sheets[0])
    _unit_findings(reviews, sheets[1])
    if len(sheets) > 2:
        _missing(sheets[2])
    _download(sheets)
    _rollup(reviews)


def _upload() -> None:
    files = st.file_uploader("各单位的年报文件", type=_TYPES, accept_multiple_files=True, key="review_files")
    st.text_area("应报单位名单（可选，每行一个单位）", key="review_units", height=100)
    if st.button("开始审核", key="review_run", type="primary", disabled=not files):
        with st.spinner(f"正在审核 {len(files or [])} 个文件……"):
            st.session_state[_REVIEWS] = _review(files or [])
        st.session_state.pop(_ROLLUP, None)


def _review(files: list[Any]) -> list[UnitReview]:
    """Each upload written to a temporary folder (a .zip is read member by member) and reviewed there."""
    with tempfile.TemporaryDirectory(prefix="review-") as folder:
        paths = []
        for i, upload in enumerate(files):
            path = Path(folder) / f"{i:03d}-{Path(upload.name).name}"
            path.write_bytes(upload.getvalue())
            paths.append(path)
        reviews = review_all(collect(paths), jobs=1, progress=False)
    for review in reviews:  # the temporary name back to what the user uploaded
        review.source = _uploaded_name(review.source, Path(folder))
    return reviews


def _uploaded_name(source: str, folder: Path) -> str:
    """000-乡镇.zip/丙.txt in the temporary folder → 乡镇.zip/丙.txt as the user uploaded it."""
    try:
        relative = Path(source).relative_to(folder).as_posix()
    except ValueError:
        return source
    return relative.split("-", 1)[-1]


def _expected(reviews: list[UnitReview]) -> list[Any] | None:
    names = [line.strip() for line in str(st.session_state.get("review_units") or "").splitlines() if line.strip()]
    return compare(names, reviews) if names else None


def _summary(reviews: list[UnitReview]) -> None:
    counts = {status: sum(r.status is status for r in reviews) for status in Status}
    text = "，".join(f"{status.value} {n} 份" for status, n in counts.items() if n)
    st.subheader("审核结果")
    st.markdown(f"共审核 **{len(reviews)}** 份：{text}。")


def _table(units: Sheet) -> None:
    left, right = st.columns(2)
    statuses = left.multiselect(
        "按状态筛选", [s.value for s in Status], key="review_status_filter", placeholder="全部状态"
    )
    name = right.text_input("单位名称包含", key="review_name_filter").strip()
    status_at = units.header.index("状态")
    rows = [row for row in units.rows if (not statuses or row[status_at] in statuses) and name in str(row[0])]
    st.dataframe([dict(zip(units.header, row, strict=True)) for row in rows], hide_index=True, key="review_table")


def _unit_findings(reviews: list[UnitReview], findings: Sheet) -> None:
    names = [r.unit for r in reviews]
    unit = st.selectbox("查看单位的全部问题", names, key="review_unit", index=None, placeholder="选择一个单位")
    if unit is None:
        return
    rows = [dict(zip(findings.header, row, strict=True)) for row in findings.rows if row[0] == unit]
    if rows:
        st.dataframe(rows, hide_index=True, key="review_unit_table")
    else:
        st.success(f"{unit}：没有发现问题")


def _missing(expected: Sheet) -> None:
    st.markdown("**应报未报与名单外的单位**")
    st.dataframe([dict(zip(expected.header, row, strict=True)) for row in expected.rows], hide_index=True)


def xlsx_bytes(sheets: list[Sheet]) -> bytes:
    """The review as the .xlsx the command line writes."""
    with tempfile.TemporaryDirectory(prefix="review-out-") as folder:
        path = Path(folder) / "审核结果.xlsx"
        write(path, sheets)
        return path.read_bytes()


def _download(sheets: list[Sheet]) -> None:
    st.download_button(
        "下载审核结果 .xlsx",
        data=lambda: xlsx_bytes(sheets),  # built when clicked, not on every rerun of the page
        file_name="审核结果.xlsx",
        key="review_xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        on_click="ignore",
    )


def _rollup(reviews: list[UnitReview]) -> None:
    st.subheader("汇总本级报表")
    units = [Unit(r.source, r.report) for r in reviews if r.report is not None]
    if not units:
        st.info("没有可以汇总的单位：所有文件都无法读取")
        return
    stale = {"on_change": _forget_rollup}  # a changed name, year or choice asks for a new sum
    agency = st.text_input("本级机关名称", key="rollup_agency", placeholder="如：某某县人民政府", **stale)
    first_year = units[0].report.year
    year = st.number_input("年度", min_value=2019, max_value=2100, value=first_year, key="rollup_year", **stale)
    kind: AgencyKind = st.selectbox("机关类型", ["人民政府", "部门", "乡镇"], key="rollup_kind", **stale)
    blanks = st.checkbox("空白单元格按 0 计", key="rollup_blanks", **stale)
    errors = st.checkbox("表格有错误的单位也汇总", key="rollup_errors", **stale)
    if st.button(f"汇总 {len(units)} 个单位的表格", key="rollup_run", disabled=not agency.strip()):
        st.session_state[_ROLLUP] = _sum(units, agency.strip(), int(year), kind, blanks, errors)
    _rollup_result(st.session_state.get(_ROLLUP))


def _forget_rollup() -> None:
    st.session_state.pop(_ROLLUP, None)


def _sum(units: list[Unit], agency: str, year: int, kind: AgencyKind, blanks: bool, errors: bool) -> Rollup | str:
    try:
        return rollup(units, agency, year, kind, blanks_as_zero=blanks, allow_errors=errors)
    except DraftingError as exc:
        return str(exc)


def _rollup_result(result: Rollup | str | None) -> None:
    if result is None:
        return
    if isinstance(result, str):
        st.error(f"未汇总：{result}")
        return
    for note in result.notes:
        st.info(note)
    st.button("打开汇总表为报告", key="rollup_open", type="primary", on_click=_open_rollup, args=(result,))


def _open_rollup(result: Rollup) -> None:
    store = get_store()
    report = result.report
    if store.find(report.agency, report.year) is not None:
        exists = f"已有“{report.agency}”{report.year} 年的报告，汇总表未保存"
        flash("error", f"{exists}：请换一个机关名称，或先在基本信息页删除原报告")
        return
    try:  # with accounts on, the sum is saved only under an agency this user may edit
        open_report(store.create(report))
    except DraftingError as exc:
        flash("error", f"汇总表未保存：{exc}")
        return
    flash("success", f"已打开汇总表：{report.agency}{report.year} 年（{len(result.units)} 个单位）")
    st.session_state["nav"] = "tables"
