"""Table checks: one passing and one failing row per rule, every single-cell change caught, and `drafting check`."""

from __future__ import annotations

import json
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest

from drafting.cli import main
from drafting.findings import Severity, has_errors
from drafting.formats import F2019, F2021, TABLE3_LEAF_COLUMNS, get_format, t2, t3, t4
from drafting.model import Money, Report, SectionVersion, load_report, report_to_json, save_report
from drafting.tables.checks import RULES, run_checks
from drafting.tables.fill import fill, is_total_cell

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"

# Fictional figures per applicant column (自然人, 商业企业, 科研机构, 社会公益组织, 法律服务机构, 其他).
NEW = (10, 2, 1, 0, 1, 0)
CARRY_IN = (1, 0, 0, 0, 0, 0)
RESULTS = {"open": (5, 1, 1, 0, 0, 0), "partial": (2, 0, 0, 0, 0, 0), "unable_1": (1, 1, 0, 0, 0, 0)}
CARRY_OUT = (3, 0, 0, 0, 1, 0)
TABLE4 = {"review": (1, 1, 0, 0), "lit_direct": (0, 0, 1, 0), "lit_after_review": (0, 0, 0, 1)}


def balanced(year: int = 2023, *, totals: bool = True, prior: Report | None = None, **cells: object) -> Report:
    """A small balanced fictional report; totals entered as typed unless ``totals`` is False.

    Keyword cells use ``__`` for ``.`` (``t3__open__natural=4``); None clears a cell.
    """
    fmt = get_format("F2019" if year <= 2020 else "F2021")
    data: dict[str, object] = {}
    rows = {"new": NEW, "carry_in": CARRY_IN, "carry_out": CARRY_OUT, **RESULTS}
    for row in fmt.table3_rows:
        if row.key != "total":
            values = rows.get(row.key, (0,) * 6)
            data.update({t3(row.key, col): v for col, v in zip(TABLE3_LEAF_COLUMNS, values, strict=True)})
    for group, values4 in TABLE4.items():
        data.update(
            {t4(group, c): v for c, v in zip(("maintain", "correct", "other", "pending"), values4, strict=True)}
        )
    for cell_id, spec in fmt.cells().items():
        if spec.table == "二":
            data[cell_id] = {"amount": "100", "unit": "元"} if spec.cell_type == "amount" else 1
    report = Report(agency="云岚市测试局", year=year, format=fmt.id, cells=data)
    if totals:
        report = Report(agency=report.agency, year=year, format=fmt.id, cells=dict(fill(report).cells))
    for key, value in cells.items():
        report.set_cell(key.replace("__", "."), value)
    report.prior = prior
    return report


def prior_of(year: int = 2023, **cells: object) -> Report:
    """Last year's report, whose 结转下年度继续办理 matches this year's 上年结转."""
    carry = {f"t3__carry_out__{col}": v for col, v in zip(TABLE3_LEAF_COLUMNS, CARRY_IN, strict=True)}
    if year - 1 <= 2020:
        carry.update(
            {f"t2__{row}__change": 0 for row in ("license", "other_services", "penalty", "coercion", "admin_fee")}
        )
    return balanced(year - 1, totals=False, **{**carry, **cells})


def raw(report: Report, cell_id: str, value: object) -> Report:
    """Put a value into a cell without validation, as code constructing cells could."""
    report.cells[cell_id] = value
    return report


def with_six(report: Report, text: str, notices: int | None = None) -> Report:
    report.sections["六"].add(SectionVersion(text=text, origin="human"))
    report.notes.other.fee_notices_issued = notices
    return report


E, W, NOTE = Severity.ERROR, Severity.WARNING, Severity.INFO
UNPAID = {"t3__other_2__natural": 1, "t3__carry_out__natural": 2}

