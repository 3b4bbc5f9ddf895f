"""工作情况: staff notes and key figures for the five aspects of 一, problems for 五, the items of 六."""

from __future__ import annotations

import functools
from decimal import Decimal, InvalidOperation

import streamlit as st

from drafting.io.importer.prior import prior_problems
from drafting.model import Aspect, AspectNotes, FollowUp, FollowUpStatus, KeyFigure, Notes, Problem, Report
from drafting.narrative.problems import followup_warnings, last_year_problems, problem_warnings
from ui import fragments
from ui.list_editor import ItemField, render_list
from ui.state import Snapshot, bind, current, current_or_hint, flash, mutate

_FIGURE_FIELDS = (
    ItemField("label", "名称", multiline=False, placeholder="如 门户网站发布信息", width=4),
    ItemField("value", "数值", multiline=False, placeholder="如 340", width=2),
    ItemField("unit", "单位", multiline=False, placeholder="如 条", width=2),
)
_PROBLEM_FIELDS = (
    ItemField("problem", "问题", placeholder="如 部分基层单位信息发布不够及时"),
    ItemField("measure", "改进措施", placeholder="如 建立信息发布周调度机制，每月通报发布情况"),
)
_FOLLOWUP_FIELDS = (
    ItemField("problem", "上年问题", placeholder="上年报告中写的问题"),
    ItemField("status", "整改状态", multiline=False, width=1, options=tuple(s.value for s in FollowUpStatus)),
    ItemField("outcome", "说明", placeholder="如 增加图解、视频解读，全年发布图解×篇；未完成的写明原因和完成时限"),
)

# One example per aspect, so staff see what each part of 一 is about (× marks a number to fill in).
_ASPECT_EXAMPLES = {
    Aspect.ACTIVE: "例如：全年通过门户网站主动公开政府信息×条，重点公开行政许可、行政处罚、财政预决算等信息，"
    "发布政策解读×篇……",
    Aspect.ON_REQUEST: "例如：规范依申请公开登记、审核、答复流程，全年新收申请×件，均在法定期限内答复，"
    "未发生因答复引起的行政复议被纠错……",
    Aspect.MANAGEMENT: "例如：开展行政规范性文件清理，落实公开属性源头认定和发布前保密审查，"
    "动态更新政府信息公开指南和目录……",
    Aspect.PLATFORM: "例如：优化门户网站政府信息公开专栏，新增“××”栏目；政务新媒体全年发布信息×条；"
    "政务服务大厅设置政务公开专区……",
    Aspect.OVERSIGHT: "例如：将政务公开纳入年度绩效考核，组织业务培训×次、参训×人次；"
    "全年未发生因政府信息公开工作引发的责任追究……",
}
_PROBLEMS_EXAMPLE = "例如：问题“部分基层单位信息发布不够及时”，改进措施“建立信息发布周调度机制，每月通报发布情况”。"
_FOLLOWUPS_EXAMPLE = (
    "例如：上年问题“政策解读形式较单一”，整改状态选“已整改”，整改情况“增加图解、视频解读，全年发布图解×篇”。"
    "未选择整改状态的，起草时只留下【待补充】。"
)
_OTHER_EXAMPLE = (
    "例如：\n落实上级年度政务公开工作要点情况：……\n"
    "人大代表建议和政协提案办理结果公开情况：全年办理建议×件、提案×件，办理结果均已公开"
)


def render() -> None:
    """The page."""
    st.header("工作情况")
    snap = current_or_hint()
    if snap is None:
        return
    st.caption("这里填写的情况和数字供起草正文使用；正文中的每个数字都会与表格和这里的数字核对。")
    st.subheader("一、总体情况（五个方面）")
    for aspect in Aspect:  # each part reruns alone when its own field is saved (ui/fragments.py)
        fragments.part(snap, functools.partial(_aspect, aspect=aspect))
    st.subheader("五、存在的主要问题及改进情况")
    fragments.part(snap, _problems)
    st.subheader("六、其他需要报告的事项")
    fragments.part(snap, _other)


