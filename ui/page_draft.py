"""起草: per section generate/regenerate (streamed), edit, lock, findings on the text, a reply that stopped early
kept as 不完整草稿; versions in draft_versions."""

from __future__ import annotations

import functools
import logging
import os
from collections.abc import Callable

import streamlit as st

from drafting.errors import DraftingError
from drafting.findings import Finding, Severity
from drafting.model import ASPECT_LABELS, SECTION_HEADINGS, SECTION_IDS, Aspect, Report, SectionId, SectionVersion
from drafting.narrative.draft import draft_section, incomplete_message, save_draft, section_similarity
from drafting.narrative.gate import Similarity
from drafting.narrative.llm import find_sensitive_markings
from ui import aspect_tools, draft_versions, fragments
from ui.draft_versions import SLUGS
from ui.findings_view import show_findings
from ui.prompt_preview import render_snapshot_preview
from ui.settings_panel import ModelChoice, active_model
from ui.state import Snapshot, bind, current, current_or_hint, flash, mutate
from ui.textview import highlight_html

INCLUDE_EDITED_KEY = "regen_include_edited"
# Set to "1" (the AppTests do) to let an unexpected error in generation fail loudly instead of as a message.
RAISE_UNEXPECTED_ENV = "DRAFTING_RAISE_UNEXPECTED"
_RESET_INCLUDE = "_regen_include_reset"
_CONFIRM = "_confirm_regenerate"
# What generate() returns when the model's reply stopped early: kept as 不完整草稿, the current text unchanged.
INCOMPLETE = "不完整草稿"
log = logging.getLogger(__name__)


def render() -> None:
    """The page."""
    st.header("起草")
    snap = current_or_hint()
    if snap is None:
        return
    choice = active_model()
    st.caption(f"起草方式：{choice.label}" + (f"（{choice.endpoint}）" if choice.endpoint else ""))
    _table_errors_notice(snap)
    _sensitive_warning(snap.report, choice)
    _regenerate_all(choice)
    sid = st.radio("章节", SECTION_IDS, key="draft_section", horizontal=True, format_func=SECTION_HEADINGS.get)
    snap = current() or snap  # 全部重新生成 may have saved drafts just now, in this run
    # The section reruns alone when its text, lock or an aspect is saved; the whole page follows when that
    # changes the notices above it or the sidebar marks (ui/fragments.py).
    fragments.part(snap, functools.partial(_section, sid=sid or "一", choice=choice), _outside(choice))


def _outside(choice: ModelChoice) -> Callable[[Snapshot], tuple[bool, bool]]:
    """What this page shows above the section that saving it may change: the sensitive-content warning
    (remote models only) and whether 生成全部 reads 全部重新生成."""

    def view(snap: Snapshot) -> tuple[bool, bool]:
        sensitive = choice.remote and bool(find_sensitive_markings(_outgoing_text(snap.report)))
        return sensitive, any(snap.report.sections[sid].versions for sid in SECTION_IDS)

    return view


def _table_errors_notice(snap: Snapshot) -> None:
    """Drafts take their figures from the tables: say so when the tables do not add up."""
    errors = [f for f in snap.findings if f.severity is Severity.ERROR]
    if errors:
        st.error(
            f"表格检查有 {len(errors)} 个错误，正文中的数字取自表格，可能随之出错：{errors[0]}"
            "。请先到“表格数据”改正，再生成或重新生成。"
        )


def _regenerate_all(choice: ModelChoice) -> None:
    """全部重新生成: locked sections and the user's own edits are skipped unless the user ticks to include edits."""
    if st.session_state.pop(_RESET_INCLUDE, False):
        st.session_state[INCLUDE_EDITED_KEY] = False  # the choice holds for one click only
    button_col, include_col = st.columns([1, 3], vertical_alignment="center")
    include_col.checkbox(
        "也重新生成我修改过的部分",
        key=INCLUDE_EDITED_KEY,
        help="勾选后，点“全部重新生成”也会替换您修改过的部分（修改过的文字仍保留在历史版本中）",
    )
    first = not any(_report().sections[sid].versions for sid in SECTION_IDS)
    if not button_col.button(
        "生成全部" if first else "全部重新生成",
        key="regen_all",
        help="依次重新生成未锁定、也未经您修改的部分；已锁定或修改过的部分不变",
    ):
        return
    include_edited = bool(st.session_state.get(INCLUDE_EDITED_KEY))
    save_edit(st.session_state.get("draft_section") or SECTION_IDS[0])  # an unsaved edit is the user's edit too
    todo, skipped = plan_regeneration(_report(), include_edited=include_edited)
    st.session_state[_RESET_INCLUDE] = True
    results = {sid: generate(sid, choice, announce=False) for sid in todo}
    done = {sid: origin for sid, origin in results.items() if origin and origin != INCOMPLETE}
    if done:  # one message for the whole batch, not one per section
        names = "".join(f"“{SECTION_HEADINGS[sid]}”" for sid in done)
        flash("success", f"已生成{names}（{'、'.join(dict.fromkeys(done.values()))}）")
    cut = "".join(f"“{SECTION_HEADINGS[sid]}”" for sid, origin in results.items() if origin == INCOMPLETE)
    if cut:
        flash("warning", f"{cut}的模型回复不完整：已收到的文字保存为“不完整草稿”，当前正文未改变，请在该部分查看。")
    message = skipped_message(skipped)
    if all(results.values()):
        if message:
            flash("info", message)
        st.rerun()
    elif message:
        st.info(message)


