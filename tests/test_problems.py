"""Section 五's problems: vague wording, a missing measure, last year's problem restated, follow-ups unchosen."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from drafting.findings import Severity
from drafting.model import FollowUp, FollowUpStatus, Problem, SectionVersion, new_report
from drafting.narrative.problems import (
    RESTATED_THRESHOLD,
    followup_warnings,
    jaccard,
    last_year_problems,
    problem_findings,
    problem_warnings,
    restated,
    vague_word,
)

PAIRS = Path(__file__).resolve().parent / "fixtures" / "problems" / "restated_pairs.json"


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("信息公开队伍专业化能力建设有待进一步提升", "有待进一步提升"),
        ("政策解读质量仍需提升", "仍需"),
        ("认识不够到位，意识薄弱", "不够到位"),
        ("主动公开工作有待加强", "有待加强"),
        ("网站栏目更新的及时性有待提高", "有待提高"),
        ("政策解读的科学性有待提高", "有待提高"),
        ("部分科室需进一步提高认识", "进一步"),
        ("部分科室依法公开、主动公开的意识仍然不强", "意识仍然不强"),
        ("网站信息更新不够及时", "不够及时"),
        ("网站“通知公告”栏目信息更新不够及时", None),
        # specific: a figure, a manifestation, a responsible unit or a time limit
        ("政务新媒体有3个月发布少于10条，有待加强", None),
        ("“政策解读”栏目全年仅更新两次，仍需改进", None),
        ("公开指南修订仍需推进，由办公室牵头", None),
        ("公开指南修订进度有待加快，尚未在6月底前完成", None),
        ("依申请公开答复文书规范性有待提高，主要表现为未告知救济途径", None),
        ("政务新媒体更新频次不稳定", None),
    ],
)
def test_vague_problems_name_their_vague_words(text: str, word: str | None) -> None:
    assert vague_word(text) == word


def test_a_vague_problem_without_measure_gets_two_warnings_saying_what_to_add() -> None:
    warnings = problem_warnings("政务公开工作有待加强", "")
    assert len(warnings) == 2
    assert warnings[0].startswith("问题表述较笼统（“有待加强”）：请写明具体表现")
    assert "数据" in warnings[0] and "责任单位" in warnings[0] and "时限" in warnings[0]
    assert warnings[1].startswith("未写改进措施：请写明")


def test_a_specific_problem_with_a_measure_gets_none() -> None:
    assert problem_warnings("全年有2件依申请公开超期答复", "建立答复期限预警，由办公室每周提示") == []


def test_a_rewording_of_last_years_problem_is_flagged_with_its_overlap() -> None:
    last_year = ["依申请公开答复文书规范性有待提高", "政策解读形式较为单一，图解、视频等解读产品偏少"]
    found = restated("政策解读方式仍然单一，缺少图解和视频解读", last_year)
    assert found is not None and found[0] == last_year[1] and found[1] >= RESTATED_THRESHOLD
    assert restated("政府网站无障碍改造尚未完成", last_year) is None
    warning = problem_warnings("政策解读方式仍然单一，缺少图解和视频解读", "按季制作图解", last_year)
    assert len(warning) == 1 and warning[0].startswith("与上年问题“政策解读形式较为单一")


def test_the_threshold_holds_on_the_pairs_table() -> None:
    pairs = json.loads(PAIRS.read_text(encoding="utf-8"))["pairs"]
    flagged = [(jaccard(old, new) >= RESTATED_THRESHOLD, want) for old, new, want in pairs]
    tp = sum(got and want for got, want in flagged)
    precision = tp / sum(got for got, _ in flagged)
    recall = tp / sum(want for _, want in flagged)
    assert len(pairs) >= 30 and precision >= 0.9 and recall >= 0.9


@pytest.mark.parametrize(
    ("status", "outcome", "start"),
    [
        (None, "", "尚未选择整改状态：起草时这一条只留下【待补充】"),
        (None, "增加了图解", "尚未选择整改状态：正文只按“说明”写"),
        (FollowUpStatus.DONE, "", "已选择“已整改”，请在“说明”中写明"),
        (FollowUpStatus.ONGOING, "已完成一半，9月底前完成", None),
    ],
)
def test_follow_up_warnings(status: FollowUpStatus | None, outcome: str, start: str | None) -> None:
    warnings = followup_warnings(FollowUp(problem="解读形式单一", outcome=outcome, status=status))
    assert (warnings[0][: len(start)] if warnings else None) == start


def test_last_years_problems_come_from_the_follow_ups_and_the_imported_five() -> None:
    prior = new_report("青禾县农业农村局", 2023)
    prior.sections["五"].add(
        SectionVersion(text="一是栏目更新不及时；二是解读形式单一。下一步，我局将加强管理。", origin="imported")
    )
    report = new_report("青禾县农业农村局", 2024)
    report.prior = prior
    report.notes.followups = [FollowUp(problem="栏目更新不及时"), FollowUp(problem="自己补的一条")]
    assert last_year_problems(report) == ["栏目更新不及时", "自己补的一条", "解读形式单一"]


def test_problem_findings_are_section_five_warnings_for_the_gate() -> None:
    report = new_report("青禾县农业农村局", 2024)
    report.notes.followups = [FollowUp(problem="政策解读形式较为单一，图解、视频等解读产品偏少")]
    report.notes.problems = [
        Problem(problem="政务公开工作有待加强"),
        Problem(problem="政策解读方式仍然单一，缺少图解和视频解读", measure="每季度制作图解不少于2篇"),
        Problem(problem="全年有2件依申请公开超期答复", measure="建立期限预警"),
    ]
    findings = problem_findings(report)
    assert [f.rule for f in findings] == ["P1", "P2", "P3", "P4"]
    assert all(f.severity is Severity.WARNING and f.section == "五" for f in findings)
    assert findings[0].message.startswith("本年问题第 1 条：问题表述较笼统")
    assert findings[2].message.startswith("本年问题第 2 条：与上年问题")
    assert findings[3].message.startswith("上年问题第 1 条“政策解读形式较为单一")