def _aspect(snap: Snapshot, aspect: Aspect) -> None:
    notes = snap.report.notes.aspects.get(aspect)
    with st.expander(aspect.label, expanded=True):
        key = f"notes_{aspect.value}"
        bind(key, notes.notes if notes else "", snap.rev)
        st.text_area("工作情况", key=key, on_change=_save_notes, args=(aspect, key), height=100,
                     placeholder=_ASPECT_EXAMPLES[aspect])
        st.caption("关键数字（正文可引用；每条一个，如 门户网站发布信息 · 340 · 条）")
        render_list(f"figures_{aspect.value}", _figure_items(aspect, snap.report.notes), lambda: _figure_items(aspect),
                    _FIGURE_FIELDS, lambda rows: _save_figures(aspect, rows), snap.rev, noun="个数字")


def _save_notes(aspect: Aspect, key: str) -> None:
    text = str(st.session_state.get(key) or "").strip()
    mutate(lambda r: _aspect_notes(r, aspect).__setattr__("notes", text))


def _aspect_notes(report: Report, aspect: Aspect) -> AspectNotes:
    return report.notes.aspects.setdefault(aspect, AspectNotes())


def _save_figures(aspect: Aspect, rows: list[dict[str, str]]) -> str | None:
    try:
        figures = [_figure(i, r) for i, r in enumerate(rows, start=1)]
    except ValueError as exc:
        return str(exc)
    mutate(lambda r: _aspect_notes(r, aspect).__setattr__("figures", figures))
    return None


def _stored_notes() -> Notes:
    snap = current()
    return snap.report.notes if snap is not None else Notes()


def _figure_items(aspect: Aspect, notes: Notes | None = None) -> list[dict[str, str]]:
    """The key figures of an aspect as list items, of `notes` or else of the stored report."""
    aspect_notes = (_stored_notes() if notes is None else notes).aspects.get(aspect)
    figures = aspect_notes.figures if aspect_notes else []
    return [{"label": f.label, "value": format(f.value, "f"), "unit": f.unit} for f in figures]


def _problem_items(notes: Notes | None = None) -> list[dict[str, str]]:
    """The problems of 五 as list items, of `notes` or else of the stored report."""
    problems = (_stored_notes() if notes is None else notes).problems
    return [{"problem": p.problem, "measure": p.measure} for p in problems]


def _followup_items(notes: Notes | None = None) -> list[dict[str, str]]:
    """Last year's problems and their follow-up as list items, of `notes` or else of the stored report."""
    return [
        {"problem": f.problem, "status": f.status.value if f.status else "", "outcome": f.outcome}
        for f in (_stored_notes() if notes is None else notes).followups
    ]


def _figure(index: int, row: dict[str, str]) -> KeyFigure:
    if not row.get("label"):
        msg = f"关键数字第 {index} 条的“名称”未填写：请写明这个数字是什么（如 门户网站发布信息）"
        raise ValueError(msg)
    text = row.get("value", "").replace(",", "").replace("，", "")
    try:
        value = Decimal(text)
    except InvalidOperation:
        value = Decimal("NaN")
    if not value.is_finite():
        msg = f"关键数字第 {index} 条“{row['label']}”的“数值” {text!r} 应为数字，如 340 或 12.5"
        raise ValueError(msg)
    return KeyFigure(label=row["label"], value=value, unit=row.get("unit", ""))


