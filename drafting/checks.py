"""Table checks: the rules of format-spec §4 that can be evaluated on the data, as Chinese findings."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal

from drafting.fill import fill, is_total_cell
from drafting.findings import Finding, Severity
from drafting.formats import (
    TABLE3_COLUMNS,
    TABLE3_LEAF_COLUMNS,
    TABLE4_GROUPS,
    TABLE4_LEAF_COLUMNS,
    CellSpec,
    CellType,
    Format,
    format_for_year,
    get_format,
    t2,
    t3,
    t4,
    table3_result_rows,
)
from drafting.model import Money, Report

E = Severity.ERROR
W = Severity.WARNING

OTHER_SHARE_LIMIT = Decimal("0.1")
"""S11: warn when （六）其他处理 exceeds this share of （七）总计 (format-spec suggests 10%)."""
FEE_JUMP_FACTOR = 10
"""S3: a fee ≥ this many times last year's looks like an amount typed in 元 instead of 万元."""
FEE_IMPLAUSIBLE_WAN = Decimal(1_000_000)
"""S3 without last year's value: 100 亿元 of 行政事业性收费 is beyond any single organ's report."""
AMOUNT_UNITS = ("元", "万元", "亿元")
BLANK_EXAMPLES = 3

_ALL_T3_COLUMNS = tuple(c.key for c in TABLE3_COLUMNS)
_T3_COLUMN_LABELS = {c.key: c.label for c in TABLE3_COLUMNS}
_FEE = t2("admin_fee", "fee_amount")
_SIX_TEXT_KEYWORDS = ("信息处理费", "收费通知")


@dataclass(frozen=True)
class Context:
    """What every rule reads: the filled report, its format, cell specs and the usable prior."""

    report: Report
    fmt: Format
    specs: dict[str, CellSpec]
    num: dict[str, int]
    prior: Report | None

    def n(self, cell_id: str) -> int | None:
        """The integer value of a cell, or None when it is unknown (or not a valid integer)."""
        return self.num.get(cell_id)

    def label(self, cell_id: str) -> str:
        """The Chinese location of a cell, e.g. 表三“（七）总计”行“总计”列."""
        return self.specs[cell_id].location

    def row_label(self, row: str) -> str:
        """The exact label of a table 三 row."""
        return self.specs[t3(row, "total")].row_label


Rule = Callable[[Context], list[Finding]]


def run_checks(report: Report) -> list[Finding]:
    """Fill the report, then run every rule; cross-year rules use ``report.prior`` when it is last year's.

    Checks involving cells that are still unknown after fill are skipped; one I12 warning lists them.
    """
    try:
        fmt = get_format(report.format)
    except ValueError as exc:
        return [Finding("I14", E, f"{exc}；请按报告年度选用格式")]
    filled = fill(report)
    ctx = Context(filled, fmt, fmt.cells(), _integers(filled), _usable_prior(report))
    findings: list[Finding] = []
    for rule in RULES.values():
        findings.extend(rule(ctx))
    return findings


def _integers(report: Report) -> dict[str, int]:
    return {k: v for k, v in report.cells.items() if type(v) is int}


def _usable_prior(report: Report) -> Report | None:
    prior = report.prior
    if prior is None or prior.year != report.year - 1:
        return None
    return fill(prior)


def _fmt_num(value: object) -> str:
    if isinstance(value, Decimal):
        return format(value.normalize(), "f") if value == value.to_integral_value() else format(value, "f")
    return str(value)


def _known(ctx: Context, cell_ids: Iterable[str]) -> list[int] | None:
    values = []
    for cell_id in cell_ids:
        value = ctx.num.get(cell_id)
        if value is None:
            return None
        values.append(value)
    return values


# ---- I14, I4: format and types ---------------------------------------------------------------------


def check_format(ctx: Context) -> list[Finding]:
    """I14: the report's format must be the one for its year, and every cell must belong to it."""
    report = ctx.report
    findings: list[Finding] = []
    try:
        expected = format_for_year(report.year).id
    except ValueError as exc:
        return [Finding("I14", E, str(exc))]
    if report.format != expected:
        msg = (
            f"{report.year} 年度报告应使用 {expected} 格式，现为 {report.format}；"
            f"请新建 {expected} 格式的报告并重新填写表格"
        )
        findings.append(Finding("I14", E, msg))
    stray = sorted(k for k in report.cells if k not in ctx.specs)
    if stray:
        names = "、".join(_foreign_location(ctx.fmt, cell_id) for cell_id in stray[:3])
        more = f"等 {len(stray)} 个单元格" if len(stray) > 3 else ""
        msg = f"{report.format} 格式的表格中没有{names}{more}；请删除，或改填本年度格式的栏目"
        findings.append(Finding("I14", E, msg, tuple(stray)))
    return findings


