"""The offline drafter: register, coverage, length, facts only, gaps left visible — every draft passes the gate."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from offline_support import REPORTS

from drafting.io.render import render
from drafting.model import Aspect, FollowUp, FollowUpStatus, KeyFigure, Problem, Report, SectionVersion, new_report
from drafting.narrative.gate import check_draft, count_chars
from drafting.narrative.offline import FEE_UNKNOWN, OFFLINE_LABEL, OFFLINE_ORIGIN, draft_offline
from drafting.narrative.offline.text import Said, money

SECTIONS = ("一", "五", "六")


def _sparse() -> Report:
    """Only a few cells entered: most figures unknown, notes empty."""
    report = new_report("云岚市测试局", 2024)
    report.set_cell("t3.new.natural", 3)
    report.set_cell("t3.open.total", 2)
    report.set_cell("t4.review.total", 0)
    report.set_cell("t2.normative.issued", 1)
    return report


def _government() -> Report:
    report = new_report("云岚县人民政府", 2023, "人民政府")
    report.notes.aspects[Aspect.OVERSIGHT].notes = "组织全县政务公开培训。"
    return report


def _reports(report_2023: Report, report_2020: Report) -> dict[str, Report]:
    return {
        "2023": report_2023,
        "2020": report_2020,
        "sparse": _sparse(),
        "empty": new_report("测试局", 2023),
        "government": _government(),
    }


@pytest.mark.parametrize("name", ["2023", "2020", "sparse", "empty", "government"])
@pytest.mark.parametrize("section", SECTIONS)
def test_offline_drafts_pass_the_gate(report_2023, report_2020, name, section):
    report = _reports(report_2023, report_2020)[name]
    text = draft_offline(report, section)
    findings = check_draft(report, section, text)
    assert [f for f in findings if f.severity.value == "error"] == [], text
    assert [f for f in findings if f.rule in ("G1", "G2", "G3", "G4", "G5", "G6")] == [], text


@pytest.mark.parametrize("section", SECTIONS)
def test_deterministic(report_2023, section):
    assert draft_offline(report_2023, section) == draft_offline(report_2023, section)


def test_section_one_register_and_facts(report_2023):
    text = draft_offline(report_2023, "一")
    lines = text.split("\n")
    assert lines[0] == "2023年，云岚市生态环境局依照《条例》开展政府信息公开工作，主要情况如下。"
    assert [line[:3] for line in lines[1:]] == ["（一）", "（二）", "（三）", "（四）", "（五）"]
    for phrase in (
        "（一）主动公开。",
        "（二）依申请公开。",
        "（三）政府信息管理。",
        "（四）政府信息公开平台建设。",
        "（五）监督保障。",
        "门户网站专栏发布信息612条",
        "本年作出行政许可决定1260件、行政处罚决定214件、行政强制决定37件（含依法未公开的决定），行政事业性收费12.35万元。",
        "本年新收政府信息公开申请48件，比上年增加10件、增长26.3%，其中自然人申请38件、法人或其他组织申请10件，"
        "上年结转4件，合计收到申请52件。",
        "全年办结49件",
        "予以公开22件",
        "予以公开和部分公开合计占办结总数的55.1%",
        "结转下年度继续办理3件",
        "全年发生政府信息公开行政复议4件（维持2件、纠正1件、尚未审结1件），行政诉讼4件（维持2件、其他结果1件、尚未审结1件）。",
        "本年制发行政规范性文件5件，废止2件，现行有效41件",
        "参训人员126人次",
    ):
        assert phrase in text, phrase
    assert OFFLINE_LABEL not in text and "离线" not in text and "【" not in text


def test_section_one_stays_within_1000_characters_with_long_notes(report_2023):
    report = report_2023.model_copy(deep=True)
    for aspect in Aspect:
        notes = report.notes.aspects[aspect]
        notes.notes = "；".join(["围绕重点领域持续深化政务公开，规范信息发布流程，强化审核把关"] * 6) + "。"
        notes.figures.extend(
            KeyFigure(label=f"专项工作{name}", value=Decimal(i + 7), unit="项") for i, name in enumerate("甲乙丙丁戊己")
        )
    text = draft_offline(report, "一")
    assert count_chars(text) <= 1000
    assert [f for f in check_draft(report, "一", text) if f.rule in ("G1", "G2", "G4")] == []


@pytest.mark.parametrize(
    ("note", "expected"),
    [
        ("组织全县政务公开培训。", "组织全县政务公开培训。【待补充：本机关工作考核、社会评议和责任追究结果情况】"),
        (
            "全年开展工作考核2次，各单位均达标。",
            "全年开展工作考核2次，各单位均达标。【待补充：本机关社会评议和责任追究结果情况】",
        ),
        ("", "（五）监督保障。【待补充：本机关在监督保障方面的具体做法，以及工作考核、社会评议和责任追究结果情况】"),
    ],
)
def test_government_is_asked_for_assessment_review_and_accountability_results(note, expected):
    report = _government()
    report.notes.aspects[Aspect.OVERSIGHT].notes = note
    text = draft_offline(report, "一")
    assert expected in text
    assert "纳入年度工作考核" not in text and "严格落实责任追究制度" not in text
    assert [f.rule for f in check_draft(report, "一", text) if f.rule == "G2"] == []


def test_section_five_uses_problems_measures_and_followups(report_2023):
    text = draft_offline(report_2023, "五")
    assert text.startswith(
        "（一）上年度问题整改情况。针对“政策解读形式较单一，以文字解读为主”的问题，全年发布图解、短视频解读6篇"
    )
    assert (
        "（二）存在的主要问题。" in text
        and "一是基层站所信息发布时效性不足" in text
        and "二是依申请公开办理人员" in text
    )
    assert "（三）改进措施。" in text and "一是建立执法公示信息周调度机制" in text


def test_section_five_without_followups_or_notes():
    report = new_report("测试局", 2023)
    report.notes.problems.append(Problem(problem="栏目更新不及时。", measure=""))
    text = draft_offline(report, "五")
    assert text == (
        "（一）存在的主要问题。2023年，本机关政府信息公开工作仍存在一些不足：一是栏目更新不及时。\n"
        "（二）改进措施。【待补充：针对上述问题的具体改进措施】"
    )
    assert "上年度" not in draft_offline(new_report("测试局", 2023), "五")


def test_section_five_without_problems_invents_none():
    text = draft_offline(new_report("测试局", 2023), "五")
    assert text == (
        "（一）存在的主要问题。【待补充：本机关本年度政府信息公开工作存在的具体问题】\n"
        "（二）改进措施。【待补充：具体改进措施】"
    )


def test_a_problem_without_its_measure_keeps_the_enumeration_aligned():
    report = new_report("测试局", 2023)
    report.notes.problems = [Problem(problem="栏目更新不及时", measure="建立更新台账"), Problem(problem="解读形式单一")]
    text = draft_offline(report, "五")
    assert "一是建立更新台账；二是【待补充：针对第二个问题的改进措施】。" in text


def test_followup_without_outcome_is_a_gap_not_a_claim():
    report = new_report("测试局", 2023)
    report.notes.followups.append(FollowUp(problem="解读形式单一", outcome=""))
    text = draft_offline(report, "五")
    assert "（一）上年度问题整改情况。【待补充：上年问题“解读形式单一”的整改情况】。" in text
    assert "推进中" not in text


@pytest.mark.parametrize(
    ("status", "outcome", "expected"),
    [
        (None, "", "【待补充：上年问题“解读形式单一”的整改情况】。"),
        (None, "增加图解解读", "针对“解读形式单一”的问题，增加图解解读。"),
        (FollowUpStatus.DONE, "增加图解解读", "针对“解读形式单一”的问题，已完成整改：增加图解解读。"),
        (FollowUpStatus.DONE, "", "针对“解读形式单一”的问题，已完成整改【待补充：整改的具体做法和成效】。"),
        (FollowUpStatus.ONGOING, "", "针对“解读形式单一”的问题，整改正在推进【待补充：已采取的措施和完成时限】。"),
        (FollowUpStatus.NOT_DONE, "缺少视频制作力量", "针对“解读形式单一”的问题，尚未完成整改：缺少视频制作力量。"),
    ],
)
def test_followup_states_the_chosen_status_only(status, outcome, expected):
    report = new_report("测试局", 2023)
    report.notes.followups.append(FollowUp(problem="解读形式单一", outcome=outcome, status=status))
    assert f"（一）上年度问题整改情况。{expected}\n" in draft_offline(report, "五")


def test_last_years_section_five_without_followups_asks_for_them(report_2023):
    report_2023.notes.followups = []
    text = draft_offline(report_2023, "五")
    assert text.startswith("（一）上年度问题整改情况。【待补充：上年度报告所列问题的整改情况】\n（二）存在的主要问题。")


@pytest.mark.parametrize(
    ("notices", "collected", "unpaid", "expected"),
    [
        (None, None, None, FEE_UNKNOWN),
        (0, Decimal(0), None, "本年度未向申请人发出信息处理费收费通知，未收取信息处理费。"),
        (None, Decimal(0), None, "本年度未收取信息处理费。"),
        (
            2,
            Decimal(0),
            1,
            "发出信息处理费收费通知2件，因申请人逾期未缴纳费用不再处理的申请1件，未实际收取信息处理费。",
        ),
        (3, Decimal(200), None, "发出信息处理费收费通知3件，实际收取信息处理费200元。"),
        (None, None, 2, "不再处理其政府信息公开申请2件"),
    ],
)
def test_section_six_always_reports_the_fee(notices, collected, unpaid, expected):
    report = new_report("测试局", 2023)
    report.notes.other.fee_notices_issued = notices
    report.notes.other.fee_collected_yuan = collected
    if unpaid is not None:
        report.set_cell("t3.other_2.total", unpaid)
    text = draft_offline(report, "六")
    assert text.startswith("（一）信息处理费收取情况。")
    assert expected in text
    assert "信息处理费" in text
    assert [f for f in check_draft(report, "六", text) if f.rule in ("G1", "G3")] == []


def test_section_six_other_items(report_2023):
    text = draft_offline(report_2023, "六")
    assert (
        text.split("\n")[1]
        == "（二）人大代表建议和政协提案办理结果公开情况：全年办理市人大代表建议12件、市政协提案9件，办理结果均已公开。"
    )


def test_section_six_f2019_without_anything():
    assert draft_offline(new_report("测试局", 2020), "六") == "无其他需要报告的事项。"


def test_unknown_section_is_refused(report_2023):
    with pytest.raises(ValueError, match="第一、五、六"):
        draft_offline(report_2023, "二")


def test_origin_constants():
    assert OFFLINE_ORIGIN == "offline"
    assert OFFLINE_LABEL == "离线起草（未使用大模型）"


def test_list_markers_typed_in_notes_are_dropped():
    report = new_report("测试局", 2023)
    report.notes.problems = [
        Problem(problem="1.栏目更新不及时", measure="（一）建立更新台账"),
        Problem(problem="2、解读形式单一", measure="二是增加图解解读"),
    ]
    report.notes.other.items = ["1.人大代表建议办理结果已全部公开", "1.5万人次参与网上评议"]
    five = draft_offline(report, "五")
    assert "一是栏目更新不及时；二是解读形式单一。" in five
    assert "一是建立更新台账；二是增加图解解读。" in five
    six = draft_offline(report, "六")
    assert "（二）人大代表建议办理结果已全部公开。" in six and "（三）1.5万人次参与网上评议。" in six
    for section in SECTIONS:
        text = draft_offline(report, section)
        assert [f for f in check_draft(report, section, text) if f.rule == "G1"] == [], text


def test_received_sum_only_with_a_carry_in(report_2023):
    report = report_2023.model_copy(deep=True)
    for col in ("natural", "business", "research", "nonprofit", "legal", "other", "total"):
        report.set_cell(f"t3.carry_in.{col}", 0)
    text = draft_offline(report, "一")
    assert "法人或其他组织申请10件。全年办结" in text
    assert "上年结转" not in text and "合计收到申请" not in text


# ---- the four reports read in the snapshots: gate, gaps, register -------------------------------------


@pytest.mark.parametrize("name", list(REPORTS))
@pytest.mark.parametrize("section", SECTIONS)
def test_every_number_of_the_four_reports_passes_the_number_gate(name, section):
    report = REPORTS[name]()
    text = draft_offline(report, section)
    assert [f for f in check_draft(report, section, text) if f.rule == "G1"] == [], text


# Sentences the drafter used to write with nothing behind them: compliance, mechanisms, generic problems.
INVENTED = (
    "依法依规",
    "严格按照",
    "时限",
    "坚持以公开为常态",
    "依托政府门户网站",
    "纳入日常工作",
    "纳入年度工作考核",
    "社会评议和监督",
    "仍有提升空间",
    "进一步健全",
    "推进中",
    "依法公开相关信息",
    "扎实做好",
    "部署要求",
)


@pytest.mark.parametrize("section", SECTIONS)
def test_a_report_with_only_tables_gets_gaps_not_invented_work(section):
    report = REPORTS["sparse"]()
    text = draft_offline(report, section)
    assert [phrase for phrase in INVENTED if phrase in text] == [], text
    if section == "一":
        for aspect in Aspect:
            assert (
                f"（{'一二三四五'[list(Aspect).index(aspect)]}）{aspect.label}。【待补充：本机关在{aspect.label}方面的具体做法】"
                in text
            )


@pytest.mark.parametrize("name", list(REPORTS))
@pytest.mark.parametrize("section", SECTIONS)
def test_gaps_use_the_one_placeholder_form_the_gate_flags(name, section):
    report = REPORTS[name]()
    text = draft_offline(report, section)
    gaps = re.findall(r"【[^】]*】", text)
    assert all(re.fullmatch(r"【待补充：[^】：]+】", gap) for gap in gaps), gaps
    assert len([f for f in check_draft(report, section, text) if f.rule == "G7"]) == len(gaps)


@pytest.mark.parametrize("name", list(REPORTS))
def test_zero_figures_are_left_out_of_section_one(name):
    text = draft_offline(REPORTS[name](), "一")
    assert re.search(r"(?<![\d.])0(?:件|条|项|次|人次|个|篇|万元|元|%)", text) is None, text


def test_a_figure_the_staff_note_states_is_not_stated_again():
    text = draft_offline(REPORTS["prior"](), "一")
    for figure in ("730条", "35件", "43件", "2次", "95人次"):
        assert text.count(figure) == 1, figure
    assert (
        "全年新收政府信息公开申请35件，均按登记、承办、审核、答复流程办理。"
        "新收申请比上年减少13件、下降27.1%，其中自然人申请30件、法人或其他组织申请5件。上年结转3件，合计收到申请38件。"
    ) in text
    assert "（三）政府信息管理。本年制发行政规范性文件3件，废止1件，现行有效43件。\n" in text
    assert text.endswith("（五）监督保障。组织全局政务公开业务培训2次、参训95人次。")


def test_a_note_saying_there_were_no_reviews_is_not_repeated(report_2020):
    text = draft_offline(report_2020, "一")
    assert text.count("复议") == 1 and "未发生行政复议和诉讼" in text
    assert text.count("未收到政府信息公开申请") == 1


@pytest.mark.parametrize(
    ("cells", "expected"),
    [
        ({}, "全年未发生政府信息公开行政复议、行政诉讼。"),
        (
            {
                "lit_direct.maintain": 1,
                "lit_direct.total": 1,
                "lit_after_review.pending": 1,
                "lit_after_review.total": 1,
            },
            "全年未发生政府信息公开行政复议，发生行政诉讼2件（维持1件、尚未审结1件）。",
        ),
        ({"review.correct": 2, "review.total": 2}, "全年发生政府信息公开行政复议2件（纠正2件），未发生行政诉讼。"),
    ],
)
def test_reviews_and_lawsuits_with_their_outcomes(cells, expected):
    report = new_report("测试局", 2023)
    for group in ("review", "lit_direct", "lit_after_review"):
        for col in ("maintain", "correct", "other", "pending", "total"):
            report.set_cell(f"t4.{group}.{col}", cells.get(f"{group}.{col}", 0))
    text = draft_offline(report, "一")
    assert expected in text
    assert [f for f in check_draft(report, "一", text) if f.rule == "G1"] == [], text


@pytest.mark.parametrize(
    ("value", "unit", "shown"),
    [
        ("12.35", "万元", "12.35万元"),
        ("5949.088667", "万元", "5949.09万元"),
        ("96171.6", "万元", "96171.6万元"),
        ("0.0031", "万元", "31元"),
        ("251000", "元", "25.1万元"),
        ("200", "元", "200元"),
        ("200.5", "元", "201元"),
    ],
)
def test_money_at_the_precision_a_reader_expects(value, unit, shown):
    assert money(Decimal(value), unit) == shown


@pytest.mark.parametrize(("amount", "shown"), [("5949.088667", "5949.09万元"), ("0.0031", "31元")])
def test_a_rounded_fee_amount_passes_the_number_gate(report_2023, amount, shown):
    report_2023.set_cell("t2.admin_fee.fee_amount", amount)
    text = draft_offline(report_2023, "一")
    assert f"行政事业性收费{shown}。" in text
    assert [f for f in check_draft(report_2023, "一", text) if f.rule == "G1"] == [], text


@pytest.mark.parametrize("name", list(REPORTS))
def test_the_regulation_is_defined_once_in_the_rendered_report(name):
    report = REPORTS[name]()
    for section in SECTIONS:
        report.sections[section].add(SectionVersion(text=draft_offline(report, section), origin=OFFLINE_ORIGIN))
    whole = render(report, "txt")
    assert isinstance(whole, str)
    assert whole.count("《中华人民共和国政府信息公开条例》") == 1 and whole.count("以下简称《条例》") == 1
    assert whole.index("以下简称《条例》") < whole.index("依照《条例》")


@pytest.mark.parametrize(
    ("natural", "business", "note", "expected"),
    [
        (3, 0, "", "本年新收政府信息公开申请3件，均为自然人申请。"),
        (0, 2, "", "本年新收政府信息公开申请2件，均为法人或其他组织申请。"),
        (3, 0, "全年新收申请3件，均当场登记。", "全年新收申请3件，均当场登记。新收申请均为自然人申请。"),
        (3, 2, "全年新收申请5件。", "全年新收申请5件。新收申请中，自然人申请3件、法人或其他组织申请2件。"),
    ],
)
def test_applicants_of_one_kind(natural, business, note, expected):
    report = new_report("测试局", 2023)
    for col in ("natural", "business", "research", "nonprofit", "legal", "other"):
        report.set_cell(f"t3.new.{col}", {"natural": natural, "business": business}.get(col, 0))
    report.notes.aspects[Aspect.ON_REQUEST].notes = note
    text = draft_offline(report, "一")
    assert expected in text
    assert [f for f in check_draft(report, "一", text) if f.rule == "G1"] == [], text


@pytest.mark.parametrize(
    ("oversight", "asked", "expected"),
    [
        (
            "未收到举报。",
            "",
            "（二）依申请公开。【待补充：本机关在依申请公开方面的具体做法】本年未收到政府信息公开申请。",
        ),
        ("", "全年未收到政府信息公开申请。", "（二）依申请公开。全年未收到政府信息公开申请。\n"),
    ],
)
def test_no_application_is_said_once(oversight, asked, expected):
    report = new_report("测试局", 2023)
    for col in ("natural", "business", "research", "nonprofit", "legal", "other"):
        report.set_cell(f"t3.new.{col}", 0)
    report.notes.aspects[Aspect.OVERSIGHT].notes = oversight
    report.notes.aspects[Aspect.ON_REQUEST].notes = asked
    assert expected in draft_offline(report, "一")


@pytest.mark.parametrize(
    ("note", "clause", "covered"),
    [
        ("全年组织业务培训3次、参训180人次。", "组织政务公开业务培训3次", True),
        ("全年组织业务培训3次、参训180人次。", "参训人员180人次", True),
        ("全年组织业务培训3次。", "召开新闻发布会3次", False),  # same figure, another thing counted
        ("全年组织业务培训3次。", "组织政务公开业务培训3期", False),  # another unit
        ("现行有效规范性文件42件。", "本年制发行政规范性文件5件，现行有效42件", False),  # 5件 is new
        ("", "现行有效42件", False),
        ("公开信息22件。", "其中予以公开22件", False),
    ],
)
def test_said_knows_a_figure_by_value_unit_and_name(note, clause, covered):
    said = Said(notes=note)
    said.add(note)
    assert said.covers(clause) is covered
    assert said.keep([clause]) == ([] if covered else [clause])
