"""Accounts over time: a user changes their own password; an administrator switches a user off and on (each test
on SQLite and on a real PostgreSQL server, see tests/conftest.py db_target)."""

from __future__ import annotations

import contextlib
import threading

import pytest

from drafting.accounts import service
from drafting.accounts.model import BAD_LOGIN, DISABLED, LOCKED, AccountError, LoginRefused, Role
from drafting.accounts.service import LAST_ADMIN, LAST_ADMIN_ROLE, MAX_FAILURES, SAME_PASSWORD, WRONG_CURRENT
from drafting.accounts.tables import disabled_users, sessions
from drafting.io.store import ReportStore
from tests.accounts_support import AGENCY_A, PASSWORD, Clock, accounts_for

NEW_PASSWORD = "a-new-passphrase-2024"


@pytest.fixture
def accounts(db_target):
    store = ReportStore(db_target)
    accounts = accounts_for(store, Clock())
    accounts.add_user("admin", PASSWORD, Role.ADMIN)
    accounts.add_user("zhang", PASSWORD, Role.DRAFTER, AGENCY_A)
    yield accounts
    store.close()


def _refusal(accounts, name: str, password: str) -> str:
    with pytest.raises(LoginRefused) as caught:
        accounts.login(name, password)
    return str(caught.value)


def _live_sessions(accounts) -> int:
    with accounts.db.read() as conn:
        return len(conn.execute(sessions.select()).all())


def test_a_user_changes_their_password_and_keeps_only_this_session(accounts):
    here, elsewhere = accounts.login("zhang", PASSWORD), accounts.login("zhang", PASSWORD)
    accounts.change_own_password(here, PASSWORD, NEW_PASSWORD)
    assert accounts.user_for(here) is not None
    assert accounts.user_for(elsewhere) is None  # another browser signed in with the old password is out
    assert _refusal(accounts, "zhang", PASSWORD) == BAD_LOGIN
    assert accounts.user_for(accounts.login("zhang", NEW_PASSWORD)) is not None


@pytest.mark.parametrize(
    ("current", "new", "message"),
    [
        ("not-the-password", NEW_PASSWORD, WRONG_CURRENT),
        (PASSWORD, PASSWORD, SAME_PASSWORD),
        (PASSWORD, "short", "至少需要 8 个字符"),
    ],
    ids=["wrong current password", "same as before", "too short"],
)
def test_a_refused_password_change_says_why_and_changes_nothing(accounts, current, new, message):
    token = accounts.login("zhang", PASSWORD)
    with pytest.raises(AccountError, match=message):
        accounts.change_own_password(token, current, new)
    assert accounts.user_for(accounts.login("zhang", PASSWORD)) is not None


def test_guessing_through_the_change_form_locks_the_account_like_sign_in(accounts):
    token = accounts.login("zhang", PASSWORD)
    for _ in range(MAX_FAILURES):
        with pytest.raises(AccountError, match=WRONG_CURRENT):
            accounts.change_own_password(token, "guess", NEW_PASSWORD)
    with pytest.raises(AccountError, match=LOCKED):
        accounts.change_own_password(token, PASSWORD, NEW_PASSWORD)  # even the right one, until the lock lapses
    assert _refusal(accounts, "zhang", PASSWORD) == LOCKED


def test_an_expired_session_cannot_change_a_password(accounts):
    token = accounts.login("zhang", PASSWORD)
    accounts.logout(token)
    with pytest.raises(AccountError, match="登录已过期"):
        accounts.change_own_password(token, PASSWORD, NEW_PASSWORD)


def test_a_disabled_user_is_signed_out_at_once_and_cannot_sign_in(accounts):
    token = accounts.login("zhang", PASSWORD)
    user, changed = accounts.set_disabled("zhang", True, by="admin")
    assert changed and user.disabled and accounts.get_user("zhang").disabled
    assert accounts.user_for(token) is None
    assert _live_sessions(accounts) == 0
    assert _refusal(accounts, "zhang", PASSWORD) == DISABLED  # told only with the right password
    assert _refusal(accounts, "zhang", "wrong password") == BAD_LOGIN
    accounts.set_disabled("zhang", False, by="admin")
    assert not accounts.get_user("zhang").disabled
    assert accounts.user_for(accounts.login("zhang", PASSWORD)) is not None


