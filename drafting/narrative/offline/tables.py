"""What the tables say for section 一: decisions and fees, applications and their results, 复议/诉讼, documents."""

from __future__ import annotations

from drafting.model import Report
from drafting.narrative.facts import Fact
from drafting.narrative.offline.text import Said, money, num

Facts = dict[str, Fact]


def _sentence(clauses: list[str], said: Said) -> str:
    kept = said.keep(clauses)
    return "，".join(kept) + "。" if kept else ""


def _positive(facts: Facts, key: str) -> Fact | None:
    fact = facts.get(key)
    return fact if fact is not None and fact.value > 0 else None


# ---- 主动公开 ---------------------------------------------------------------------------------------

_DECISIONS = (
    ("t2.license.decisions", "行政许可"),
    ("t2.penalty.decisions", "行政处罚"),
    ("t2.coercion.decisions", "行政强制"),
)


def active(report: Report, facts: Facts, said: Said) -> str:
    """Table 二's decisions, fee and procurement, where they are not zero, in one sentence."""
    decisions = [f"{name}决定{num(fact)}件" for key, name in _DECISIONS if (fact := _positive(facts, key))]
    clauses = [f"本年作出{'、'.join(decisions)}"] if decisions else []
    if decisions and report.format == "F2021":
        clauses[0] += "（含依法未公开的决定）"
    fee = _positive(facts, "t2.admin_fee.fee_amount")
    if fee is not None:
        clauses.append(f"{'' if clauses else '本年'}行政事业性收费{money(fee.value, fee.unit)}")
    return _sentence(clauses + _procurement(facts, bool(clauses)), said)


def _procurement(facts: Facts, follows: bool) -> list[str]:
    count, amount = _positive(facts, "t2.procurement.procurement_count"), facts.get("t2.procurement.procurement_amount")
    if count is None:
        return []
    clauses = [f"{'' if follows else '本年'}政府集中采购项目{num(count)}项"]
    if amount is not None and amount.value > 0:
        clauses.append(f"采购总金额{money(amount.value, amount.unit)}")
    return clauses


# ---- 依申请公开 -------------------------------------------------------------------------------------

_RESULTS = (
    ("t3.open.total", "予以公开"),
    ("t3.partial.total", "部分公开"),
    ("t3.deny.total", "不予公开"),
    ("t3.unable.total", "无法提供"),
    ("t3.noproc.total", "不予处理"),
    ("t3.other.total", "其他处理"),
)


def on_request(facts: Facts, said: Said, yoy: bool) -> str:
    """Applications received (and the change on last year), their results; nothing when table 三 is blank."""
    new = facts.get("t3.new.total")
    if new is None:
        return ""
    if new.value == 0:
        return _none_received(facts, said)
    return _received(facts, new, said, yoy) + _sentence(_results(facts), said)


_NONE_RECEIVED = r"未(?:收到|受理)[^。；，]{0,12}申请"


def _none_received(facts: Facts, said: Said) -> str:
    carry = _positive(facts, "t3.carry_in.total")
    if carry is None:
        return "" if said.mentions(_NONE_RECEIVED) else "本年未收到政府信息公开申请。"
    head = [] if said.mentions(_NONE_RECEIVED) else ["本年未新收政府信息公开申请"]
    text = _sentence([*head, f"办理上年结转申请{num(carry)}件"], said)
    return text + _sentence(_results(facts), said)


def _received(facts: Facts, new: Fact, said: Said, yoy: bool) -> str:
    """新收 and its change on last year, who applied, 上年结转 and the listed sum; after a note that gave the
    count, the rest only."""
    main = f"本年新收政府信息公开申请{num(new)}件"
    told = said.covers(main)
    change = [c for c in (_change(facts, "新收申请" if told else ""),) if c and yoy]
    carry, received = _positive(facts, "t3.carry_in.total"), facts.get("t3.received.total")
    carried = []
    if carry is not None:
        carried.append(f"上年结转{num(carry)}件")
        if received is not None:
            carried.append(f"合计收到申请{num(received)}件")  # the listed sum (facts.py), never added up here
    who = _applicants(facts, named=told and not change)
    if told:
        return _sentence([*change, *who], said) + _sentence(carried, said)
    return _sentence([main, *change, *who, *carried], said)


