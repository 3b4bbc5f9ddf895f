"""Attaching last year's imported report: the year rule, follow-ups from its 五, carry-in proposal."""

from __future__ import annotations

from pathlib import Path

import pytest

from drafting.errors import ImportFailed
from drafting.io.importer import attach_prior, import_file, split_problems
from drafting.model import FollowUp, Report, new_report
from drafting.tables.fill import carry_in_proposal

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "import"


@pytest.fixture
def prior_2020() -> Report:
    return import_file(FIXTURES / "f2019-tab.txt").report


def test_prior_of_the_previous_year_is_attached_on_a_copy(prior_2020: Report) -> None:
    report = new_report("青禾县农业农村局", 2021)
    attached = attach_prior(report, prior_2020)
    assert attached.prior is not None
    assert attached.prior.year == 2020
    assert attached.prior.get("t3.carry_out.total") == 2
    assert report.prior is None
    assert report.notes.followups == []


def test_last_years_problems_become_follow_ups(prior_2020: Report) -> None:
    attached = attach_prior(new_report("青禾县农业农村局", 2021), prior_2020)
    assert [f.problem for f in attached.notes.followups] == [
        "政策解读形式单一，图解、视频解读较少",
        "基层站所信息更新不够及时",
        "依申请公开答复文书格式不够统一",
    ]
    assert all(f.outcome == "" for f in attached.notes.followups)


def test_follow_ups_the_user_wrote_are_kept(prior_2020: Report) -> None:
    report = new_report("青禾县农业农村局", 2021)
    report.notes.followups = [FollowUp(problem="自己写的", outcome="已整改")]
    assert attach_prior(report, prior_2020).notes.followups == report.notes.followups


@pytest.mark.parametrize("year", [2019, 2022, 2020])
def test_prior_must_be_the_year_before(prior_2020: Report, year: int) -> None:
    with pytest.raises(ImportFailed, match="上一年度报告应为"):
        attach_prior(new_report("青禾县农业农村局", year), prior_2020)


def test_carry_in_is_proposed_from_the_imported_prior(prior_2020: Report) -> None:
    attached = attach_prior(new_report("青禾县农业农村局", 2021), prior_2020)
    proposal = carry_in_proposal(attached)
    assert proposal["t3.carry_in.natural"] == 2
    assert proposal["t3.carry_in.total"] == 2


@pytest.mark.parametrize(
    ("text", "problems"),
    [
        ("虽有成效，但仍存在不足。一是认识不够到位；二是解读不够深入；三是形式单一。接下来要加强培训。",
         ["认识不够到位", "解读不够深入", "形式单一"]),
        ("（一）存在的主要问题。意识有所松懈；回复效率有待提高。\n（二）整改措施。一是完善机制；二是加强平台建设。",
         ["意识有所松懈", "回复效率有待提高"]),
        ("还存在以下问题：1.公开范围把握不准；2.栏目分类不清晰；3.流程有待优化。下一步，我局将加强审核。",
         ["公开范围把握不准", "栏目分类不清晰", "流程有待优化"]),
        ("仍有不足：（一）发布频次偏低；（二）解读缺少图表；（三）执法信息公开不及时。改进措施：按月发布。",
         ["发布频次偏低", "解读缺少图表", "执法信息公开不及时"]),
        ("政务公开意识不强。栏目更新不及时。", ["政务公开意识不强", "栏目更新不及时"]),
        ("", []),
    ],
)
def test_problems_are_split_from_section_five(text: str, problems: list[str]) -> None:
    assert split_problems(text) == problems
