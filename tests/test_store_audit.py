"""The audit on both backends: every create, save and delete records revision, user, time and the changed parts."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from drafting.io.audit import BASICS, NOTES, PRIOR, changed_parts
from drafting.io.store import ReportStore, StoreConflict
from drafting.model import Problem, SectionVersion, new_report, report_to_json


@pytest.fixture
def store(db_target: str) -> Iterator[ReportStore]:
    opened = ReportStore(db_target)
    yield opened
    opened.close()


def test_each_change_is_recorded_with_user_time_and_parts(store):
    report = new_report("甲局", 2023)
    rid = store.create(report, user="张三")
    report.set_cell("t3.new.natural", 7)
    report.set_cell("t4.review.maintain", 1)
    store.save(rid, report, expected_rev=1, user="李四")
    report.sections["一"].add(SectionVersion(text="初稿", origin="offline"))
    store.save(rid, report)
    history = store.history(rid)
    assert [(h.rev, h.user, h.action) for h in history] == [
        (1, "张三", "create"),
        (2, "李四", "save"),
        (3, None, "save"),
    ]
    assert history[1].changes == (
        "三、收到和处理政府信息公开申请情况（1 格）",
        "四、政府信息公开行政复议、行政诉讼情况（1 格）",
    )
    assert history[2].changes == ("一、总体情况",)
    assert history[0].at <= history[1].at <= history[2].at
    assert history[2].at.endswith("+00:00")


def test_a_refused_save_records_nothing(store):
    rid = store.create(new_report("甲局", 2023))
    store.save(rid, new_report("甲局", 2023, "乡镇"), expected_rev=1)
    with pytest.raises(StoreConflict, match="其他窗口"):
        store.save(rid, new_report("甲局", 2023), expected_rev=1, user="王五")
    assert [h.rev for h in store.history(rid)] == [1, 2]
    assert store.history(rid)[1].changes == (BASICS,)


def test_history_outlives_the_report_and_reports_do_not_share_it(store):
    first = store.create(new_report("甲局", 2023))
    second = store.upsert(new_report("乙局", 2023), user="赵六")
    store.delete(first, user="管理员")
    assert [(h.action, h.user) for h in store.history(first)] == [("create", None), ("delete", "管理员")]
    assert [(h.action, h.user) for h in store.history(second)] == [("create", "赵六")]
    assert store.history(999) == []


def test_changed_parts_names_basics_tables_notes_sections_and_prior():
    old = new_report("甲局", 2023)
    new = old.model_copy(deep=True)
    new.kind = "乡镇"
    new.set_cell("t2.rules.issued", 3)
    new.notes.problems = [Problem(problem="公开不及时")]
    new.sections["六"].locked = True
    new.prior = new_report("甲局", 2022)
    assert changed_parts(report_to_json(old), report_to_json(new)) == [
        BASICS,
        "二、主动公开政府信息情况（1 格）",
        NOTES,
        "六、其他需要报告的事项",
        PRIOR,
    ]
    assert changed_parts(report_to_json(old), report_to_json(old)) == []


def test_a_new_report_never_takes_the_id_of_a_deleted_one(store):
    store.create(new_report("甲局", 2022))
    gone = store.create(new_report("甲局", 2023))
    store.delete(gone)
    fresh = store.create(new_report("乙局", 2023))
    assert fresh > gone
    assert [h.action for h in store.history(fresh)] == ["create"]
    assert [h.action for h in store.history(gone)] == ["create", "delete"]
