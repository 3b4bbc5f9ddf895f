"""Users, agencies and scopes; sign-in with lock-out; server-side sessions that expire."""

from __future__ import annotations

import hashlib
import logging
import secrets
from contextlib import suppress
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Connection, Row, delete, insert, select, update
from sqlalchemy.exc import IntegrityError

from drafting.accounts.db import Clock, Database, engine_for, parse, stamp, utc_now
from drafting.accounts.model import (
    BAD_LOGIN,
    DISABLED,
    LOCKED,
    AccountError,
    LoginRefused,
    Role,
    User,
    clean_name,
)
from drafting.accounts.passwords import Passwords
from drafting.accounts.tables import agencies, disabled_users, login_failures, scopes, sessions, users
from drafting.io.store import ReportStore

MAX_FAILURES = 5
LOCK_FOR = timedelta(minutes=15)
SESSION_IDLE = timedelta(minutes=30)
SESSION_MAX = timedelta(hours=12)
_TOUCH_EVERY = timedelta(seconds=60)  # last_seen is written at most once a minute, not on every rerun
EXPIRED = "登录已过期，请重新登录"
WRONG_CURRENT = "当前密码不正确"
SAME_PASSWORD = "新密码不能与当前密码相同"
LAST_ADMIN = "不能停用唯一仍在使用的管理员账户：请先添加或启用另一个管理员"
LAST_ADMIN_ROLE = "不能改变唯一仍在使用的管理员的角色：请先添加或启用另一个管理员"
MAX_NAME = 64  # longer names are refused at sign-in without a failure row (no table growth from junk names)