def _foreign_location(fmt: Format, cell_id: str) -> str:
    """Name a cell that is not in this format: by the other format's labels when it is one of its cells."""
    other = get_format("F2021" if fmt.id == "F2019" else "F2019")
    spec = other.cells().get(cell_id)
    return f"{spec.location}（{other.id} 格式的栏目）" if spec else f"单元格 {cell_id}"


def check_types(ctx: Context) -> list[Finding]:
    """I4: counts are integers ≥ 0, 本年增/减 signed, the fee a decimal ≥ 0, 采购总金额 an amount with unit."""
    findings = []
    for cell_id, value in ctx.report.cells.items():
        spec = ctx.specs.get(cell_id)
        if spec is None:
            continue
        why = _type_problem(spec.cell_type, value)
        if why:
            shown = f"“{value}”" if isinstance(value, str | bool) else _fmt_num(value)
            msg = f"{spec.location}的值 {shown} {why}；请改正"
            findings.append(Finding("I4", E, msg, (cell_id,)))
    return findings


def _type_problem(cell_type: CellType, value: object) -> str:
    if cell_type is CellType.AMOUNT:
        if not isinstance(value, Money):
            return "应为金额及单位（如 251000元）"
        if value.amount < 0:
            return "不能为负数"
        return "" if value.unit in AMOUNT_UNITS else f"的单位应为{'、'.join(AMOUNT_UNITS)}之一"
    if cell_type is CellType.DECIMAL:
        if isinstance(value, bool) or not isinstance(value, int | Decimal) or not Decimal(value).is_finite():
            return "应为以万元为单位的数字"
        return "不能为负数" if value < 0 else ""
    if type(value) is not int:
        fractional = isinstance(value, Decimal | float) and value != int(value)
        return "应为整数（件数不能有小数）" if fractional else "应为整数"
    return "不能为负数" if cell_type is CellType.COUNT and value < 0 else ""


# ---- S1, I9, I1, I2, I3: the arithmetic of tables 三 and 四 --------------------------------------------


def check_balance(ctx: Context) -> list[Finding]:
    """S1: per column of table 三, 本年新收 + 上年结转 = （七）总计 + 结转下年度继续办理."""
    findings = []
    for col in _ALL_T3_COLUMNS:
        ids = (t3("new", col), t3("carry_in", col), t3("total", col), t3("carry_out", col))
        values = _known(ctx, ids)
        if values is None or all(ctx.report.origins.get(c) == "derived" for c in ids):
            continue  # four derived totals balance whenever their columns do: nothing to add
        new, carry_in, total, carry_out = values
        if new + carry_in == total + carry_out:
            continue
        received = new + carry_in
        msg = (
            f"表三“{_T3_COLUMN_LABELS[col]}”列不平衡：“{ctx.row_label('new')}”{new} + “{ctx.row_label('carry_in')}”"
            f"{carry_in} = {received}，而“{ctx.row_label('total')}”{total} + “{ctx.row_label('carry_out')}”{carry_out}"
            f" = {total + carry_out}，相差 {abs(received - total - carry_out)}。"
            f"{_bound_hint(ctx, received, total, carry_out)}请核对这四个数：第一项加第二项之和应等于第三项加第四项之和"
        )
        findings.append(Finding("S1", E, msg, ids))
    return findings


def _bound_hint(ctx: Context, received: int, total: int, carry_out: int) -> str:
    if total > received:
        return f"办结数“{ctx.row_label('total')}”{total} 已超过收到的申请总数 {received}。"
    if carry_out > received:
        return f"“{ctx.row_label('carry_out')}”{carry_out} 已超过收到的申请总数 {received}。"
    return ""


def check_bounds(ctx: Context) -> list[Finding]:
    """I9: where S1 cannot be evaluated yet, （七）总计 and 结转下年度 may each not exceed 新收 + 结转."""
    findings = []
    for col in _ALL_T3_COLUMNS:
        received_ids = (t3("new", col), t3("carry_in", col))
        received = _known(ctx, received_ids)
        if received is None or _known(ctx, (t3("total", col), t3("carry_out", col))) is not None:
            continue
        for row in ("total", "carry_out"):
            value = ctx.n(t3(row, col))
            if value is not None and value > sum(received):
                msg = (
                    f"{ctx.label(t3(row, col))}为 {value}，超过了同列“{ctx.row_label('new')}”{received[0]} 与"
                    f"“{ctx.row_label('carry_in')}”{received[1]} 之和 {sum(received)}；请核对这三个数"
                )
                findings.append(Finding("I9", E, msg, (*received_ids, t3(row, col))))
    return findings