def _applicants(facts: Facts, named: bool) -> list[str]:
    """Who applied: both kinds with their counts, or 均为… when one kind is 0; `named` when the clause must name
    新收申请 itself (新收申请中，…), the count having been given by a note."""
    natural, orgs = facts.get("t3.new.natural"), facts.get("t3.new.orgs")
    if natural is None or orgs is None:
        return []
    if natural.value > 0 and orgs.value > 0:
        lead = "新收申请中，" if named else "其中"
        return [f"{lead}自然人申请{num(natural)}件、法人或其他组织申请{num(orgs)}件"]
    who = "自然人" if natural.value > 0 else "法人或其他组织"
    return [f"{'新收申请' if named else ''}均为{who}申请"]


def _results(facts: Facts) -> list[str]:
    total = facts.get("t3.total.total")
    if total is None or total.value == 0:
        return []
    clauses = [f"全年办结{num(total)}件"]
    parts = [f"{name}{num(fact)}件" for key, name in _RESULTS if (fact := _positive(facts, key))]
    if parts:
        clauses.append(f"其中{'、'.join(parts)}")
    share = _positive(facts, "share.disclosed")
    if share is not None and _positive(facts, "t3.partial.total") and _positive(facts, "t3.open.total"):
        clauses.append(f"予以公开和部分公开合计占办结总数的{num(share)}%")
    carry_out = _positive(facts, "t3.carry_out.total")
    if carry_out is not None:
        clauses.append(f"结转下年度继续办理{num(carry_out)}件")
    return clauses


def _change(facts: Facts, subject: str) -> str:
    """比上年增加10件、增长26.3% (or 与上年持平), after `subject`; empty without last year's report."""
    change, pct = facts.get("yoy.new.total"), facts.get("yoy.new.total.pct")
    if change is None:
        return ""
    if change.value == 0:
        return f"{subject}与上年持平"
    up = change.value > 0
    clause = f"{subject}比上年{'增加' if up else '减少'}{num(change)}件"
    return clause + (f"、{'增长' if up else '下降'}{num(pct)}%" if pct is not None else "")


# ---- 行政复议、行政诉讼 -------------------------------------------------------------------------------

_OUTCOMES = (("maintain", "维持"), ("correct", "纠正"), ("other", "其他结果"), ("pending", "尚未审结"))


def reviews(facts: Facts, said: Said) -> str:
    """复议 and 诉讼 with their outcomes; one sentence when there were none."""
    review, lit = facts.get("t4.review.total"), facts.get("t4.lit.total")
    if review is None or lit is None:
        return ""
    if review.value == 0 and lit.value == 0:
        return "" if said.mentions("复议") else "全年未发生政府信息公开行政复议、行政诉讼。"
    first, second = _cases(facts, "review", "行政复议"), _cases(facts, "lit", "行政诉讼")
    verb = "发生" if review.value > 0 else "未发生"
    return _sentence([f"全年{verb}政府信息公开{first}", second], said)


def _cases(facts: Facts, group: str, name: str) -> str:
    """行政复议4件（维持2件、纠正1件、尚未审结1件）, or 未发生行政诉讼 / 发生行政诉讼… after a 未发生."""
    total, review = facts[f"t4.{group}.total"], facts["t4.review.total"]
    if total.value == 0:
        return name if group == "review" else f"未发生{name}"
    outcomes = [f"{word}{num(fact)}件" for key, word in _OUTCOMES if (fact := _positive(facts, f"t4.{group}.{key}"))]
    detail = f"（{'、'.join(outcomes)}）" if outcomes else ""
    verb = "发生" if group == "lit" and review.value == 0 else ""
    return f"{verb}{name}{num(total)}件{detail}"


# ---- 政府信息管理 -----------------------------------------------------------------------------------

# (column, label when it opens the sentence, label after a comma)
_F2021_COLUMNS = (
    ("issued", "本年制发", "制发"),
    ("repealed", "本年废止", "废止"),
    ("in_force", "现行有效", "现行有效"),
)
_F2019_COLUMNS = (
    ("made", "本年新制作", "新制作"),
    ("published", "本年新公开", "新公开"),
    ("total_public", "对外公开", "对外公开总数"),
)


def documents(report: Report, facts: Facts, said: Said) -> str:
    """规章 and 规范性文件 issued, repealed and in force (F2019: made, published, public), zeros left out."""
    f2021 = report.format == "F2021"
    columns = _F2021_COLUMNS if f2021 else _F2019_COLUMNS
    rows = (("rules", "规章"), ("normative", "行政规范性文件" if f2021 else "规范性文件"))
    text = ""
    for row, name in rows:
        found = [(first, later, fact) for col, first, later in columns if (fact := _positive(facts, f"t2.{row}.{col}"))]
        if found:
            (first, _, head), rest = found[0], found[1:]
            text += _sentence([f"{first}{name}{num(head)}件", *(f"{later}{num(f)}件" for _, later, f in rest)], said)
    return text
