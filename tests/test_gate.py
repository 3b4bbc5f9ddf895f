"""The draft gate: number extraction, matching against facts, coverage, length and similarity findings."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from drafting.findings import Severity
from drafting.model import Report, SectionVersion, new_report
from drafting.narrative.draft import section_similarity
from drafting.narrative.facts import Fact, build_facts
from drafting.narrative.gate import (
    SIMILARITY_THRESHOLD,
    check_draft,
    extract_numbers,
    match_fact,
    section_similarities,
    similarity,
    similarity_report,
)
from drafting.narrative.numerals import parse_chinese_numeral

D = Decimal

# ---- extraction: one row per case -------------------------------------------------------------------
# (text, expected [(raw, value, unit, hedge, is_percent, kind)]) — every mention, in order.
EXTRACTION_ROWS = [
    # Arabic numerals, units, commas, decimals, spaces as in the 2020 sample
    ("本年新收申请48件", [("48件", D(48), "件", "", False, "figure")]),
    ("共更新各类信息 340 条；", [("340 条", D(340), "条", "", False, "figure")]),
    ("作出行政许可决定1,260件", [("1,260件", D(1260), "件", "", False, "figure")]),
    ("收费金额12.35万元", [("12.35万元", D(123500), "元", "", False, "figure")]),
    ("收取信息处理费300元", [("300元", D(300), "元", "", False, "figure")]),
    ("全年发布1.2万条", [("1.2万条", D(12000), "条", "", False, "figure")]),
    ("采购金额3亿元", [("3亿元", D(300000000), "元", "", False, "figure")]),
    ("参训人员126人次", [("126人次", D(126), "人次", "", False, "figure")]),
    ("新增栏目２个", [("２个", D(2), "个", "", False, "figure")]),  # full-width digit, quoted as written
    ("共48", [("48", D(48), "", "", False, "figure")]),
    # percentages and percentage points
    ("占比55.1%", [("55.1%", D("55.1"), "%", "", True, "figure")]),
    ("占比55.1％", [("55.1％", D("55.1"), "%", "", True, "figure")]),
    ("满意率为百分之百", [("百分之百", D(100), "%", "", True, "figure")]),
    ("占百分之五十五点一", [("百分之五十五点一", D("55.1"), "%", "", True, "figure")]),
    ("下降3.2个百分点", [("3.2个百分点", D("3.2"), "个百分点", "", False, "figure")]),
    # hedges before and after
    ("约48件", [("约48件", D(48), "件", "约", False, "figure")]),
    ("近50件", [("近50件", D(50), "件", "近", False, "figure")]),
    ("超过300条", [("超过300条", D(300), "条", "超过", False, "figure")]),
    ("逾300条", [("逾300条", D(300), "条", "逾", False, "figure")]),
    ("340余条", [("340余条", D(340), "条", "余", False, "figure")]),
    ("10多次", [("10多次", D(10), "次", "多", False, "figure")]),
    ("300条以上", [("300条以上", D(300), "条", "以上", False, "figure")]),
    ("50件左右", [("50件左右", D(50), "件", "左右", False, "figure")]),
    ("三万余人次", [("三万余人次", D(30000), "人次", "余", False, "figure")]),
    ("近一半", [("近一半", D(50), "%", "近", True, "share")]),  # a share in words (tests/test_gate_forms.py)
    # Chinese numerals as quantities
    ("办理三十余件", [("三十余件", D(30), "件", "余", False, "figure")]),
    ("发布两千条", [("两千条", D(2000), "条", "", False, "figure")]),
    ("召开十五次", [("十五次", D(15), "次", "", False, "figure")]),
    ("共一百二十三件", [("一百二十三件", D(123), "件", "", False, "figure")]),
    ("一百零五篇", [("一百零五篇", D(105), "篇", "", False, "figure")]),
    ("十二万元", [("十二万元", D(120000), "元", "", False, "figure")]),
    ("累计十五，", [("十五", D(15), "", "", False, "figure")]),
    ("新增两个栏目", [("两个", D(2), "个", "", False, "figure")]),
    # dates
    ("2023年", [("2023", D(2023), "", "", False, "date")]),
    ("2020 年", [("2020", D(2020), "", "", False, "date")]),
    ("2023年度", [("2023", D(2023), "", "", False, "date")]),
    ("1月1日", [("1", D(1), "", "", False, "date"), ("1", D(1), "", "", False, "date")]),
    (
        "2023年12月31日",
        [
            ("2023", D(2023), "", "", False, "date"),
            ("12", D(12), "", "", False, "date"),
            ("31", D(31), "", "", False, "date"),
        ],
    ),
    ("2023-12-31", [("2023-12-31", D(2023), "", "", False, "date")]),
    ("二〇二三年", [("二〇二三", D(2023), "", "", False, "date")]),
    ("十二月三十一日", [("十二", D(12), "", "", False, "date"), ("三十一", D(31), "", "", False, "date")]),
    # list ordinals
    ("一是加强；二是完善", [("一", D(1), "", "", False, "ordinal"), ("二", D(2), "", "", False, "ordinal")]),
    ("（一）主动公开", [("一", D(1), "", "", False, "ordinal")]),
    ("(2)依申请公开", [("2", D(2), "", "", False, "ordinal")]),
    ("一、总体情况", [("一", D(1), "", "", False, "ordinal")]),
    ("\n1.强化组织领导", [("1", D(1), "", "", False, "ordinal")]),
    ("。2、完善制度", [("2", D(2), "", "", False, "ordinal")]),
    ("第一，加强领导", [("一", D(1), "", "", False, "ordinal")]),
    ("第三季度", [("三", D(3), "", "", False, "ordinal")]),
    ("其一，其二", [("一", D(1), "", "", False, "ordinal"), ("二", D(2), "", "", False, "ordinal")]),
    # citations
    (
        "国办公开办函〔2021〕30号",
        [("2021", D(2021), "", "", False, "citation"), ("30", D(30), "", "", False, "citation")],
    ),
    ("国办函〔2020〕109号", [("2020", D(2020), "", "", False, "citation"), ("109", D(109), "", "", False, "citation")]),
    ("条例第二十条", [("二十", D(20), "", "", False, "citation")]),
    ("国务院令第711号", [("711", D(711), "", "", False, "citation")]),
    ("第四十九条", [("四十九", D(49), "", "", False, "citation")]),
    ("第20条第（一）项", [("20", D(20), "", "", False, "citation"), ("一", D(1), "", "", False, "citation")]),
    ("《2023年政务公开工作要点》", [("2023", D(2023), "", "", False, "citation")]),
    ("第五十、五十一条", [("五十", D(50), "", "", False, "ordinal"), ("五十一", D(51), "", "", False, "citation")]),
    # contact details and codes
    (
        "电话：0527—83593059",
        [("0527", D(527), "", "", False, "code"), ("83593059", D(83593059), "", "", False, "code")],
    ),
    ("邮编223600", [("223600", D(223600), "", "", False, "code")]),
    ("12345热线", [("12345", D(12345), "", "", False, "code")]),
    ("在法定的20个工作日内答复", [("20", D(20), "", "", False, "citation")]),  # the 条例's time limit, quoted as such
    ("在20个工作日内答复", [("20个工作日", D(20), "个工作日", "", False, "figure")]),  # no statute named: a claim
    ("平均用时5个工作日", [("5个工作日", D(5), "个工作日", "", False, "figure")]),
    ("PM2.5浓度", [("2.5", D("2.5"), "", "", False, "code")]),
    ("网址http://www.example.gov.cn/2023/ 公布", []),
]

# Words with Chinese numerals inside that are not numbers at all.
NOT_NUMBERS = [
    "进一步加强",
    "统一部署",
    "一站式服务",
    "唯一渠道",
    "一把手总负责",
    "一级抓一级",
    "一网通办",
    "危及“三安全一稳定”",
    "全年",
    "一方面",
    "一起推进",
    "一批政策",
    "高效办成一件事",
    "一次性告知",
    "落实“十四五”规划",
    "一事一议",
    "十分重视",
    "百姓",
    "千方百计",
    "数十件",
    "三年行动计划",
    "五月",
    "属于三类内部事务信息",
    "属于四类过程性信息",
    "执行三级审核制度",
    "做到两个维护",
    "两微一端",
    "一体化平台",
    "一些问题",
    "逐一核对",
    "之一",
    "全面贯彻党的二十大精神",
    "党的十九届五中全会",
    "严格落实中央八项规定精神",
    "统筹推进五位一体总体布局",
    "一张蓝图绘到底",
    "一老一小",
    "一年来",
    "一季度",
    "上一年度",
    "一个工作日内",
]


def _summary(text: str) -> list[tuple[str, Decimal, str, str, bool, str]]:
    return [(m.raw, m.value, m.unit, m.hedge, m.is_percent, m.kind) for m in extract_numbers(text)]


@pytest.mark.parametrize(("text", "expected"), EXTRACTION_ROWS, ids=[r[0] for r in EXTRACTION_ROWS])
def test_extract_numbers(text, expected):
    assert _summary(text) == expected


@pytest.mark.parametrize("text", NOT_NUMBERS)
def test_words_with_numerals_are_not_figures(text):
    assert [m for m in extract_numbers(text) if m.is_figure] == []


def test_spans_point_at_the_number_with_unit_and_hedge():
    text = "全年共收到申请约48件，其中予以公开22件。"
    first, second = extract_numbers(text)
    assert text[first.start : first.end] == "约48件"
    assert text[second.start : second.end] == "22件"
    assert first.span == (first.start, first.end)


def test_lone_one_before_a_measure_word_is_a_weak_figure():
    (mention,) = extract_numbers("每季度开展一次检查")
    assert mention.value == 1 and mention.unit == "次" and mention.weak


@pytest.mark.parametrize(
    ("numeral", "value"),
    [
        ("一", 1),
        ("十", 10),
        ("十五", 15),
        ("二十", 20),
        ("一百二十三", 123),
        ("一百零五", 105),
        ("两千", 2000),
        ("三万", 30000),
        ("十万", 100000),
        ("一亿二千万", 120000000),
        ("二〇二三", 2023),
        ("〇", 0),
        ("三点五", Decimal("3.5")),
        ("十四五", None),
        ("三四", None),
    ],
)
def test_parse_chinese_numeral(numeral, value):
    assert parse_chinese_numeral(numeral) == (None if value is None else Decimal(value))


# ---- matching against facts -------------------------------------------------------------------------


def _fact(value: str, unit: str = "件", rounding: str | None = None) -> Fact:
    return Fact("k", "标签", Decimal(value), unit, "测试", Decimal(rounding) if rounding else None)


MATCH_ROWS = [
    # (text, fact value, fact unit, fact rounding, matches?)
    ("48件", "48", "件", None, True),
    ("35件", "48", "件", None, False),
    ("48起", "48", "件", None, True),  # 起 and 件 both count cases
    ("48条", "48", "件", None, False),  # 条 counts items, not applications
    ("48", "48", "件", None, True),
    ("48%", "48", "件", None, False),
    ("55.1%", "55.1", "%", "0.1", True),
    ("55%", "55.1", "%", "0.1", True),  # coarser rounding of a rounded share
    ("56%", "55.1", "%", "0.1", False),
    ("55.12%", "55.1", "%", "0.1", True),  # within the fact's own rounding interval
    ("55.2%", "55.1", "%", "0.1", False),
    ("百分之百", "100", "%", "0.1", True),
    ("12.35万元", "12.35", "万元", None, True),
    ("123500元", "12.35", "万元", None, True),
    ("12.4万元", "12.35", "万元", None, True),  # rounded presentation of 12.35
    ("12.3万元", "12.35", "万元", None, False),  # 12.35 rounds half up to 12.4
    ("12.2万元", "12.35", "万元", None, False),
    ("1.2万条", "12345", "条", None, True),
    ("1.3万条", "12345", "条", None, False),
    ("340余条", "345", "条", None, True),
    ("340余条", "340", "条", None, False),  # 余 means more than 340
    ("340余条", "351", "条", None, False),  # 340余 stops below 350
    ("300余条", "399", "条", None, True),
    ("300多条", "301", "条", None, True),
    ("超过300条", "320", "条", None, True),
    ("超过300条", "300", "条", None, False),
    ("300条以上", "300", "条", None, True),
    ("近50件", "48", "件", None, True),
    ("近50件", "50", "件", None, False),
    ("近50件", "39", "件", None, False),
    ("约50件", "48", "件", None, True),
    ("约50件", "56", "件", None, False),
    ("50件左右", "52", "件", None, True),
    ("三万余人次", "31200", "人次", None, True),
    ("三十余件", "29", "件", None, False),
    ("减少3.2个百分点", "-3.2", "个百分点", "0.1", True),
    ("下降25%", "-25", "%", "0.1", True),
]


@pytest.mark.parametrize(
    ("text", "value", "unit", "rounding", "ok"), MATCH_ROWS, ids=[f"{r[0]}~{r[1]}" for r in MATCH_ROWS]
)
def test_match_fact(text, value, unit, rounding, ok):
    (mention,) = [m for m in extract_numbers(text) if m.is_figure]
    fact = _fact(value, unit, rounding)
    assert (match_fact(mention, [fact]) is fact) is ok


# ---- check_draft on reports -------------------------------------------------------------------------


def _g1(findings):
    return [f for f in findings if f.rule == "G1"]


def test_invented_number_is_caught_at_its_span(report_2023):
    text = "（二）依申请公开。本年新收政府信息公开申请 35 件，办结49件，予以公开22件。"
    findings = _g1(check_draft(report_2023, "一", text))
    assert len(findings) == 1
    (finding,) = findings
    start, end = finding.span
    assert text[start:end] == "35 件"
    assert finding.severity is Severity.ERROR
    assert finding.section == "一"
    assert "35 件" in finding.message and "本年新收政府信息公开申请 48 件" in finding.message
    assert finding.cells == ("t3.new.total",)


def test_number_equal_to_another_fact_still_caught_when_the_clause_names_a_table_figure(report_2023):
    # 3 exists elsewhere (不予处理 3 件), but the clause names 上年结转, which the table gives as 4.
    ok = "结转下年度继续办理3件。"
    wrong = "上年结转3件。"
    assert _g1(check_draft(report_2023, "一", ok)) == []
    (finding,) = _g1(check_draft(report_2023, "一", wrong))
    assert wrong[finding.span[0] : finding.span[1]] == "3件"
    assert "上年结转政府信息公开申请 4 件" in finding.message


def test_prior_year_text_is_checked_against_prior_facts(report_2023):
    prior = report_2023.prior
    assert prior is not None
    text = prior.sections["一"].text
    wrong = {text[f.span[0] : f.span[1]] for f in _g1(check_draft(prior, "一", text))}
    # The 2022 text says 办结37件 and 结转下年度3件; the 2022 table says 36 and 4.
    assert {"37件", "3件"} <= wrong


def test_published_2020_text_resolves_every_number(report_2020):
    for section in ("一", "五", "六"):
        text = report_2020.sections[section].text
        assert _g1(check_draft(report_2020, section, text)) == [], section


def test_dates_ordinals_and_citations_pass(report_2023):
    text = (
        "2023年1月1日至2023年12月31日，依据国办公开办函〔2021〕30号和《条例》第二十条、国务院令第711号，"
        "一是加强领导；二是完善制度。（一）主动公开。1.强化组织领导。"
    )
    assert _g1(check_draft(report_2023, "一", text)) == []


def test_hedged_and_rounded_numbers_pass(report_2023):
    text = "门户网站专栏发布信息600余条，微信公众号发布信息近850条，新收申请约50件，予以公开和部分公开占比55%。"
    assert _g1(check_draft(report_2023, "一", text)) == []


def test_numbers_in_staff_note_text_are_facts(report_2023):
    text = "已制定答复文书范本8类，全年办理市人大代表建议12件、市政协提案9件。"
    assert _g1(check_draft(report_2023, "五", text)) == []


def test_lone_one_is_only_a_warning(report_2023):
    (finding,) = _g1(check_draft(report_2023, "一", "每季度开展一次专项检查。"))
    assert finding.severity is Severity.WARNING


def test_unknown_cell_is_not_zero():
    report = new_report("测试局", 2023)
    (finding,) = _g1(check_draft(report, "一", "本年新收政府信息公开申请0件。"))
    assert finding.severity is Severity.ERROR


def test_numbers_in_the_agency_name_are_not_checked():
    report = new_report("第三师五十团", 2023)
    assert _g1(check_draft(report, "一", "第三师五十团认真落实《条例》要求。")) == []


def test_given_facts_are_used_instead_of_building_them(report_2023):
    fact = Fact("x", "测试", Decimal(35), "件", "测试")
    assert _g1(check_draft(report_2023, "一", "新收申请35件", facts=[fact])) == []


# ---- coverage ---------------------------------------------------------------------------------------

FULL_ONE = "（一）主动公开。略。（二）依申请公开。略。（三）政府信息管理。略。（四）平台建设。略。（五）监督保障。略。"


@pytest.mark.parametrize(
    ("kind", "text", "missing"),
    [
        ("部门", FULL_ONE, []),
        ("部门", FULL_ONE.replace("主动公开", "公开"), ["主动公开"]),
        ("部门", FULL_ONE.replace("依申请公开", "申请办理"), ["依申请公开"]),
        ("部门", FULL_ONE.replace("政府信息管理", "制度"), ["政府信息管理"]),
        ("部门", FULL_ONE.replace("平台建设", "渠道"), ["政府信息公开平台建设"]),
        ("部门", FULL_ONE.replace("监督保障", "其他"), ["监督保障"]),
        ("人民政府", FULL_ONE, ["工作考核、社会评议、责任追究"]),
        ("人民政府", FULL_ONE + "纳入工作考核，开展社会评议，未发生责任追究。", []),
        ("人民政府", FULL_ONE + "纳入工作考核。", ["社会评议、责任追究"]),
    ],
)
def test_coverage_of_section_one(kind, text, missing):
    report = new_report("测试机关", 2023, kind)
    messages = [f.message for f in check_draft(report, "一", text) if f.rule == "G2"]
    assert len(messages) == len(missing)
    for message, word in zip(messages, missing, strict=True):
        assert word in message
    assert all(f.severity is Severity.WARNING for f in check_draft(report, "一", text) if f.rule == "G2")


@pytest.mark.parametrize(
    ("year", "text", "expected"),
    [
        (2023, "本年度未收取信息处理费。", []),
        (2023, "本年度未收取信息公开处理费。", []),
        (2023, "无其他需要报告的事项。", ["G3"]),
        (2023, "本年度未发生收费情况。", []),  # 沭阳 2023: a nil statement about charging
        (2023, "本机关无收费事项。", []),
        (2023, "本机关将严格执行收费标准。", ["G3"]),  # names charging, says nothing of this year's fee
        (2020, "无其他需要报告的事项。", []),  # F2019 has no 信息处理费 duty
    ],
)
def test_fee_must_be_reported_in_six_for_f2021(year, text, expected):
    report = new_report("测试局", year)
    findings = [f for f in check_draft(report, "六", text) if f.rule.startswith("G")]
    assert [f.rule for f in findings] == expected
    assert all(f.severity is Severity.ERROR for f in findings)


@pytest.mark.parametrize(("year", "chars", "expected"), [(2023, 1000, []), (2023, 1001, ["G4"]), (2020, 1500, [])])
def test_section_one_length_limit(year, chars, expected):
    report = new_report("测试局", year)
    text = FULL_ONE + "好" * (chars - sum(1 for c in FULL_ONE if not c.isspace())) + " \n  "
    assert [f.rule for f in check_draft(report, "一", text) if f.rule == "G4"] == expected


@pytest.mark.parametrize("section", ["一", "五", "六"])
@pytest.mark.parametrize("text", ["", "  \n "])
def test_empty_section(section, text):
    (finding,) = check_draft(new_report("测试局", 2023), section, text)
    assert finding.rule == "G5" and finding.severity is Severity.ERROR and finding.section == section


# ---- similarity -------------------------------------------------------------------------------------


def test_similarity_masks_numbers_and_punctuation():
    old = "全年新收政府信息公开申请38件，办结36件，结转下年度4件。"
    new = "全年新收政府信息公开申请48件；办结49件，结转下年度3件！"
    assert similarity(new, old) == 1.0
    assert similarity("", old) == 0.0
    assert similarity("完全不同的一段文字内容", old) == 0.0


def test_similarity_is_share_of_new_text_found_in_old():
    old = "一是政策解读形式较单一，以文字解读为主；二是依申请公开答复文书的规范性有待提高。"
    padded = old + "三是基层站所信息发布时效性不足，部分执法公示信息晚于规定时限发布。"
    assert 0.3 < similarity(padded, old) < 0.7
    assert similarity(old, padded) == 1.0


def _with_prior_text(report: Report, section: str, text: str) -> Report:
    prior = report.prior
    assert prior is not None
    prior.sections[section].add(SectionVersion(text=text, origin="imported"))  # type: ignore[index]
    return report


def test_copy_of_last_year_is_flagged(report_2023):
    prior_text = report_2023.prior.sections["五"].text
    recycled = re.sub(r"\d+", "9", prior_text) + "另外，持续加强培训。"
    (finding,) = [f for f in check_draft(report_2023, "五", recycled) if f.rule == "G6"]
    assert finding.severity is Severity.WARNING
    assert "上年报告" in finding.message and "%" in finding.message


def test_rewrite_from_notes_is_not_flagged(report_2023):
    from drafting.narrative.offline import draft_offline

    for section in ("一", "五"):
        text = draft_offline(report_2023, section)
        sims = section_similarities(report_2023, section, text)
        assert sims and sims[0].reference == "上年同一部分"
        assert sims[0].ratio < SIMILARITY_THRESHOLD
        assert [f for f in check_draft(report_2023, section, text) if f.rule == "G6"] == []


def test_copy_of_an_exemplar_is_flagged(report_2023, report_2020):
    exemplar = report_2020.sections["五"].text
    handed = [("示例报告：某局2020年报告", exemplar)]
    findings = [f for f in check_draft(report_2023, "五", exemplar, exemplars=handed) if f.rule == "G6"]
    assert len(findings) == 1 and "示例报告：某局2020年报告" in findings[0].message


def test_short_nil_statements_may_repeat(report_2023):
    assert [f for f in check_draft(report_2023, "六", "本年度未收取信息处理费。") if f.rule == "G6"] == []


def test_facts_built_once_per_call_are_the_report_facts(report_2023):
    text = "本年新收政府信息公开申请48件。"
    assert check_draft(report_2023, "一", text) == check_draft(report_2023, "一", text, build_facts(report_2023))


def test_placeholder_left_for_the_user_is_flagged():
    report = new_report("测试局", 2023)
    text = "（一）信息处理费收取情况。本年度信息处理费收取情况：【请填写是否收取信息处理费及收取金额】。"
    (finding,) = check_draft(report, "六", text)
    assert finding.rule == "G7" and finding.severity is Severity.WARNING
    assert text[finding.span[0] : finding.span[1]].startswith("【请填写")


# A section 一 as a model might paraphrase the facts: hedges, rounding, synonyms (起/件, 纠错, 公开率),
# a citation, a statutory time limit and political set phrases. Nothing in it is wrong.
MODEL_TEXT = (
    "2023年，云岚市生态环境局坚持以习近平新时代中国特色社会主义思想为指导，全面贯彻党的二十大精神，严格落实《中华人民共和国政府信息公开条例》和国办公开办函〔2021〕30号要求，扎实推进政府信息公开工作。\n"
    "（一）主动公开。围绕大气、水、土壤污染防治，依托门户网站专栏发布信息612条，“云岚环境”微信公众号发布信息845条，发布政策解读14篇，召开新闻发布会4次。全年作出行政许可决定1260件、行政处罚决定214件、行政强制决定37件。\n"
    "（二）依申请公开。全年共收到政府信息公开申请48件，较上年的38件增加10件，同比增长26.3%；其中自然人申请38件，法人或其他组织申请10件。加上上年结转的4件，全年办结49件，办结率94.2%；予以公开22件，部分公开5件，公开率达55.1%，结转下年度继续办理3件。均在法定的20个工作日内答复。本年度发生行政复议4起，其中维持2起、纠错1起，行政诉讼4件。\n"
    "（三）政府信息管理。全年制发行政规范性文件5件，废止2件，截至12月31日现行有效41件；开展规范性文件清理，共清理56件。\n"
    "（四）政府信息公开平台建设。优化门户网站专栏，新增“环境质量”“执法公示”2个栏目，完成适老化改造。\n"
    "（五）监督保障。将政务公开纳入科室年度考核，组织政务公开专题培训3次，培训126人次，全年未发生责任追究情况。"
)


def test_model_like_paraphrase_passes(report_2023):
    assert check_draft(report_2023, "一", MODEL_TEXT) == []


# One changed number each; every one contradicts the tables or notes and must be caught at its place.
MUTATIONS = [
    ("申请48件", "申请35件", "35件"),
    ("信息612条", "信息621条", "621条"),
    ("达55.1%", "达56.1%", "56.1%"),
    ("许可决定1260件", "许可决定1206件", "1206件"),
    ("办结49件", "办结47件", "47件"),
    ("增长26.3%", "增长23.6%", "23.6%"),
    ("有效41件", "有效14件", "14件"),  # 14 is a note figure (14 篇), but the clause names 现行有效
    ("继续办理3件", "继续办理2件", "2件"),  # 2 件 exists elsewhere; the clause names 结转下年度
    ("上年结转的4件", "上年结转的5件", "5件"),
    ("行政诉讼4件", "行政诉讼3件", "3件"),
    ("培训126人次", "培训162人次", "162人次"),
    ("行政复议4起", "行政复议5起", "5起"),
    ("废止2件", "废止3件", "3件"),
    ("部分公开5件", "部分公开6件", "6件"),
    ("办结率94.2%", "办结率百分之九十", "百分之九十"),
]


@pytest.mark.parametrize(("old", "new", "flagged"), MUTATIONS, ids=[m[1] for m in MUTATIONS])
def test_changed_number_is_caught(report_2023, old, new, flagged):
    assert old in MODEL_TEXT
    text = MODEL_TEXT.replace(old, new, 1)
    (finding,) = _g1(check_draft(report_2023, "一", text))
    start, end = finding.span
    assert text[start:end] == flagged
    assert start == text.index(new) + new.index(flagged)


@pytest.mark.parametrize(
    ("text", "caught"),
    [
        ("新收申请比上年增加10件，增长26.3%。", []),
        ("新收申请比上年减少10件，下降26.3%。", ["10件", "26.3%"]),
        ("结转下年度的申请比上年减少1件。", []),
        ("结转下年度的申请比上年增加了1件。", ["1件"]),
        ("公开比例比上年下降3.2个百分点。", []),
        ("公开比例比上年提高3.2个百分点。", ["3.2个百分点"]),
        ("新增栏目2个。", []),  # not a change from last year: any sign-less fact may match
        # the fact labels now say 比上年减少/增加; matching still follows the signed value
        ("结转下年度继续办理的申请比上年减少1件，下降25%。", []),
        ("结转下年度继续办理的申请减少1件。", []),
        ("结转下年度继续办理的申请比上年增加1件。", ["1件"]),
        ("予以公开和部分公开的比例比上年降低3.2个百分点。", []),
        ("本年新收政府信息公开申请比上年减少10件。", ["10件"]),
    ],
)
def test_direction_of_a_change_must_match(report_2023, text, caught):
    assert [text[f.span[0] : f.span[1]] for f in _g1(check_draft(report_2023, "一", text))] == caught


def test_extraction_never_fails_and_spans_quote_the_text(report_2023):
    import random

    alphabet = list("0123456789.,%％０２ 零〇一二两三四五六七八九十百千万亿点余多约近超过逾")
    alphabet += list("以上左右第条号年月日是、（）()〔〕《》")
    alphabet += ["件", "人次", "万元", "百分之", "—", "http://a.cn", "增加", "减少", "\n", "。", "，", "【请填写】"]
    rng = random.Random(7)
    facts = build_facts(report_2023)
    for _ in range(3000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40)))
        for mention in extract_numbers(text):
            assert 0 <= mention.start < mention.end <= len(text)
            assert text[mention.start : mention.end] == mention.raw
        for finding in check_draft(report_2023, rng.choice("一五六"), text, facts):
            assert finding.span is None or text[finding.span[0] : finding.span[1]]


def test_a_confirmed_number_is_no_longer_flagged_until_its_sentence_changes(report_2023):
    text = "本年度共新收政府信息公开申请35件，全部按期答复。"
    [finding] = _g1(check_draft(report_2023, "一", text))
    assert finding.waiver is not None and "35" in finding.waiver
    report_2023.sections["一"].waived.append(finding.waiver)
    assert _g1(check_draft(report_2023, "一", text)) == []
    rewritten = "全年新收政府信息公开申请35件。"
    assert len(_g1(check_draft(report_2023, "一", rewritten))) == 1


@pytest.mark.parametrize(
    "text",
    [
        "本报告全文约3.4万字。",  # number near the end: the quote used to close with 。 before the message's 。
        "全年收到群众来信\n\n  27件\n\n（二）依申请公开。",  # line breaks and indent around the number
        "（五）监督保障。\n全年培训\t\t27次！",
        "全年培训27次。\n\n\n",
    ],
)
def test_unresolved_number_is_quoted_on_one_line_without_doubled_punctuation(report_2023, text):
    (finding,) = _g1(check_draft(report_2023, "一", text))
    message = finding.message
    assert "\n" not in message and "\t" not in message and "  " not in message
    assert not re.search(r"[。！？，；]{2}", message), message
    assert re.search(r"【[^】]+】", message)


@pytest.mark.parametrize(
    ("problems", "section", "expected"),
    [
        ([], "五", ["G8"]),
        ([("公开内容不够全面", "")], "五", []),
        ([("  ", "加强培训")], "五", ["G8"]),  # a blank problem is no problem entered
        ([], "六", []),
        ([], "一", []),
    ],
)
def test_section_five_without_entered_problems_is_flagged(report_2023, problems, section, expected):
    from drafting.model import Problem

    report_2023.notes.problems = [Problem(problem=p, measure=m) for p, m in problems]
    text = "本机关政府信息公开工作在公开内容的全面性和及时性等方面仍有提升空间。"
    findings = [f for f in check_draft(report_2023, section, text) if f.rule == "G8"]
    assert [f.rule for f in findings] == expected
    for finding in findings:
        assert finding.severity is Severity.WARNING and finding.section == "五"
        assert "工作情况" in finding.message and "存在的主要问题" in finding.message


def test_offline_section_five_without_problems_gets_g8(report_2023):
    from drafting.narrative.draft import draft_text

    report_2023.notes.problems = []
    result = draft_text(report_2023, "五")
    assert "G8" in [f.rule for f in result.findings]


# ---- similarity report (shown next to every section text) ----------------------------------------


def test_similarity_report_of_a_copy_of_last_year(report_2023):
    text = report_2023.prior.sections["五"].text
    last_year, exemplar = section_similarity(report_2023, "五", text)
    assert (last_year.reference, last_year.percent, last_year.warn) == ("上年同一部分", 100, True)
    assert last_year.describe().startswith("与上年同一部分相似度 100%，超过 50%")
    assert exemplar.reference == "范文" and exemplar.source.startswith("示例报告：")
    assert exemplar.describe() == f"与范文（{exemplar.source}）相似度 {exemplar.percent}%"


def test_similarity_report_of_an_offline_draft(report_2023):
    from drafting.narrative.offline import draft_offline

    text = draft_offline(report_2023, "一")
    (last_year,) = section_similarity(report_2023, "一", text)  # the exemplar for 一 is last year's text itself
    assert last_year.reference == "上年同一部分" and 0 < last_year.percent < 50
    assert last_year.describe() == f"与上年同一部分相似度 {last_year.percent}%"


def test_similarity_report_without_prior_compares_with_the_sample(report_2023):
    report = report_2023.model_copy(update={"prior": None})
    (sim,) = section_similarity(report, "六", "本年度未收取信息处理费，也未发出收费通知。" * 5)
    assert sim.reference == "范文" and sim.source.startswith("示例报告")


@pytest.mark.parametrize(
    ("section", "text", "expected"),
    [
        ("六", "", []),
        ("六", "  \n", []),
        ("六", "本年度未收取信息处理费。", [("上年同一部分", False)]),  # short nil statement: reported, no warning
    ],
)
def test_similarity_report_edge_cases(report_2023, section, text, expected):
    report_2023.prior.sections["六"].add(SectionVersion(text="本年度未收取信息处理费。", origin="human"))
    sims = section_similarity(report_2023, section, text)
    assert [(s.reference, s.warn) for s in sims] == expected
    assert all("超过" not in s.describe() for s in sims)


def test_the_sample_report_is_not_compared_with_itself(report_2020):
    text = report_2020.sections["一"].text
    assert [s for s in section_similarity(report_2020, "一", text) if s.percent == 100] == []


def test_copying_the_exemplar_is_flagged_by_the_section_check(report_2023):
    from drafting.narrative.draft import check_section
    from drafting.narrative.prompts import exemplar_passages

    [(_, copied)] = exemplar_passages(report_2023, "五")
    assert [f for f in check_draft(report_2023, "五", copied) if f.rule == "G6"] == []  # handed no exemplar
    [finding] = [f for f in check_section(report_2023, "五", copied) if f.rule == "G6"]
    assert "参考范文（示例报告：" in finding.message


def test_similarity_report_compares_with_the_exemplars_it_is_handed(report_2023):
    text = report_2023.prior.sections["五"].text
    handed = [
        ("示例报告：甲局2021年报告", text + "另有一句。"),
        ("示例报告：乙局2022年报告", "完全不同的一段文字，谈的是别的事情。"),
    ]
    sims = similarity_report(report_2023, "五", text, handed)
    assert [(s.reference, s.source) for s in sims] == [
        ("上年同一部分", ""),
        ("范文", "示例报告：甲局2021年报告"),
        ("范文", "示例报告：乙局2022年报告"),
    ]
    assert [s.percent for s in sims][:2] == [100, 100] and sims[2].percent < 10
