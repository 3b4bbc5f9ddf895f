"""Row labels as real reports print them (issue 9, item 6): variants and misprints read and reported, never a
row taken for another, and a row that matches nothing reported with its values."""

from __future__ import annotations

from itertools import combinations

import pytest

from drafting.formats import F2019, F2021
from drafting.io.importer.labels import closest, undo_variants
from drafting.io.importer.norm import label_key
from drafting.io.importer.tables import read_table2, read_table3

VALUES = ["1", "0", "0", "0", "0", "0", "1"]


@pytest.mark.parametrize(
    ("printed", "row"),
    [
        ("3、其他", "other_3"),
        ("3，其他", "other_3"),
        ("2.其它法律行政法规禁止公开", "deny_2"),
        ("5.属于三类内部事务", "deny_5"),
        ("1.本机关不掌握相关的政府信息", "unable_1"),
        ("4.无正当理由大量反复申请的", "noproc_4"),
        ("四、结转下一年度继续办理", "carry_out"),
        ("7.属于行政执法案卷卷", "deny_7"),
    ],
)
def test_a_printed_variant_is_read_as_its_row_and_reported(printed: str, row: str) -> None:
    spec = {r.key: r for r in F2021.table3_rows}
    read = read_table3([["三、本年度办理结果", printed, *VALUES]], F2021)
    assert read.cells[f"t3.{row}.natural"].value == 1
    assert f"表三按“{printed}”读作“{spec[row].label}”" in read.warnings


def test_no_official_label_is_ever_taken_for_another() -> None:
    for fmt in (F2019, F2021):
        labels = [label_key(r.label) for r in fmt.table3_rows]
        for i, label in enumerate(labels):
            found = closest(undo_variants(label), labels)
            assert found in (i, None), (label, labels[found] if found is not None else None)


def test_official_labels_are_far_apart_so_the_floor_holds() -> None:
    from difflib import SequenceMatcher

    labels = {label_key(r.label) for fmt in (F2019, F2021) for r in fmt.table3_rows}
    assert max(SequenceMatcher(None, a, b).ratio() for a, b in combinations(sorted(labels), 2)) < 0.8


@pytest.mark.parametrize("printed", ["3.其它申请", "9.其他", "属于国家", "本年度收到的咨询"])
def test_a_row_that_matches_nothing_is_reported_with_its_values(printed: str) -> None:
    read = read_table3([[printed, *VALUES]], F2021)
    assert not read.cells
    assert any("无法对应" in w and printed in w and "1 | 0" in w for w in read.warnings), read.warnings


def test_a_list_number_never_changes() -> None:
    labels = [label_key(r.label) for r in F2021.table3_rows]
    assert closest(undo_variants("4.属于三类内部事务信息"), labels) is None  # 5.属于三类内部事务信息, numbered 4


def test_table_two_misprint_is_read_and_reported() -> None:
    rows = [["第二十条第（八）项"], ["信息内容", "本年收费金额（单位：万元）"], ["行政事业收费", "12.35"]]
    read = read_table2(rows, F2021)
    assert str(read.cells["t2.admin_fee.fee_amount"].value) == "12.35"
    assert "表二按“行政事业收费”读作“行政事业性收费”" in read.warnings


def test_a_key_running_on_past_a_label_is_not_read_as_it() -> None:
    """Two rows' labels joined (a PDF row broken at a page end): the values are the next row's, so no match."""
    labels = [label_key(r.label) for r in F2021.table3_rows]
    assert closest(undo_variants("开(区分处理的,只计这一情形,不计其他情形)(三1.属"), labels) is None
    joined = "（二）部分公开（区分处理的，只计这一情形，不计其他情形）（三1.属"
    read = read_table3([[joined, "0", "0", "0", "0", "0", "0", "0"]], F2021)
    assert "t3.partial.natural" not in read.cells