def test_the_last_administrator_still_on_cannot_be_switched_off(accounts):
    with pytest.raises(AccountError, match=LAST_ADMIN):
        accounts.set_disabled("admin", True, by="admin")
    accounts.add_user("li", PASSWORD, Role.ADMIN)
    accounts.set_disabled("admin", True, by="li")
    with pytest.raises(AccountError, match=LAST_ADMIN):
        accounts.set_disabled("li", True, by="li")
    assert [u.name for u in accounts.users() if u.disabled] == ["admin"]


def test_the_last_administrator_still_on_keeps_the_role(accounts):
    with pytest.raises(AccountError, match=LAST_ADMIN_ROLE):
        accounts.update_user("admin", Role.REVIEWER, None, frozenset({AGENCY_A}))
    accounts.add_user("li", PASSWORD, Role.ADMIN)
    assert accounts.update_user("admin", Role.REVIEWER, None, frozenset({AGENCY_A})).role is Role.REVIEWER


def test_switching_off_twice_keeps_who_did_it_first_and_says_nothing_changed(accounts):
    accounts.set_disabled("zhang", True, by="admin")
    user, changed = accounts.set_disabled("zhang", True, by="命令行")
    assert user.disabled and not changed
    with accounts.db.read() as conn:
        assert conn.execute(disabled_users.select()).one().by == "admin"
    assert accounts.set_disabled("zhang", False, by="admin")[1]
    assert not accounts.set_disabled("zhang", False, by="admin")[1]
    assert accounts.update_user("zhang", Role.DRAFTER, AGENCY_A, frozenset()).disabled is False


def test_a_successful_change_forgets_the_wrong_guesses_before_it(accounts):
    token = accounts.login("zhang", PASSWORD)
    for _ in range(MAX_FAILURES - 1):
        with pytest.raises(AccountError, match=WRONG_CURRENT):
            accounts.change_own_password(token, "guess", NEW_PASSWORD)
    accounts.change_own_password(token, PASSWORD, NEW_PASSWORD)
    assert _refusal(accounts, "zhang", "one typo") == BAD_LOGIN  # not the fifth failure in a row
    assert accounts.user_for(accounts.login("zhang", NEW_PASSWORD)) is not None


def test_two_administrators_switching_each_other_off_at_once_leave_one_on(accounts, monkeypatch):
    """Each call counts the administrators still on inside its own write; the second waits for the first."""
    accounts.add_user("li", PASSWORD, Role.ADMIN)
    counted = threading.Barrier(2, timeout=1.0)
    real = service._lock_admins_on

    def slow_count(conn):
        ids = real(conn)
        with contextlib.suppress(threading.BrokenBarrierError):  # the other call waits for this write to end
            counted.wait()
        return ids

    monkeypatch.setattr(service, "_lock_admins_on", slow_count)
    outcomes: list[str] = []

    def switch_off(name: str, by: str) -> None:
        try:
            accounts.set_disabled(name, True, by=by)
            outcomes.append("off")
        except AccountError as exc:
            outcomes.append(str(exc))

    threads = [threading.Thread(target=switch_off, args=pair) for pair in (("admin", "li"), ("li", "admin"))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes) == sorted(["off", LAST_ADMIN])
    assert sum(not u.disabled for u in accounts.users() if u.role is Role.ADMIN) == 1


def test_a_sign_in_checked_before_a_password_change_opens_no_session(accounts, monkeypatch):
    """The password is checked, then the owner changes it (ending every session), then the session would open."""
    owner = accounts.login("zhang", PASSWORD)
    real = accounts._succeed

    def change_meanwhile(name, row, password):
        checked = real(name, row, password)
        accounts.change_own_password(owner, PASSWORD, NEW_PASSWORD)
        return checked

    monkeypatch.setattr(accounts, "_succeed", change_meanwhile)
    assert _refusal(accounts, "zhang", PASSWORD) == BAD_LOGIN