def plan_regeneration(report: Report, *, include_edited: bool) -> tuple[list[SectionId], list[tuple[SectionId, str]]]:
    """The sections 全部重新生成 drafts, and those it leaves alone with the reason (locked, or the user's edit)."""
    todo: list[SectionId] = []
    skipped: list[tuple[SectionId, str]] = []
    for sid in SECTION_IDS:
        state = report.sections[sid]
        current_version = state.current
        if state.locked:
            skipped.append((sid, "已锁定"))
        elif current_version is not None and current_version.origin == "human" and not include_edited:
            skipped.append((sid, "当前是您修改过的文字"))
        else:
            todo.append(sid)
    return todo, skipped


def skipped_message(skipped: list[tuple[SectionId, str]]) -> str:
    """Which sections 全部重新生成 left unchanged, why, and how to include them."""
    if not skipped:
        return ""
    names = "、".join(f"“{SECTION_HEADINGS[sid]}”（{reason}）" for sid, reason in skipped)
    hints = []
    if any(reason != "已锁定" for _, reason in skipped):
        hints.append("如也要重新生成修改过的部分，请勾选“也重新生成我修改过的部分”后再点“全部重新生成”")
    if any(reason == "已锁定" for _, reason in skipped):
        hints.append("已锁定的部分需先解锁")
    return f"未重新生成：{names}。" + "；".join(hints) + "。"


def _sensitive_warning(report: Report, choice: ModelChoice) -> None:
    if not choice.remote:
        return
    markings = find_sensitive_markings(_outgoing_text(report))
    if markings:
        st.warning(
            f"将发送到外部接口 {choice.endpoint} 的内容中含有密级或内部标识：{'、'.join(markings)}。"
            "涉密或内部信息不得发送到互联网上的模型，请删除这些内容，或改用本机/内网模型、离线起草。"
        )
        st.checkbox("仍然发送（已确认不含涉密内容）", key="confirm_sensitive")


def _outgoing_text(report: Report) -> str:
    notes = report.notes
    parts = [a.notes for a in notes.aspects.values()]
    parts += [f.label for a in notes.aspects.values() for f in a.figures]
    parts += [f"{p.problem} {p.measure}" for p in notes.problems]
    parts += [f"{f.problem} {f.outcome}" for f in notes.followups]
    parts += notes.other.items
    parts += [s.text for s in report.sections.values()]
    if report.prior is not None:
        parts += [s.text for s in report.prior.sections.values()]
    return "\n".join(parts)


def _section(snap: Snapshot, sid: SectionId, choice: ModelChoice) -> None:
    slug = SLUGS[sid]
    state = snap.report.sections[sid]
    gen_col, save_col, lock_col = st.columns([2, 2, 1], vertical_alignment="center")
    label = "重新生成" if state.versions else "生成"
    clicked = gen_col.button(
        label, key=f"gen_{slug}", disabled=state.locked, help="已锁定，解锁后才能重新生成" if state.locked else None
    )
    save_col.button("保存修改", key=f"save_{slug}", on_click=_save_button, args=(sid,), disabled=state.locked)
    if clicked:
        _regenerate(sid, choice)
    if st.session_state.get(_CONFIRM) == sid:
        _confirm_overwrite(sid, choice)
    _incomplete_draft(sid, locked=state.locked)
    bind(f"lock_{slug}", snap.report.sections[sid].locked, snap.rev)
    lock_col.toggle(
        "锁定", key=f"lock_{slug}", on_change=_on_lock, args=(sid,), help="锁定后正文不能修改，也不会被重新生成"
    )
    bind(f"text_{slug}", snap.report.sections[sid].text, snap.rev)
    st.text_area(
        "正文",
        key=f"text_{slug}",
        height=360,
        on_change=save_edit,
        args=(sid,),
        disabled=state.locked,
        placeholder="点“生成”起草，或直接在这里输入",
    )
    if sid == "一":
        aspect_tools.render(snap, lambda aspect: _redraft_aspect(aspect, choice))
    render_snapshot_preview(snap, sid)
    _findings(snap, sid)
    draft_versions.render(snap, sid)