def _problems(snap: Snapshot) -> None:
    st.markdown("**本年存在的问题及改进措施**")
    st.caption(_PROBLEMS_EXAMPLE)
    last_year = last_year_problems(snap.report)
    notes = snap.report.notes
    render_list("problems", _problem_items(notes), _problem_items, _PROBLEM_FIELDS, _save_problems, snap.rev,
                warn=lambda item: problem_warnings(item["problem"], item["measure"], last_year))
    st.markdown("**上年问题的整改情况**")
    st.caption(_FOLLOWUPS_EXAMPLE)
    render_list("followups", _followup_items(notes), _followup_items, _FOLLOWUP_FIELDS, _save_followups, snap.rev,
                warn=lambda item: followup_warnings(_followup(item)))
    prior = snap.report.prior
    if prior is not None and prior_problems(prior):
        st.button("带入上年问题", key="followups_from_prior_btn", on_click=_followups_from_prior,
                  help="把上年报告“五、存在的主要问题及改进情况”中的问题列入上面，再逐条填写整改情况")


def _save_problems(rows: list[dict[str, str]]) -> str | None:
    for i, r in enumerate(rows, start=1):
        if not r.get("problem"):
            return f"第 {i} 条的“问题”未填写：请先写问题，再写改进措施"
    problems = [Problem(problem=r["problem"], measure=r.get("measure", "")) for r in rows]
    mutate(lambda r: r.notes.__setattr__("problems", problems))
    return None


def _save_followups(rows: list[dict[str, str]]) -> str | None:
    for i, r in enumerate(rows, start=1):
        if not r.get("problem"):
            return f"第 {i} 条的“上年问题”未填写：请写明上年报告中的问题，再写整改情况"
    items = [_followup(r) for r in rows]
    mutate(lambda r: r.notes.__setattr__("followups", items))
    return None


def _followup(row: dict[str, str]) -> FollowUp:
    status = row.get("status", "")
    chosen = FollowUpStatus(status) if status else None
    return FollowUp(problem=row["problem"], outcome=row.get("outcome", ""), status=chosen)


def _followups_from_prior() -> None:
    def change(report: Report) -> None:
        known = {f.problem for f in report.notes.followups}
        problems = prior_problems(report.prior) if report.prior else []
        report.notes.followups.extend(FollowUp(problem=p) for p in problems if p not in known)

    if mutate(change):
        flash("success", "已带入上年报告中的问题，请填写整改情况")


def _other(snap: Snapshot) -> None:
    other = snap.report.notes.other
    bind("fee_notices", other.fee_notices_issued, snap.rev)
    bind("fee_collected", "" if other.fee_collected_yuan is None else format(other.fee_collected_yuan, "f"), snap.rev)
    bind("other_items", "\n".join(other.items), snap.rev)
    left, right = st.columns(2)
    left.number_input("发出收费通知（件）", key="fee_notices", min_value=0, step=1, on_change=_save_fee_notices,
                      help="本年向申请人发出信息处理费收费通知的件数；没有则填 0")
    right.text_input("实际收取信息处理费（元）", key="fee_collected", on_change=_save_fee_collected,
                     help="没有收取则填 0")
    st.text_area("其他需要报告的事项（每行一项）", key="other_items", on_change=_save_items, height=120,
                 placeholder=_OTHER_EXAMPLE)


def _save_fee_notices() -> None:
    value = st.session_state.get("fee_notices")
    mutate(lambda r: r.notes.other.__setattr__("fee_notices_issued", None if value is None else int(value)))


def _save_fee_collected() -> None:
    text = str(st.session_state.get("fee_collected") or "").strip().replace(",", "").removesuffix("元")
    if not text:
        mutate(lambda r: r.notes.other.__setattr__("fee_collected_yuan", None))
        return
    try:
        value = Decimal(text)
    except InvalidOperation:
        value = Decimal(-1)
    if not value.is_finite() or value < 0:
        flash("error", f"“实际收取信息处理费（元）”的值 {text!r} 应为不小于 0 的金额，如 0 或 300")
        return
    mutate(lambda r: r.notes.other.__setattr__("fee_collected_yuan", value))


def _save_items() -> None:
    lines = [line.strip() for line in str(st.session_state.get("other_items") or "").splitlines()]
    items = [line for line in lines if line]
    mutate(lambda r: r.notes.other.__setattr__("items", items))
