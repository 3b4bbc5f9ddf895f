"""`drafting rollup`: the units' tables summed cell by cell, totals recomputed, refusals naming the units."""

from __future__ import annotations

import json
import random
from decimal import Decimal
from pathlib import Path

import pytest

from drafting.cli import main
from drafting.findings import Severity
from drafting.formats import t2, t3, t4
from drafting.io.render import render
from drafting.model import Report, load_report, new_report, save_report
from drafting.review.rollup import RollupRefused, Unit, rollup
from drafting.tables.checks import run_checks
from drafting.tables.fill import fill, is_total_cell
from tests.review_support import agency_name, make_unit, write_rendered


def _units(seed: int, count: int, year: int = 2024) -> list[Unit]:
    rng = random.Random(seed)
    return [Unit(f"u{i}.json", make_unit(rng, agency_name(seed * 10 + i), year)) for i in range(count)]


def _errors(report: Report) -> list[str]:
    return [f.message for f in run_checks(report) if f.severity is Severity.ERROR]


@pytest.mark.parametrize("seed", range(40))
def test_the_sum_passes_the_checks_whenever_the_units_do(seed: int) -> None:
    """Property over generated units (2 to 12, some with extra requests and review cases)."""
    units = _units(seed, 2 + seed % 11)
    assert all(not _errors(u.report) for u in units)
    result = rollup(units, "云岚市人民政府", 2024)
    assert _errors(result.report) == []
    filled = [fill(u.report) for u in units]
    for cell, value in fill(result.report).cells.items():
        assert value == sum((f.cells[cell] for f in filled), Decimal(0) if cell.startswith("t2.admin_fee") else 0)


def test_each_cell_lists_the_units_that_contributed() -> None:
    units = _units(1, 3)
    for unit, value in zip(units, (4, 0, 7), strict=True):
        unit.report.set_cell(t4("review", "maintain"), value)
    result = rollup(units, "云岚市人民政府", 2024)
    assert result.report.cells[t4("review", "maintain")] == 11
    assert result.sources[t4("review", "maintain")] == {units[0].name: "4", units[2].name: "7"}
    assert result.report.origins[t4("review", "maintain")] == "imported"
    assert result.report.origins[t4("review", "total")] == "derived"


def test_entered_totals_are_recomputed_not_summed() -> None:
    units = _units(2, 2)
    leaves = fill(units[0].report).cells[t3("new", "total")]
    units[0].report.set_cell(t3("new", "total"), int(leaves) + 5)  # type: ignore[call-overload]
    result = rollup(units, "云岚市人民政府", 2024, allow_errors=True)
    expected = sum(
        fill(u.report).cells[t3("new", col)]
        for u in units
        for col in ("natural", "business", "research", "nonprofit", "legal", "other")
    )  # type: ignore[misc]
    assert result.report.cells[t3("new", "total")] == expected
    assert any("--allow-errors" in note and units[0].name in note for note in result.notes)


# (what is wrong, words the refusal must contain)
REFUSALS = [
    ("twice", "出现了两次"),
    ("years", "年度不一致"),
    ("formats", "格式不一致"),
    ("errors", "表格有错误"),
    ("blanks", "有空白单元格"),
    ("year", "汇总的是 2023年"),
]


def _spoil(units: list[Unit], what: str) -> None:
    first = units[0].report
    if what == "twice":
        units.append(Unit("again.json", first.model_copy()))
    elif what == "years":
        units.append(Unit("old.json", make_unit(random.Random(9), "鹤鸣县司法局", 2023)))
    elif what == "formats":
        units.append(Unit("old.json", new_report("鹤鸣县司法局", 2020)))
    elif what == "errors":
        first.set_cell(t3("carry_out", "natural"), 999)
    elif what == "blanks":
        first.set_cell(t2("license", "decisions"), None)


@pytest.mark.parametrize(("what", "words"), REFUSALS)
def test_refusals_name_the_units(what: str, words: str) -> None:
    units = _units(3, 3)
    _spoil(units, what)
    with pytest.raises(RollupRefused) as caught:
        rollup(units, "云岚市人民政府", 2023 if what == "year" else None)
    message = str(caught.value)
    assert words in message
    assert units[0].name in message or what in ("years", "formats", "year")
    if what in ("years", "formats"):
        assert "鹤鸣县司法局" in message