def _regenerate(sid: SectionId, choice: ModelChoice) -> None:
    """生成/重新生成: over the user's own edit only after asking (the edit is saved as a version first)."""
    if st.session_state.get("draft_section", SECTION_IDS[0]) == sid:
        save_edit(sid)
    current_version = _report().sections[sid].current
    if current_version is not None and current_version.origin == "human":
        st.session_state[_CONFIRM] = sid
    elif generate(sid, choice):
        st.rerun()


def _redraft_aspect(aspect: Aspect, choice: ModelChoice) -> None:
    """重新生成这一段: the other paragraphs stay; the text before is kept as a version."""
    if generate("一", choice, aspect=aspect):
        st.rerun()


def _confirm_overwrite(sid: SectionId, choice: ModelChoice) -> None:
    slug = SLUGS[sid]
    st.warning(
        "覆盖我的修改？当前正文是您修改过的文字。重新生成后，新草稿成为当前正文；"
        "您修改的文字仍保留在“历史版本”中，可以随时恢复。"
    )
    yes, no, _ = st.columns([2, 1, 3])
    if yes.button("覆盖我的修改，重新生成", key=f"confirm_regen_{slug}", type="primary"):
        st.session_state.pop(_CONFIRM, None)
        if generate(sid, choice):
            st.rerun()
    if no.button("取消", key=f"cancel_regen_{slug}"):
        st.session_state.pop(_CONFIRM, None)
        st.rerun()


def _save_button(sid: SectionId) -> None:
    """保存修改: save the editor's text and say so (or that there was nothing new to save)."""
    before = _report().sections[sid].versions
    save_edit(sid)
    after = _report().sections[sid].versions
    if len(after) > len(before):
        flash("success", f"已保存修改（第 {len(after)} 版）")
    else:
        flash("info", "正文没有新的修改，无需保存")


def save_edit(sid: SectionId) -> None:
    """Save the editor's text as a human version (nothing happens when it equals the current text)."""
    key = f"text_{SLUGS[sid]}"
    if key not in st.session_state:
        return
    text = str(st.session_state[key] or "")
    snap = current()
    if snap is None or snap.report.sections[sid].text == text:
        return
    mutate(lambda r: r.sections[sid].add(SectionVersion(text=text, origin="human", note="人工修改")))


def _on_lock(sid: SectionId) -> None:
    locked = bool(st.session_state.get(f"lock_{SLUGS[sid]}"))
    mutate(lambda r: r.sections[sid].__setattr__("locked", locked))


def generate(
    sid: SectionId, choice: ModelChoice, *, announce: bool = True, aspect: Aspect | None = None
) -> str | None:
    """Draft one section, streaming it onto the page; the user's unsaved edit is kept as its own version first.

    Returns how the new version was made (e.g. 离线起草); INCOMPLETE when the model's reply stopped early
    (kept as the section's 不完整草稿, shown by `_incomplete_draft`; the current text is unchanged); None
    when nothing was generated. `announce=False` leaves the success message to the caller (全部重新生成
    shows one message for all sections). With `aspect`, only that paragraph of section 一 is redrafted.
    """
    heading = SECTION_HEADINGS[sid] + (f"中“{ASPECT_LABELS[aspect]}”一段" if aspect else "")
    if (
        choice.remote
        and find_sensitive_markings(_outgoing_text(_report()))
        and not st.session_state.get("confirm_sensitive")
    ):
        st.warning(f"{heading}未生成：内容含密级或内部标识，请先处理（见上方提示）")
        return None
    if st.session_state.get("draft_section", SECTION_IDS[0]) == sid:  # only the shown editor holds a user edit
        save_edit(sid)
    box = st.empty()
    try:
        with box.container():
            st.caption(f"正在生成“{heading}”……")
            stream = draft_section(_report(), sid, choice.model, aspect=aspect)
            st.write_stream(iter(stream))
        result = stream.result
    except DraftingError as exc:
        box.empty()
        st.error(f"“{heading}”生成失败，原有文本保持不变。{exc}")
        return None
    except Exception as exc:
        # drafting.narrative.draft turns every model failure into LLMError, so this is a bug: the page and the text
        # survive, the traceback goes to the server log, and tests (RAISE_UNEXPECTED_ENV) see it raised.
        box.empty()
        log.exception("“%s”生成时出现未预期的错误", heading)
        if os.environ.get(RAISE_UNEXPECTED_ENV) == "1":
            raise
        st.error(
            f"“{heading}”生成失败，原有文本保持不变。程序内部错误（{type(exc).__name__}），详情已记入服务器日志；"
            "请重试或改用离线起草，仍失败请联系管理员。"
        )
        return None
    box.empty()
    if not result.complete:
        mutate(lambda r: save_draft(r, sid, result))  # kept apart: never the current text
        return INCOMPLETE
    origin = draft_versions.origin_label(result.version.origin)
    if mutate(lambda r: save_draft(r, sid, result)) and announce:
        flash("success", f"已生成“{heading}”（{origin}）")
    return origin