def check_results_total(ctx: Context) -> list[Finding]:
    """I1: per column, （七）总计 = the sum of all result rows (（一） to （六） with their sub-items)."""
    results = table3_result_rows(ctx.fmt)
    findings = []
    for col in _ALL_T3_COLUMNS:
        total_id = t3("total", col)
        total = ctx.n(total_id)
        addend_ids = [t3(row, col) for row in results]
        addends = _known(ctx, addend_ids)
        if total is None or addends is None or total == sum(addends):
            continue
        msg = (
            f"{ctx.label(total_id)}为 {total}，但该列各项办理结果（（一）予以公开至（六）其他处理）之和为 "
            f"{sum(addends)}，相差 {abs(total - sum(addends))}；请核对该列各办理结果，或改正总计"
        )
        findings.append(Finding("I1", E, msg, (total_id, *addend_ids)))
    return findings


def check_row_totals(ctx: Context) -> list[Finding]:
    """I2: per row of table 三, 总计 = the sum of the six applicant columns."""
    findings = []
    for row in ctx.fmt.table3_rows:
        total_id = t3(row.key, "total")
        total = ctx.n(total_id)
        leaf_ids = [t3(row.key, col) for col in TABLE3_LEAF_COLUMNS]
        leaves = _known(ctx, leaf_ids)
        if total is None or leaves is None or total == sum(leaves):
            continue
        parts = " + ".join(str(v) for v in leaves)
        msg = (
            f"{ctx.label(total_id)}为 {total}，但该行六类申请人（自然人、商业企业、科研机构、社会公益组织、"
            f"法律服务机构、其他）之和为 {parts} = {sum(leaves)}，相差 {abs(total - sum(leaves))}；"
            "请核对该行各列，或改正总计"
        )
        findings.append(Finding("I2", E, msg, (total_id, *leaf_ids)))
    return findings


def check_table4_totals(ctx: Context) -> list[Finding]:
    """I3: for each block of table 四, 总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结."""
    findings = []
    for group, label in TABLE4_GROUPS:
        total_id = t4(group, "total")
        total = ctx.n(total_id)
        leaf_ids = [t4(group, col) for col in TABLE4_LEAF_COLUMNS]
        leaves = _known(ctx, leaf_ids)
        if total is None or leaves is None or total == sum(leaves):
            continue
        parts = " + ".join(str(v) for v in leaves)
        msg = (
            f"表四“{label}”的“总计”为 {total}，但结果维持、结果纠正、其他结果、尚未审结之和为 {parts} = {sum(leaves)}，"
            f"相差 {abs(total - sum(leaves))}；请核对这几个数，或改正总计"
        )
        findings.append(Finding("I3", E, msg, (total_id, *leaf_ids)))
    return findings


# ---- S3, S11: plausibility ---------------------------------------------------------------------------


def check_fee_unit(ctx: Context) -> list[Finding]:
    """S3 (F2021): the fee is in 万元; warn when it looks like 元 (≥ 10× last year, or ≥ 100 亿元 without last year)."""
    if ctx.fmt.id != "F2021":
        return []
    fee = _decimal(ctx.report.cells.get(_FEE))
    if fee is None or fee == 0:
        return []
    last = _decimal(ctx.prior.cells.get(_FEE)) if ctx.prior is not None and ctx.prior.format == "F2021" else None
    if last is not None and last > 0:
        if fee < last * FEE_JUMP_FACTOR:
            return []
        why = f"是上年 {_fmt_num(last)} 万元的 {int(fee / last)} 倍"
    elif fee >= FEE_IMPLAUSIBLE_WAN:
        why = "折合 100 亿元以上"
    else:
        return []
    msg = (
        f"{ctx.label(_FEE)}为 {_fmt_num(fee)} 万元，{why}，像是按“元”填写的；该栏单位为万元，"
        f"如按元填写请除以 10000（如 123500 元应填 12.35）"
    )
    return [Finding("S3", W, msg, (_FEE,))]


def _decimal(value: object) -> Decimal | None:
    if isinstance(value, Decimal) and value.is_finite():
        return value
    if type(value) is int:
        return Decimal(value)
    return None


