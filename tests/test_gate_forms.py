"""The gate on unusual number forms (issue 10 items 3–5): years and dates, numbers in words (近百, 百余, 逾千,
六成以上, 三分之二, 一半, 过半), telephone numbers, statutory working days, and numbers that state no statistic.

Every wrong number must be caught at its exact position; every correct number, however it is written, must
raise nothing. The adversarial set below is one sentence per case, grouped by category, against the
fictional 2023 report (examples/yunlan-sthj-2023.json); `ADVERSARIAL` and `tally` give the per-category
counts reported in the closing note of the issue.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import pytest

from drafting.findings import Finding, Severity
from drafting.model import Aspect, KeyFigure, Report
from drafting.narrative.gate import check_draft, extract_numbers
from drafting.narrative.numerals import Bounds

D = Decimal

# ---- the reports the sentences are checked against ---------------------------------------------------


def _with_prior(report: Report) -> Report:
    """The 2023 report as shipped: last year's report attached, last year's problems followed up."""
    report.notes.aspects[Aspect.ACTIVE].figures.append(KeyFigure(label="回应网民留言", value=D(96), unit="条"))
    return report


def _alone(report: Report) -> Report:
    """The same report with nothing about 2022: no prior report, no follow-up of last year's problems."""
    alone = _with_prior(report).model_copy(update={"prior": None}, deep=True)
    alone.notes.followups = []
    return alone


def _noted(report: Report) -> Report:
    """No prior report, but the staff's notes name 2021 and a share in words."""
    noted = _alone(report)
    noted.notes.aspects[Aspect.MANAGEMENT].notes = "自2021年以来持续开展行政规范性文件清理。"
    noted.notes.aspects[Aspect.ACTIVE].notes = "图解、短视频解读占解读总数近一半。"
    return noted


VARIANTS: dict[str, Callable[[Report], Report]] = {"prior": _with_prior, "alone": _alone, "noted": _noted}

# ---- the adversarial set ---------------------------------------------------------------------------
# (category, report variant, sentence, the flagged text or None). The table says 行政许可 1260, 行政处罚 214,
# 行政强制 37 件; 门户网站 612 条, 微信 845 条, 回应网民留言 96 条 (added above), 参训 126 人次; shares:
# 予以公开 44.9%, 部分公开 10.2%, 予以公开和部分公开 55.1%, 办结率 94.2%, 自然人 79.2%, 复议纠正率 25%.

YEARS = "年份和日期"
APPROX = "约数（近百、百余、逾千）"
SHARES = "比例（成、分之、半）"
PHONE = "电话和热线"
DAYS = "工作日时限"
NOT_DATA = "非统计数字"