CASES: list[tuple[str, Severity | None, Callable[[], Report]]] = [
    ("I14", None, lambda: balanced()),
    ("I14", E, lambda: balanced().model_copy(update={"format": "F2019"})),
    ("I14", E, lambda: raw(balanced(), t2("procurement", "procurement_count"), 3)),
    ("I4", None, lambda: balanced(2020, t2__license__change=-3)),
    ("I4", E, lambda: raw(balanced(), t3("open", "natural"), -1)),
    ("I4", E, lambda: raw(balanced(), t4("review", "maintain"), Decimal("1.5"))),
    ("I4", E, lambda: raw(balanced(), t3("deny_1", "legal"), True)),
    ("I4", E, lambda: raw(balanced(), t2("admin_fee", "fee_amount"), Decimal(-2))),
    ("I4", E, lambda: raw(balanced(2020), t2("procurement", "procurement_amount"), Money(amount=1, unit="美元"))),
    ("I4", E, lambda: raw(balanced(2020), t2("license", "change"), "3")),
    ("S1", None, lambda: balanced(totals=False)),
    ("S1", E, lambda: balanced(totals=False, t3__carry_out__natural=4)),
    ("S1", E, lambda: balanced(2020, t3__new__legal=2, t3__new__total=15)),
    ("S1", W, lambda: balanced(totals=False, t3__carry_in__natural=None)),
    ("S1", None, lambda: balanced(totals=False, t3__carry_in__business=None)),
    ("I9", None, lambda: balanced(totals=False, t3__carry_out__natural=None)),
    ("I9", E, lambda: balanced(totals=False, t3__carry_out__natural=None, t3__open__natural=9)),
    (
        "I9",
        E,
        lambda: balanced(totals=False, t3__total__natural=None, t3__open__natural=None, t3__carry_out__natural=12),
    ),
    ("I1", None, lambda: balanced()),
    ("I1", E, lambda: balanced(t3__total__natural=9)),
    ("I1", E, lambda: balanced(2020, t3__total__total=13)),
    ("I1", W, lambda: balanced(t3__open__natural=None)),
    ("I1", None, lambda: balanced(totals=False, t3__open__natural=None)),
    ("I2", None, lambda: balanced()),
    ("I2", E, lambda: balanced(t3__open__total=6)),
    ("I2", E, lambda: balanced(2020, t3__carry_out__total=5)),
    ("I2", W, lambda: balanced(t3__partial__natural=None)),
    ("I2", None, lambda: balanced(t3__deny_5__research=None)),
    ("I3", None, lambda: balanced()),
    ("I3", E, lambda: balanced(t4__review__total=3)),
    ("I3", E, lambda: balanced(2020, t4__lit_after_review__total=0)),
    ("I3", W, lambda: balanced(t4__review__maintain=None)),
    ("S3", None, lambda: balanced(t2__admin_fee__fee_amount="9.9", prior=prior_of())),
    ("S3", W, lambda: balanced(t2__admin_fee__fee_amount="10", prior=prior_of())),
    ("S3", None, lambda: balanced(t2__admin_fee__fee_amount="96171.6")),
    ("S3", W, lambda: balanced(t2__admin_fee__fee_amount="1235000")),
    ("S3", W, lambda: balanced(t2__admin_fee__fee_amount="4166.241619")),
    ("S3", None, lambda: balanced(t2__admin_fee__fee_amount="4166.2416")),
    ("S3", None, lambda: balanced(t2__admin_fee__fee_amount="12.350000")),
    ("S11", None, lambda: balanced(totals=False, t3__other_1__natural=3, t3__open__natural=2)),
    ("S11", NOTE, lambda: balanced(totals=False, t3__other_3__natural=3, t3__open__natural=2)),
    ("S11", None, lambda: balanced(2020, totals=False, t3__other__natural=1, t3__open__natural=4)),
    (
        "S11",
        None,
        lambda: balanced(totals=False, t3__other_3__natural=2, t3__open__natural=3, t3__partial__natural=11),
    ),
    ("S11", NOTE, lambda: balanced(2020, totals=False, t3__other__natural=2, t3__open__natural=3)),
    ("I5", None, lambda: balanced(prior=prior_of())),
    ("I5", W, lambda: balanced(prior=prior_of(t3__carry_out__natural=2))),
    ("I5", W, lambda: balanced(prior=prior_of(2022))),
    ("I5", W, lambda: balanced(t3__carry_in__natural=None, prior=prior_of())),
    ("I5", None, lambda: balanced(t3__carry_in__business=None, prior=prior_of())),
    ("I5", None, lambda: balanced(2021, prior=prior_of(2021))),
    ("I6", None, lambda: balanced(prior=prior_of())),
    ("I6", W, lambda: balanced(t2__normative__in_force=5, prior=prior_of())),
    ("I6", W, lambda: balanced(t2__normative__issued=None, prior=prior_of())),
    ("I6", None, lambda: balanced(2021, t2__normative__in_force=5, prior=prior_of(2021))),
    ("I7", None, lambda: balanced(t2__rules__repealed=2, prior=prior_of())),
    ("I7", W, lambda: balanced(t2__rules__repealed=3, prior=prior_of())),
    ("I7", W, lambda: balanced(t2__rules__repealed=3, t2__rules__issued=None, prior=prior_of())),
    ("I8", None, lambda: balanced(2020, prior=prior_of(2020))),
    ("I8", W, lambda: balanced(2020, t2__license__prev_items=2, prior=prior_of(2020))),
    ("I8", E, lambda: balanced(2020, t2__rules__published=2)),
    ("I8", E, lambda: balanced(2020, t2__normative__published=3, t2__normative__total_public=2)),
    ("I8", W, lambda: balanced(2020, t2__rules__total_public=None)),
    ("I8", None, lambda: balanced(2020, t2__rules__published=None)),
    ("I8", E, lambda: balanced(2020, t2__license__change=-2)),
    ("I8", None, lambda: balanced(2020, t2__license__change=-1)),
    ("I8", W, lambda: balanced(2020, t2__penalty__prev_items=None, t2__penalty__change=-1)),
    ("I8", W, lambda: balanced(2020, t2__rules__total_public=3, prior=prior_of(2020))),
    ("I8", None, lambda: balanced(2020, t2__rules__total_public=2, prior=prior_of(2020))),
    ("I8", None, lambda: balanced(2020, t2__rules__total_public=0, t2__rules__published=0, prior=prior_of(2020))),
    ("I10", None, lambda: balanced()),
    ("I10", None, lambda: with_six(balanced(**UNPAID), "发出收费通知1件，未收取信息处理费。", notices=1)),
    ("I10", W, lambda: with_six(balanced(**UNPAID), "无其他需要报告的事项。", notices=1)),
    ("I10", W, lambda: with_six(balanced(**UNPAID), "", notices=0)),
    ("I10", None, lambda: with_six(balanced(2020, t3__other__natural=1), "无。")),
    ("I10", W, lambda: with_six(balanced(**UNPAID), "本年未收取信息处理费。", notices=1)),
    ("I10", W, lambda: with_six(balanced(**UNPAID), "发出收费通知，收取信息处理费0元。", notices=1)),
    ("I10", None, lambda: with_six(balanced(**UNPAID), "本年共发出收费通知两件；申请人均未缴费。", notices=2)),
    ("I10", None, lambda: with_six(balanced(**UNPAID), "收取信息处理费情况：发出收费通知 1 份。", notices=1)),
    ("I12", None, lambda: balanced()),
    ("I12", W, lambda: balanced(t3__deny_5__research=None)),
    ("I12", W, lambda: balanced(t2__admin_fee__fee_amount=None)),
]


