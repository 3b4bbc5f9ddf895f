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
    """Register `drafting admin create-admin|add-user`."""
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
    from drafting.store import open_store

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
