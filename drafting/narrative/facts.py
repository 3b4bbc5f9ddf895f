"""Named facts with provenance: every figure a narrative may use (table counts, shares, YoY, staff notes)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from drafting.formats import TABLE3_LEAF_COLUMNS, TABLE4_COLUMNS, TABLE4_GROUPS, Format, table3_result_rows
from drafting.model import Aspect, Money, Report
from drafting.narrative.numerals import extract_numbers
from drafting.tables.fill import fill

PERCENT_ROUNDING = Decimal("0.1")
_HUNDRED = Decimal(100)


@dataclass(frozen=True)
class Fact:
    """One figure the narrative may state, with where it comes from.

    `rounding` is the step the value was rounded to (``Decimal("0.1")`` for a share shown to one decimal);
    None means the value is exact. `aspect` is the part of section 一 the figure belongs to, if any.
    """

    key: str
    label: str
    value: Decimal
    unit: str
    source: str
    rounding: Decimal | None = None
    aspect: Aspect | None = None

    @property
    def display(self) -> str:
        """The fact as a short Chinese phrase, e.g. 本年新收政府信息公开申请 48 件.

        A year-over-year change carries its direction in the label (比上年减少), so it shows the size
        of the change (比上年减少 1 件, not 增减 -1 件); `value` keeps the sign.
        """
        gap = "" if self.unit in ("%", "") else " "
        shown = abs(self.value) if self.key.startswith("yoy.") else self.value
        return f"{self.label} {format_value(shown)}{gap}{self.unit}"


def format_value(value: Decimal) -> str:
    """A decimal as written in a report: no exponent, no trailing zeros after the point."""
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text or "0"


def build_facts(report: Report) -> list[Fact]:
    """All facts of a report, in a stable order; cells that are not entered give no fact (never 0)."""
    filled = fill(report)
    facts = _current_facts(filled)
    if filled.prior is not None:
        facts.extend(_yoy_facts(facts, _current_facts(fill(filled.prior), every_share=False)))
    facts.extend(_note_facts(filled))
    return facts


def _current_facts(report: Report, every_share: bool = True) -> list[Fact]:
    """Table facts, common sums and shares; last year's report needs only the shares compared year on year."""
    facts: list[Fact] = []
    facts.extend(_table2_facts(report))
    facts.extend(_table3_facts(report))
    facts.extend(_table4_facts(report))
    facts.extend(_share_facts({f.key: f for f in facts}, report.fmt if every_share else None))
    return facts


# ---- table 二 -------------------------------------------------------------------------------------

_T2_UNITS = {"fee_amount": "万元", "prev_items": "项", "change": "项", "procurement_count": "项"}
_T2_LABELS = {
    "issued": "本年制发{row}",
    "repealed": "本年废止{row}",
    "in_force": "现行有效{row}",
    "made": "本年新制作{row}",
    "published": "本年新公开{row}",
    "total_public": "对外公开{row}总数",
    "decisions": "本年{row}处理决定",
    "fee_amount": "本年{row}收费金额",
    "prev_items": "{row}上一年项目数量",
    "change": "{row}项目本年增/减",
    "procurement_count": "{row}采购项目",
    "procurement_amount": "{row}采购总金额",
}
_T2_ASPECT = {"item1": Aspect.MANAGEMENT}


def _table2_facts(report: Report) -> Iterator[Fact]:
    specs = report.fmt.cells()
    for block in report.fmt.table2:
        for row in block.rows:
            for col in block.columns:
                cell_id = f"t2.{row.key}.{col.key}"
                value = report.get(cell_id)
                if value is None:
                    continue
                unit = _T2_UNITS.get(col.key, "件")
                amount = value.amount if isinstance(value, Money) else Decimal(value)
                if isinstance(value, Money):
                    unit = value.unit
                label = _T2_LABELS.get(col.key, "{row}" + col.label).format(row=row.label)
                aspect = _T2_ASPECT.get(block.key, Aspect.ACTIVE)
                yield Fact(cell_id, label, amount, unit, specs[cell_id].location, None, aspect)


# ---- table 三 -------------------------------------------------------------------------------------

