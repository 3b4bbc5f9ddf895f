"""The `drafting import FILE` command: import a published report, save it, or attach it as last year's report."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from drafting.cli_args import year_argument
from drafting.errors import ImportFailed
from drafting.model import Report, load_report, save_report


def add_parser(subparsers: Any) -> None:
    """Register the `import` sub-command."""
    parser = subparsers.add_parser(
        "import", help="导入已发布的年报（.pdf、.docx、.html、.txt），读出表格与正文",
        description="导入已发布的政府信息公开工作年度报告，逐个单元格报告读出、空白与无法识别的情况；"
                    "可保存为数据文件，或作为上年报告附到本年的年报数据文件上。",
    )
    parser.add_argument(
        "file", metavar="年报文件",
        help="年报文件：.pdf（有文字层的，扫描件需先做文字识别）、.docx、.html/.htm/.mht 或 .txt",
    )
    parser.add_argument("-o", "--output", metavar="文件.json", help="保存为年报数据文件 .json（默认只显示摘要）")
    parser.add_argument("--agency", metavar="机关名称", help="机关名称（以此为准，不论标题中写的是什么）")
    parser.add_argument("--year", type=year_argument, metavar="年度", help="报告年度（以此为准，不论标题中写的是什么）")
    parser.add_argument("--force", action="store_true", help="输出文件已存在时覆盖它")
    parser.add_argument("--cells", action="store_true",
                        help="逐个列出每个单元格：读出的值和原文、空白、无法识别（及原因）或未找到")
    parser.add_argument("--attach-to", metavar="本年.json",
                        help="把导入的年报作为上年报告附到这个本年年报数据文件上（就地更新该文件）")
    parser.add_argument("--apply-carry-in", action="store_true",
                        help="与 --attach-to 一起用：把上年“结转下年度继续办理”填入本年尚未填写的“上年结转”单元格")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Import, print the summary, save only to a new file (or with --force), attach to this year's report on request."""
    from drafting.io.importer import import_file

    output = Path(args.output) if args.output else None
    if output is not None and output.exists() and not args.force:
        msg = f"{output} 已存在；为免覆盖已有的数据没有导入。请换一个文件名，或加 --force 覆盖"
        raise ImportFailed(msg)
    if args.apply_carry_in and not args.attach_to:
        raise ImportFailed("--apply-carry-in 需要与 --attach-to 本年.json 一起使用")
    target = load_report(args.attach_to) if args.attach_to else None
    result = import_file(
        args.file,
        agency=target.agency if target else None,
        year=target.year - 1 if target else None,
        agency_override=args.agency,
        year_override=args.year,
    )
    sys.stdout.write(result.summary() + "\n")
    if args.cells:
        sys.stdout.write("".join(f"{cell}\n" for cell in result.cell_table()))
    if output is not None:
        save_report(result.report, output)
        sys.stdout.write(f"已保存：{output}\n")
    if target is not None:
        _attach(target, result.report, Path(args.attach_to), apply=args.apply_carry_in)
    elif output is None:
        sys.stdout.write("未保存：用 -o 指定输出文件，如 -o 上年年报.json；"
                         "或用 --attach-to 本年.json 作为上年报告附上\n")
    return 0


def _attach(target: Report, prior: Report, path: Path, *, apply: bool) -> None:
    """Attach the prior, show (and on request apply) the 上年结转 proposal, and save the file in place."""
    from drafting.io.importer import attach_prior
    from drafting.tables.fill import apply_carry_in, carry_in_proposal

    replaced = target.prior
    updated = attach_prior(target, prior)
    proposal = carry_in_proposal(updated)
    _print_proposal(updated, proposal)
    if proposal and apply:
        applied = apply_carry_in(updated)
        _print_applied(updated, applied, proposal)
        updated = applied
    elif proposal:
        sys.stdout.write("未采用：确认无误后加 --apply-carry-in 再运行一次，把以上数值填入尚未填写的单元格\n")
    save_report(updated, path)
    note = f"（替换了原有的 {replaced.year} 年度上年报告）" if replaced is not None else ""
    sys.stdout.write(f"已更新：{path}，上年报告为《{prior.title}》{note}\n")


def _print_proposal(report: Report, proposal: dict[str, int]) -> None:
    if not proposal:
        sys.stdout.write("上年报告中没有“结转下年度继续办理”的数值，无可建议的“上年结转”\n")
        return
    specs = report.fmt.cells()
    sys.stdout.write("建议的“上年结转”（来自上年报告的“结转下年度继续办理”）：\n")
    for cell_id, value in proposal.items():
        current = report.get(cell_id)
        now = "未填" if current is None else f"现为 {current}"
        sys.stdout.write(f"  {specs[cell_id].location}：{value}（{now}）\n")


def _print_applied(before: Report, after: Report, proposal: dict[str, int]) -> None:
    specs = after.fmt.cells()
    filled = [cell_id for cell_id in proposal if before.get(cell_id) is None and after.get(cell_id) is not None]
    differing = [cell_id for cell_id, value in proposal.items() if after.get(cell_id) not in (None, value)]
    sys.stdout.write(f"已采用上年结转：填入 {len(filled)} 个尚未填写的单元格\n")
    for cell_id in differing:
        sys.stdout.write(f"  未改动{specs[cell_id].location}：现为 {after.get(cell_id)}，与上年结转的 "
                         f"{proposal[cell_id]} 不同，请核对\n")
