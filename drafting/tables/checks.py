"""Table checks: the rules of format-spec §4 that can be evaluated on the data, as Chinese findings."""

from __future__ import annotations

import re
from decimal import Decimal

from drafting.findings import Finding, Severity
from drafting.formats import (
    TABLE3_LEAF_COLUMNS,
    CellType,
    Format,
    format_for_year,
    get_format,
    t3,
)
from drafting.model import Money, Report
from drafting.tables.checks_context import (
    Context,
    E,
    Reading,
    Rule,
    W,
    build_context,
    fmt_num,
    integers,
    known,
    read,
    relation_finding,
)
from drafting.tables.checks_table2 import (
    FEE_IMPLAUSIBLE_WAN,
    FEE_JUMP_FACTOR,
    FEE_MAX_DECIMALS,
    check_fee_unit,
    check_items_2019,
    check_repeal_bound,
    check_stock_flow,
)
from drafting.tables.checks_tables import (
    ALL_T3_COLUMNS,
    T3_COLUMN_LABELS,
    check_balance,
    check_bounds,
    check_results_total,
    check_row_totals,
    check_table4_totals,
)
from drafting.tables.fill import is_total_cell

__all__ = [
    "FEE_IMPLAUSIBLE_WAN",
    "FEE_JUMP_FACTOR",
    "FEE_MAX_DECIMALS",
    "OTHER_SHARE_LIMIT",
    "RULES",
    "Context",
    "Reading",
    "Rule",
    "check_balance",
    "check_blanks",
    "check_bounds",
    "check_carry_over",
    "check_fee_notices",
    "check_fee_unit",
    "check_format",
    "check_items_2019",
    "check_other_share",
    "check_repeal_bound",
    "check_results_total",
    "check_row_totals",
    "check_stock_flow",
    "check_table4_totals",
    "check_types",
    "known",
    "read",
    "relation_finding",
    "run_checks",
]

OTHER_SHARE_LIMIT = Decimal("0.1")
"""S11: note when （六）其他处理 exceeds this share of （七）总计 (format-spec suggests 10%)."""
AMOUNT_UNITS = ("元", "万元", "亿元")
BLANK_EXAMPLES = 3


def run_checks(report: Report) -> list[Finding]:
    """Fill the report, then run every rule; cross-year rules use ``report.prior`` when it is last year's.

    A relation with blank cells is still evaluated with the blanks read as 0; when it fails that way it is
    a warning naming the blank cells. One I12 warning lists every blank cell.
    """
    try:
        fmt = get_format(report.format)
    except ValueError as exc:
        return [Finding("I14", E, f"{exc}；请按报告年度选用格式")]
    ctx = build_context(report, fmt)
    findings: list[Finding] = []
    for rule in RULES.values():
        findings.extend(rule(ctx))
    return findings


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
            shown = f"“{value}”" if isinstance(value, str | bool) else fmt_num(value)
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


# ---- S11 --------------------------------------------------------------------------------------------


def check_other_share(ctx: Context) -> list[Finding]:
    """S11: a note (not a request to change anything) when （六）其他处理 is over 10% of （七）总计.

    The 10% is the spec's example, not a measured limit: it fired on 4 of 13 real, correct reports (issue 12),
    where 3.其他 holds e.g. withdrawn applications. With no data to set a better threshold, it is a note
    (Severity.INFO: shown, never counted as an open finding), as the issue allows. F2019 counts its single
    （六）其他处理 row; F2021 only "3.其他", since rows 1 and 2 are the statutory outcomes for missing
    supplements and unpaid fees that F2019 lumped into （六）.
    """
    row = "other" if ctx.fmt.id == "F2019" else "other_3"
    other_id, total_id = t3(row, "total"), t3("total", "total")
    other, total = ctx.n(other_id), ctx.n(total_id)
    if other is None or not total or other <= OTHER_SHARE_LIMIT * total:
        return []
    what = "（六）其他处理" if row == "other" else "（六）其他处理中的“3.其他”"
    msg = (
        f"（不是错误）{ctx.label(other_id)}为 {other} 件，占{ctx.label(total_id)} {total} 件的 "
        f"{other * 100 // total}%，超过 {OTHER_SHARE_LIMIT:.0%}。{what}原则上应是例外情形，主管部门可能会了解原因；"
        "如其中有申请人撤回申请等情形，可在正文中简要说明；确有能归入（一）至（五）法定处理方式的，请改填"
    )
    return [Finding("S11", Severity.INFO, msg, (other_id, total_id))]


