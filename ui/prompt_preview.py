"""查看将发送的内容: the exact messages drafting would send to the model for a section, before generating.

Built by drafting.narrative.draft.section_prompt, the function DraftStream sends from, so the preview cannot drift
from what is sent. The 起草 page calls `render_snapshot_preview(snap, sid)` under a section (built once per revision).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import streamlit as st

from drafting.errors import DraftingError
from drafting.model import SECTION_HEADINGS, Report
from drafting.narrative.draft import section_prompt
from drafting.narrative.facts import Fact
from drafting.narrative.llm import context_warning
from ui.settings_panel import ModelChoice, active_model, destination
from ui.state import Snapshot

Messages = list[tuple[str, str]]

EXPANDER_LABEL = "查看将发送的内容"
ROLE_LABELS = {
    "system": "第 1 段：对模型的总体要求（系统提示）",
    "human": "第 2 段：本部分的写作要求和材料（范文、工作情况、表格数字）",
}


def preview_note(choice: ModelChoice, section_id: str) -> str:
    """Where the text below goes (or that nothing is sent when drafting offline)."""
    heading = SECTION_HEADINGS.get(section_id, section_id)
    if choice.model is None:
        return (
            f"当前为离线起草，不发送任何内容。改用大模型后，生成“{heading}”时发送的就是下面两段文字"
            "（API 密钥不在其中）。"
        )
    return f"{destination(choice)}生成“{heading}”时发送的就是下面两段文字（API 密钥不在其中）。"


def render_prompt_preview(report: Report, section_id: str, facts: Sequence[Fact] | None = None) -> None:
    """A collapsed expander with the system and user messages drafting would send for the section.

    `facts` may be passed when already built (e.g. Snapshot.facts); they must be the report's facts.
    """
    _render(section_id, lambda: section_prompt(report, section_id, facts).messages())


def render_snapshot_preview(snap: Snapshot, section_id: str) -> None:
    """The same for the open report, the messages built once per revision (the expander is drawn on every
    rerun of 起草, mostly closed)."""

    def messages() -> Messages:
        built: Messages = snap.cached(
            ("prompt", section_id), lambda: section_prompt(snap.report, section_id, snap.facts).messages()
        )
        return built

    _render(section_id, messages)


def _render(section_id: str, messages_of: Callable[[], Messages]) -> None:
    with st.expander(EXPANDER_LABEL, expanded=False):
        st.caption(preview_note(active_model(), section_id))
        try:
            messages = messages_of()
        except DraftingError as exc:
            st.error(str(exc))
            return
        warning = context_warning(active_model().model, "\n".join(text for _, text in messages))
        if warning:
            st.warning(warning, icon=":material/warning:")
        for role, text in messages:
            st.markdown(f"**{ROLE_LABELS.get(role, role)}**")
            st.code(text, language=None, wrap_lines=True, height=320)
