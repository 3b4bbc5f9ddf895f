"""AppTest: last year's report is read and shown cell by cell before it is attached (issue 9, item 9)."""

from __future__ import annotations

from test_app_support import _clear_streamlit_caches, assert_ok, new_app, store, stored, texts

from drafting.io.render import render
from drafting.model import new_report, report_to_json
from ui import actions

__all__ = ["_clear_streamlit_caches", "store"]


def _pasted(report_2023) -> str:
    prior = report_2023.prior
    text = str(render(prior, "txt"))
    return text.replace("3.其他", "3、其他", 1)  # a printed variant, read and reported


def test_preview_lists_every_cell_and_the_label_variants_then_cancel_changes_nothing(store, report_2023):
    rid = store.create(report_2023.model_copy(update={"prior": None}))
    at = new_app(rid)
    at.text_area(key="prior_text").set_value(_pasted(report_2023))
    at.button(key="prior_btn").click().run()
    assert_ok(at)
    frame = at.dataframe[0].value
    assert len(frame) == len(report_2023.fmt.cells())
    assert set(frame["结果"]) <= {"已读出", "空白", "无法识别", "未找到"}
    assert any("读作“3.其他”" in t for t in texts(at.info))
    at.button(key="prior_cancel_btn").click().run()
    assert stored(store, rid).prior is None
    assert not [b for b in at.button if b.key == "prior_apply_btn"]


def test_corrected_agency_and_year_are_used_when_attaching(store, report_2023):
    rid = store.create(report_2023.model_copy(update={"prior": None}))
    at = new_app(rid)
    at.text_area(key="prior_text").set_value(_pasted(report_2023))
    at.button(key="prior_btn").click().run()
    at.text_input(key="prior_agency").set_value("云岚市生态环境局（改）").run()
    at.button(key="prior_apply_btn").click().run()
    assert_ok(at)
    prior = stored(store, rid).prior
    assert prior is not None and prior.agency == "云岚市生态环境局（改）"


def test_a_json_of_this_tool_previews_without_a_cell_table(report_2023):
    prior = report_2023.prior
    preview = actions.preview_prior(new_report("云岚市生态环境局", 2023), "上年.json",
                                    report_to_json(prior).encode(), "")
    assert preview.result is None and preview.prior.cells == prior.cells
    assert "json" in preview.summary
