"""Facts: table counts, sums, shares and YoY changes with provenance; unknown cells give no fact."""

from __future__ import annotations

import time
from decimal import Decimal

import pytest

from drafting.model import Aspect, KeyFigure, Report, new_report
from drafting.narrative.facts import PERCENT_ROUNDING, Fact, build_facts, format_value, percent


def _by_key(report: Report) -> dict[str, Fact]:
    facts = build_facts(report)
    keys = [f.key for f in facts]
    assert len(keys) == len(set(keys)), "fact keys are unique"
    return {f.key: f for f in facts}


FACT_ROWS_2023 = [
    # key, value, unit, where the source points
    ("t3.new.total", "48", "件", "表三“一、本年新收政府信息公开申请数量”行“总计”列"),
    ("t3.carry_in.total", "4", "件", "表三“二、上年结转政府信息公开申请数量”行“总计”列"),
    ("t3.open.total", "22", "件", "表三“（一）予以公开”行“总计”列"),
    ("t3.partial.total", "5", "件", "“总计”列"),
    ("t3.deny.total", "6", "件", "表三“（三）不予公开”各行“总计”列之和"),
    ("t3.unable.total", "12", "件", "表三“（四）无法提供”各行“总计”列之和"),
    ("t3.noproc.total", "3", "件", "表三“（五）不予处理”各行“总计”列之和"),
    ("t3.other.total", "1", "件", "表三“（六）其他处理”各行“总计”列之和"),
    ("t3.total.total", "49", "件", "表三“（七）总计”行“总计”列"),
    ("t3.carry_out.total", "3", "件", "表三“四、结转下年度继续办理”行“总计”列"),
    ("t3.new.natural", "38", "件", "“自然人”列"),
    ("t3.new.orgs", "10", "件", "“法人或其他组织”各列之和"),
    ("t4.review.total", "4", "件", "表四“行政复议”栏“总计”列"),
    ("t4.review.correct", "1", "件", "表四“行政复议”栏“结果纠正”列"),
    ("t4.lit.total", "4", "件", "“未经复议直接起诉”与“复议后起诉”"),
    ("t2.normative.issued", "5", "件", "表二“行政规范性文件”行“本年制发件数”列"),
    ("t2.normative.repealed", "2", "件", "本年废止件数"),
    ("t2.normative.in_force", "41", "件", "现行有效件数"),
    ("t2.rules.issued", "0", "件", "表二“规章”行"),
    ("t2.license.decisions", "1260", "件", "表二“行政许可”行“本年处理决定数量”列"),
    ("t2.penalty.decisions", "214", "件", "行政处罚"),
    ("t2.coercion.decisions", "37", "件", "行政强制"),
    ("t2.admin_fee.fee_amount", "12.35", "万元", "本年收费金额（单位：万元）"),
    ("share.disclosed", "55.1", "%", "（（一）予以公开 + （二）部分公开） ÷ （七）总计"),
    ("share.open", "44.9", "%", "（一）予以公开 ÷ （七）总计"),
    ("share.concluded", "94.2", "%", "（七）总计 ÷"),
    (
        "t3.received.total",
        "52",
        "件",
        "“一、本年新收政府信息公开申请数量”与“二、上年结转政府信息公开申请数量”行“总计”列之和",
    ),
    ("t4.all.total", "8", "件", "三栏“总计”列之和"),
    ("share.partial", "10.2", "%", "（二）部分公开 ÷ （七）总计"),
    ("share.deny", "12.2", "%", "不予公开 ÷ （七）总计"),
    ("share.unable", "24.5", "%", "无法提供 ÷ （七）总计"),
    ("share.noproc", "6.1", "%", "不予处理 ÷ （七）总计"),
    ("share.other", "2", "%", "其他处理 ÷ （七）总计"),
    ("share.unable_1", "20.4", "%", "无法提供（本机关不掌握相关政府信息） ÷ （七）总计"),
    ("share.deny_1", "0", "%", "÷ （七）总计"),
    ("share.open.in_new", "45.8", "%", "予以公开 ÷ 一、本年新收"),
    ("share.disclosed.in_new", "56.3", "%", "÷ 一、本年新收"),
    ("share.unable.in_new", "25", "%", "无法提供 ÷ 一、本年新收"),
    ("share.natural", "79.2", "%", "一、本年新收中自然人 ÷ 一、本年新收总计"),
    ("share.applicant.orgs", "20.8", "%", "一、本年新收中法人或其他组织 ÷ 一、本年新收总计"),
    ("share.applicant.legal", "4.2", "%", "法律服务机构"),
    ("share.applicant.other", "0", "%", "其他申请人"),
    ("prior.new.total", "38", "件", "上年报告表三"),
    ("yoy.new.total", "10", "件", "与上年比较"),
    ("yoy.new.total.pct", "26.3", "%", "÷ 上年"),
    ("yoy.carry_out.total", "-1", "件", "与上年比较"),
    ("yoy.review.total", "1", "件", "表四"),
    ("yoy.share.disclosed", "-3.2", "个百分点", "与上年比较"),
    ("note.active.0", "612", "条", "工作情况·主动公开"),
    ("note.oversight.1", "126", "人次", "工作情况·监督保障"),
    ("fee.notices", "1", "件", "工作情况·其他需要报告的事项"),
    ("fee.collected", "0", "元", "工作情况·其他需要报告的事项"),
    ("text.followups.1.0", "8", "类", "上年问题整改第2项"),
    ("text.other.0.0", "12", "件", "其他事项第1项"),
]


