"""`drafting import LAST --attach-to THIS.json`: prior attached in place, 上年结转 shown, applied on request."""

from __future__ import annotations

from pathlib import Path

import pytest

from drafting.cli import main
from drafting.model import load_report, new_report, save_report

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "import"
LAST = str(FIXTURES / "f2019-tab.txt")  # 青禾县农业农村局 2020, 结转下年度继续办理: 自然人 2, 总计 2


@pytest.fixture
def this_year(tmp_path: Path) -> Path:
    path = tmp_path / "2021.json"
    save_report(new_report("青禾县农业农村局", 2021), path)
    return path


def test_attach_shows_the_carry_in_proposal_without_applying_it(
    this_year: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["import", LAST, "--attach-to", str(this_year)]) == 0
    out = capsys.readouterr().out
    assert "建议的“上年结转”" in out
    assert "表三“二、上年结转政府信息公开申请数量”行“自然人”列：2（未填）" in out
    assert "--apply-carry-in" in out
    assert "已更新" in out
    report = load_report(this_year)
    assert report.prior is not None and report.prior.year == 2020
    assert report.get("t3.carry_in.natural") is None
    assert report.notes.followups[0].problem == "政策解读形式单一，图解、视频解读较少"
    assert [p.name for p in this_year.parent.iterdir()] == [this_year.name]  # written atomically, no .tmp left


def test_apply_carry_in_fills_blank_cells_and_names_the_ones_it_left(
    this_year: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    report = load_report(this_year)
    report.set_cell("t3.carry_in.other", 3)
    save_report(report, this_year)
    assert main(["import", LAST, "--attach-to", str(this_year), "--apply-carry-in"]) == 0
    out = capsys.readouterr().out
    assert "已采用上年结转" in out
    assert "未改动表三“二、上年结转政府信息公开申请数量”行“其他”列：现为 3，与上年结转的 0 不同" in out
    updated = load_report(this_year)
    assert updated.get("t3.carry_in.natural") == 2
    assert updated.origin("t3.carry_in.natural") == "imported"
    assert updated.get("t3.carry_in.other") == 3


@pytest.mark.parametrize(
    ("extra", "says"),
    [
        (["--apply-carry-in"], "需要与 --attach-to"),
        (["--attach-to", "{missing}"], "找不到文件"),
    ],
)
def test_errors_are_one_chinese_line_and_leave_the_file_alone(
    this_year: Path, capsys: pytest.CaptureFixture[str], extra: list[str], says: str
) -> None:
    before = this_year.read_text("utf-8")
    args = ["import", LAST, *(a.format(missing=this_year.parent / "nope.json") for a in extra)]
    assert main(args) == 2
    err = capsys.readouterr().err
    assert err.startswith("错误：") and says in err and err.count("\n") == 1
    assert this_year.read_text("utf-8") == before


def test_wrong_year_of_last_report_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "2023.json"
    save_report(new_report("青禾县农业农村局", 2023), path)
    before = path.read_text("utf-8")
    assert main(["import", LAST, "--attach-to", str(path)]) == 2
    assert "请导入 2022 年度的年报" in capsys.readouterr().err
    assert path.read_text("utf-8") == before
