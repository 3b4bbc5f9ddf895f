"""`python -m drafting.io.store_cli copy SOURCE TARGET`: move every report, setting and audit row from one database
to another empty one (a SQLite data file to PostgreSQL, or back), ids and revisions kept."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

_TABLES = {"reports": "份报告", "audit": "条修改记录", "meta": "项设置"}


def add_parser(subparsers: Any) -> None:
    """Register `copy-store` (for a command line that collects sub-commands)."""
    parser = subparsers.add_parser(
        "copy-store", help="把一个数据库中的全部报告、设置和修改记录复制到另一个空数据库（如 SQLite 迁到 PostgreSQL）"
    )
    parser.add_argument("source", metavar="来源", help="SQLite 数据文件路径，或数据库地址")
    parser.add_argument(
        "target", metavar="目标", help="空数据库的地址（格式同 DRAFTING_DATABASE_URL），或新的 SQLite 文件路径"
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Copy and print what was copied; a StoreError is printed in Chinese with exit code 1."""
    from drafting.io.store import ReportStore, StoreError  # SQLAlchemy loads only when the command runs

    if "://" not in args.source and not Path(args.source).is_file():
        msg = f"找不到来源数据文件 {args.source}，请检查路径（默认在数据目录中，名为 drafting.sqlite3）"
        print(msg, file=sys.stderr)
        return 1
    try:
        source, target = ReportStore(args.source), ReportStore(args.target)
        counts = target.copy_from(source)
    except StoreError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    done = "，".join(f"{counts[name]} {unit}" for name, unit in _TABLES.items())
    print(f"已从 {source.path} 复制到 {target.path}：{done}")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of `python -m drafting.io.store_cli`."""
    parser = argparse.ArgumentParser(prog="python -m drafting.io.store_cli")
    add_parser(parser.add_subparsers(required=True))
    args = parser.parse_args(argv)
    result: int = args.func(args)
    return result


if __name__ == "__main__":
    sys.exit(main())