@pytest.mark.parametrize(("key", "value", "unit", "source"), FACT_ROWS_2023, ids=[r[0] for r in FACT_ROWS_2023])
def test_facts_of_the_2023_example(report_2023, key, value, unit, source):
    fact = _by_key(report_2023)[key]
    assert fact.value == Decimal(value)
    assert fact.unit == unit
    assert source in fact.source


def test_display_and_labels(report_2023):
    facts = _by_key(report_2023)
    assert facts["t3.new.total"].display == "本年新收政府信息公开申请 48 件"
    assert facts["share.disclosed"].display == "予以公开和部分公开占办结申请的比例 55.1%"
    assert facts["note.active.0"].display == "门户网站专栏发布信息 612 条"
    assert facts["prior.new.total"].label == "上年新收政府信息公开申请"


YOY_DISPLAY = [
    ("yoy.new.total", "本年新收政府信息公开申请比上年增加 10 件"),
    ("yoy.new.total.pct", "本年新收政府信息公开申请比上年增长 26.3%"),
    ("yoy.carry_out.total", "结转下年度继续办理的申请比上年减少 1 件"),
    ("yoy.carry_out.total.pct", "结转下年度继续办理的申请比上年下降 25%"),
    ("yoy.share.disclosed", "予以公开和部分公开占办结申请的比例比上年降低 3.2 个百分点"),
    ("yoy.admin_fee.fee_amount", "本年行政事业性收费收费金额比上年增加 0.55 万元"),
    ("yoy.rules.issued", "本年制发规章与上年持平，变化 0 件"),
]


@pytest.mark.parametrize(("key", "display"), YOY_DISPLAY, ids=[r[0] for r in YOY_DISPLAY])
def test_year_over_year_changes_read_naturally(report_2023, key, display):
    fact = _by_key(report_2023)[key]
    assert fact.display == display
    assert "增减" not in fact.display and "-" not in fact.display


def test_rounding_and_aspects(report_2023):
    facts = _by_key(report_2023)
    assert facts["t3.new.total"].rounding is None
    assert facts["share.disclosed"].rounding == PERCENT_ROUNDING
    assert facts["yoy.new.total.pct"].rounding == PERCENT_ROUNDING
    assert facts["t3.new.total"].aspect is Aspect.ON_REQUEST
    assert facts["t2.normative.issued"].aspect is Aspect.MANAGEMENT
    assert facts["note.platform.0"].aspect is Aspect.PLATFORM
    assert facts["fee.collected"].aspect is None


@pytest.mark.parametrize(
    ("num", "den", "expected"),
    [
        (27, 49, "55.1"),
        (1, 8, "12.5"),
        (1, 3, "33.3"),
        (2, 3, "66.7"),
        (1, 1, "100.0"),
        (-1, 4, "-25.0"),
        (1, 16, "6.3"),
    ],
)
def test_percent_rounds_half_up_once(num, den, expected):
    assert percent(Decimal(num), Decimal(den)) == Decimal(expected)


def test_no_prior_means_no_yoy(report_2023):
    report = report_2023.model_copy(update={"prior": None})
    assert not [k for k in _by_key(report) if k.startswith(("yoy.", "prior."))]


def test_2020_example_uses_f2019_cells(report_2020):
    facts = _by_key(report_2020)
    assert facts["t3.other.total"].value == 0  # F2019's single 其他处理 row is a cell
    assert facts["t2.procurement.procurement_amount"].unit == "元"
    assert facts["t2.license.change"].unit == "项"
    assert "share.disclosed" not in facts  # nothing concluded: no share of zero
    assert facts["note.active.0"].value == 340


def test_unknown_cells_give_no_fact():
    report = new_report("测试局", 2023)
    report.set_cell("t3.new.natural", 5)
    report.set_cell("t3.open.total", 2)
    facts = _by_key(report)
    assert facts["t3.new.natural"].value == 5
    assert facts["t3.open.total"].value == 2
    for key in ("t3.new.total", "t3.new.orgs", "t3.deny.total", "t3.total.total", "share.open", "t4.review.total"):
        assert key not in facts, key
    assert not [k for k in facts if k.startswith("t2.")]


def test_entered_zero_is_a_fact_but_blank_is_not():
    report = new_report("测试局", 2023)
    report.set_cell("t4.review.total", 0)
    facts = _by_key(report)
    assert facts["t4.review.total"].value == 0
    assert "t4.lit.total" not in facts