ADVERSARIAL: list[tuple[str, str, str, str | None]] = [
    # years and dates (item 3)
    (YEARS, "alone", "2022年，本局新收政府信息公开申请48件。", "2022"),
    (YEARS, "alone", "与2022年相比，依申请公开工作更加规范。", "2022"),
    (YEARS, "alone", "2022年度报告中指出的问题已全部整改。", "2022"),
    (YEARS, "prior", "2021年3月，本局修订了依申请公开办理流程。", "2021"),
    (YEARS, "prior", "二〇二一年，本局新收政府信息公开申请48件。", "二〇二一"),
    (YEARS, "prior", "2020年以来，累计清理行政规范性文件56件。", "2020"),
    (YEARS, "prior", "本年度报告所列数据的统计期限截至2024年12月31日。", "2024"),
    (YEARS, "prior", "2025年，我局将进一步加强政务公开工作。", "2025"),
    (YEARS, "noted", "2020年以来，持续开展行政规范性文件清理。", "2020"),
    (YEARS, "prior", "2023年，本局新收政府信息公开申请48件。", None),
    (YEARS, "alone", "本年度报告所列数据的统计期限为2023年1月1日至2023年12月31日。", None),
    (YEARS, "prior", "2022年本局新收政府信息公开申请38件，2023年为48件。", None),
    (YEARS, "prior", "与2022年相比，新收申请增加10件。", None),
    (YEARS, "alone", "严格执行《中华人民共和国政府信息公开条例》（2019年修订）。", None),
    (YEARS, "alone", "新修订的条例自2019年5月15日起施行。", None),
    (YEARS, "alone", "自2008年《条例》正式实施以来，公开工作不断深化。", None),
    (YEARS, "alone", "2024年，我局将持续深化政务公开。", None),
    (YEARS, "alone", "云岚市生态环境局\n2024年1月17日", None),
    (YEARS, "alone", "云岚市生态环境局\n2024-01-17", None),
    (YEARS, "alone", "云岚市生态环境局\n二〇二四年一月十七日", None),
    (YEARS, "alone", "本报告统计期限自2024年1月1日起。", "2024"),
    (YEARS, "alone", "二〇二四年，本局新收政府信息公开申请48件。", "二〇二四"),
    (YEARS, "alone", "深入实施2021—2025年法治政府建设规划。", None),
    (YEARS, "noted", "自2021年以来，持续开展行政规范性文件清理。", None),
    (YEARS, "alone", "截至十二月三十一日，现行有效行政规范性文件41件。", None),
    (YEARS, "alone", "二〇二三年，本局新收政府信息公开申请48件。", None),
    # approximate counts (item 4)
    (APPROX, "prior", "全年作出行政许可决定近千件。", "近千件"),
    (APPROX, "prior", "全年作出行政处罚决定逾千件。", "逾千件"),
    (APPROX, "prior", "全年作出行政强制决定百余件。", "百余件"),
    (APPROX, "prior", "全年作出行政强制决定近百件。", "近百件"),
    (APPROX, "prior", "微信公众号发布信息近千条。", "近千条"),
    (APPROX, "prior", "门户网站专栏发布信息千余条。", "千余条"),
    (APPROX, "prior", "全年参训人员近百人次。", "近百人次"),
    (APPROX, "prior", "全年回应网民留言百余条。", "百余条"),
    (APPROX, "prior", "全年作出行政许可决定两千余件。", "两千余件"),
    (APPROX, "prior", "全年作出行政许可决定逾千件。", None),
    (APPROX, "prior", "全年作出行政许可决定千余件。", None),
    (APPROX, "prior", "全年作出行政处罚决定两百余件。", None),
    (APPROX, "prior", "全年作出行政处罚决定逾两百件。", None),
    (APPROX, "prior", "全年参训人员百余人次。", None),
    (APPROX, "prior", "门户网站专栏发布信息六百余条。", None),
    (APPROX, "prior", "微信公众号发布信息近九百条。", None),
    (APPROX, "prior", "全年回应网民留言近百条。", None),
    # shares in words (item 4)
    (SHARES, "prior", "予以公开和部分公开的比例超过六成。", "超过六成"),
    (SHARES, "prior", "予以公开和部分公开的比例六成以上。", "六成以上"),
    (SHARES, "prior", "行政复议结果纠正率过半。", "过半"),
    (SHARES, "prior", "予以公开占办结申请的比例过半。", "过半"),  # 44.9%: the clause names 予以公开 alone
    (SHARES, "prior", "依申请公开答复占比近一半。", "近一半"),  # 答复 names 办结; 44.9% is 予以公开's share
    (SHARES, "prior", "办结率不足一半。", "不足一半"),
    (SHARES, "prior", "自然人申请占新收申请的比例超过九成。", "超过九成"),
    (SHARES, "prior", "办结率近九成。", "近九成"),
    (SHARES, "prior", "行政复议结果纠正率为三分之一。", "三分之一"),
    (SHARES, "prior", "予以公开和部分公开的比例约为三分之二。", "三分之二"),
    (SHARES, "prior", "予以公开占办结申请的比例为一半。", "一半"),
    (SHARES, "prior", "部分公开占办结申请的比例不足一成。", "不足一成"),
    (SHARES, "prior", "自然人申请占新收申请的比例近半数。", "近半数"),
    (SHARES, "noted", "图解、短视频解读占解读总数的一半。", "一半"),
    (SHARES, "prior", "予以公开和部分公开的比例过半。", None),
    (SHARES, "prior", "予以公开和部分公开的比例超过半数。", None),
    (SHARES, "prior", "予以公开和部分公开的比例五成以上。", None),
    (SHARES, "prior", "予以公开占办结申请的比例近一半。", None),
    (SHARES, "prior", "予以公开占办结申请的比例不到一半。", None),
    (SHARES, "prior", "自然人申请占新收申请的比例近八成。", None),
    (SHARES, "prior", "自然人申请占新收申请的比例超过四分之三。", None),
    (SHARES, "prior", "自然人申请占新收申请的比例七成以上。", None),
    (SHARES, "prior", "办结率超过九成。", None),
    (SHARES, "prior", "行政复议结果纠正率为四分之一。", None),
    (SHARES, "prior", "部分公开占办结申请的比例约一成。", None),
    (SHARES, "noted", "图解、短视频解读占解读总数近一半。", None),
    (SHARES, "noted", "图解、短视频解读占解读总数的四成以上。", None),
    # telephone numbers and hotlines (item 4)
    (PHONE, "prior", "政务服务热线全年受理群众来电356件。", "356件"),
    (PHONE, "prior", "通过热线电话答复群众咨询86次。", "86次"),
    (PHONE, "prior", "热线电话共接听来电1234次。", "1234次"),
    (PHONE, "prior", "12345热线转办诉求27件。", "27件"),
    (PHONE, "prior", "如有疑问，请拨打咨询电话0527-83593059。", None),
    (PHONE, "prior", "联系电话：83593059，传真：83593060。", None),
    (PHONE, "prior", "政务服务便民热线12345全天候受理咨询。", None),
    (PHONE, "prior", "联系电话：0527 8359 3059。", None),
    (PHONE, "prior", "联系电话：（0527）83593059。", None),
    (PHONE, "prior", "地址：云岚市滨河路8号，邮编：223600。", None),
    (PHONE, "prior", "手机号码为13912345678。", None),
    # statutory working days (item 4)
    (DAYS, "prior", "全部申请均在15个工作日内答复。", "15个工作日"),
    (DAYS, "prior", "平均办理时限为20个工作日。", "20个工作日"),
    (DAYS, "prior", "全部申请均在法定期限内答复，平均用时15个工作日。", "15个工作日"),
    (DAYS, "prior", "我局承诺在十五个工作日内答复。", "十五个工作日"),
    (DAYS, "prior", "均在法定的20个工作日内答复。", None),
    (DAYS, "prior", "确需延长答复期限的，依法延长不超过20个工作日。", None),
    (DAYS, "prior", "按照《条例》规定，在20个工作日内予以答复。", None),
    (DAYS, "prior", "第三方在规定的15个工作日内未提出意见的，由本机关依法决定。", None),
    (DAYS, "prior", "在条例规定的二十个工作日内答复申请人。", None),
    (DAYS, "prior", "严格按照法定时限，在20个工作日内答复。", None),
    # numbers that state no statistic (item 5), and statistics written next to them
    (NOT_DATA, "prior", "在庆祝建党100周年之际，新收政府信息公开申请35件。", "35件"),
    (NOT_DATA, "prior", "指定一名同志专门负责，全年参训人员162人次。", "162人次"),
    (NOT_DATA, "prior", "距市区30公里的政务服务中心受理申请35件。", "35件"),
    (NOT_DATA, "prior", "坚持“三个一”工作法，发布政策解读41篇。", "41篇"),
    (NOT_DATA, "prior", "在庆祝建党100周年、新中国成立75周年之际，深化政务公开。", None),
    (NOT_DATA, "prior", "坚持“三个一”工作法，落实四个一工作机制。", None),
    (NOT_DATA, "prior", "指定一名同志专门负责政务公开工作。", None),
    (NOT_DATA, "prior", "做到两个维护，增强四个意识、坚定四个自信。", None),
    (NOT_DATA, "prior", "严格执行三会一课制度，扎实开展两学一做学习教育，落实三重一大决策制度。", None),
    (NOT_DATA, "prior", "政务公开专区设在距市区30公里的政务服务中心。", None),
    (NOT_DATA, "prior", "建成200平方米的政务公开体验区。", None),
    (NOT_DATA, "prior", "提供7×24小时在线服务，全年365天不打烊。", None),
    (NOT_DATA, "prior", "开展“12·4”国家宪法日宣传活动，12·4当天开放公开专区。", None),
    (NOT_DATA, "prior", "推行“1+N”公开模式。", None),
    (NOT_DATA, "prior", "面向60周岁以上老年人开展适老化改造。", None),
]