log = logging.getLogger("drafting.accounts")


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class Accounts:
    """The accounts of one database."""

    def __init__(self, db: Database, passwords: Passwords | None = None) -> None:
        self.db = db
        self.passwords = passwords or Passwords()

    @classmethod
    def for_store(cls, store: ReportStore, clock: Clock = utc_now, passwords: Passwords | None = None) -> Accounts:
        """The accounts kept in the store's database."""
        return cls(Database(engine_for(store), clock), passwords)

    @property
    def now(self) -> datetime:
        """The injected clock's time."""
        return self.db.clock()

    # --- agencies, users, scopes -------------------------------------------------------------------------------

    def add_agency(self, name: str) -> str:
        """Register an agency (kept once); returns its stored name."""
        name = clean_name(name)
        if not name:
            msg = "请填写单位名称"
            raise AccountError(msg)
        with self.db.write() as conn:
            if conn.execute(select(agencies.c.name).where(agencies.c.name == name)).first() is None:
                conn.execute(insert(agencies).values(name=name))
        return name

    def agencies(self) -> list[str]:
        """All agency names, sorted."""
        with self.db.read() as conn:
            return sorted(str(n) for n in conn.execute(select(agencies.c.name)).scalars())

    def add_user(
        self, name: str, password: str, role: Role, agency: str | None = None, scope: frozenset[str] = frozenset()
    ) -> User:
        """Create a user; a 起草人 needs an agency. The password is hashed here and never kept."""
        name = clean_name(name)
        _check_user(name, role, agency)
        values = {"name": name, "password_hash": self.passwords.hash(password), "role": role.value}
        for place in (agency, *scope):
            if place:
                self.add_agency(place)
        try:
            with self.db.write() as conn:
                stmt = insert(users).values(**values, agency=agency or None, created=stamp(self.now))
                user_id = int(conn.execute(stmt.returning(users.c.id)).scalar_one())
                _write_scope(conn, user_id, scope)
        except IntegrityError:
            msg = f"用户名“{name}”已被使用"
            raise AccountError(msg) from None
        return User(user_id, name, role, agency or None, frozenset(scope))

    def update_user(self, name: str, role: Role, agency: str | None, scope: frozenset[str]) -> User:
        """Set a user's role, agency and scope (effective at their next rerun)."""
        user = self.get_user(name)
        _check_user(user.name, role, agency)
        for place in (agency, *scope):
            if place:
                self.add_agency(place)
        with self.db.write() as conn:
            admins_on = _lock_admins_on(conn)
            if role is not Role.ADMIN and user.id in admins_on and len(admins_on) <= 1:
                raise AccountError(LAST_ADMIN_ROLE)
            conn.execute(update(users).where(users.c.id == user.id).values(role=role.value, agency=agency or None))
            conn.execute(delete(scopes).where(scopes.c.user_id == user.id))
            _write_scope(conn, user.id, scope)
        return User(user.id, user.name, role, agency or None, frozenset(scope), disabled=user.disabled)

    def set_password(self, name: str, password: str) -> None:
        """Replace a user's password and end their sessions."""
        user = self.get_user(name)
        hashed = self.passwords.hash(password)
        with self.db.write() as conn:
            conn.execute(update(users).where(users.c.id == user.id).values(password_hash=hashed))
            conn.execute(delete(sessions).where(sessions.c.user_id == user.id))

    def change_own_password(self, token: str, current: str, new: str) -> None:
        """A signed-in user's new password. The current one must be right (a wrong one counts toward the
        lock-out, so the form cannot be used to guess); the user's other sessions end, this one stays."""
        user, now = self.user_for(token), self.now
        if user is None:
            raise AccountError(EXPIRED)
        if self._locked(user.name, now):
            raise AccountError(LOCKED)
        if not self.passwords.verify(self._hash_of(user.id), current):
            self._fail(user.name, now)
            raise AccountError(WRONG_CURRENT)
        if new == current:
            raise AccountError(SAME_PASSWORD)
        hashed = self.passwords.hash(new)
        with self.db.write() as conn:
            conn.execute(update(users).where(users.c.id == user.id).values(password_hash=hashed))
            others = (sessions.c.user_id == user.id) & (sessions.c.token_hash != _token_hash(token))
            conn.execute(delete(sessions).where(others))
            conn.execute(delete(login_failures).where(login_failures.c.name == user.name))  # as a sign-in does
        log.info("password changed by its user: name=%r", user.name)

    def _hash_of(self, user_id: int) -> str | None:
        with self.db.read() as conn:
            found = conn.execute(select(users.c.password_hash).where(users.c.id == user_id)).scalar()
        return None if found is None else str(found)

    def set_disabled(self, name: str, disabled: bool, by: str) -> tuple[User, bool]:
        """Switch a user off (no sign-in; their sessions end at once) or on again; the user and whether
        anything changed (switching off twice keeps who did it first). The last 管理员 still on cannot be
        switched off: nobody could manage the accounts any more."""
        user = self.get_user(name)
        with self.db.write() as conn:
            admins_on = _lock_admins_on(conn)  # counted inside the write: two admins at once cannot both pass
            conn.execute(select(users.c.id).where(users.c.id == user.id).with_for_update())
            now_off = conn.execute(select(disabled_users).where(disabled_users.c.user_id == user.id)).first()
            if (now_off is not None) == disabled:
                return replace(user, disabled=disabled), False
            if disabled and user.id in admins_on and len(admins_on) <= 1:
                raise AccountError(LAST_ADMIN)
            if disabled:
                conn.execute(insert(disabled_users).values(user_id=user.id, at=stamp(self.now), by=by))
                conn.execute(delete(sessions).where(sessions.c.user_id == user.id))
            else:
                conn.execute(delete(disabled_users).where(disabled_users.c.user_id == user.id))
        log.warning("user %s by %r: name=%r", "disabled" if disabled else "enabled", by, user.name)
        return replace(user, disabled=disabled), True

    def get_user(self, name: str) -> User:
        """A user by name (for administrators and the CLI; sign-in never says whether a name exists)."""
        with self.db.read() as conn:
            row = conn.execute(select(users).where(users.c.name == clean_name(name))).first()
            if row is None:
                msg = f"没有用户“{clean_name(name)}”"
                raise AccountError(msg)
            return _user(conn, row)

    def users(self) -> list[User]:
        """All users, by name."""
        with self.db.read() as conn:
            return [_user(conn, row) for row in conn.execute(select(users).order_by(users.c.name))]

    def has_admin(self) -> bool:
        """Whether any 管理员 exists."""
        with self.db.read() as conn:
            return conn.execute(select(users.c.id).where(users.c.role == Role.ADMIN.value)).first() is not None

    # --- sign-in, lock-out, sessions ----------------------------------------------------------------------------

    def login(self, name: str, password: str) -> str:
        """A new session token for a right name and password; LoginRefused otherwise (same message either way)."""
        name, now = clean_name(name), self.now
        if len(name) > MAX_NAME:
            self.passwords.verify(None, password)  # the same time as any other wrong name
            raise LoginRefused(BAD_LOGIN)
        if self._locked(name, now):
            log.warning("login refused while locked: name=%r", name)
            raise LoginRefused(LOCKED)
        with self.db.read() as conn:
            row = conn.execute(select(users).where(users.c.name == name)).first()
        if not self.passwords.verify(row.password_hash if row else None, password) or row is None:
            self._fail(name, now)
            raise LoginRefused(BAD_LOGIN)
        if self._is_disabled(int(row.id)):  # said only to whoever knows the password
            log.warning("login refused, user disabled: name=%r", name)
            raise LoginRefused(DISABLED)
        checked = self._succeed(name, row, password)
        return self._open_session(int(row.id), now, checked)

    def _is_disabled(self, user_id: int) -> bool:
        with self.db.read() as conn:
            return conn.execute(select(disabled_users).where(disabled_users.c.user_id == user_id)).first() is not None

    def _locked(self, name: str, now: datetime) -> bool:
        with self.db.read() as conn:
            until = conn.execute(select(login_failures.c.locked_until).where(login_failures.c.name == name)).scalar()
        return until is not None and parse(until) > now

    def _fail(self, name: str, now: datetime) -> None:
        """Count a failure; the fifth in a row locks the name for LOCK_FOR (a lapsed lock starts a fresh count)."""
        log.warning("login failed: name=%r", name)
        with suppress(IntegrityError):  # a simultaneous failure of the same name inserted its row first; it counted
            self._count_failure(name, now)

    def _count_failure(self, name: str, now: datetime) -> None:
        with self.db.write() as conn:
            row = conn.execute(select(login_failures).where(login_failures.c.name == name)).first()
            lapsed = row is not None and row.locked_until is not None and parse(row.locked_until) <= now
            count = 1 if row is None or lapsed else int(row.failures) + 1
            until = stamp(now + LOCK_FOR) if count >= MAX_FAILURES else None
            values = {"failures": 0 if until else count, "locked_until": until}
            conn.execute(delete(login_failures).where(login_failures.c.name == name))
            conn.execute(insert(login_failures).values(name=name, **values))

    def _succeed(self, name: str, row: Row[Any], password: str) -> str:
        """Forget the failures; re-hash a password stored with weaker parameters (unless it was changed
        meanwhile). The hash the password was checked against, as stored now."""
        checked = str(row.password_hash)
        with self.db.write() as conn:
            conn.execute(delete(login_failures).where(login_failures.c.name == name))
            if self.passwords.needs_rehash(checked):
                rehashed = self.passwords.hash(password)
                same = (users.c.id == row.id) & (users.c.password_hash == checked)
                if conn.execute(update(users).where(same).values(password_hash=rehashed)).rowcount:
                    checked = rehashed
        return checked

    def _open_session(self, user_id: int, now: datetime, checked_hash: str) -> str:
        """A session, unless the password was changed (or the user switched off) since it was checked: the
        user's row is locked and read again in the same transaction, so a change that ends all sessions
        cannot slip in between and leave this one open."""
        token = secrets.token_urlsafe(32)
        values = {"token_hash": _token_hash(token), "user_id": user_id, "created": stamp(now), "last_seen": stamp(now)}
        with self.db.write() as conn:
            locked = select(users.c.password_hash).where(users.c.id == user_id).with_for_update()
            off = select(disabled_users.c.user_id).where(disabled_users.c.user_id == user_id)
            if conn.execute(locked).scalar() != checked_hash or conn.execute(off).first() is not None:
                raise LoginRefused(BAD_LOGIN)
            conn.execute(insert(sessions).values(**values))
        return token

    def user_for(self, token: str | None) -> User | None:
        """The user of a live session; an expired (idle or too old) or unknown token is None and is removed."""
        if not token:
            return None
        key, now = _token_hash(token), self.now
        with self.db.read() as conn:  # asked on every rerun and before every write: one join, then the scope
            row = conn.execute(_SESSION_USER.where(sessions.c.token_hash == key)).first()
            user = _user(conn, row, disabled=row.off is not None) if row is not None else None
        if row is None or user is None or user.disabled or _expired(row, now):
            self.logout(token)
            return None
        if now - parse(row.last_seen) >= _TOUCH_EVERY:
            self._touch(key, now)
        return user

    def _touch(self, key: str, now: datetime) -> None:
        with self.db.write() as conn:
            conn.execute(update(sessions).where(sessions.c.token_hash == key).values(last_seen=stamp(now)))

    def logout(self, token: str) -> None:
        """End a session."""
        with self.db.write() as conn:
            conn.execute(delete(sessions).where(sessions.c.token_hash == _token_hash(token)))