def _incomplete_draft(sid: SectionId, *, locked: bool) -> None:
    """The section's 不完整草稿 (a model reply that stopped early): what happened, its text to read and copy,
    丢弃 and 采用为正文. A complete draft generated later replaces it."""
    kept = _report().sections[sid].incomplete
    if kept is None:
        return
    slug = SLUGS[sid]
    st.warning(incomplete_message(kept) + "可以展开查看、复制这段文字；重新生成得到完整的草稿后，它会被清除。")
    with st.expander(f"查看不完整草稿（{len(kept.text)} 字，{draft_versions.origin_label(kept.origin)}）"):
        st.code(kept.text, language=None, wrap_lines=True)
    discard_col, adopt_col, _ = st.columns([1, 2, 1])
    discard_col.button("丢弃不完整草稿", key=f"discard_incomplete_{slug}", on_click=_discard_incomplete, args=(sid,))
    adopt_col.button(
        "采用为正文（记为我的修改）",
        key=f"adopt_incomplete_{slug}",
        on_click=_adopt_incomplete,
        args=(sid,),
        disabled=locked,
        help="已锁定，解锁后才能采用" if locked else "原来的正文仍保留在“历史版本”中；采用后请补全结尾",
    )


def _discard_incomplete(sid: SectionId) -> None:
    if mutate(lambda r: r.sections[sid].__setattr__("incomplete", None)):
        flash("info", "已丢弃不完整草稿，当前正文未改变")


def _adopt_incomplete(sid: SectionId) -> None:
    if st.session_state.get("draft_section", SECTION_IDS[0]) == sid:
        save_edit(sid)  # an unsaved edit in the editor is kept as its own version first
    if mutate(lambda r: r.sections[sid].adopt_incomplete()):
        # The editor shows the adopted text at once, so its own change callback (if it runs after this
        # one) finds nothing new to save instead of saving the older edit over the adopted text.
        st.session_state[f"text_{SLUGS[sid]}"] = _report().sections[sid].text
        count = len(_report().sections[sid].versions)
        flash("success", f"已采用不完整草稿作为正文（第 {count} 版，记为人工修改），请补全结尾")


def _report() -> Report:
    snap = current()
    assert snap is not None
    return snap.report


def _findings(snap: Snapshot, sid: SectionId) -> None:
    text = snap.report.sections[sid].text
    if not text.strip():
        return
    findings = snap.gate(sid)
    spans = [(f.span[0], f.span[1], f.message) for f in findings if f.span is not None]
    with st.expander(f"核对结果（{len(findings)} 项）", expanded=bool(findings)):
        show_findings(findings, ok_text="正文中的数字都已与表格和工作情况核对一致")
        _similarity_captions(snap, sid, text)
        if spans:
            st.markdown("**未核实的数字（黄色标出）**")
            st.markdown(highlight_html(text, spans), unsafe_allow_html=True)
        _waiver_buttons(sid, findings)


def _similarity_captions(snap: Snapshot, sid: SectionId, text: str) -> None:
    """How much of the text repeats last year's same section and the exemplar, as percentages (G6 warns)."""
    sims: list[Similarity] = snap.cached(("similarity", sid), lambda: section_similarity(snap.report, sid, text))
    for sim in sims:
        st.caption(sim.describe())


def _waiver_buttons(sid: SectionId, findings: list[Finding]) -> None:
    """Let the user confirm a flagged number that is right although no table or note holds it."""
    for i, finding in enumerate(f for f in findings if f.waiver):
        label = f"确认“{finding.waiver}”中的数字无误"
        if st.button(label, key=f"waive_{sid}_{i}", help="确认后此处不再提示；改写这句话后会重新核对"):
            _waive(sid, finding.waiver)
            st.rerun()
    if _report().sections[sid].waived and st.button("撤销已确认的数字", key=f"unwaive_{sid}"):
        mutate(lambda r: r.sections[sid].waived.clear())
        st.rerun()


def _waive(sid: SectionId, waiver: str | None) -> None:
    if waiver:
        mutate(lambda r: r.sections[sid].waived.append(waiver))
