"""Section 六 offline: the 信息处理费 statement F2021 requires, then the other items staff entered."""

from __future__ import annotations

from drafting.model import Report
from drafting.narrative.facts import Fact
from drafting.narrative.offline.text import CN, money, num, placeholder, sentence

FEE_UNKNOWN = f"本年度信息处理费收取情况：{placeholder('是否收取信息处理费及收取金额')}。"


def section_six(report: Report, facts: dict[str, Fact]) -> str:
    """F2021: （一）信息处理费 then one paragraph per item; F2019: the fee if known, the items, or 无."""
    items = [sentence(item) for item in report.notes.other.items if item.strip()]
    fee = _fee_sentence(report, facts)
    if report.format != "F2021":
        body = [fee] if fee != FEE_UNKNOWN else []
        body += items
        return "\n".join(body) if body else "无其他需要报告的事项。"
    paragraphs = [f"（一）信息处理费收取情况。{fee}"]
    paragraphs += [f"（{CN[i + 1]}）{item}" for i, item in enumerate(items[: len(CN) - 1])]
    return "\n".join(paragraphs)


def _fee_sentence(report: Report, facts: dict[str, Fact]) -> str:
    notices, collected = facts.get("fee.notices"), facts.get("fee.collected")
    unpaid = facts.get("t3.other_2.total")
    if notices is None and collected is None:
        if unpaid is not None and unpaid.value > 0:
            return (
                f"本年度因申请人逾期未按收费通知要求缴纳费用、不再处理其政府信息公开申请{num(unpaid)}件；"
                f"信息处理费收取情况：{placeholder('发出收费通知件数和实际收取金额')}。"
            )
        return FEE_UNKNOWN
    basis = "依据《政府信息公开信息处理费管理办法》，" if report.format == "F2021" else ""
    if notices is not None and notices.value > 0:
        text = f"本年度{basis}向申请人发出信息处理费收费通知{num(notices)}件"
        if unpaid is not None and unpaid.value > 0:
            text += f"，因申请人逾期未缴纳费用不再处理的申请{num(unpaid)}件"
        return text + _collected(collected)
    if collected is not None and collected.value > 0:
        return f"本年度{basis}收取信息处理费{money(collected.value, collected.unit)}。"
    if notices is not None:
        return "本年度未向申请人发出信息处理费收费通知，未收取信息处理费。"
    return "本年度未收取信息处理费。"


def _collected(collected: Fact | None) -> str:
    if collected is None:
        return "。"
    if collected.value == 0:
        return "，未实际收取信息处理费。"
    return f"，实际收取信息处理费{money(collected.value, collected.unit)}。"
