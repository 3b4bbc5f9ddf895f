"""Table 二: the fee's unit and precision (S3), stock and flow of documents (I6, I7), F2019 items (I8).

Relations that hold by definition within one report are errors; relations to last year's report are
warnings, as format-spec §4 has them (reports restate last year's figures).
"""

from __future__ import annotations

from decimal import Decimal

from drafting.findings import Finding
from drafting.formats import t2
from drafting.tables.checks_context import BLANK_NAMES, Context, W, decimal_of, fmt_num, read, relation_finding

FEE_JUMP_FACTOR = 10
"""S3: a fee ≥ this many times last year's looks like an amount typed in 元 instead of 万元."""
FEE_IMPLAUSIBLE_WAN = Decimal(1_000_000)
"""S3 without last year's value: 100 亿元 of 行政事业性收费 is beyond any single organ's report."""
FEE_MAX_DECIMALS = 4
"""S3: 4 decimals of 万元 is 1 元; a finer fee was most likely converted from 元 with a slip, or not at all."""

_FEE = t2("admin_fee", "fee_amount")
_DOC_ROWS = ("rules", "normative")
_ITEM_ROWS_2019 = ("license", "other_services", "penalty", "coercion", "admin_fee")


def check_fee_unit(ctx: Context) -> list[Finding]:
    """S3 (F2021): the fee is in 万元; warn when it looks like 元, or is printed finer than 1 元 (> 4 decimals)."""
    if ctx.fmt.id != "F2021":
        return []
    fee = decimal_of(ctx.report.cells.get(_FEE))
    if fee is None or fee == 0:
        return []
    return [f for f in (_fee_magnitude(ctx, fee), _fee_precision(ctx, fee)) if f is not None]


def _fee_magnitude(ctx: Context, fee: Decimal) -> Finding | None:
    last = decimal_of(ctx.prior.cells.get(_FEE)) if ctx.prior is not None and ctx.prior.format == "F2021" else None
    if last is not None and last > 0:
        if fee < last * FEE_JUMP_FACTOR:
            return None
        why = f"是上年 {fmt_num(last)} 万元的 {int(fee / last)} 倍"
    elif fee >= FEE_IMPLAUSIBLE_WAN:
        why = "折合 100 亿元以上"
    else:
        return None
    msg = (
        f"{ctx.label(_FEE)}为 {fmt_num(fee)} 万元，{why}，像是按“元”填写的；该栏单位为万元，"
        f"如按元填写请除以 10000（如 123500 元应填 12.35）"
    )
    return Finding("S3", W, msg, (_FEE,))


def _fee_precision(ctx: Context, fee: Decimal) -> Finding | None:
    exponent = fee.normalize().as_tuple().exponent
    decimals = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    if decimals <= FEE_MAX_DECIMALS:
        return None
    msg = (
        f"{ctx.label(_FEE)}为 {fmt_num(fee)} 万元，有 {decimals} 位小数，精确到了 1 元以下；该栏单位为万元，"
        f"保留至多 {FEE_MAX_DECIMALS} 位小数即精确到元。请核对由元换算成万元时小数点是否移对了位置"
        f"（如 123500 元应填 12.35），并按需要保留的位数四舍五入"
    )
    return Finding("S3", W, msg, (_FEE,))


def check_stock_flow(ctx: Context) -> list[Finding]:
    """I6 (F2021, 2022 on): 现行有效件数 ≈ last year's + 本年制发件数 − 本年废止件数, for 规章 and 行政规范性文件."""
    if not _f2021_pair(ctx):
        return []
    findings = []
    for row in _DOC_ROWS:
        ids = (t2(row, "in_force"), t2(row, "issued"), t2(row, "repealed"))
        reading = read(ctx, ids)
        last = _prior_int(ctx, t2(row, "in_force"))
        if reading is None or last is None:
            continue
        in_force, issued, repealed = reading.values
        expected = last + issued - repealed
        if in_force == expected:
            continue
        msg = (
            f"{_blank_lead(ctx, reading.blanks)}表二“{ctx.specs[ids[0]].row_label}”行：上年“现行有效件数”{last} + "
            f"本年制发 {issued} − 本年废止 {repealed} = {expected}，而本年“现行有效件数”为 {in_force}。"
            "如有文件到期失效或清理后重新统计，请在正文中说明；否则请核对这三个数"
        )
        findings.append(Finding("I6", W, msg, (*ids, *reading.blanks)))
    return findings


