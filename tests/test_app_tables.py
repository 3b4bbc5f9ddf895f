"""AppTest of 表格数据: official grids, derived totals, findings beside the tables, fill 0, 上年结转."""

from __future__ import annotations

from test_app_support import _clear_streamlit_caches, assert_ok, new_app, store, stored, texts

from drafting.io.tableview import get_view
from drafting.model import new_report
from drafting.tables.fill import carry_in_proposal

__all__ = ["_clear_streamlit_caches", "store"]


def test_empty_report_shows_official_grids_with_not_entered_cells(store):
    rid = store.create(new_report("甲局", 2023))
    at = new_app(rid, "tables")
    assert_ok(at)
    assert len(at.data_editor) == 6
    t3 = at.data_editor[4].value
    assert list(t3.columns) == list(get_view("F2021", "t3").column_labels)
    assert t3.iloc[0]["项目"] == "一、本年新收政府信息公开申请数量"
    assert set(t3["自然人"]) == {"未填"}
    assert any(t.startswith("[I12") for t in texts(at.warning))


def test_f2019_report_has_the_procurement_block(store):
    rid = store.create(new_report("甲局", 2020))
    at = new_app(rid, "tables")
    assert_ok(at)
    assert len(at.data_editor) == 7
    assert "采购总金额" in list(at.data_editor[4].value.columns)


def test_complete_report_shows_no_errors_and_derived_totals(store, report_2023):
    report = report_2023.model_copy(update={"cells": dict(report_2023.cells), "origins": {}})
    report.cells.pop("t3.total.total")
    rid = store.create(report)
    at = new_app(rid, "tables")
    assert_ok(at)
    assert not at.error
    t3 = at.data_editor[4].value
    assert t3.iloc[23]["总计"] == str(report_2023.get("t3.total.total"))


def test_change_from_another_tab_shows_findings_naming_row_and_column(store, report_2023):
    rid = store.create(report_2023)
    at = new_app(rid, "tables")
    assert not at.error
    changed = stored(store, rid)
    changed.set_cell("t3.new.natural", int(changed.get("t3.new.natural")) + 1)
    store.save(rid, changed)
    at.run()
    assert_ok(at)
    errors = texts(at.error)
    assert any("S1" in t or "I2" in t for t in errors)
    assert any("自然人" in t for t in errors)
    assert at.data_editor[4].value.iloc[0]["自然人"] == f"⚠ {changed.get('t3.new.natural')}"  # marked in the grid


def test_fill_zero_turns_every_blank_into_zero_and_totals_follow(store):
    report = new_report("甲局", 2023)
    report.set_cell("t3.new.natural", 3)
    rid = store.create(report)
    at = new_app(rid, "tables")
    at.button(key="fill_zero_btn").click().run()
    assert_ok(at)
    saved = stored(store, rid)
    assert saved.get("t3.new.natural") == 3
    assert saved.origin("t3.open.natural") == "zero_filled"
    assert saved.get("t4.review.maintain") == 0
    assert at.data_editor[4].value.iloc[0]["总计"] == "3"
    assert "未填" not in set(at.data_editor[4].value["自然人"])
    assert any("已将未填单元格填为 0" in t for t in texts(at.success))


def test_carry_in_proposal_from_the_prior_report_is_confirmed_by_a_button(store, report_2023):
    report = report_2023.model_copy(deep=True)
    for cell_id in list(report.cells):
        if cell_id.startswith("t3.carry_in."):
            report.set_cell(cell_id, None)
    proposal = carry_in_proposal(report)
    assert proposal
    rid = store.create(report)
    at = new_app(rid, "tables")
    assert any("上年报告“结转下年度继续办理”为" in t for t in texts(at.info))
    at.button(key="carry_in_btn").click().run()
    assert_ok(at)
    saved = stored(store, rid)
    for cell_id, value in proposal.items():
        assert saved.get(cell_id) == value
    assert not [b for b in at.button if b.key == "carry_in_btn"]


def _edit_script():
    import streamlit as st

    from ui import page_tables

    pending = st.session_state.pop("pending_edit", None)
    if pending is not None:
        st.session_state["grid_state"] = {"edited_rows": pending[1], "added_rows": [], "deleted_rows": []}
        page_tables._on_edit(pending[0], "grid_state")
    page_tables.render()


def _grid_app(rid):
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_function(_edit_script, default_timeout=30)
    at.session_state["report_id"] = rid
    return at.run()


def test_grid_edit_callback_saves_typed_cells_and_totals_follow(store):
    rid = store.create(new_report("甲局", 2023))
    at = _grid_app(rid)
    at.session_state["pending_edit"] = ("t4", {0: {"结果维持": "2", "结果纠正": "1", "其他结果": "0", "尚未审结": "1"}})
    at.run()
    assert_ok(at)
    saved = stored(store, rid)
    assert [saved.get(f"t4.review.{c}") for c in ("maintain", "correct", "other", "pending")] == [2, 1, 0, 1]
    assert saved.get("t4.review.total") is None
    assert at.data_editor[5].value.iloc[0]["总计"] == "4"


def test_grid_edit_with_a_bad_value_saves_nothing_and_names_the_cell(store):
    rid = store.create(new_report("甲局", 2023))
    at = _grid_app(rid)
    at.session_state["pending_edit"] = ("t3", {0: {"自然人": "5", "商业企业": "-1"}})
    at.run()
    assert_ok(at)
    where = "表三“一、本年新收政府信息公开申请数量”行“商业企业”列"
    assert any(where in t and "不能为负数" in t for t in texts(at.error))
    assert stored(store, rid).cells == {}
    at.run()
    assert any("不能为负数" in t for t in texts(at.error))  # stays beside the grid until the report changes