CASE_IDS = [f"{rule}-{expected or 'passes'}-{i}" for i, (rule, expected, _) in enumerate(CASES)]


@pytest.mark.parametrize(("rule", "expected", "make"), CASES, ids=CASE_IDS)
def test_rule(rule, expected, make):
    findings = [f for f in run_checks(make()) if f.rule == rule]
    assert bool(findings) == (expected is not None), [str(f) for f in findings]
    assert all(f.severity is expected for f in findings), [str(f) for f in findings]


def test_every_registered_rule_has_passing_and_failing_rows():
    covered = {(rule, expected is not None) for rule, expected, _ in CASES}
    assert covered == {(r, f) for r in RULES for f in (True, False)}


@pytest.mark.parametrize("year", [2020, 2023])
@pytest.mark.parametrize("totals", [True, False])
def test_balanced_report_has_no_findings(year, totals):
    assert run_checks(balanced(year, totals=totals, prior=prior_of(year))) == []


def test_examples_have_no_findings(report_2023, report_2020):
    assert run_checks(report_2023) == []
    assert run_checks(report_2020) == []


# ---- the quality bar: every single-cell change of table 三 or 四 is an error -------------------------------


def _table34(fmt):
    return [cell_id for cell_id, spec in fmt.cells().items() if spec.table in ("三", "四")]


