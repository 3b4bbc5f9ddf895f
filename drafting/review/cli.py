"""The `drafting review` and `drafting rollup` commands; registering them imports nothing heavy."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from drafting.cli_args import year_argument
from drafting.errors import DraftingError
from drafting.model import AGENCY_KINDS

if TYPE_CHECKING:
    from drafting.model import Report
    from drafting.review.collect import Source
    from drafting.review.rollup import Unit

REPORT_KINDS = ".pdf、.docx、.html、.mht、.txt、.md 或本工具的 .json"


def add_parser(subparsers: Any) -> None:
    """Register `drafting review` and `drafting rollup`."""
    _add_review(subparsers)
    _add_rollup(subparsers)


def _add_review(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "review",
        help="审核各单位的年报（文件、文件夹或 .zip），结果保存为 .xlsx、.csv 或 .html；"
        "有单位读不出或有错误时退出码为 1",
        description="逐份导入各单位的年报，检查表格、正文与表格是否一致、正文是否齐全，并与同一单位上年的报告比较相似度。",
    )
    parser.add_argument(
        "paths", nargs="+", metavar="文件或文件夹", help=f"年报文件（{REPORT_KINDS}）、文件夹或 .zip 压缩包"
    )
    parser.add_argument(
        "-o",
        "--output",
        required=True,
        metavar="审核结果.xlsx",
        help="保存审核结果：.xlsx（三张工作表）、.csv（每张表一个文件）或 .html",
    )
    parser.add_argument("--units", metavar="名单.txt", help="应报单位名单（每行一个单位名称），列出未收到年报的单位")
    parser.add_argument("--jobs", type=int, metavar="N", help="同时审核的进程数（默认为本机可用的 CPU 核数）")
    parser.add_argument("--force", action="store_true", help="输出文件已存在时覆盖它")
    parser.set_defaults(func=run_review)


def _add_rollup(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "rollup",
        help="把各单位年报的表格逐格相加，生成本级汇总的年报数据文件（另存每格来源 .sources.json）",
        description="汇总各单位的表格（二、三、四）；合计栏按相加后的数据重新计算。"
        "有错误或空白单元格的单位会被列出并停止汇总，除非加 --allow-errors 或 --blanks-as-zero。",
    )
    parser.add_argument(
        "paths", nargs="+", metavar="文件或文件夹", help=f"各单位的年报（{REPORT_KINDS}）、文件夹或 .zip"
    )
    parser.add_argument(
        "-o", "--output", required=True, metavar="本级汇总.json", help="保存汇总结果（年报数据文件 .json）"
    )
    parser.add_argument("--agency", required=True, metavar="机关名称", help="汇总报告的机关名称，如 云岚市人民政府")
    parser.add_argument("--year", type=year_argument, metavar="年度", help="报告年度（各单位的年报须为同一年度）")
    parser.add_argument("--kind", choices=AGENCY_KINDS, default="人民政府", help="汇总报告的机关类型（默认 人民政府）")
    parser.add_argument(
        "--prior", metavar="上年汇总.json", help="上年的汇总报告，作为上年报告附上（用于跨年核对和起草）"
    )
    parser.add_argument("--blanks-as-zero", action="store_true", help="空白单元格按 0 汇总（结果中注明）")
    parser.add_argument("--allow-errors", action="store_true", help="表格有错误的单位也照样汇总（结果中注明）")
    parser.add_argument("--force", action="store_true", help="输出文件已存在时覆盖它")
    parser.set_defaults(func=run_rollup)


def run_review(args: argparse.Namespace) -> int:
    """Review every file, write the sheets, print a one-line summary; 1 when a unit is unreadable or has errors."""
    from drafting.review.expected import compare, read_units
    from drafting.review.export import build_sheets, check_output, write
    from drafting.review.result import Status
    from drafting.review.run import review_all

    output = Path(args.output)
    check_output(output, args.force, 3 if args.units else 2)
    names = read_units(args.units) if args.units else None
    sources = _sources(args.paths, [output, *([args.units] if args.units else [])])
    reviews = review_all(sources, args.jobs)
    expected = compare(names, reviews) if names is not None else None
    written = write(output, build_sheets(reviews, expected))
    counts = {s: sum(1 for r in reviews if r.status is s) for s in Status}
    _say(f"已审核 {len(reviews)} 份：" + "，".join(f"{s.value} {n}" for s, n in counts.items()))
    if expected:
        _say(f"应报未报 {sum(1 for e in expected if e.state == '未收到')} 个单位（见“应报未报”表）")
    _say("结果已保存：" + "、".join(str(p) for p in written))
    return 1 if counts[Status.UNREADABLE] or counts[Status.ERRORS] else 0


def _say(line: str) -> None:
    sys.stdout.write(line + "\n")


def _sources(paths: list[str], exclude: list[Any]) -> list[Source]:
    from drafting.review.collect import collect

    sources = collect(paths, exclude)
    if not sources:
        raise DraftingError(f"在 {'、'.join(paths)} 中没有找到年报文件（{REPORT_KINDS}）")
    return sources


def run_rollup(args: argparse.Namespace) -> int:
    """Load the units, sum them, save the roll-up and its sources; refusals are one Chinese message."""
    from drafting.cli_args import refuse_existing
    from drafting.model import save_report
    from drafting.review.rollup import rollup
    from drafting.review.sidecar import sidecar_path, write_sidecar

    output = Path(args.output)
    for path in (output, sidecar_path(output)):
        refuse_existing(path, args.force)
    units = [_unit(s) for s in _sources(args.paths, [output])]
    result = rollup(
        units, args.agency, args.year, args.kind, blanks_as_zero=args.blanks_as_zero, allow_errors=args.allow_errors
    )
    report = _with_prior(result.report, args.prior) if args.prior else result.report
    save_report(report, output)
    sidecar = write_sidecar(result, output)
    for note in result.notes:
        _say(note)
    _say(f"已保存汇总：{output}（{report.title}）；每格来源：{sidecar}")
    return 0


def _unit(source: Source) -> Unit:
    from drafting.review.rollup import Unit
    from drafting.review.unit import load_report_of

    return Unit(source.name, load_report_of(source))


def _with_prior(report: Report, path: str) -> Report:
    from drafting.model import load_report

    prior = load_report(path)
    if prior.year != report.year - 1:
        raise DraftingError(f"--prior 给出的是 {prior.year} 年度的报告，应为上一年度（{report.year - 1} 年）的汇总")
    return report.model_copy(update={"prior": prior.model_copy(update={"prior": None})})