def test_derived_totals_come_from_fill():
    report = new_report("测试局", 2023)
    for col, value in zip(
        ("natural", "business", "research", "nonprofit", "legal", "other"), (3, 1, 0, 0, 0, 0), strict=True
    ):
        report.set_cell(f"t3.new.{col}", value)
    facts = _by_key(report)
    assert facts["t3.new.total"].value == 4
    assert facts["t3.new.orgs"].value == 1


def test_note_figures_and_hedged_note_text():
    report = new_report("测试局", 2023)
    report.notes.aspects[Aspect.ACTIVE].figures.append(KeyFigure(label="发布信息", value=Decimal(340), unit="条"))
    report.notes.aspects[Aspect.ACTIVE].notes = "在门户网站发布信息300余条，召开发布会两次。"
    facts = _by_key(report)
    assert facts["note.active.0"].display == "发布信息 340 条"
    hedged = facts["text.active.0"]
    assert (hedged.value, hedged.unit, hedged.rounding) == (Decimal(300), "条", Decimal(100))
    assert facts["text.active.1"].value == 2
    assert hedged.label == "在门户网站发布信息"


@pytest.mark.parametrize(
    ("value", "text"), [("48", "48"), ("12.350", "12.35"), ("1E+2", "100"), ("0.0", "0"), ("-3.20", "-3.2")]
)
def test_format_value(value, text):
    assert format_value(Decimal(value)) == text


def test_build_facts_is_fast(report_2023):
    build_facts(report_2023)
    start = time.perf_counter()
    for _ in range(20):
        build_facts(report_2023)
    assert (time.perf_counter() - start) / 20 < 0.01  # budget 1 ms; generous bound against slow CI


def test_every_share_states_its_rounding_and_lives_in_on_request(report_2023):
    shares = [f for f in build_facts(report_2023) if f.key.startswith("share.")]
    assert len(shares) > 40
    for fact in shares:
        assert fact.unit == "%" and fact.rounding == PERCENT_ROUNDING, fact.key
        assert fact.source.startswith("由表格计算：") and fact.source.endswith("四舍五入保留一位小数"), fact.key
        assert fact.aspect is Aspect.ON_REQUEST


def test_shares_of_every_result_row_in_both_denominators(report_2023):
    facts = _by_key(report_2023)
    rows = [k.split(".")[1] for k in facts if k.startswith("t3.") and k.endswith(".total")]
    for row in rows:
        if row in ("new", "carry_in", "total", "carry_out", "received"):
            continue
        assert f"share.{row}" in facts, row
        assert f"share.{row}.in_new" in facts, row
    assert facts["share.deny_4"].label == "不予公开（保护第三方合法权益）占办结申请的比例"
    assert facts["share.noproc.in_new"].label == "不予处理占本年新收申请的比例"
    assert facts["share.applicant.business"].label == "商业企业申请占新收申请的比例"


def test_sums_need_every_part():
    report = new_report("测试局", 2023)
    report.set_cell("t3.carry_in.total", 2)
    report.set_cell("t4.review.total", 1)
    facts = _by_key(report)
    assert "t3.received.total" not in facts  # 新收 not entered
    assert "t4.all.total" not in facts  # 诉讼 not entered
    for col, value in zip(
        ("natural", "business", "research", "nonprofit", "legal", "other"), (40, 0, 0, 0, 0, 0), strict=True
    ):
        report.set_cell(f"t3.new.{col}", value)
    for group in ("lit_direct", "lit_after_review"):
        for col in ("maintain", "correct", "other", "pending"):
            report.set_cell(f"t4.{group}.{col}", 0)
    facts = _by_key(report)
    assert facts["t3.received.total"].value == 42
    assert facts["t3.received.total"].display == "收到申请（新收与上年结转之和） 42 件"
    assert facts["t4.all.total"].value == 1


def test_f2019_shares_use_its_single_other_row(report_2020):
    facts = _by_key(report_2020)
    assert "share.other_1" not in facts


def test_no_share_of_nothing():
    report = new_report("测试局", 2023)
    report.set_cell("t3.open.total", 0)
    assert not [k for k in _by_key(report) if k.startswith("share.")]


@pytest.mark.parametrize(
    ("key", "before", "change", "pct"),
    [
        ("received.total", 40, 12, "30.0"),  # 收到 = 新收 + 上年结转: 48 + 4 against 38 + 2
        ("disclosed.total", 21, 6, "28.6"),  # 予以公开及部分公开: 22 + 5 against 17 + 4
        ("all.total", 5, 3, "60.0"),  # 行政复议 + 行政诉讼: 4 + 4 against 3 + 2
    ],
)
def test_the_sums_reports_state_have_a_year_over_year_change(report_2023, key, before, change, pct):
    facts = {f.key: f for f in build_facts(report_2023)}
    assert facts[f"prior.{key}"].value == before
    assert facts[f"yoy.{key}"].value == change and facts[f"yoy.{key}"].label.endswith("比上年增加")
    assert facts[f"yoy.{key}.pct"].value == Decimal(pct)
