"""AppTest of 审核与汇总 (issue 12 item 3): the units' table with filters, one unit's findings, the .xlsx, the
roll-up and opening it as a report. AppTest cannot upload files, so the uploads are read by the page's own
function in one test and the other tests start from its result in the session."""

from __future__ import annotations

import io
import random
from pathlib import Path

import pytest
from openpyxl import load_workbook
from test_app_support import _clear_streamlit_caches, assert_ok, new_app, store, stored, texts

from drafting.formats import t3
from drafting.review.export import build_sheets
from drafting.review.result import Status, UnitReview
from tests.review_support import agency_name, make_unit, write_rendered
from ui import page_review

__all__ = ["_clear_streamlit_caches", "store"]


class Upload:
    """What st.file_uploader hands the page: a name and the bytes."""

    def __init__(self, path: Path) -> None:
        self.name = path.name
        self._data = path.read_bytes()

    def getvalue(self) -> bytes:
        return self._data


@pytest.fixture(scope="module")
def reviews(tmp_path_factory: pytest.TempPathFactory) -> list[UnitReview]:
    """Three units as the page reads them: two clean (.docx, .html), one with a table error (.txt)."""
    folder = tmp_path_factory.mktemp("uploads")
    units = [make_unit(random.Random(i), agency_name(i), 2024) for i in range(3)]
    cell = t3("carry_out", "natural")
    units[2].set_cell(cell, int(units[2].cells[cell]) + 1)  # type: ignore[call-overload]
    kinds = ("docx", "html", "txt")
    paths = [write_rendered(u, folder, to, f"unit{i}") for i, (u, to) in enumerate(zip(units, kinds, strict=True))]
    return page_review._review([Upload(p) for p in paths])


def test_uploads_are_reviewed_under_the_names_the_user_gave(reviews):
    assert sorted(r.source for r in reviews) == ["unit0.docx", "unit1.html", "unit2.txt"]
    assert [r.status for r in reviews if r.source == "unit2.txt"] == [Status.ERRORS]


def _open(reviews, **session):
    return new_app(page="review", _review_results=reviews, **session)


def test_table_filters_and_one_units_findings(reviews):
    at = _open(reviews)
    assert_ok(at)
    assert any("共审核 **3** 份" in t for t in texts(at.markdown))
    assert len(at.dataframe[0].value) == 3
    at.multiselect(key="review_status_filter").set_value(["有错误"]).run()
    [row] = at.dataframe[0].value.to_dict("records")
    assert row["单位"] == agency_name(2)
    at.selectbox(key="review_unit").set_value(agency_name(2)).run()
    findings = at.dataframe[1].value
    assert len(findings) >= 1 and "S1" in set(findings["规则"]) | set(findings["规则"].str[:2])


def test_the_xlsx_holds_every_unit(reviews):
    at = _open(reviews)
    assert [b.proto.label for b in at.get("download_button")] == ["下载审核结果 .xlsx"]
    book = load_workbook(io.BytesIO(page_review.xlsx_bytes(build_sheets(reviews, None))))
    assert book.sheetnames == ["单位一览", "全部问题"] and book["单位一览"].max_row == 4


def test_rollup_refuses_a_unit_with_errors_then_sums_and_opens_the_report(store, reviews):
    at = _open(reviews)
    at.text_input(key="rollup_agency").set_value("白鹭县人民政府").run()
    at.button(key="rollup_run").click().run()
    assert any(t.startswith("未汇总：") and agency_name(2) in t for t in texts(at.error))
    at.checkbox(key="rollup_errors").check().run()
    at.button(key="rollup_run").click().run()
    assert any("3 个单位" in t for t in texts(at.info))
    at.button(key="rollup_open").click().run()
    assert_ok(at)
    assert at.session_state["nav"] == "tables"
    rid = store.find("白鹭县人民政府", 2024)
    summed = stored(store, rid)
    cell = t3("new", "total")
    assert summed.cells[cell] == sum(int(r.report.cells.get(cell) or 0) for r in reviews)


def test_the_units_list_shows_who_has_not_reported(reviews):
    at = _open(reviews, review_units=f"{agency_name(0)}\n白鹭县未报送局")
    assert any("应报未报" in t for t in texts(at.markdown))
    names = {row["单位"] for row in at.dataframe[-1].value.to_dict("records")}
    assert "白鹭县未报送局" in names


def test_a_changed_name_forgets_the_sum_made_under_the_old_one(reviews):
    at = _open(reviews)
    at.checkbox(key="rollup_errors").check().run()
    at.text_input(key="rollup_agency").set_value("白鹭县人民政府").run()
    at.button(key="rollup_run").click().run()
    assert [b for b in at.button if b.key == "rollup_open"]
    at.text_input(key="rollup_agency").set_value("白鹭县政府办").run()
    assert not [b for b in at.button if b.key == "rollup_open"]  # sum again under the new name first