# Shares in words that some share fact happens to fit while nothing around them names it: a warning that
# they cannot be verified (无法核实), not an acceptance by coincidence.
UNVERIFIABLE: list[tuple[str, str, str, str | None]] = [
    (SHARES, "noted", "图解、短视频解读占解读总数过半。", "过半"),  # 55.1% (予以公开和部分公开) fits
]


def _check(report_2023: Report, variant: str, sentence: str) -> list[Finding]:
    return check_draft(VARIANTS[variant](report_2023), "一", sentence)


def _flagged(findings: list[Finding]) -> list[Finding]:
    """Findings on numbers (G1), errors and warnings alike: a warning on a correct number is a false alarm too."""
    return [f for f in findings if f.rule == "G1"]


@pytest.mark.parametrize(
    ("category", "variant", "sentence", "flagged"),
    ADVERSARIAL,
    ids=[f"{c}:{s}" for c, _, s, _ in ADVERSARIAL],
)
def test_adversarial_sentence(report_2023, category, variant, sentence, flagged):
    findings = _flagged(_check(report_2023, variant, sentence))
    if flagged is None:
        assert findings == [], [f.message for f in findings]
        return
    (finding,) = findings
    assert finding.severity is Severity.ERROR
    start, end = finding.span
    assert (start, end) == (sentence.index(flagged), sentence.index(flagged) + len(flagged))