_T3_LABELS = {
    "new": "本年新收政府信息公开申请",
    "carry_in": "上年结转政府信息公开申请",
    "open": "予以公开",
    "partial": "部分公开",
    "total": "本年度办结政府信息公开申请",
    "carry_out": "结转下年度继续办理的申请",
    "other": "其他处理",
}
_T3_GROUPS = {"deny": "不予公开", "unable": "无法提供", "noproc": "不予处理", "other": "其他处理"}
_APPLICANTS = {
    "natural": "自然人",
    "business": "商业企业",
    "research": "科研机构",
    "nonprofit": "社会公益组织",
    "legal": "法律服务机构",
    "other": "其他申请人",
}


def _t3_label(row_key: str, row_label: str) -> str:
    if row_key in _T3_LABELS:
        return _T3_LABELS[row_key]
    group = _T3_GROUPS[row_key.partition("_")[0]]
    return f"{group}（{row_label.partition('.')[2]}）"


def _table3_facts(report: Report) -> Iterator[Fact]:
    specs = report.fmt.cells()
    for row in report.fmt.table3_rows:
        cell_id = f"t3.{row.key}.total"
        value = report.get(cell_id)
        if value is not None:
            yield Fact(
                cell_id,
                _t3_label(row.key, row.label),
                Decimal(str(value)),
                "件",
                specs[cell_id].location,
                None,
                Aspect.ON_REQUEST,
            )
    yield from _t3_group_sums(report)
    yield from _t3_applicants(report)
    yield from _t3_common_sums(report)


def _t3_group_sums(report: Report) -> Iterator[Fact]:
    rows = table3_result_rows(report.fmt)
    for group, label in _T3_GROUPS.items():
        members = [r for r in rows if r.startswith(group + "_")]
        if not members:
            continue  # F2019 has a single 其他处理 row, already a cell fact
        total = _sum_known(report, [f"t3.{r}.total" for r in members])
        if total is not None:
            source = f"表三“{_group_caption(report.fmt, members[0])}”各行“总计”列之和"
            yield Fact(f"t3.{group}.total", label, total, "件", source, None, Aspect.ON_REQUEST)


def _group_caption(fmt: Format, row_key: str) -> str:
    row = next(r for r in fmt.table3_rows if r.key == row_key)
    return row.groups[-1]


def _t3_applicants(report: Report) -> Iterator[Fact]:
    specs = report.fmt.cells()
    for col in TABLE3_LEAF_COLUMNS:
        cell_id = f"t3.new.{col}"
        value = report.get(cell_id)
        if value is not None:
            label = f"{_APPLICANTS[col]}提出的新收申请"
            yield Fact(cell_id, label, Decimal(str(value)), "件", specs[cell_id].location, None, Aspect.ON_REQUEST)
    orgs = _sum_known(report, [f"t3.new.{c}" for c in TABLE3_LEAF_COLUMNS if c != "natural"])
    if orgs is not None:
        source = "表三“一、本年新收政府信息公开申请数量”行“法人或其他组织”各列之和"
        yield Fact("t3.new.orgs", "法人或其他组织提出的新收申请", orgs, "件", source, None, Aspect.ON_REQUEST)


# Sums real reports state, beyond the group sums above (issue 10 item 2). 办结 is （七）总计 itself
# (t3.total.total), 不予公开/无法提供/不予处理 in all are the group sums, 法人或其他组织 is t3.new.orgs.
# 予以公开及部分公开 (disclosed_sum) is one of build_facts; the gate matches it only where its clause names it
# (gate._NAMED_ONLY), so its value (27 in the 2023 example) does not pass unrelated numbers
# (tests/test_gate.py: 收到群众来信27件). Its shares (share.disclosed, share.disclosed.in_new) are stated.
_T3_COMMON_SUMS: tuple[tuple[str, str, tuple[str, ...], str], ...] = (
    (
        "t3.received.total",
        "收到申请（新收与上年结转之和）",
        ("t3.new.total", "t3.carry_in.total"),
        "表三“一、本年新收政府信息公开申请数量”与“二、上年结转政府信息公开申请数量”行“总计”列之和",
    ),
)


DISCLOSED_SUM = (
    "t3.disclosed.total",
    "予以公开及部分公开",
    ("t3.open.total", "t3.partial.total"),
    "表三“（一）予以公开”与“（二）部分公开”行“总计”列之和",
)


