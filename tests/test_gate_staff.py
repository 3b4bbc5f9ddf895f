"""Staff key figures are bound to their names (issue 10 items 7 and 6).

A number equal to a staff figure (关键数字: name + value + unit on the 工作情况 page) passes only when the words
around it name that figure; two figures with swapped values are both caught, each message naming both; a
number that equals a staff figure while naming nothing is a warning (无法核实), not accepted by coincidence;
a flagged number's hint names the figure its clause is about. One sentence per case, table-driven, against
the example reports; `tally` gives the counts reported in the closing note.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import pytest

from drafting.findings import Finding, Severity
from drafting.model import Aspect, KeyFigure, Report, load_report
from drafting.narrative.gate import check_draft
from tests.conftest import FICTIONAL_2023, SAMPLE_2020

D = Decimal

# ---- the reports ---------------------------------------------------------------------------------------
# 2023 (examples/yunlan-sthj-2023.json): 门户网站专栏发布信息 612 条, 微信公众号发布信息 845 条, 发布政策解读 14 篇,
# 召开新闻发布会 4 次, 清理行政规范性文件 56 件, 新增专栏栏目 2 个, 组织政务公开培训 3 次, 参训人员 126 人次.
# 2020 (examples/jiyuan-gongkewei-2020.json): 工科委官网更新各类信息 340 条, 科技局官网更新各类信息 165 条,
# 政务公开平台更新信息 51 条, 微博更新信息 261 条, 微信更新信息 331 条, 组织参与新闻发布会 3 次, 回应网民留言 3 次.
# "brief": the 2023 report with the wording: 门户网站发布信息 612 条, 政务新媒体发布信息 845 条.


def _brief() -> Report:
    report = load_report(FICTIONAL_2023)
    figures = report.notes.aspects[Aspect.ACTIVE].figures
    figures[0] = KeyFigure(label="门户网站发布信息", value=D(612), unit="条")
    figures[1] = KeyFigure(label="政务新媒体发布信息", value=D(845), unit="条")
    return report


REPORTS: dict[str, Callable[[], Report]] = {
    "2023": lambda: load_report(FICTIONAL_2023),
    "2020": lambda: load_report(SAMPLE_2020),
    "brief": _brief,
}

SWAP = "互换的两个关键数字"
WORDING = "正确数字的不同说法"
LOOSE = "没有指明事项的相同数字"

E, W = Severity.ERROR, Severity.WARNING

# (category, report, sentence, [(flagged text, severity)]) — every G1 finding of the sentence, in order.
CASES: list[tuple[str, str, str, list[tuple[str, Severity]]]] = [
    # two staff figures with swapped values: both caught, at their own positions
    (SWAP, "brief", "门户网站发布信息845条，政务新媒体发布612条。", [("845条", E), ("612条", E)]),
    (SWAP, "brief", "通过门户网站发布各类信息845条，政务新媒体平台推送信息612条。", [("845条", E), ("612条", E)]),
    (SWAP, "2023", "门户网站专栏发布信息845条，微信公众号发布信息612条。", [("845条", E), ("612条", E)]),
    (SWAP, "2023", "依托门户网站专栏公开信息845条，“云岚环境”微信公众号推送信息612条。", [("845条", E), ("612条", E)]),
    (SWAP, "2023", "全年召开新闻发布会3次，组织政务公开培训4次。", [("3次", E), ("4次", E)]),
    (SWAP, "2023", "组织政务公开专题培训4场，举办新闻发布会3场。", [("4场", E), ("3场", E)]),
    (SWAP, "2020", "工科委官网更新各类信息165条，科技局官网更新各类信息340条。", [("165条", E), ("340条", E)]),
    (SWAP, "2020", "微博更新信息331条，微信更新信息261条。", [("331条", E), ("261条", E)]),
    (SWAP, "2020", "政务公开平台更新信息261条，微博更新信息51条。", [("261条", E), ("51条", E)]),
    (SWAP, "2023", "门户网站专栏和微信公众号分别发布信息845条和612条。", [("845条", E), ("612条", E)]),
    (SWAP, "2020", "微博、微信分别更新信息331条、261条。", [("331条", E), ("261条", E)]),
    (SWAP, "2023", "门户网站专栏、微信公众号分别发布信息845条、612条。", [("845条", E), ("612条", E)]),
    (SWAP, "2023", "门户网站专栏发布信息845条、微信公众号612条。", [("845条", E), ("612条", E)]),
    (SWAP, "2023", "门户网站专栏全年发布信息，共计845条。", [("845条", E)]),  # the subject governs the number
    (SWAP, "2023", "全年通过门户网站专栏主动公开各类政府信息845条。", [("845条", E)]),
    (SWAP, "2023", "在门户网站专栏发布845条信息，在微信公众号发布612条信息。", [("845条", E), ("612条", E)]),
    (SWAP, "2023", "举办培训班4期，培训干部职工126人次。", [("4期", E)]),
    (SWAP, "2020", "通过政务公开平台更新信息261条，微博更新51条，微信更新331条。", [("261条", E), ("51条", E)]),
    (SWAP, "2023", "微信公众号：全年发布信息612条。", [("612条", E)]),
    (SWAP, "2023", "门户网站专栏发布信息840余条。", [("840余条", E)]),  # a hedge that fits the other figure
    (SWAP, "2023", "微信公众号发布信息六百余条。", [("六百余条", E)]),
    # correct staff figures in varied wordings: nothing flagged
    (WORDING, "brief", "门户网站发布信息612条，政务新媒体发布信息845条。", []),
    (WORDING, "brief", "通过门户网站发布各类信息612条，政务新媒体平台推送信息845条。", []),
    (WORDING, "brief", "门户网站公开信息612条，政务新媒体更新信息845条。", []),
    (WORDING, "2023", "依托门户网站专栏发布信息612条，“云岚环境”微信公众号发布信息845条。", []),
    (WORDING, "2023", "在门户网站专栏共公开各类信息612条，微信公众号推送845条。", []),
    (WORDING, "2023", "612条信息通过门户网站专栏发布，845条通过微信公众号推送。", []),
    (WORDING, "2023", "门户网站专栏和微信公众号分别发布信息612条和845条。", []),
    (WORDING, "2023", "门户网站专栏发布信息600余条，微信公众号发布信息近850条。", []),
    (WORDING, "2023", "门户网站专栏全年发布信息，共计612条。", []),
    (WORDING, "2023", "门户网站专栏：全年发布信息612条。", []),
    (WORDING, "2023", "全年通过门户网站专栏主动公开各类政府信息612条。", []),
    (WORDING, "2023", "“云岚环境”微信公众号全年推送信息845条，阅读量稳步提升。", []),
    (WORDING, "2023", "在门户网站专栏发布612条信息，在微信公众号发布845条信息。", []),
    (WORDING, "2023", "举办培训班3期，培训干部职工126人次。", []),
    (WORDING, "2023", "全局共有126人次参加培训。", []),
    (WORDING, "2023", "对56件行政规范性文件进行了清理。", []),
    (WORDING, "2020", "官网更新信息340条。", []),  # names both 官网 equally: either may be meant
    (WORDING, "2020", "通过政务公开平台更新信息51条，微博更新261条，微信更新331条。", []),
    (WORDING, "2023", "全年开展政务公开培训，共3次，参训126人次。", []),
    (WORDING, "2023", "组织培训3次，126人次参加。", []),
    (WORDING, "2023", "全年举办解读活动，发布解读材料14篇。", []),
    (WORDING, "2023", "召开新闻发布会4次，发布政策解读14篇。", []),
    (WORDING, "2023", "举办新闻发布会4场，解读政策14篇。", []),
    (WORDING, "2023", "组织政务公开专题培训3次，培训126人次。", []),
    (WORDING, "2023", "全年组织政务公开培训3次，累计126人次。", []),
    (WORDING, "2023", "开展政务公开培训3次，参训人员共126人次。", []),
    (WORDING, "2023", "全年清理行政规范性文件56件。", []),
    (WORDING, "2023", "新增“环境质量”“执法公示”2个专栏栏目。", []),
    (WORDING, "2020", "工科委官网更新各类信息340条，科技局官网更新各类信息165条。", []),
    (WORDING, "2020", "微博、微信分别更新信息261条、331条。", []),
    (WORDING, "2020", "政务公开平台更新信息51条，组织参与新闻发布会3次，回应网民留言3次。", []),
    # a number equal to a staff figure whose clause names nothing: a warning, not a silent pass
    (LOOSE, "2023", "开展专项督查3次。", [("3次", W)]),
    (LOOSE, "2023", "全年开展督查检查4次。", [("4次", W)]),
    (LOOSE, "2023", "政务新媒体发布612条。", [("612条", W)]),  # 2023's notes name 门户网站 and 微信公众号, not this
    (LOOSE, "2023", "编印宣传手册845条。", [("845条", W)]),
    (LOOSE, "2020", "开展专项检查3次。", [("3次", W)]),
]

# A number equal to a table figure whose qualifier its clause lacks (现行有效) while the clause names a staff
# figure (清理行政规范性文件 56 件): the swap is an error naming both.
TABLE_SWAPS: list[tuple[str, str, str, list[tuple[str, Severity]]]] = [
    (SWAP, "2023", "全年清理行政规范性文件41件。", [("41件", E)]),
    (SWAP, "2023", "清理行政规范性文件5件。", [("5件", E)]),  # 5 = 本年制发行政规范性文件
]


def _flagged(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.rule == "G1"]


def _check(report: str, sentence: str) -> list[Finding]:
    return _flagged(check_draft(REPORTS[report](), "一", sentence))


def _found(sentence: str, findings: list[Finding]) -> list[tuple[str, Severity]]:
    return [(sentence[f.span[0] : f.span[1]], f.severity) for f in findings if f.span]


@pytest.mark.parametrize(("category", "report", "sentence", "flagged"), CASES, ids=[f"{c}:{s}" for c, _, s, _ in CASES])
def test_staff_sentence(category, report, sentence, flagged):
    findings = _check(report, sentence)
    assert _found(sentence, findings) == flagged, [f.message for f in findings]
    for finding, (text, _) in zip(findings, flagged, strict=True):
        start = sentence.index(text)
        assert finding.span == (start, start + len(text))


@pytest.mark.parametrize(
    ("category", "report", "sentence", "flagged"), TABLE_SWAPS, ids=[s for _, _, s, _ in TABLE_SWAPS]
)
def test_a_table_figure_in_a_clause_about_a_staff_figure(category, report, sentence, flagged):
    test_staff_sentence(category, report, sentence, flagged)
    (finding,) = _check(report, sentence)
    assert "工作情况中“清理行政规范性文件”为 56 件" in finding.message and "是表格中“" in finding.message


def tally() -> dict[str, tuple[int, int, int, int]]:
    """Per category: (wrong numbers caught at their position with the right severity, missed, correct
    sentences, false alarms = any G1 finding on a correct sentence)."""
    counts: dict[str, list[int]] = {}
    for category, report, sentence, flagged in CASES + TABLE_SWAPS:
        row = counts.setdefault(category, [0, 0, 0, 0])
        found = _found(sentence, _check(report, sentence))
        if not flagged:
            row[2] += 1
            row[3] += bool(found)
        for item in flagged:
            row[0 if item in found else 1] += 1
    return {k: (a, b, c, d) for k, (a, b, c, d) in counts.items()}


def test_tally():
    result = tally()
    assert result[WORDING][3] == 0
    assert result[SWAP][1] == 0


def test_swaps_in_a_whole_model_like_section_are_caught_where_they_are():
    from tests.test_gate import MODEL_TEXT

    swaps = [
        (("专栏发布信息612条", "专栏发布信息845条"), ("公众号发布信息845条", "公众号发布信息612条")),
        (("专题培训3次", "专题培训4次"), ("新闻发布会4次", "新闻发布会3次")),
    ]
    for pair in swaps:
        text, expected = MODEL_TEXT, []
        for old, new in pair:
            assert old in text
            text = text.replace(old, new, 1)
            end = text.index(new) + len(new)
            expected.append((end - 4 if new.endswith("条") else end - 2, end))
        assert sorted(f.span for f in _check("2023", text) if f.span) == sorted(expected)


# ---- what the findings say ---------------------------------------------------------------------------


def test_a_swap_names_both_figures():
    sentence = "门户网站发布信息845条，政务新媒体发布612条。"
    first, second = _check("brief", sentence)
    assert "845条：工作情况中“门户网站发布信息”为 612 条，这句话说的是门户网站发布信息" in first.message
    assert "845 条是“政务新媒体发布信息”的数字" in first.message
    assert "612条：工作情况中“政务新媒体发布信息”为 845 条，这句话说的是政务新媒体发布信息" in second.message
    assert "612 条是“门户网站发布信息”的数字" in second.message
    assert first.waiver and "845" in first.waiver


def test_an_unverifiable_number_says_which_figure_it_equals():
    (finding,) = _check("2023", "开展专项督查3次。")
    assert finding.severity is Severity.WARNING
    assert "无法核实" in finding.message and "“组织政务公开培训”的 3 次" in finding.message


# Item 6: the hint of a flagged number names the figure its clause is about, not one that shares its value.
HINTS = [
    ("2023", "门户网站专栏发布信息621条。", "门户网站专栏发布信息 612 条"),
    ("2023", "微信公众号推送信息612条以上。", "微信公众号发布信息 845 条"),
    ("2023", "全年参训人员162人次。", "参训人员 126 人次"),
    ("2023", "召开新闻发布会5次。", "召开新闻发布会 4 次"),
    ("2023", "上年结转3件。", "上年结转政府信息公开申请 4 件"),
    ("2020", "科技局官网更新各类信息156条。", "科技局官网更新各类信息 165 条"),
    # table figures: the fact whose label the clause names best, not the first of several that share a word
    ("2023", "行政复议5起。", "行政复议案件 4 件"),
    ("2023", "行政诉讼3件。", "行政诉讼案件 4 件"),
    ("2023", "不予公开4件。", "不予公开 6 件"),
    ("2023", "结转下年度继续办理2件。", "结转下年度继续办理的申请 3 件"),
    ("2023", "新收申请较上年增加12件。", "本年新收政府信息公开申请比上年增加 10 件"),
]


@pytest.mark.parametrize(("report", "sentence", "hint"), HINTS, ids=[s for _, s, _ in HINTS])
def test_the_hint_names_the_figure_the_clause_is_about(report, sentence, hint):
    (finding,) = _check(report, sentence)
    assert finding.severity is Severity.ERROR
    assert f"相关的数据是：{hint}。" in finding.message or f"“{hint.split(' ')[0]}”为" in finding.message


def test_offline_drafts_keep_every_staff_figure():
    from drafting.narrative.offline import draft_offline

    for make in (REPORTS["2023"], REPORTS["2020"], _brief):
        report = make()
        text = draft_offline(report, "一")
        assert _flagged(check_draft(report, "一", text)) == [], text