def check_other_share(ctx: Context) -> list[Finding]:
    """S11: （六）其他处理 should be exceptional: warn above 10% of （七）总计.

    F2019 counts its single （六）其他处理 row. F2021 counts only "3.其他": rows 1 and 2 are the
    statutory outcomes for missing supplements and unpaid fees that F2019 lumped into （六）.
    """
    row = "other" if ctx.fmt.id == "F2019" else "other_3"
    other_id, total_id = t3(row, "total"), t3("total", "total")
    other, total = ctx.n(other_id), ctx.n(total_id)
    if other is None or not total or other <= OTHER_SHARE_LIMIT * total:
        return []
    what = "（六）其他处理" if row == "other" else "（六）其他处理中的“3.其他”"
    msg = (
        f"{ctx.label(other_id)}为 {other} 件，占{ctx.label(total_id)} {total} 件的 {other * 100 // total}%，"
        f"超过 {OTHER_SHARE_LIMIT:.0%}。{what}原则上应是例外情形；"
        "请核对能否归入法定处理方式（（一）至（五）），或在正文中说明原因"
    )
    return [Finding("S11", W, msg, (other_id, total_id))]


# ---- I5–I8: cross-year and within-year table 二 -----------------------------------------------------------


def check_carry_over(ctx: Context) -> list[Finding]:
    """I5: per column, this year's 上年结转 = last year's 结转下年度继续办理 (a warning: reports restate)."""
    if ctx.prior is None:
        return _prior_year_mismatch(ctx.report)
    prior = _integers(ctx.prior)
    diffs, cells = [], []
    for col in _ALL_T3_COLUMNS:
        now, last = ctx.n(t3("carry_in", col)), prior.get(t3("carry_out", col))
        if now is not None and last is not None and now != last:
            diffs.append(f"“{_T3_COLUMN_LABELS[col]}”列本年 {now}、上年 {last}")
            cells.append(t3("carry_in", col))
    if not diffs:
        return []
    msg = (
        f"表三“{ctx.row_label('carry_in')}”与 {ctx.prior.year} 年报告的“{ctx.row_label('carry_out')}”不一致："
        f"{'；'.join(diffs)}。请核对；如上年数据确有更正，请在正文中说明"
    )
    return [Finding("I5", W, msg, tuple(cells))]


def check_stock_flow(ctx: Context) -> list[Finding]:
    """I6 (F2021, 2022 on): 现行有效件数 ≈ last year's + 本年制发件数 − 本年废止件数, for 规章 and 行政规范性文件."""
    if not _f2021_pair(ctx):
        return []
    findings = []
    for row in ("rules", "normative"):
        ids = (t2(row, "in_force"), t2(row, "issued"), t2(row, "repealed"))
        values = _known(ctx, ids)
        last = _prior_int(ctx, t2(row, "in_force"))
        if values is None or last is None:
            continue
        in_force, issued, repealed = values
        expected = last + issued - repealed
        if in_force == expected:
            continue
        label = ctx.specs[ids[0]].row_label
        msg = (
            f"表二“{label}”行：上年“现行有效件数”{last} + 本年制发 {issued} − 本年废止 {repealed} = {expected}，"
            f"而本年“现行有效件数”为 {in_force}。如有文件到期失效或清理后重新统计，请在正文中说明；否则请核对这三个数"
        )
        findings.append(Finding("I6", W, msg, ids))
    return findings


def check_repeal_bound(ctx: Context) -> list[Finding]:
    """I7 (F2021): 本年废止件数 ≤ last year's 现行有效件数 + 本年制发件数."""
    if not _f2021_pair(ctx):
        return []
    findings = []
    for row in ("rules", "normative"):
        ids = (t2(row, "repealed"), t2(row, "issued"))
        values = _known(ctx, ids)
        last = _prior_int(ctx, t2(row, "in_force"))
        if values is None or last is None or values[0] <= last + values[1]:
            continue
        msg = (
            f"{ctx.label(ids[0])}为 {values[0]}，多于上年“现行有效件数”{last} 与本年制发 {values[1]} 之和 "
            f"{last + values[1]}，废止的文件不会多于现有的文件；请核对"
        )
        findings.append(Finding("I7", W, msg, ids))
    return findings


def _f2021_pair(ctx: Context) -> bool:
    return ctx.fmt.id == "F2021" and ctx.prior is not None and ctx.prior.format == "F2021"


def _prior_int(ctx: Context, cell_id: str) -> int | None:
    value = ctx.prior.cells.get(cell_id) if ctx.prior is not None else None
    return value if type(value) is int else None