def disclosed_sum(report: Report) -> Fact | None:
    """予以公开及部分公开 as a count fact (also among build_facts, see above); None when either row is blank."""
    key, label, cells, source = DISCLOSED_SUM
    total = _sum_known(fill(report), cells)
    return None if total is None else Fact(key, label, total, "件", source, None, Aspect.ON_REQUEST)


def _t3_common_sums(report: Report) -> Iterator[Fact]:
    for key, label, cells, source in (*_T3_COMMON_SUMS, DISCLOSED_SUM):
        total = _sum_known(report, cells)
        if total is not None:
            yield Fact(key, label, total, "件", source, None, Aspect.ON_REQUEST)


def _sum_known(report: Report, cell_ids: Iterable[str]) -> Decimal | None:
    total = Decimal(0)
    for cell_id in cell_ids:
        value = report.get(cell_id)
        if value is None or isinstance(value, Money):
            return None
        total += Decimal(str(value))
    return total


# ---- table 四 -------------------------------------------------------------------------------------

_T4_LABELS = {
    "review": "行政复议",
    "lit_direct": "未经复议直接起诉的行政诉讼",
    "lit_after_review": "复议后起诉的行政诉讼",
}


def _t4_label(group_label: str, col_key: str, col_label: str) -> str:
    return f"{group_label}案件" if col_key == "total" else f"{group_label}{col_label}"


def _table4_facts(report: Report) -> Iterator[Fact]:
    specs = report.fmt.cells()
    for gkey, _ in TABLE4_GROUPS:
        for col in TABLE4_COLUMNS:
            cell_id = f"t4.{gkey}.{col.key}"
            value = report.get(cell_id)
            if value is not None:
                label = _t4_label(_T4_LABELS[gkey], col.key, col.label)
                yield Fact(cell_id, label, Decimal(str(value)), "件", specs[cell_id].location, None, Aspect.ON_REQUEST)
    for col in TABLE4_COLUMNS:
        both = _sum_known(report, [f"t4.lit_direct.{col.key}", f"t4.lit_after_review.{col.key}"])
        if both is not None:
            source = f"表四“未经复议直接起诉”与“复议后起诉”的“{col.label}”列之和"
            label = _t4_label("行政诉讼", col.key, col.label)
            yield Fact(f"t4.lit.{col.key}", label, both, "件", source, None, Aspect.ON_REQUEST)
    cases = _sum_known(report, [f"t4.{gkey}.total" for gkey, _ in TABLE4_GROUPS])
    if cases is not None:
        source = "表四“行政复议”“未经复议直接起诉”“复议后起诉”三栏“总计”列之和"
        yield Fact("t4.all.total", "行政复议和行政诉讼案件", cases, "件", source, None, Aspect.ON_REQUEST)


# ---- derived shares (the one place where percentages are computed and rounded) --------------------

_SHARES: tuple[tuple[str, str, tuple[str, ...], tuple[str, ...], str], ...] = (
    ("share.open", "予以公开占办结申请的比例", ("t3.open.total",), ("t3.total.total",), "（一）予以公开 ÷ （七）总计"),
    (
        "share.partial",
        "部分公开占办结申请的比例",
        ("t3.partial.total",),
        ("t3.total.total",),
        "（二）部分公开 ÷ （七）总计",
    ),
    (
        "share.disclosed",
        "予以公开和部分公开占办结申请的比例",
        ("t3.open.total", "t3.partial.total"),
        ("t3.total.total",),
        "（（一）予以公开 + （二）部分公开） ÷ （七）总计",
    ),
    (
        "share.disclosed.in_new",
        "予以公开和部分公开占本年新收申请的比例",
        ("t3.open.total", "t3.partial.total"),
        ("t3.new.total",),
        "（（一）予以公开 + （二）部分公开） ÷ 一、本年新收",
    ),
    (
        "share.concluded",
        "办结率（办结申请占新收和上年结转申请的比例）",
        ("t3.total.total",),
        ("t3.new.total", "t3.carry_in.total"),
        "（七）总计 ÷ （一、本年新收 + 二、上年结转）",
    ),
    (
        "share.natural",
        "自然人申请占新收申请的比例",
        ("t3.new.natural",),
        ("t3.new.total",),
        "一、本年新收中自然人 ÷ 一、本年新收总计",
    ),
    (
        "share.review.correct",
        "行政复议结果纠正率",
        ("t4.review.correct",),
        ("t4.review.total",),
        "表四 行政复议 结果纠正 ÷ 总计",
    ),
)