# ---- I5 -------------------------------------------------------------------------------------------------


def check_carry_over(ctx: Context) -> list[Finding]:
    """I5: per column, this year's 上年结转 = last year's 结转下年度继续办理 (a warning: reports restate).

    A blank 上年结转 in a table read with blanks as 0 is compared as 0, and said to be blank.
    """
    if ctx.prior is None:
        return _prior_year_mismatch(ctx.report)
    prior = integers(ctx.prior)
    diffs, cells = [], []
    for col in ALL_T3_COLUMNS:
        reading, last = read(ctx, (t3("carry_in", col),)), prior.get(t3("carry_out", col))
        if reading is not None and last is not None and reading.values[0] != last:
            now = "空白（按 0 计）" if reading.blanks else f"{reading.values[0]}"
            diffs.append(f"“{T3_COLUMN_LABELS[col]}”列本年 {now}、上年 {last}")
            cells.append(t3("carry_in", col))
    if not diffs:
        return []
    msg = (
        f"表三“{ctx.row_label('carry_in')}”与 {ctx.prior.year} 年报告的“{ctx.row_label('carry_out')}”不一致："
        f"{'；'.join(diffs)}。请核对；如上年数据确有更正，请在正文中说明"
    )
    return [Finding("I5", W, msg, tuple(cells))]


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
    """I10 (F2021): applications dropped for unpaid fees mean fee notices were issued; 六 must say how many."""
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
    if text.strip() and not states_fee_count(text):
        problems.append(_six_problem(text))
    if issued is not None and issued < unpaid:
        problems.append(f"但“工作情况”中填写的发出收费通知件数为 {issued}，少于 {unpaid}，请核对")
    if issued is None and not text.strip():
        problems.append("请在“工作情况”的“六”中填写发出收费通知的件数和收取的信息处理费，以便在正文中报告")
    return [Finding("I10", W, f"{where}，{p}", (row_id,), section="六") for p in problems]


_FEE_WORDS = ("收费", "信息处理费")
_CLAUSE_END = re.compile(r"[。；;！!？?\n]")
_COUNT = re.compile(r"(?:[0-9０-９]+|[零〇一二两三四五六七八九十百千]+)\s*(?:件|份|次|个|笔)")
_SIX_EXAMPLE = "如“本年发出收费通知 2 件，申请人均未缴费，未收取信息处理费”"


def states_fee_count(text: str) -> bool:
    """True when a clause of the text that mentions 收费 or 信息处理费 also gives a count (N 件/份/次/个/笔)."""
    clauses = _CLAUSE_END.split(text)
    return any(_COUNT.search(c) for c in clauses if any(word in c for word in _FEE_WORDS))


def _six_problem(text: str) -> str:
    if any(word in text for word in _FEE_WORDS):
        return f"但“六、其他需要报告的事项”提到了收费，却没有写明发出收费通知的件数；请写明件数，{_SIX_EXAMPLE}"
    return f"但“六、其他需要报告的事项”未提及收费通知或信息处理费；请补充发出收费通知的件数和收费情况，{_SIX_EXAMPLE}"


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
        f"有 {len(ids)} 个单元格未填（{counts}），如{examples}{more}；"
        "表格已基本填完或已填总计时，涉及空白单元格的校验按 0 试算，不平衡时另有提示。"
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