@pytest.mark.parametrize("cell_id", _table34(F2021))
def test_any_change_in_tables_3_4_of_the_2023_example_is_an_error(report_2023, cell_id):
    assert all(report_2023.is_entered(c) for c in _table34(F2021))
    report_2023.set_cell(cell_id, report_2023.cells[cell_id] + 1)
    assert has_errors(run_checks(report_2023))


@pytest.mark.parametrize("cell_id", _table34(F2019))
def test_any_change_in_tables_3_4_of_the_2020_example_is_an_error(report_2020, cell_id):
    report_2020.set_cell(cell_id, report_2020.cells[cell_id] + 1)
    assert has_errors(run_checks(report_2020))


# ---- messages -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("report", "rule", "parts"),
    [
        (
            lambda: balanced(totals=False, t3__carry_out__natural=4),
            "S1",
            ("表三“自然人”列", "本年新收", "10", "+ “二、上年结转政府信息公开申请数量”1 = 11", "相差 1", "请核对"),
        ),
        (lambda: balanced(t3__open__total=6), "I2", ("表三“（一）予以公开”行“总计”列为 6", "= 7", "相差 1")),
        (lambda: balanced(t3__total__natural=9), "I1", ("表三“（七）总计”行“自然人”列为 9", "之和为 8")),
        (lambda: balanced(t4__review__total=3), "I3", ("表四“行政复议”", "1 + 1 + 0 + 0 = 2")),
        (lambda: raw(balanced(), t3("open", "natural"), -1), "I4", ("表三“（一）予以公开”行“自然人”列", "不能为负数")),
        (lambda: balanced(prior=prior_of(t3__carry_out__natural=2)), "I5", ("“自然人”列本年 1、上年 2", "2022 年")),
        (
            lambda: balanced(t3__carry_in__natural=None, prior=prior_of()),
            "I5",
            ("“自然人”列本年 空白（按 0 计）、上年 1",),
        ),
        (
            lambda: balanced(t2__admin_fee__fee_amount="123500", prior=prior_of()),
            "S3",
            ("万元", "是上年 1 万元的 123500 倍", "除以 10000"),
        ),
        (
            lambda: balanced(t3__deny_5__research=None),
            "I12",
            ("1 个单元格未填", "表三“5.属于三类内部事务信息”行", "未填单元格填 0"),
        ),
    ],
)
def test_messages_name_the_cell_and_numbers(report, rule, parts):
    message = next(f.message for f in run_checks(report()) if f.rule == rule)
    for part in parts:
        assert part in message


def test_findings_name_cells_of_the_format(report_2023):
    report_2023.set_cell(t3("new", "natural"), 0)
    report_2023.set_cell(t4("review", "pending"), None)
    findings = run_checks(report_2023)
    assert {f.rule for f in findings} >= {"S1", "I2", "I12"}
    for finding in findings:
        assert finding.cells
        assert set(finding.cells) <= set(F2021.cells())


