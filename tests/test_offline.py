"""The offline drafter: register, coverage, length, facts only — every draft passes the gate."""

from __future__ import annotations

from decimal import Decimal

import pytest

from drafting.gate import check_draft, count_chars
from drafting.model import Aspect, FollowUp, KeyFigure, Problem, Report, new_report
from drafting.offline import FEE_UNKNOWN, OFFLINE_LABEL, OFFLINE_ORIGIN, draft_offline

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
    assert lines[0].startswith("2023年，云岚市生态环境局深入贯彻落实《中华人民共和国政府信息公开条例》")
    assert [line[:3] for line in lines[1:]] == ["（一）", "（二）", "（三）", "（四）", "（五）"]
    for phrase in (
        "（一）主动公开。",
        "（二）依申请公开。",
        "（三）政府信息管理。",
        "（四）政府信息公开平台建设。",
        "（五）监督保障。",
        "门户网站专栏发布信息612条",
        "本年新收政府信息公开申请48件",
        "上年结转4件，合计收到申请52件。",
        "全年办结49件",
        "予以公开22件",
        "55.1%",
        "结转下年度继续办理3件",
        "新收申请增加10件，增长26.3%",
        "行政复议案件4件、行政诉讼案件4件",
        "本年制发行政规范性文件5件，废止2件，现行有效41件",
        "参训人员126人次",
    ):
        assert phrase in text, phrase
    assert OFFLINE_LABEL not in text and "离线" not in text


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


def test_government_covers_assessment_review_and_accountability():
    text = draft_offline(_government(), "一")
    for word in ("工作考核", "社会评议", "责任追究", "组织全县政务公开培训"):
        assert word in text


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
    assert text.startswith("（一）存在的主要问题。") and "一是栏目更新不及时。" in text
    assert "（二）改进措施。" in text
    assert "上年度" not in draft_offline(new_report("测试局", 2023), "五")


def test_followup_without_outcome_says_it_is_ongoing():
    report = new_report("测试局", 2023)
    report.notes.followups.append(FollowUp(problem="解读形式单一", outcome=""))
    assert "针对“解读形式单一”的问题，整改工作仍在推进中。" in draft_offline(report, "五")


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
    assert "上年结转0件。全年办结" in text and "合计收到申请" not in text