def _lock_admins_on(conn: Connection) -> set[int]:
    """The ids of the 管理员 not switched off, their rows locked for the rest of the transaction (PostgreSQL;
    a SQLite write already holds the whole file)."""
    admins = select(users.c.id).where(users.c.role == Role.ADMIN.value).order_by(users.c.id).with_for_update()
    ids = {int(i) for i in conn.execute(admins).scalars()}
    off = {int(i) for i in conn.execute(select(disabled_users.c.user_id)).scalars()}
    return ids - off


# A session with its user and whether the user is switched off (user columns keep their names; the session's
# own times are opened/last_seen).
_SESSION_USER = (
    select(
        users, sessions.c.created.label("opened"), sessions.c.last_seen, disabled_users.c.user_id.label("off")
    )
    .join(sessions, sessions.c.user_id == users.c.id)
    .outerjoin(disabled_users, disabled_users.c.user_id == users.c.id)
)


def _expired(row: Row[Any], now: datetime) -> bool:
    return now - parse(row.last_seen) > SESSION_IDLE or now - parse(row.opened) > SESSION_MAX


def _check_user(name: str, role: Role, agency: str | None) -> None:
    if not name or len(name) > MAX_NAME:
        msg = f"请填写用户名（不超过 {MAX_NAME} 个字符）"
        raise AccountError(msg)
    if role is Role.DRAFTER and not agency:
        msg = "起草人必须属于一个单位"
        raise AccountError(msg)


def _write_scope(conn: Connection, user_id: int, scope: frozenset[str]) -> None:
    for agency in sorted(scope):
        conn.execute(insert(scopes).values(user_id=user_id, agency=agency))


def _user(conn: Connection, row: Row[Any], disabled: bool | None = None) -> User:
    """The user of a `users` row; whether they are switched off is looked up unless given."""
    scope = frozenset(str(a) for a in conn.execute(select(scopes.c.agency).where(scopes.c.user_id == row.id)).scalars())
    if disabled is None:
        off = conn.execute(select(disabled_users.c.user_id).where(disabled_users.c.user_id == row.id)).first()
        disabled = off is not None
    return User(int(row.id), str(row.name), Role(row.role), row.agency, scope, disabled=disabled)
