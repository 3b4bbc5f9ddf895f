"""Roles, the signed-in user and the account errors whose Chinese messages are shown as they are."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from enum import StrEnum

from drafting.errors import DraftingError

BAD_LOGIN = "用户名或密码不正确"
LOCKED = "登录失败次数过多，请 15 分钟后再试"
DISABLED = "该账户已停用，请联系管理员"
SESSION_ENDED = "登录已结束（已过期、已在别处退出或账户已停用），这次操作没有执行；请重新登录"
DENIED = "无权查看此报告"
DENIED_EDIT = "无权修改此报告"


class Role(StrEnum):
    """What a user may do: draft their own agency's report, review their scope's, or manage accounts."""

    DRAFTER = "起草人"
    REVIEWER = "审核人"
    ADMIN = "管理员"


@dataclass(frozen=True)
class User:
    """A signed-in user: their agency (起草人) and the agencies they review (审核人)."""

    id: int
    name: str
    role: Role
    agency: str | None = None
    scope: frozenset[str] = field(default_factory=frozenset)
    disabled: bool = False

    @property
    def label(self) -> str:
        """How the user is named in the sidebar."""
        where = f" · {self.agency}" if self.agency else ""
        return f"{self.name}（{self.role.value}{where}）"


class AccountError(DraftingError):
    """An account cannot be created or changed as asked."""


class LoginRefused(AccountError):
    """A sign-in failed; the message never tells whether the user name exists."""


def clean_name(name: str) -> str:
    """A user or agency name as stored: NFKC (full-width letters folded) and trimmed."""
    return unicodedata.normalize("NFKC", name).strip()


_OFF = frozenset({"", "0", "false", "no", "off", "n", "f"})


def switched_on(setting: bool, raw: str | None) -> bool:
    """Accounts are on when the setting says so, or when DRAFTING_ACCOUNTS holds anything but an explicit "off".

    Fails closed: a mistyped value (the lenient settings loader would drop it to the default, off) keeps the
    login rather than opening every report to whoever reaches the server.
    """
    return setting or (raw or "").strip().lower() not in _OFF
