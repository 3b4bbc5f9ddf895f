"""The arithmetic of tables 三 and 四 (S1, I9, I1, I2, I3); blank cells are read as 0 and named in a warning."""

from __future__ import annotations

from collections.abc import Callable

from drafting.findings import Finding
from drafting.formats import (
    TABLE3_COLUMNS,
    TABLE3_LEAF_COLUMNS,
    TABLE4_GROUPS,
    TABLE4_LEAF_COLUMNS,
    t3,
    t4,
    table3_result_rows,
)
from drafting.tables.checks_context import Context, E, Reading, known, read, relation_finding

ALL_T3_COLUMNS = tuple(c.key for c in TABLE3_COLUMNS)
T3_COLUMN_LABELS = {c.key: c.label for c in TABLE3_COLUMNS}


def check_balance(ctx: Context) -> list[Finding]:
    """S1: per column of table 三, 本年新收 + 上年结转 = （七）总计 + 结转下年度继续办理."""
    findings = []
    for col in ALL_T3_COLUMNS:
        ids = (t3("new", col), t3("carry_in", col), t3("total", col), t3("carry_out", col))
        reading = read(ctx, ids)
        if reading is None or all(ctx.derived(c) for c in ids):
            continue  # four derived totals balance whenever their columns do: nothing to add
        new, carry_in, total, carry_out = reading.values
        if new + carry_in == total + carry_out or (reading.blanks and _bound_fails(ctx, col)):
            continue  # an exceeded bound with blanks is I9's error already
        findings.append(_balance_finding(ctx, col, reading, ids))
    return findings


def _balance_finding(ctx: Context, col: str, reading: Reading, ids: tuple[str, ...]) -> Finding:
    new, carry_in, total, carry_out = reading.values
    received = new + carry_in
    hint = _bound_hint(ctx, received, total, carry_out)
    problem = (
        f"表三“{T3_COLUMN_LABELS[col]}”列不平衡：“{ctx.row_label('new')}”{new} + “{ctx.row_label('carry_in')}”"
        f"{carry_in} = {received}，而“{ctx.row_label('total')}”{total} + “{ctx.row_label('carry_out')}”{carry_out}"
        f" = {total + carry_out}，相差 {abs(received - total - carry_out)}。{hint}"
    )
    advice = "请核对这四个数：第一项加第二项之和应等于第三项加第四项之和"
    certain = known(ctx, ids[2:]) is not None and received > total + carry_out
    return relation_finding(ctx, "S1", reading, problem, advice, ids, certain=certain)


def _bound_hint(ctx: Context, received: int, total: int, carry_out: int) -> str:
    if total > received:
        return f"办结数“{ctx.row_label('total')}”{total} 已超过收到的申请总数 {received}。"
    if carry_out > received:
        return f"“{ctx.row_label('carry_out')}”{carry_out} 已超过收到的申请总数 {received}。"
    return ""


def _bound_fails(ctx: Context, col: str) -> bool:
    """I9's condition: 新收 + 结转 known, and （七）总计 or 结转下年度 alone already exceeds it."""
    received = known(ctx, (t3("new", col), t3("carry_in", col)))
    if received is None:
        return False
    return any((ctx.n(t3(row, col)) or 0) > sum(received) for row in ("total", "carry_out"))


def check_bounds(ctx: Context) -> list[Finding]:
    """I9: where S1 cannot be evaluated yet, （七）总计 and 结转下年度 may each not exceed 新收 + 结转.

    Blanks are ≥ 0, so this is an error whatever the blank cells turn out to be.
    """
    findings = []
    for col in ALL_T3_COLUMNS:
        received_ids = (t3("new", col), t3("carry_in", col))
        received = known(ctx, received_ids)
        if received is None or known(ctx, (t3("total", col), t3("carry_out", col))) is not None:
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

    def what(total_id: str, total: int, addends: list[int]) -> str:
        return (
            f"{ctx.label(total_id)}为 {total}，但该列各项办理结果（（一）予以公开至（六）其他处理）之和为 "
            f"{sum(addends)}，相差 {abs(total - sum(addends))}；"
        )

    sums = [(t3("total", col), [t3(row, col) for row in results]) for col in ALL_T3_COLUMNS]
    return _total_findings(ctx, "I1", sums, what, "请核对该列各办理结果，或改正总计")


def check_row_totals(ctx: Context) -> list[Finding]:
    """I2: per row of table 三, 总计 = the sum of the six applicant columns."""

    def what(total_id: str, total: int, leaves: list[int]) -> str:
        parts = " + ".join(str(v) for v in leaves)
        return (
            f"{ctx.label(total_id)}为 {total}，但该行六类申请人（自然人、商业企业、科研机构、社会公益组织、"
            f"法律服务机构、其他）之和为 {parts} = {sum(leaves)}，相差 {abs(total - sum(leaves))}；"
        )

    sums = [(t3(row.key, "total"), [t3(row.key, col) for col in TABLE3_LEAF_COLUMNS]) for row in ctx.fmt.table3_rows]
    return _total_findings(ctx, "I2", sums, what, "请核对该行各列，或改正总计")


def check_table4_totals(ctx: Context) -> list[Finding]:
    """I3: for each block of table 四, 总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结."""
    labels = {t4(group, "total"): label for group, label in TABLE4_GROUPS}

    def what(total_id: str, total: int, leaves: list[int]) -> str:
        parts = " + ".join(str(v) for v in leaves)
        return (
            f"表四“{labels[total_id]}”的“总计”为 {total}，但结果维持、结果纠正、其他结果、尚未审结之和为 "
            f"{parts} = {sum(leaves)}，相差 {abs(total - sum(leaves))}；"
        )

    sums = [(t4(group, "total"), [t4(group, col) for col in TABLE4_LEAF_COLUMNS]) for group, _ in TABLE4_GROUPS]
    return _total_findings(ctx, "I3", sums, what, "请核对这几个数，或改正总计")


def _total_findings(
    ctx: Context,
    rule: str,
    sums: list[tuple[str, list[str]]],
    what: Callable[[str, int, list[int]], str],
    advice: str,
) -> list[Finding]:
    """One finding per total that is not the sum of its addends (blanks read as 0, see relation_finding);
    certain (an error even with blanks) when an entered total is below what the entered addends already make."""
    findings = []
    for total_id, addend_ids in sums:
        reading = read(ctx, (total_id, *addend_ids))
        if reading is None or reading.values[0] == sum(reading.values[1:]):
            continue
        total, addends = reading.values[0], list(reading.values[1:])
        certain = ctx.n(total_id) is not None and total < sum(addends)
        problem = what(total_id, total, addends)
        findings.append(relation_finding(ctx, rule, reading, problem, advice, (total_id, *addend_ids), certain=certain))
    return findings
