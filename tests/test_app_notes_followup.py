"""AppTest of 工作情况's 五: last year's problems with a status and a 说明, warnings beside weak problems."""

from __future__ import annotations

import pytest
from test_app_support import _clear_streamlit_caches, assert_ok, new_app, store, stored, texts

from drafting.model import FollowUp, FollowUpStatus, SectionVersion, new_report

__all__ = ["_clear_streamlit_caches", "store"]

LAST_YEAR = "政策解读形式较为单一，图解、视频等解读产品偏少"
PRIOR_FIVE = (
    "2022年，我区政府信息公开工作取得了一定成效，但仍存在一些不足：一是政策解读形式较为单一，图解、视频等解读产品偏少；"
    "二是部分街道政务公开专栏更新不及时。2023年，我区将采取以下措施加以改进：一是加强政策解读；二是建立专栏更新督查机制。"
)


def _type(at, key: str, value: str) -> None:
    at.text_area(key=key).set_value(value).run()
    assert_ok(at)


@pytest.fixture
def with_followup(store):
    report = new_report("青禾区农业农村局", 2023)
    report.notes.followups = [FollowUp(problem=LAST_YEAR)]
    return store.create(report)


def test_a_followup_status_is_chosen_and_saved(store, with_followup):
    at = new_app(with_followup, "notes")
    box = at.selectbox(key="followups_0_status")
    assert box.value == "" and box.options == ["（请选择）", "已整改", "正在整改", "未整改"]
    assert any(t.startswith("尚未选择整改状态") for t in texts(at.warning))
    box.select("正在整改").run()
    assert_ok(at)
    [item] = stored(store, with_followup).notes.followups
    assert (item.problem, item.status, item.outcome) == (LAST_YEAR, FollowUpStatus.ONGOING, "")
    assert any(t.startswith("已选择“正在整改”，请在“说明”中写明") for t in texts(at.warning))
    _type(at, "followups_0_outcome", "已制作图解3篇，9月底前完成视频解读")
    assert stored(store, with_followup).notes.followups[0].outcome == "已制作图解3篇，9月底前完成视频解读"
    assert not [t for t in texts(at.warning) if "整改状态" in t or "说明" in t]


def test_a_saved_status_is_shown_again_in_a_new_session(store, with_followup):
    report = stored(store, with_followup)
    report.notes.followups[0].status = FollowUpStatus.DONE
    store.save(with_followup, report)
    at = new_app(with_followup, "notes")
    assert at.selectbox(key="followups_0_status").value == "已整改"


def test_vague_problem_without_measure_is_warned_until_made_specific(store, with_followup):
    at = new_app(with_followup, "notes")
    _type(at, "problems_0_problem", "政务公开工作有待加强")
    warnings = texts(at.warning)
    assert any(t.startswith("问题表述较笼统（“有待加强”）") for t in warnings)
    assert any(t.startswith("未写改进措施") for t in warnings)
    _type(at, "problems_0_measure", "由办公室牵头，6月底前修订公开目录")
    warnings = texts(at.warning)
    assert not any(t.startswith("未写改进措施") for t in warnings)
    _type(at, "problems_0_problem", "全年有2件依申请公开超期答复")
    assert not [t for t in texts(at.warning) if t.startswith(("问题表述较笼统", "未写改进措施"))]


def test_last_years_problem_reworded_is_flagged_beside_it(store, with_followup):
    at = new_app(with_followup, "notes")
    _type(at, "problems_0_problem", "政策解读方式仍然单一，缺少图解和视频解读")
    assert any(t.startswith(f"与上年问题“{LAST_YEAR}”相近") for t in texts(at.warning))


def test_bringing_in_last_years_problems_takes_no_lead_in_and_no_measure(store):
    prior = new_report("青禾区农业农村局", 2022)
    prior.sections["五"].add(SectionVersion(text=PRIOR_FIVE, origin="imported"))
    report = new_report("青禾区农业农村局", 2023)
    report.prior = prior
    rid = store.create(report)
    at = new_app(rid, "notes")
    at.button(key="followups_from_prior_btn").click().run()
    assert_ok(at)
    assert [f.problem for f in stored(store, rid).notes.followups] == [LAST_YEAR, "部分街道政务公开专栏更新不及时"]
    assert at.selectbox(key="followups_1_status").value == ""
