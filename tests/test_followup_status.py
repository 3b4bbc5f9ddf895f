"""Last year's problems carry a status staff choose; reports saved before the status existed still load."""

from __future__ import annotations

import json

from drafting.model import FollowUp, FollowUpStatus, new_report, report_from_json, report_to_json


def _old_json() -> str:
    """A report as saved before follow-ups had a status: the field is absent."""
    report = new_report("青禾县农业农村局", 2023)
    report.notes.followups = [FollowUp(problem="栏目更新不及时", outcome="建立更新台账")]
    data = json.loads(report_to_json(report))
    for item in data["notes"]["followups"]:
        del item["status"]
    assert "status" not in json.dumps(data["notes"]["followups"])
    return json.dumps(data, ensure_ascii=False)


def test_a_report_saved_without_status_loads_with_none() -> None:
    report = report_from_json(_old_json())
    assert report.notes.followups == [FollowUp(problem="栏目更新不及时", outcome="建立更新台账", status=None)]


def test_a_chosen_status_survives_the_round_trip() -> None:
    report = new_report("青禾县农业农村局", 2023)
    report.notes.followups = [FollowUp(problem="栏目更新不及时", status=FollowUpStatus.ONGOING)]
    text = report_to_json(report)
    assert '"status": "正在整改"' in text or '"status":"正在整改"' in text
    assert report_from_json(text).notes.followups[0].status is FollowUpStatus.ONGOING


def test_the_three_statuses_are_the_ones_staff_choose_from() -> None:
    assert [s.value for s in FollowUpStatus] == ["已整改", "正在整改", "未整改"]