@pytest.mark.parametrize(
    ("category", "variant", "sentence", "flagged"),
    UNVERIFIABLE,
    ids=[f"{c}:{s}" for c, _, s, _ in UNVERIFIABLE],
)
def test_a_share_tied_to_nothing_is_unverifiable(report_2023, category, variant, sentence, flagged):
    (finding,) = _flagged(_check(report_2023, variant, sentence))
    assert finding.severity is Severity.WARNING and "无法核实" in finding.message
    assert finding.span == (sentence.index(flagged), sentence.index(flagged) + len(flagged))


def tally(report: Report) -> dict[str, tuple[int, int, int, int]]:
    """Per category: (wrong numbers caught at their position, wrong numbers missed, correct sentences, false alarms)."""
    counts: dict[str, list[int]] = {}
    for category, variant, sentence, flagged in ADVERSARIAL:
        row = counts.setdefault(category, [0, 0, 0, 0])
        findings = _flagged(check_draft(VARIANTS[variant](report.model_copy(deep=True)), "一", sentence))
        spans = [sentence[f.span[0] : f.span[1]] for f in findings if f.span]
        if flagged is None:
            row[2] += 1
            row[3] += bool(findings)
        else:
            row[0 if flagged in spans else 1] += 1
    return {k: (a, b, c, d) for k, (a, b, c, d) in counts.items()}


def test_tally_every_category_caught_without_false_alarms(report_2023):
    result = tally(report_2023)
    assert set(result) == {YEARS, APPROX, SHARES, PHONE, DAYS, NOT_DATA}
    for caught, missed, correct, false_alarms in result.values():
        assert missed == 0 and false_alarms == 0 and caught >= 3 and correct >= 5


# ---- what the findings say --------------------------------------------------------------------------


def test_a_stray_year_names_the_year_and_the_report_year(report_2023):
    (finding,) = _flagged(_check(report_2023, "alone", "2022年，本局新收政府信息公开申请48件。"))
    assert "“2022年”" in finding.message and "（2023年）" in finding.message
    assert "没有导入上年报告" in finding.message and finding.waiver and "2022" in finding.waiver


@pytest.mark.parametrize(
    ("sentence", "meaning"),
    [
        ("予以公开和部分公开的比例六成以上。", "“六成以上”即不低于60%"),
        ("行政复议结果纠正率过半。", "“过半”即高于50%"),
        ("行政复议结果纠正率为三分之一。", "“三分之一”即不低于32.8%、不超过33.8%"),
        ("全年作出行政强制决定近百件。", "“近百件”即不低于90件、低于100件"),
        ("全年作出行政强制决定百余件。", "“百余件”即高于100件、低于200件"),
    ],
)
def test_a_number_in_words_is_explained(report_2023, sentence, meaning):
    (finding,) = _flagged(_check(report_2023, "prior", sentence))
    assert meaning in finding.message