def test_i12_counts_blanks_and_their_relations_are_checked_as_zero():
    report = balanced(t3__open__natural=None, t3__open__business=None, t4__review__correct=None)
    findings = run_checks(report)
    assert sorted(f.rule for f in findings) == ["I1", "I1", "I12", "I2", "I3"]
    assert all(f.severity is Severity.WARNING for f in findings)
    i12 = next(f for f in findings if f.rule == "I12")
    assert "表三 2 个、表四 1 个" in i12.message
    assert "按 0 试算" in i12.message
    assert i12.cells == (t3("open", "natural"), t3("open", "business"), t4("review", "correct"))


def test_blank_relation_warning_names_the_blank_cells_and_what_to_do():
    finding = next(f for f in run_checks(balanced(totals=False, t3__carry_in__natural=None)) if f.rule == "S1")
    assert finding.severity is Severity.WARNING
    assert finding.message.startswith(
        "若空白单元格（表三“二、上年结转政府信息公开申请数量”行“自然人”列）为 0，则表三“自然人”列不平衡："
    )
    assert "相差 1" in finding.message
    assert "请补填这些空白单元格；如它们确实为 0，请核对这四个数" in finding.message
    assert t3("carry_in", "natural") in finding.cells


def test_blank_relation_warning_names_the_blanks_behind_a_blank_total():
    report = balanced(totals=False, t3__open__natural=None, t3__new__natural=9)
    finding = next(f for f in run_checks(report) if f.rule == "S1")
    assert "表三“（一）予以公开”行“自然人”列" in finding.message
    assert t3("open", "natural") in finding.cells


def test_many_blank_cells_are_counted_not_all_listed():
    blanks = {f"t3__{row}__natural": None for row in ("open", "partial", "unable_1", "deny_1")}
    finding = next(f for f in run_checks(balanced(**blanks)) if f.rule == "I1")
    assert "等 4 个单元格）为 0" in finding.message


def test_a_bound_exceeded_whatever_the_blanks_is_one_error_not_also_a_warning():
    report = balanced(totals=False, t3__carry_out__natural=None, t3__open__natural=9)
    by_rule = {f.rule: f.severity for f in run_checks(report) if f.cells and f.cells[0].endswith(".natural")}
    assert by_rule.get("I9") is Severity.ERROR
    assert "S1" not in by_rule


def test_checks_do_not_modify_the_report():
    report = balanced(totals=False)
    before = (dict(report.cells), dict(report.origins))
    run_checks(report)
    assert (report.cells, report.origins) == before


def test_i10_asks_for_notes_when_nothing_is_written():
    report = balanced(**UNPAID)
    finding = next(f for f in run_checks(report) if f.rule == "I10")
    assert finding.section == "六"
    assert "收费通知" in finding.message


# ---- drafting check ---------------------------------------------------------------------------------------


def test_cli_check_passes_on_the_example(capsys):
    assert main(["check", str(EXAMPLES / "yunlan-sthj-2023.json")]) == 0
    assert "校验通过" in capsys.readouterr().out


def test_cli_check_exits_1_on_errors(tmp_path, capsys, report_2023):
    report_2023.set_cell(t3("open", "natural"), 18)
    path = tmp_path / "bad.json"
    save_report(report_2023, path)
    assert main(["check", str(path)]) == 1
    out = capsys.readouterr().out
    assert "[I2 错误] 表三“（一）予以公开”行“总计”列为 22" in out
    assert "共 2 条问题，其中错误 2 条" in out