def percent(numerator: Decimal, denominator: Decimal) -> Decimal:
    """numerator / denominator as a percentage rounded half-up to one decimal: the only rounding of shares."""
    return (numerator * _HUNDRED / denominator).quantize(PERCENT_ROUNDING, rounding=ROUND_HALF_UP)


def _share_facts(known: dict[str, Fact], fmt: Format | None) -> Iterator[Fact]:
    """The shares above; with `fmt`, also the share of every result row and result group in （七）总计 and in
    本年新收, and of every applicant column (and 法人或其他组织) in 本年新收. All rounded once by `percent`."""
    done: set[str] = set()
    for key, label, nums, dens, formula in _SHARES:
        share = _share(known, key, label, nums, dens, formula)
        if share is not None:
            done.add(key)
            yield share
    if fmt is None:
        return
    for den_key, words, formula in (
        ("t3.total.total", "办结申请", "（七）总计"),
        ("t3.new.total", "本年新收申请", "一、本年新收"),
    ):
        den = known.get(den_key)
        if den is None or den.value <= 0:
            continue
        suffix = "" if den_key == "t3.total.total" else ".in_new"
        for row in _result_keys(fmt):
            fact = known.get(f"t3.{row}.total")
            key = f"share.{row}{suffix}"
            if fact is not None and key not in done:
                label = fact.label
                yield _ratio(key, f"{label}占{words}的比例", fact.value, den.value, f"{label} ÷ {formula}")
    new = known.get("t3.new.total")
    if new is None or new.value <= 0:
        return
    for col, name in (*_APPLICANTS.items(), ("orgs", "法人或其他组织")):
        key = "share.natural" if col == "natural" else f"share.applicant.{col}"
        fact = known.get(f"t3.new.{col}")
        if fact is not None and key not in done:
            formula = f"一、本年新收中{name} ÷ 一、本年新收总计"
            yield _ratio(key, f"{name}申请占新收申请的比例", fact.value, new.value, formula)


def _result_keys(fmt: Format) -> list[str]:
    """Result rows in table order, each group's sum before its rows."""
    rows = table3_result_rows(fmt)
    keys = ["open", "partial"]
    for group in _T3_GROUPS:
        members = [r for r in rows if r == group or r.startswith(group + "_")]
        if members != [group]:
            keys.append(group)
        keys.extend(members)
    return keys


def _share(
    known: dict[str, Fact], key: str, label: str, nums: tuple[str, ...], dens: tuple[str, ...], formula: str
) -> Fact | None:
    if not all(k in known for k in nums + dens):
        return None
    denominator = sum((known[k].value for k in dens), Decimal(0))
    if denominator <= 0:
        return None
    return _ratio(key, label, sum((known[k].value for k in nums), Decimal(0)), denominator, formula)


def _ratio(key: str, label: str, numerator: Decimal, denominator: Decimal, formula: str) -> Fact:
    value = percent(numerator, denominator)
    source = f"由表格计算：{formula}，四舍五入保留一位小数"
    return Fact(key, label, value, "%", source, PERCENT_ROUNDING, Aspect.ON_REQUEST)


# ---- year over year ------------------------------------------------------------------------------

YOY_KEYS: tuple[str, ...] = (
    "t3.new.total",
    "t3.received.total",
    "t3.total.total",
    "t3.carry_out.total",
    "t3.open.total",
    "t3.disclosed.total",
    "t4.review.total",
    "t4.lit.total",
    "t4.all.total",
    "t2.normative.issued",
    "t2.normative.in_force",
    "t2.rules.issued",
    "t2.license.decisions",
    "t2.penalty.decisions",
    "t2.coercion.decisions",
    "t2.admin_fee.fee_amount",
    "share.disclosed",
)


def _short(key: str) -> str:
    return key.split(".", 1)[1] if key.startswith(("t2.", "t3.", "t4.")) else key


