"""The `drafting import FILE -o report.json` command: import a published report and print what was read."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from drafting.errors import ImportFailed
from drafting.model import save_report


def add_parser(subparsers: Any) -> None:
    """Register the `import` sub-command."""
    parser = subparsers.add_parser(
        "import", help="导入已发布的年报（.docx、.html、.txt），读出表格与正文",
        description="导入已发布的政府信息公开工作年度报告，逐个单元格报告读出、空白与无法识别的情况。",
    )
    parser.add_argument("file", help="年报文件：.docx、.html/.htm/.mht 或 .txt（PDF 请先复制文字另存为 .txt）")
    parser.add_argument("-o", "--output", help="保存为年报数据文件 .json（默认只显示摘要）")
    parser.add_argument("--agency", help="机关名称（标题中识别不出时指定）")
    parser.add_argument("--year", type=int, help="报告年度（标题中识别不出时指定）")
    parser.add_argument("--force", action="store_true", help="输出文件已存在时覆盖它")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Import, print the summary, and save only to a new file (or with --force)."""
    from drafting.importer import import_file

    output = Path(args.output) if args.output else None
    if output is not None and output.exists() and not args.force:
        msg = f"{output} 已存在；为免覆盖已有的数据没有导入。请换一个文件名，或加 --force 覆盖"
        raise ImportFailed(msg)
    result = import_file(args.file, agency=args.agency, year=args.year)
    sys.stdout.write(result.summary() + "\n")
    if output is not None:
        save_report(result.report, output)
        sys.stdout.write(f"已保存：{output}\n")
    else:
        sys.stdout.write("未保存：用 -o 指定输出文件，如 -o 上年年报.json\n")
    return 0
