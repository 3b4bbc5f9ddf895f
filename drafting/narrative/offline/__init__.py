"""The offline drafter: sections 一, 五 and 六 written deterministically from facts and staff notes."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from drafting.model import Report
from drafting.narrative.facts import Fact, build_facts
from drafting.narrative.offline.five import section_five
from drafting.narrative.offline.one import section_one
from drafting.narrative.offline.six import FEE_UNKNOWN, section_six

__all__ = ["FEE_UNKNOWN", "OFFLINE_LABEL", "OFFLINE_ORIGIN", "draft_offline"]

OFFLINE_ORIGIN = "offline"
OFFLINE_LABEL = "离线起草（未使用大模型）"


def _five(report: Report, facts: dict[str, Fact]) -> str:
    del facts
    return section_five(report)


_WRITERS: dict[str, Callable[[Report, dict[str, Fact]], str]] = {"一": section_one, "五": _five, "六": section_six}


def draft_offline(report: Report, section: str, facts: Iterable[Fact] | None = None) -> str:
    """A first draft of section 一, 五 or 六 that states only the report's facts and the staff's notes.

    Where staff gave nothing the draft holds a 【待补充：…】 placeholder instead of invented work (the gate
    flags it, G7). Pass `facts` when they are already built (draft_section has them for the gate).
    """
    if section not in _WRITERS:
        msg = f"离线起草只支持第一、五、六部分，收到的是“{section}”"
        raise ValueError(msg)
    by_key = {f.key: f for f in (build_facts(report) if facts is None else facts)}
    return _WRITERS[section](report, by_key)