def check_repeal_bound(ctx: Context) -> list[Finding]:
    """I7 (F2021): 本年废止件数 ≤ last year's 现行有效件数 + 本年制发件数 (a warning: counts are restated)."""
    if not _f2021_pair(ctx):
        return []
    findings = []
    for row in _DOC_ROWS:
        ids = (t2(row, "repealed"), t2(row, "issued"))
        reading = read(ctx, ids)
        last = _prior_int(ctx, t2(row, "in_force"))
        if reading is None or last is None or reading.values[0] <= last + reading.values[1]:
            continue
        repealed, issued = reading.values
        msg = (
            f"{_blank_lead(ctx, reading.blanks)}{ctx.label(ids[0])}为 {repealed}，多于上年“现行有效件数”{last} "
            f"与本年制发 {issued} 之和 {last + issued}，废止的文件不会多于现有的文件；请核对"
        )
        findings.append(Finding("I7", W, msg, (*ids, *reading.blanks)))
    return findings


def check_items_2019(ctx: Context) -> list[Finding]:
    """I8 (F2019): the relations of the item blocks, within the year (errors) and to last year's report (warnings).

    Within the year: 本年新公开数量 ≤ 对外公开总数量, and 上一年项目数量 + 本年增/减 (this year's number of
    items) ≥ 0. Across years: 上一年项目数量 = last year's 上一年项目数量 + 本年增/减, and 对外公开总数量 may
    not rise by more than this year's 本年新公开数量.
    """
    if ctx.fmt.id != "F2019":
        return []
    findings = _published_within_total(ctx) + _items_not_negative(ctx)
    if ctx.prior is None or ctx.prior.format != "F2019":
        return findings
    return findings + _items_continue(ctx) + _public_total_rise(ctx)


def _published_within_total(ctx: Context) -> list[Finding]:
    findings = []
    for row in _DOC_ROWS:
        ids = (t2(row, "published"), t2(row, "total_public"))
        reading = read(ctx, ids)
        if reading is None or reading.values[0] <= reading.values[1]:
            continue
        published, total = reading.values
        problem = (
            f"{ctx.label(ids[0])}为 {published}，多于同行“对外公开总数量”{total}：本年新公开的文件"
            "都计入对外公开总数量，前者不会多于后者；"
        )
        findings.append(relation_finding(ctx, "I8", reading, problem, "请核对这两个数", ids))
    return findings


def _items_not_negative(ctx: Context) -> list[Finding]:
    findings = []
    for row in _ITEM_ROWS_2019:
        ids = (t2(row, "prev_items"), t2(row, "change"))
        reading = read(ctx, ids)
        if reading is None or sum(reading.values) >= 0:
            continue
        prev, change = reading.values
        problem = (
            f"表二“{ctx.specs[ids[0]].row_label}”行：“上一年项目数量”{prev} 加“本年增/减”{change:+d} = "
            f"{prev + change}，本年的项目数量不会是负数；"
        )
        advice = "请核对这两个数（减少的项目数不会多于上一年的项目数）"
        findings.append(relation_finding(ctx, "I8", reading, problem, advice, ids))
    return findings


def _items_continue(ctx: Context) -> list[Finding]:
    findings = []
    for row in _ITEM_ROWS_2019:
        cell_id = t2(row, "prev_items")
        now = ctx.n(cell_id)
        last, change = _prior_int(ctx, cell_id), _prior_int(ctx, t2(row, "change"))
        if now is None or last is None or change is None or now == last + change:
            continue
        msg = (
            f"{ctx.label(cell_id)}为 {now}，但上年报告中该行“上一年项目数量”{last} 加“本年增/减”{change:+d} 应为 "
            f"{last + change}；请核对"
        )
        findings.append(Finding("I8", W, msg, (cell_id,)))
    return findings


def _public_total_rise(ctx: Context) -> list[Finding]:
    findings = []
    for row in _DOC_ROWS:
        ids = (t2(row, "total_public"), t2(row, "published"))
        reading = read(ctx, ids)
        last = _prior_int(ctx, ids[0])
        if reading is None or last is None or reading.values[0] - last <= reading.values[1]:
            continue
        total, published = reading.values
        msg = (
            f"{_blank_lead(ctx, reading.blanks)}{ctx.label(ids[0])}为 {total}，比上年报告的 {last} 多 {total - last}，"
            f"而同行“本年新公开数量”只有 {published}：对外公开总数量的增加不会多于本年新公开的数量。"
            "请核对这两个数；如上年数据有误，请在正文中说明"
        )
        findings.append(Finding("I8", W, msg, (*ids, *reading.blanks)))
    return findings


def _blank_lead(ctx: Context, blanks: tuple[str, ...]) -> str:
    """For warnings that are warnings anyway: say which blank cells were read as 0."""
    if not blanks:
        return ""
    more = f"等 {len(blanks)} 个单元格" if len(blanks) > BLANK_NAMES else ""
    return f"若空白单元格（{'、'.join(ctx.label(c) for c in blanks[:BLANK_NAMES])}{more}）为 0，则"


def _f2021_pair(ctx: Context) -> bool:
    return ctx.fmt.id == "F2021" and ctx.prior is not None and ctx.prior.format == "F2021"


def _prior_int(ctx: Context, cell_id: str) -> int | None:
    value = ctx.prior.cells.get(cell_id) if ctx.prior is not None else None
    return value if type(value) is int else None