def test_cli_check_exits_0_on_warnings_only(tmp_path, capsys):
    path = tmp_path / "warn.json"
    path.write_text(report_to_json(balanced(t3__deny_5__research=None)), encoding="utf-8")
    assert main(["check", str(path)]) == 0
    assert "[I12 提示]" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (None, "找不到文件"),
        ("{not json", "不是有效的 JSON"),
        ("NEG", "不能为负数"),
        ("WRONG_FORMAT", "F2019 格式的单元格"),
    ],
)
def test_cli_check_bad_file_gives_one_chinese_line(tmp_path, capsys, content, expected):
    path = tmp_path / "report.json"
    if content in ("NEG", "WRONG_FORMAT"):
        data = json.loads(report_to_json(balanced()))
        if content == "NEG":
            data["cells"]["t3.open.natural"] = -5
        else:
            data["cells"]["t2.procurement.procurement_count"] = 1
        content = json.dumps(data, ensure_ascii=False)
    if content is not None:
        path.write_text(content, encoding="utf-8")
    assert main(["check", str(path)]) == 2
    captured = capsys.readouterr()
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("错误：")
    assert expected in lines[0]
    assert "Traceback" not in captured.err


def test_loaded_example_round_trips_through_checks(tmp_path):
    path = tmp_path / "copy.json"
    save_report(load_report(EXAMPLES / "yunlan-sthj-2023.json"), path)
    assert run_checks(load_report(path)) == []


def test_balance_of_derived_totals_is_not_reported_twice():
    findings = run_checks(balanced(totals=False, t3__carry_out__natural=4))
    assert [(f.rule, f.cells[0]) for f in findings] == [("S1", t3("new", "natural"))]


def test_entered_total_column_is_balanced_on_its_own():
    findings = run_checks(balanced(t3__carry_out__total=6))
    assert {(f.rule, f.cells[0]) for f in findings} == {("S1", t3("new", "total")), ("I2", t3("carry_out", "total"))}


def printed_with_zeros_blank(**cells: object) -> Report:
    """As many published reports print table 三: zeros left blank, every total printed."""
    report = balanced(**cells)
    for cell_id, value in list(report.cells.items()):
        if cell_id.startswith("t3.") and value == 0 and not is_total_cell(cell_id):
            report.set_cell(cell_id, None)
    return report


def test_a_printed_table_with_zeros_left_blank_passes():
    report = printed_with_zeros_blank()
    assert sum(cell_id not in report.cells for cell_id in F2021.cells()) > 100
    assert [f.rule for f in run_checks(report)] == ["I12"]


def test_a_printed_table_with_zeros_left_blank_is_still_checked():
    findings = {f.rule: f for f in run_checks(printed_with_zeros_blank(t3__open__natural=4))}
    assert findings["I2"].severity is Severity.WARNING
    assert findings["I2"].message.startswith(
        "若空白单元格（表三“（一）予以公开”行“社会公益组织”列、表三“（一）予以公开”行“法律服务机构”列、"
        "表三“（一）予以公开”行“其他”列）为 0，则数字不平衡：表三“（一）予以公开”行“总计”列为 7"
    )
    assert "相差 1；请补填这些空白单元格" in findings["I2"].message


def test_entered_addends_above_their_total_are_an_error_whatever_the_blanks():
    findings = {f.rule: f for f in run_checks(printed_with_zeros_blank(t3__open__natural=6))}
    assert findings["I2"].severity is Severity.ERROR
    assert "不论填什么都不能使之平衡" in findings["I2"].message
    assert findings["I1"].severity is Severity.ERROR


@pytest.mark.parametrize(
    ("cells", "severity"),
    [
        ({"t3__carry_in__natural": None, "t3__new__natural": 12}, Severity.ERROR),
        ({"t3__carry_in__natural": None, "t3__new__natural": 9}, Severity.WARNING),
        ({"t3__carry_in__natural": None, "t3__carry_out__natural": None, "t3__new__natural": 9}, Severity.WARNING),
    ],
)
def test_s1_with_blanks_received_above_what_was_handled_is_an_error(cells, severity):
    findings = [f for f in run_checks(balanced(totals=False, **cells)) if f.rule == "S1"]
    assert [f.severity for f in findings] == [severity]


def test_a_table_mostly_blank_is_being_filled_in_and_its_blanks_are_not_read_as_zero():
    report = Report(agency="云岚市测试局", year=2023, format="F2021", cells={"t3.new.natural": 37})
    assert [f.rule for f in run_checks(report)] == ["I12"]