# ---- extraction: one row per form ---------------------------------------------------------------------
# (text, [(raw, value, unit, hedge, kind)])
FORM_ROWS = [
    ("近百件", [("近百件", D(100), "件", "近", "figure")]),
    ("百余人次", [("百余人次", D(100), "人次", "余", "figure")]),
    ("逾千件", [("逾千件", D(1000), "件", "逾", "figure")]),
    ("千余条", [("千余条", D(1000), "条", "余", "figure")]),
    ("近万元", [("近万元", D(10000), "元", "近", "figure")]),
    ("超过千件", [("超过千件", D(1000), "件", "超过", "figure")]),
    ("六成以上", [("六成以上", D(60), "%", "以上", "share")]),
    ("近八成", [("近八成", D(80), "%", "近", "share")]),
    ("六成多", [("六成多", D(60), "%", "多", "share")]),
    ("三分之二", [("三分之二", D("66.7"), "%", "", "share")]),
    ("超过四分之三", [("超过四分之三", D(75), "%", "超过", "share")]),
    ("一半", [("一半", D(50), "%", "", "share")]),
    ("过半", [("过半", D(50), "%", "过", "share")]),
    ("超过半数", [("超过半数", D(50), "%", "超过", "share")]),
    ("近半数", [("近半数", D(50), "%", "近", "share")]),
    ("一半以上", [("一半以上", D(50), "%", "以上", "share")]),
    ("2021年", [("2021", D(2021), "", "", "date")]),
    ("2021—2023年", [("2021", D(2021), "", "", "date"), ("2023", D(2023), "", "", "date")]),
    ("（2019年修订）", [("2019", D(2019), "", "", "citation")]),
    ("12·4", [("12", D(12), "", "", "date"), ("4", D(4), "", "", "date")]),
    ("建党100周年", [("100", D(100), "", "", "phrase")]),
    ("30公里", [("30", D(30), "", "", "phrase")]),
    ("“1+N”", [("1", D(1), "", "", "phrase")]),
    ("三个一工作法", [("三", D(3), "", "", "phrase")]),
    ("热线受理356件", [("356件", D(356), "件", "", "figure")]),
    ("热线电话12345", [("12345", D(12345), "", "", "code")]),
    ("在15个工作日内", [("15个工作日", D(15), "个工作日", "", "figure")]),
    ("依法在15个工作日内", [("15", D(15), "", "", "citation")]),
]

# Words that look like the new forms but are not numbers at all.
NOT_FORMS = [
    "一成不变",
    "成员单位",
    "上半年",
    "经过半年努力",
    "通过半数以上代表同意",
    "数百件",
    "上百件",
    "成百上千",
    "千方百计",
    "百姓",
    "近百年来",
    "十分重视",
    "千万不要",
    "半年",
]


def _forms(text: str) -> list[tuple[str, Decimal, str, str, str]]:
    return [(m.raw, m.value, "%" if m.is_percent else m.unit, m.hedge, m.kind) for m in extract_numbers(text)]


@pytest.mark.parametrize(("text", "expected"), FORM_ROWS, ids=[r[0] for r in FORM_ROWS])
def test_extract_forms(text, expected):
    assert _forms(text) == expected


@pytest.mark.parametrize("text", NOT_FORMS)
def test_lookalikes_are_not_numbers(text):
    assert [m for m in extract_numbers(text) if m.kind in ("figure", "share")] == []


# (text, low, high, low_open, high_open): what a share in words admits, in percent
BOUNDS_ROWS = [
    ("六成以上", "60", "100", False, False),
    ("超过六成", "60", "100", True, False),
    ("六成", "55", "65", False, False),
    ("近六成", "50", "60", False, True),
    ("六成多", "60", "70", True, True),
    ("约六成", "55", "65", False, False),
    ("过半", "50", "100", True, False),
    ("一半以上", "50", "100", False, False),
    ("一半", "49.5", "50.5", False, False),
    ("不到一半", "0", "50", False, True),
    ("近一半", "40", "50", False, True),
    ("二分之一", "49.5", "50.5", False, False),
]


@pytest.mark.parametrize(("text", "low", "high", "low_open", "high_open"), BOUNDS_ROWS, ids=[r[0] for r in BOUNDS_ROWS])
def test_share_bounds(text, low, high, low_open, high_open):
    (mention,) = extract_numbers(text)
    assert mention.bounds == Bounds(D(low), D(high), low_open, high_open)


def test_two_thirds_admits_the_rounded_share_and_not_its_neighbours():
    (mention,) = extract_numbers("三分之二")
    assert mention.bounds is not None
    assert mention.bounds.admits(D("66.65"), D("66.75"))  # 66.7% as a fact rounded to one decimal
    assert not mention.bounds.admits(D("65.25"), D("65.35"))
    assert not mention.bounds.admits(D("68.15"), D("68.25"))


@pytest.mark.parametrize(
    ("wide", "narrow", "covers"),
    [("四成以上", "近一半", True), ("近一半", "近一半", True), ("一半", "近一半", False), ("过半", "近一半", False)],
)
def test_a_share_covers_what_it_implies(wide, narrow, covers):
    (a,) = extract_numbers(wide)
    (b,) = extract_numbers(narrow)
    assert a.bounds is not None and b.bounds is not None
    assert a.bounds.covers(b.bounds) is covers
