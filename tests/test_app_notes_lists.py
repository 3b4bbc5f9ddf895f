"""AppTest of 工作情况's lists in text fields: 五's problems and follow-ups, each aspect's key figures."""

from __future__ import annotations

from decimal import Decimal

import pytest
from test_app_support import _clear_streamlit_caches, assert_ok, go, new_app, store, stored, texts

from drafting.model import Aspect, Problem, new_report

__all__ = ["_clear_streamlit_caches", "store"]


def _type(at, key: str, value: str) -> None:
    widget = at.text_area(key=key) if key in [w.key for w in at.text_area] else at.text_input(key=key)
    widget.set_value(value).run()
    assert_ok(at)


@pytest.fixture
def empty(store):
    return store.create(new_report("甲局", 2023))


def test_problems_are_typed_in_text_areas_and_saved_in_order(store, empty):
    at = new_app(empty, "notes")
    _type(at, "problems_0_problem", "信息发布不够及时")
    _type(at, "problems_0_measure", "建立周调度机制")
    at.button(key="problems_add").click().run()
    _type(at, "problems_1_problem", "政策解读形式单一")
    assert stored(store, empty).notes.problems == [
        Problem(problem="信息发布不够及时", measure="建立周调度机制"),
        Problem(problem="政策解读形式单一"),
    ]


def test_problems_survive_a_page_switch_and_a_third_is_added(store, empty):
    at = new_app(empty, "notes")
    _type(at, "problems_0_problem", "问题甲")
    at.button(key="problems_add").click().run()
    _type(at, "problems_1_problem", "问题乙")
    go(at, "tables")
    go(at, "notes")
    assert at.text_area(key="problems_0_problem").value == "问题甲"
    assert at.text_area(key="problems_1_problem").value == "问题乙"
    at.button(key="problems_add").click().run()
    _type(at, "problems_2_problem", "问题丙")
    assert [p.problem for p in stored(store, empty).notes.problems] == ["问题甲", "问题乙", "问题丙"]


def test_move_and_delete(store, empty):
    report = stored(store, empty)
    report.notes.problems = [Problem(problem=p) for p in ("甲", "乙", "丙")]
    store.save(empty, report)
    at = new_app(empty, "notes")
    at.button(key="problems_2_up").click().run()
    assert [p.problem for p in stored(store, empty).notes.problems] == ["甲", "丙", "乙"]
    assert at.text_area(key="problems_1_problem").value == "丙"
    at.button(key="problems_0_delete").click().run()
    assert [p.problem for p in stored(store, empty).notes.problems] == ["丙", "乙"]
    assert [at.text_area(key=f"problems_{i}_problem").value for i in range(2)] == ["丙", "乙"]
    assert at.button(key="problems_0_up").disabled and at.button(key="problems_1_down").disabled


def test_measure_without_problem_is_refused_with_a_message_and_nothing_stored(store, empty):
    at = new_app(empty, "notes")
    _type(at, "problems_0_measure", "只写了措施")
    assert stored(store, empty).notes.problems == []
    assert any("第 1 条的“问题”未填写" in t for t in texts(at.error))
    assert at.text_area(key="problems_0_measure").value == "只写了措施"  # kept on screen to finish


def test_followups_in_text_areas(store, empty):
    at = new_app(empty, "notes")
    _type(at, "followups_0_problem", "上年问题甲")
    _type(at, "followups_0_outcome", "已整改")
    [item] = stored(store, empty).notes.followups
    assert (item.problem, item.outcome) == ("上年问题甲", "已整改")


def test_key_figures_in_text_inputs_with_a_clear_error_for_a_bad_value(store, empty):
    at = new_app(empty, "notes")
    _type(at, "figures_active_0_label", "门户网站发布信息")
    assert any("“数值”" in t for t in texts(at.error))
    _type(at, "figures_active_0_value", "1,340")
    _type(at, "figures_active_0_unit", "条")
    [figure] = stored(store, empty).notes.aspects[Aspect.ACTIVE].figures
    assert (figure.label, figure.value, figure.unit) == ("门户网站发布信息", Decimal("1340"), "条")
    assert not at.error
    go(at, "draft")
    go(at, "notes")
    assert at.text_input(key="figures_active_0_value").value == "1340"


def test_two_fields_committed_in_one_rerun_are_both_kept(store, empty):
    """Two commits reaching the server together (a pause-save, then a blur) both run before the page is drawn
    again: the second must not save the list as it was when the page was last drawn."""
    report = stored(store, empty)
    report.notes.problems = [Problem(problem="甲"), Problem(problem="乙")]
    store.save(empty, report)
    at = new_app(empty, "notes")
    at.text_area(key="problems_0_problem").set_value("甲（改）")
    at.text_area(key="problems_1_measure").set_value("乙的措施")
    at.run()
    assert_ok(at)
    problems = stored(store, empty).notes.problems
    assert [(p.problem, p.measure) for p in problems] == [("甲（改）", ""), ("乙", "乙的措施")]
