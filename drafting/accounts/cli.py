"""The `drafting admin` command: create the first 管理员 and add users; registering it imports nothing heavy."""

from __future__ import annotations

import argparse
import getpass
import sys
from typing import TYPE_CHECKING, Any

from drafting.errors import DraftingError

if TYPE_CHECKING:
    from drafting.accounts.service import Accounts

ROLES = ("起草人", "审核人", "管理员")


def add_parser(subparsers: Any) -> None:
    """Register `drafting admin create-admin|add-user|disable|enable|export-approved`."""
    parser = subparsers.add_parser("admin", help="多人使用时的账户管理：创建管理员、添加用户（密码从提示或标准输入读）")
    sub = parser.add_subparsers(dest="admin_command", required=True, metavar="子命令")
    create = sub.add_parser("create-admin", help="创建管理员（第一个管理员只能这样创建，没有默认密码）")
    create.add_argument("name", metavar="用户名")
    create.set_defaults(func=run_create_admin)
    add = sub.add_parser("add-user", help="添加起草人或审核人")
    add.add_argument("name", metavar="用户名")
    add.add_argument("--role", required=True, choices=ROLES, help="角色")
    add.add_argument("--agency", metavar="名称", help="所属单位（起草人必填）")
    add.add_argument("--scope", metavar="名称", action="append", default=[], help="审核人负责审核的单位（可多次给出）")
    add.set_defaults(func=run_add_user)
    for command, help_text, disabled in (
        ("disable", "停用用户（不能再登录，已登录的立即退出；唯一的管理员不能停用）", True),
        ("enable", "重新启用已停用的用户", False),
    ):
        switch = sub.add_parser(command, help=help_text)
        switch.add_argument("name", metavar="用户名")
        switch.set_defaults(func=run_set_disabled, disabled=disabled)
    approved = sub.add_parser(
        "export-approved", help="把审核通过的各单位报告（提交时固定的版本）导出为 .json，供 drafting rollup 汇总"
    )
    approved.add_argument("folder", metavar="文件夹")
    approved.add_argument("--year", type=int, metavar="年度", help="只导出这一年度的报告")
    approved.set_defaults(func=run_export_approved)


def read_password(stream: Any = None) -> str:
    """The password: asked twice at a terminal (not echoed), else the first line of standard input."""
    stream = stream or sys.stdin
    if not stream.isatty():
        return str(stream.readline()).rstrip("\r\n")
    first = getpass.getpass("密码：")
    if getpass.getpass("再次输入密码：") != first:
        msg = "两次输入的密码不一致"
        raise DraftingError(msg)
    return first


def _accounts() -> Accounts:
    from drafting.accounts.service import Accounts
    from drafting.io.store import open_store

    return Accounts.for_store(open_store())


def run_create_admin(args: argparse.Namespace) -> int:
    """Create a 管理员 with a password read from the prompt or stdin."""
    from drafting.accounts.model import Role

    user = _accounts().add_user(args.name, read_password(), Role.ADMIN)
    sys.stdout.write(f"已创建管理员 {user.name}\n")
    return 0


def run_add_user(args: argparse.Namespace) -> int:
    """Add a user with a role, an agency and a scope; the password is read from the prompt or stdin."""
    from drafting.accounts.model import Role

    role = Role(args.role)
    user = _accounts().add_user(args.name, read_password(), role, args.agency, frozenset(args.scope))
    sys.stdout.write(f"已添加用户 {user.label}\n")
    return 0


def run_set_disabled(args: argparse.Namespace) -> int:
    """Switch a user off or on again (recorded as done from the command line)."""
    user, changed = _accounts().set_disabled(args.name, args.disabled, by="命令行")
    state = "停用" if user.disabled else "启用"
    said = f"已{state}用户 {user.label}" if changed else f"用户 {user.label} 本来就是{state}状态，未作改动"
    sys.stdout.write(said + "\n")
    return 0


def run_export_approved(args: argparse.Namespace) -> int:
    """Write each approved unit's frozen report as <单位>-<年度>.json (an existing file is not overwritten)."""
    from pathlib import Path

    from drafting.accounts.workflow import Workflow
    from drafting.model import save_report

    accounts = _accounts()
    reports = [r for r in Workflow(accounts.db).approved() if args.year in (None, r.year)]
    folder = Path(args.folder)
    folder.mkdir(parents=True, exist_ok=True)
    paths = [folder / f"{_file_name(r.agency)}-{r.year}.json" for r in reports]
    existing = [p for p in paths if p.exists()]
    if existing:
        msg = f"{existing[0]} 已存在，未覆盖；请换一个空文件夹"
        raise DraftingError(msg)
    for report, path in zip(reports, paths, strict=True):
        save_report(report, path)
    sys.stdout.write(f"已导出 {len(reports)} 份审核通过的报告到 {folder}\n")
    return 0


def _file_name(agency: str) -> str:
    return "".join("_" if ch in '\\/:*?"<>|' or ord(ch) < 32 else ch for ch in agency).strip(". ") or "单位"