def test_blanks_as_zero_sums_and_says_so() -> None:
    units = _units(4, 2)
    units[0].report.set_cell(t2("license", "decisions"), None)
    result = rollup(units, "云岚市人民政府", 2024, blanks_as_zero=True)
    assert result.report.cells[t2("license", "decisions")] == units[1].report.cells[t2("license", "decisions")]
    assert any("--blanks-as-zero" in n and units[0].name in n for n in result.notes)


def test_money_in_mixed_units_is_summed_in_yuan() -> None:
    reports = [new_report(name, 2020) for name in ("济川县科技局", "济川县商务局")]
    reports[0].set_cell(t2("procurement", "procurement_amount"), "2.5万元")
    reports[1].set_cell(t2("procurement", "procurement_amount"), "1000元")
    result = rollup([Unit("a", reports[0]), Unit("b", reports[1])], "济川县人民政府", blanks_as_zero=True)
    assert str(result.report.cells[t2("procurement", "procurement_amount")]) == "26000.0元"


def test_cli_rollup_from_json_and_published_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    units = _units(5, 3)
    save_report(units[0].report, tmp_path / "a.json")
    write_rendered(units[1].report, tmp_path, "docx", "b")
    write_rendered(units[2].report, tmp_path, "html", "c")
    out = tmp_path / "out" / "本级汇总.json"
    out.parent.mkdir()
    args = ["rollup", str(tmp_path), "-o", str(out), "--agency", "云岚市人民政府", "--year", "2024"]
    assert main(args) == 0
    report = load_report(out)
    assert report.agency == "云岚市人民政府" and report.kind == "人民政府" and report.format == "F2021"
    assert not _errors(report)
    assert isinstance(render(report, "docx"), bytes)
    sidecar = json.loads((tmp_path / "out" / "本级汇总.sources.json").read_text("utf-8"))
    assert len(sidecar["units"]) == 3 and sidecar["blanks_as_zero"] is False
    total = sidecar["cells"][t3("new", "total")]
    assert total["location"] == "表三“一、本年新收政府信息公开申请数量”行“总计”列"
    assert sum(int(v) for v in total["units"].values()) == int(total["value"])
    assert "已保存汇总" in capsys.readouterr().out
    assert main(args) == 2
    assert "已存在" in capsys.readouterr().err


def test_cli_refusal_is_one_chinese_message(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    units = _units(6, 2)
    units[0].report.set_cell(t3("carry_out", "natural"), 999)
    for i, unit in enumerate(units):
        save_report(unit.report, tmp_path / f"{i}.json")
    out = tmp_path / "sum.json"
    assert main(["rollup", str(tmp_path / "0.json"), str(tmp_path / "1.json"), "-o", str(out), "--agency", "X市"]) == 2
    err = capsys.readouterr().err
    assert "表格有错误" in err and units[0].name in err and "--allow-errors" in err
    assert not out.exists()


def test_totals_are_never_summed_from_units() -> None:
    assert all(is_total_cell(c) for c in (t3("total", "natural"), t3("new", "total"), t4("review", "total")))


def test_last_years_rollup_is_attached_as_prior(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for i, unit in enumerate(_units(7, 2)):
        save_report(unit.report, tmp_path / f"{i}.json")
    last = rollup(_units(8, 2, 2023), "云岚市人民政府", 2023).report
    save_report(last, tmp_path / "上年汇总.bak")
    out = tmp_path / "本级汇总.json"
    base = ["rollup", str(tmp_path / "0.json"), str(tmp_path / "1.json"), "-o", str(out), "--agency", "云岚市人民政府"]
    assert main([*base, "--prior", str(tmp_path / "上年汇总.bak")]) == 0
    report = load_report(out)
    assert report.prior is not None and report.prior.year == 2023
    assert report.prior.cells[t3("new", "total")] == last.cells[t3("new", "total")]
    assert main([*base, "--prior", str(out), "--force"]) == 2
    assert "应为上一年度（2023 年）的汇总" in capsys.readouterr().err
