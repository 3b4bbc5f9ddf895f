"""The `drafting` command line: new, check, render, and the draft and import commands."""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from drafting.errors import DraftingError
from drafting.model import AGENCY_KINDS, load_report, new_report, report_to_json, save_report, unwritable

# Modules that add a sub-command through `add_parser(subparsers)`; each owns its command.
EXTENSIONS: tuple[str, ...] = ("drafting.importer.cli", "drafting.draft_cli")

Handler = Callable[[argparse.Namespace], int]


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every sub-command registered."""
    parser = argparse.ArgumentParser(prog="drafting", description="政府信息公开工作年度报告起草工具")
    sub = parser.add_subparsers(dest="command", required=True, metavar="命令")

    p_new = sub.add_parser("new", help="新建一份空白年报数据文件")
    p_new.add_argument("--agency", required=True, help="机关名称")
    p_new.add_argument("--year", required=True, type=int, help="报告年度，如 2025")
    p_new.add_argument("--kind", choices=AGENCY_KINDS, default="部门", help="机关类型")
    p_new.add_argument("-o", "--output", help="保存到此文件（默认输出到屏幕）")
    p_new.add_argument("--force", action="store_true", help="输出文件已存在时覆盖它（原有数据会丢失）")
    p_new.set_defaults(func=_cmd_new)

    p_check = sub.add_parser("check", help="汇总并校验表格，列出问题；有错误时退出码为 1")
    p_check.add_argument("file", help="年报数据文件 .json")
    p_check.set_defaults(func=_cmd_check)

    p_render = sub.add_parser("render", help="生成全文：txt、md、html 或 docx")
    p_render.add_argument("file", help="年报数据文件 .json")
    p_render.add_argument("--to", choices=("txt", "md", "html", "docx"), required=True, help="输出格式")
    p_render.add_argument("-o", "--output", help="输出文件（docx 必填；其他格式默认输出到屏幕）")
    p_render.add_argument("--force", action="store_true", help="输出文件已存在时覆盖它（不会覆盖输入的报告文件）")
    p_render.set_defaults(func=_cmd_render)

    for name in EXTENSIONS:
        importlib.import_module(name).add_parser(sub)
    return parser


def _cmd_new(args: argparse.Namespace) -> int:
    report = new_report(args.agency, args.year, args.kind)
    if args.output:
        _refuse_existing(Path(args.output), args.force)
        save_report(report, args.output)
        print(f"已新建 {report.title}（{report.format} 格式）：{args.output}")
    else:
        print(report_to_json(report))
    return 0


def _cmd_check(args: argparse.Namespace) -> int:
    from drafting.checks import run_checks
    from drafting.findings import has_errors

    report = load_report(args.file)
    findings = run_checks(report)
    for finding in findings:
        print(finding)
    errors = sum(1 for f in findings if f.severity == "error")
    print(f"共 {len(findings)} 条问题，其中错误 {errors} 条。" if findings else "校验通过：未发现问题。")
    return 1 if has_errors(findings) else 0


def _cmd_render(args: argparse.Namespace) -> int:
    from drafting.render import render

    if args.output:
        _refuse_input_as_output(Path(args.file), Path(args.output))
        _refuse_existing(Path(args.output), args.force)
    report = load_report(args.file)
    output = render(report, args.to)
    if isinstance(output, bytes) or args.output:
        if not args.output:
            raise DraftingError("生成 docx 需要用 -o 指定输出文件，如 -o 年报.docx")
        _write(Path(args.output), output)
        print(f"已生成 {args.output}")
    else:
        print(output)
    return 0


def _refuse_existing(path: Path, force: bool) -> None:
    """An existing file is replaced only with --force; a folder is left to the write error that names it."""
    if path.exists() and not path.is_dir() and not force:
        msg = f"文件 {path} 已存在，为免覆盖其中的数据未做任何修改；换一个文件名，或加 --force 覆盖"
        raise DraftingError(msg)


def _refuse_input_as_output(source: Path, output: Path) -> None:
    """Rendering onto the report file itself would destroy its data, with or without --force."""
    if _same_file(source, output):
        msg = f"输出文件 {output} 就是输入的报告文件，写入会毁掉报告数据，未做任何修改；请用 -o 指定另一个文件名"
        raise DraftingError(msg)


def _same_file(a: Path, b: Path) -> bool:
    """Same file by resolved path, or by device and inode when both exist (a hard link)."""
    try:
        return a.samefile(b)
    except OSError:
        return a.resolve() == b.resolve()


def _write(path: Path, output: str | bytes) -> None:
    try:
        if isinstance(output, bytes):
            path.write_bytes(output)
        else:
            path.write_text(output, encoding="utf-8")
    except OSError as exc:
        raise DraftingError(unwritable(path, exc)) from None


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; user errors print one Chinese line to stderr and exit 2, never a traceback."""
    parser = build_parser()
    args = parser.parse_args(argv)
    handler: Handler = args.func
    try:
        return handler(args)
    except DraftingError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("已中断。", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