def _yoy_facts(current: list[Fact], prior: list[Fact]) -> Iterator[Fact]:
    now = {f.key: f for f in current}
    before = {f.key: f for f in prior}
    for key in YOY_KEYS:
        if key not in now or key not in before:
            continue
        cur, old = now[key], before[key]
        short = _short(key)
        yield Fact(
            f"prior.{short}",
            f"上年{old.label.removeprefix('本年')}",
            old.value,
            old.unit,
            f"上年报告{old.source}",
            old.rounding,
            old.aspect,
        )
        is_share = cur.unit == "%"
        change = cur.value - old.value
        unit = "个百分点" if is_share else cur.unit
        source = f"本年{cur.source}与上年比较"
        label = f"{cur.label}{_change_words(change, _SHARE_WORDS if is_share else _COUNT_WORDS)}"
        yield Fact(f"yoy.{short}", label, change, unit, source, cur.rounding, cur.aspect)
        if not is_share and old.value > 0:
            pct = percent(change, old.value)
            source = f"（本年 − 上年）÷ 上年（{cur.label}），四舍五入保留一位小数"
            label = f"{cur.label}{_change_words(pct, _RATE_WORDS)}"
            yield Fact(f"yoy.{short}.pct", label, pct, "%", source, PERCENT_ROUNDING, cur.aspect)


# How a change reads: (up, down, none). Shares go up by 个百分点 (提高/降低), counts 增加/减少, rates 增长/下降.
_COUNT_WORDS = ("比上年增加", "比上年减少", "与上年持平，变化")
_SHARE_WORDS = ("比上年提高", "比上年降低", "与上年持平，变化")
_RATE_WORDS = ("比上年增长", "比上年下降", "与上年持平，变化")


def _change_words(change: Decimal, words: tuple[str, str, str]) -> str:
    up, down, same = words
    return up if change > 0 else down if change < 0 else same


# ---- staff notes -----------------------------------------------------------------------------------


def _note_facts(report: Report) -> Iterator[Fact]:
    notes = report.notes
    for aspect, aspect_notes in notes.aspects.items():
        source = f"工作情况·{aspect.label}"
        for i, fig in enumerate(aspect_notes.figures):
            yield Fact(f"note.{aspect.value}.{i}", fig.label, fig.value, fig.unit, source, None, aspect)
    other = notes.other
    source6 = "工作情况·其他需要报告的事项"
    if other.fee_notices_issued is not None:
        yield Fact("fee.notices", "发出信息处理费收费通知", Decimal(other.fee_notices_issued), "件", source6)
    if other.fee_collected_yuan is not None:
        yield Fact("fee.collected", "收取信息处理费", other.fee_collected_yuan, "元", source6)
    yield from _text_facts(report)


def note_texts(report: Report) -> Iterator[tuple[str, str, str, Aspect | None]]:
    """Every free text staff wrote, as (key, source, text, aspect): numbers in them are the staff's own data."""
    notes = report.notes
    for aspect, aspect_notes in notes.aspects.items():
        yield f"text.{aspect.value}", f"工作情况·{aspect.label}（说明）", aspect_notes.notes, aspect
    for i, problem in enumerate(notes.problems):
        yield f"text.problems.{i}", f"工作情况·存在的问题第{i + 1}项", f"{problem.problem}。{problem.measure}", None
    for i, follow in enumerate(notes.followups):
        yield f"text.followups.{i}", f"工作情况·上年问题整改第{i + 1}项", f"{follow.problem}。{follow.outcome}", None
    for i, item in enumerate(notes.other.items):
        yield f"text.other.{i}", f"工作情况·其他事项第{i + 1}项", item, None


_NUMERAL = re.compile(r"[\d一二两三四五六七八九十百千万]")


def _text_facts(report: Report) -> Iterator[Fact]:
    for key, source, text, aspect in note_texts(report):
        if _NUMERAL.search(text) is None:
            continue
        for j, mention in enumerate(m for m in extract_numbers(text) if m.is_figure):
            rounding = _hedge_rounding(mention.value) if mention.hedge else None
            label = _context_label(text, mention.start)
            yield Fact(f"{key}.{j}", label, mention.value, mention.unit, source, rounding, aspect)


def _hedge_rounding(value: Decimal) -> Decimal:
    """The uncertainty of a hedged note figure (300余 → 100): the place value of its last non-zero digit."""
    return Decimal(1).scaleb(int(value.normalize().as_tuple().exponent))


def _context_label(text: str, start: int) -> str:
    head = text[max(0, start - 16) : start]
    for mark in "。；;，,：:、（(":
        head = head.rpartition(mark)[2]
    return head.strip() or "工作情况中的数字"