_ITEM_ROWS_2019 = ("license", "other_services", "penalty", "coercion", "admin_fee")


def check_items_2019(ctx: Context) -> list[Finding]:
    """I8 (F2019): 本年新公开数量 ≤ 对外公开总数量; 上一年项目数量 = last year's 上一年项目数量 + 本年增/减."""
    if ctx.fmt.id != "F2019":
        return []
    findings = []
    for row in ("rules", "normative"):
        ids = (t2(row, "published"), t2(row, "total_public"))
        values = _known(ctx, ids)
        if values is not None and values[0] > values[1]:
            msg = f"{ctx.label(ids[0])}为 {values[0]}，多于同行“对外公开总数量”{values[1]}；请核对这两个数"
            findings.append(Finding("I8", W, msg, ids))
    if ctx.prior is None or ctx.prior.format != "F2019":
        return findings
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


def _prior_year_mismatch(report: Report) -> list[Finding]:
    prior = report.prior
    if prior is None:
        return []
    msg = (
        f"所附上年报告是 {prior.year} 年度的，不是 {report.year - 1} 年度，跨年度校验（I5–I8）已跳过；"
        f"请改附 {report.year - 1} 年度的报告"
    )
    return [Finding("I5", W, msg)]


# ---- I10, I12 -------------------------------------------------------------------------------------------


def check_fee_notices(ctx: Context) -> list[Finding]:
    """I10 (F2021): applications dropped for unpaid fees mean fee notices were issued; 六 must report them."""
    if ctx.fmt.id != "F2021":
        return []
    row_id = t3("other_2", "total")
    leaves = sum(ctx.n(t3("other_2", col)) or 0 for col in TABLE3_LEAF_COLUMNS)
    unpaid = max(ctx.n(row_id) or 0, leaves)
    if unpaid <= 0:
        return []
    where = f"{ctx.label(row_id)}为 {unpaid}，说明本年发出过收费通知"
    state = ctx.report.sections.get("六")
    text = state.text if state is not None else ""
    issued = ctx.report.notes.other.fee_notices_issued
    problems = []
    if text.strip() and not any(word in text for word in _SIX_TEXT_KEYWORDS):
        problems.append(
            "但“六、其他需要报告的事项”未提及收费通知或信息处理费，请补充发出收费通知和收取信息处理费的情况"
        )
    if issued is not None and issued < unpaid:
        problems.append(f"但“工作情况”中填写的发出收费通知件数为 {issued}，少于 {unpaid}，请核对")
    if issued is None and not text.strip():
        problems.append("请在“工作情况”的“六”中填写发出收费通知的件数和收取的信息处理费，以便在正文中报告")
    return [Finding("I10", W, f"{where}，{p}", (row_id,), section="六") for p in problems]


def check_blanks(ctx: Context) -> list[Finding]:
    """I12: cells still unknown after fill are missing, not 0: list them once and point to "未填单元格填 0"."""
    blank: dict[str, list[str]] = {"二": [], "三": [], "四": []}
    cells = ctx.report.cells
    for cell_id, spec in ctx.specs.items():
        if cell_id not in cells and not is_total_cell(cell_id):
            blank[spec.table].append(cell_id)
    ids = [cell_id for table in ("二", "三", "四") for cell_id in blank[table]]
    if not ids:
        return []
    counts = "、".join(f"表{table} {len(v)} 个" for table, v in blank.items() if v)
    examples = "、".join(ctx.label(cell_id) for cell_id in ids[:BLANK_EXAMPLES])
    more = "等" if len(ids) > BLANK_EXAMPLES else ""
    msg = (
        f"有 {len(ids)} 个单元格未填（{counts}），如{examples}{more}；涉及这些单元格的校验已跳过。"
        f"请补填；如果它们应为 0，可使用“未填单元格填 0”"
    )
    return [Finding("I12", W, msg, tuple(ids))]


RULES: dict[str, Rule] = {
    "I14": check_format,
    "I4": check_types,
    "S1": check_balance,
    "I9": check_bounds,
    "I1": check_results_total,
    "I2": check_row_totals,
    "I3": check_table4_totals,
    "S3": check_fee_unit,
    "S11": check_other_share,
    "I5": check_carry_over,
    "I6": check_stock_flow,
    "I7": check_repeal_bound,
    "I8": check_items_2019,
    "I10": check_fee_notices,
    "I12": check_blanks,
}
"""Every table rule by id, in the order findings are reported (errors' rules first)."""
