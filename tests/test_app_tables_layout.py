"""AppTest of 表格数据's grid layout: every column of tables 三 and 四 has a width, no blank row, labels wrap."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from test_app_support import _clear_streamlit_caches, assert_ok, new_app, store

from drafting.io.tableview import get_view
from drafting.model import new_report

__all__ = ["_clear_streamlit_caches", "store"]


def _columns(editor: Any) -> dict[str, dict[str, Any]]:
    return {k: v for k, v in json.loads(editor.proto.columns).items() if k != "_index"}


@pytest.mark.parametrize(("position", "view_key"), [(4, "t3"), (5, "t4")])
def test_wide_tables_size_every_column_so_all_fit_a_1400px_window(store, report_2023, position, view_key):
    rid = store.create(report_2023)
    at = new_app(rid, "tables")
    assert_ok(at)
    editor = at.data_editor[position]
    assert editor.proto.id.endswith(f"editor_{view_key}")
    columns = _columns(editor)
    assert list(columns) == list(get_view("F2021", view_key).column_labels)
    widths = {label: c.get("width") for label, c in columns.items()}
    assert all(isinstance(w, int) for w in widths.values()), widths
    # The grid shows these widths ~1.14x wider; a 1400 px window with the sidebar leaves 1036 px.
    assert sum(widths.values()) * 1.14 <= 1036
    # A header of CJK characters needs about 12 px a character plus the edit icon.
    for col in get_view("F2021", view_key).columns:
        assert widths[col.label] >= 12 * len(col.label) + 30, col.label


def test_grids_have_fixed_rows_and_table_three_wraps_long_labels(store, report_2023):
    rid = store.create(report_2023)
    at = new_app(rid, "tables")
    assert_ok(at)
    assert {e.proto.editing_mode for e in at.data_editor} == {type(at.data_editor[0].proto).EditingMode.FIXED}
    assert at.data_editor[4].proto.row_height > 64  # Streamlit wraps cell text only above 4rem


def test_a_finding_about_several_grids_shows_once_above_them(store):
    rid = store.create(new_report("甲局", 2023))
    at = new_app(rid, "tables")
    assert_ok(at)
    i12 = [w for w in at.warning if str(w.value).startswith("[I12")]
    assert len(i12) == 1
    shown = list(_in_page_order(at.main))
    table_two = next(i for i, c in enumerate(shown) if getattr(c, "value", None) == "二、主动公开政府信息情况")
    assert shown.index(i12[0]) < table_two


def _in_page_order(node: object) -> Iterator[object]:
    """Every element under `node` as the page shows them, top to bottom (into containers and fragments)."""
    for child in getattr(node, "children", {}).values():
        yield child
        yield from _in_page_order(child)
