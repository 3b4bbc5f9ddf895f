"""AppTest of the paste panel on 表格数据: paste, preview with cells and findings, apply; errors write nothing."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest
from test_app_support import TIMEOUT, _clear_streamlit_caches, assert_ok, store, stored, texts

from drafting.model import new_report

__all__ = ["_clear_streamlit_caches", "store"]

NEW = "表三“一、本年新收政府信息公开申请数量”行"


def _panel_script():
    from ui import paste_panel, state

    state.show_flashes()
    snap = state.current()
    if snap is not None:
        paste_panel.render(snap)


def _panel(rid: int) -> AppTest:
    at = AppTest.from_function(_panel_script, default_timeout=TIMEOUT)
    at.session_state["report_id"] = rid
    at.run()
    assert_ok(at)
    return at


def _preview(at: AppTest, block: str) -> AppTest:
    at.text_area(key="paste_block").input(block)
    at.button(key="paste_preview_btn").click().run()
    assert_ok(at)
    return at


def _has_apply(at: AppTest) -> bool:
    return any(b.key == "paste_apply_btn" for b in at.button)


def test_paste_preview_then_apply_stores_the_cells(store):
    rid = store.create(new_report("甲局", 2023))
    at = _preview(_panel(rid), "1\t2\r\n3\t4\r\n\r\n")
    preview = at.dataframe[0].value
    assert list(preview.columns) == ["单元格", "原值", "新值"]
    assert preview.iloc[0].tolist() == [f"{NEW}“自然人”列", "未填", "1"]
    assert len(preview) == 4
    assert any(t.startswith("[I12") for t in texts(at.warning))  # the findings the result would have
    assert stored(store, rid).cells == {}  # a preview writes nothing
    at.button(key="paste_apply_btn").click().run()
    assert_ok(at)
    saved = stored(store, rid)
    assert saved.cells == {"t3.new.natural": 1, "t3.new.business": 2, "t3.carry_in.natural": 3,
                           "t3.carry_in.business": 4}
    assert saved.origin("t3.new.natural") == "typed"
    assert any("已从粘贴的内容填入 4 个单元格" in t for t in texts(at.success))
    assert at.text_area(key="paste_block").value == ""
    assert not _has_apply(at)


def test_table_4_from_a_chosen_cell(store):
    rid = store.create(new_report("甲局", 2023))
    at = _panel(rid)
    at.selectbox(key="paste_table").set_value("t4").run()
    at.selectbox(key="paste_start_row_t4").set_value("lit_direct").run()
    at.selectbox(key="paste_start_col_t4").set_value("other").run()
    _preview(at, "1\t0\t1\n")
    at.button(key="paste_apply_btn").click().run()
    assert_ok(at)
    assert stored(store, rid).cells == {"t4.lit_direct.other": 1, "t4.lit_direct.pending": 0, "t4.lit_direct.total": 1}


def test_preview_shows_the_errors_the_result_would_have(store, report_2023):
    rid = store.create(report_2023)
    at = _preview(_panel(rid), "39\n")
    assert at.dataframe[0].value.iloc[0].tolist() == [f"{NEW}“自然人”列", "38", "39"]
    assert any("错误]" in t for t in texts(at.error))
    assert _has_apply(at)


def test_bad_values_are_named_and_nothing_is_written(store, report_2023):
    rid = store.create(report_2023)
    rev = store.revision(rid)
    at = _preview(_panel(rid), "40\t约5\n-1\t2.5\n")
    errors = "\n".join(texts(at.error))
    assert "粘贴的内容有 3 处问题，未写入任何单元格" in errors
    assert f"{NEW}“商业企业”列的值 '约5' 不是一个数字" in errors
    assert "“自然人”列的值 '-1' 不能为负数" in errors
    assert "应为整数" in errors
    assert not _has_apply(at)
    assert not at.dataframe
    assert store.revision(rid) == rev
    assert stored(store, rid).get("t3.new.natural") == 38


def test_too_many_columns_names_the_start_cell(store):
    rid = store.create(new_report("甲局", 2023))
    at = _panel(rid)
    at.selectbox(key="paste_start_col_t3").set_value("other").run()
    _preview(at, "1\t2\t3\n")
    assert any(f"{NEW}“其他”列起只能放下 2 列" in t for t in texts(at.error))
    assert not _has_apply(at)
    assert stored(store, rid).cells == {}


def test_a_stale_preview_is_never_applied(store, report_2023):
    rid = store.create(report_2023)
    at = _preview(_panel(rid), "40\n")
    assert _has_apply(at)
    other_tab = stored(store, rid)
    other_tab.set_cell("t3.new.business", 7)
    store.save(rid, other_tab)
    at.run()
    assert_ok(at)
    assert not _has_apply(at)  # the preview was made from the older revision
    assert stored(store, rid).get("t3.new.natural") == 38


def test_changing_the_pasted_text_drops_the_preview(store):
    rid = store.create(new_report("甲局", 2023))
    at = _preview(_panel(rid), "5\n")
    assert _has_apply(at)
    at.text_area(key="paste_block").input("6\n").run()
    assert not _has_apply(at)
    assert stored(store, rid).cells == {}


def test_blank_cells_keep_values_unless_the_option_is_ticked(store, report_2023):
    rid = store.create(report_2023)
    at = _preview(_panel(rid), "\t7\n")
    at.button(key="paste_apply_btn").click().run()
    saved = stored(store, rid)
    assert (saved.get("t3.new.natural"), saved.get("t3.new.business")) == (38, 7)
    at.checkbox(key="paste_blank_clears").check().run()
    _preview(at, "\t8\n")
    at.button(key="paste_apply_btn").click().run()
    assert_ok(at)
    saved = stored(store, rid)
    assert (saved.get("t3.new.natural"), saved.get("t3.new.business")) == (None, 8)


def test_values_already_there_say_nothing_to_change(store, report_2023):
    rid = store.create(report_2023)
    at = _preview(_panel(rid), "38\t6\n")
    assert any("没有需要修改的单元格" in t for t in texts(at.info))
    assert not _has_apply(at)
