"""Accounts: argon2 hashes, sign-in that never tells whether a name exists, lock-out, sessions that expire."""

from __future__ import annotations

import pytest

from drafting.accounts.model import BAD_LOGIN, LOCKED, AccountError, LoginRefused, Role
from drafting.accounts.tables import sessions, users
from tests.accounts_support import AGENCY_A, FAST, PASSWORD, Clock, accounts_for, data_store


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def accounts(tmp_path, clock):
    return accounts_for(data_store(tmp_path / "d"), clock)


def _refusal(accounts, name: str, password: str) -> str:
    with pytest.raises(LoginRefused) as caught:
        accounts.login(name, password)
    return str(caught.value)


def test_only_an_argon2id_hash_is_stored(accounts):
    accounts.add_user("zhang", PASSWORD, Role.DRAFTER, AGENCY_A)
    with accounts.db.read() as conn:
        stored = conn.execute(users.select()).one().password_hash
    assert stored.startswith("$argon2id$")
    assert PASSWORD not in stored
    assert FAST.verify(stored, PASSWORD) and not FAST.verify(stored, PASSWORD + "x")


def test_short_passwords_and_drafters_without_agency_are_refused(accounts):
    with pytest.raises(AccountError, match="至少"):
        accounts.add_user("zhang", "short", Role.DRAFTER, AGENCY_A)
    with pytest.raises(AccountError, match="单位"):
        accounts.add_user("zhang", PASSWORD, Role.DRAFTER)
    accounts.add_user("zhang", PASSWORD, Role.DRAFTER, AGENCY_A)
    with pytest.raises(AccountError, match="已被使用"):
        accounts.add_user("zhang", PASSWORD, Role.REVIEWER)


def test_a_wrong_password_and_an_unknown_name_get_the_same_message(accounts):
    accounts.add_user("zhang", PASSWORD, Role.DRAFTER, AGENCY_A)
    assert _refusal(accounts, "zhang", "wrong password") == BAD_LOGIN
    assert _refusal(accounts, "nobody", PASSWORD) == BAD_LOGIN


def test_a_right_password_opens_a_session_of_that_user(accounts):
    accounts.add_user("zhang", PASSWORD, Role.REVIEWER, AGENCY_A, frozenset({"乙"}))
    token = accounts.login(" zhang ", PASSWORD)
    user = accounts.user_for(token)
    assert user is not None and (user.name, user.role, user.scope) == ("zhang", Role.REVIEWER, frozenset({"乙"}))
    with accounts.db.read() as conn:
        assert token not in {row.token_hash for row in conn.execute(sessions.select())}


def test_five_failures_lock_the_name_for_15_minutes_even_with_the_right_password(accounts, clock):
    accounts.add_user("zhang", PASSWORD, Role.DRAFTER, AGENCY_A)
    for _ in range(5):
        assert _refusal(accounts, "zhang", "wrong password") == BAD_LOGIN
    assert _refusal(accounts, "zhang", PASSWORD) == LOCKED
    clock.advance(minutes=14, seconds=59)
    assert _refusal(accounts, "zhang", PASSWORD) == LOCKED
    clock.advance(seconds=2)
    assert accounts.user_for(accounts.login("zhang", PASSWORD)) is not None


def test_an_unknown_name_locks_the_same_way(accounts):
    for _ in range(5):
        _refusal(accounts, "nobody", "wrong password")
    assert _refusal(accounts, "nobody", "wrong password") == LOCKED


def test_a_success_resets_the_failure_count(accounts):
    accounts.add_user("zhang", PASSWORD, Role.DRAFTER, AGENCY_A)
    for _ in range(4):
        _refusal(accounts, "zhang", "wrong password")
    accounts.login("zhang", PASSWORD)
    for _ in range(4):
        _refusal(accounts, "zhang", "wrong password")
    assert accounts.login("zhang", PASSWORD)


def test_a_session_expires_after_30_idle_minutes(accounts, clock):
    accounts.add_user("zhang", PASSWORD, Role.DRAFTER, AGENCY_A)
    token = accounts.login("zhang", PASSWORD)
    clock.advance(minutes=29)
    assert accounts.user_for(token) is not None  # use keeps it alive
    clock.advance(minutes=29)
    assert accounts.user_for(token) is not None
    clock.advance(minutes=31)
    assert accounts.user_for(token) is None
    clock.advance(minutes=-31)
    assert accounts.user_for(token) is None, "an expired session is removed, not merely refused"


def test_a_session_ends_after_12_hours_however_active(accounts, clock):
    accounts.add_user("zhang", PASSWORD, Role.DRAFTER, AGENCY_A)
    token = accounts.login("zhang", PASSWORD)
    for _ in range(24):
        clock.advance(minutes=29)
        assert accounts.user_for(token) is not None
    clock.advance(minutes=29)
    assert accounts.user_for(token) is None


def test_logout_and_a_new_password_end_sessions(accounts):
    accounts.add_user("zhang", PASSWORD, Role.DRAFTER, AGENCY_A)
    first, second = accounts.login("zhang", PASSWORD), accounts.login("zhang", PASSWORD)
    accounts.logout(first)
    assert accounts.user_for(first) is None and accounts.user_for(second) is not None
    accounts.set_password("zhang", "another password 2")
    assert accounts.user_for(second) is None
    assert accounts.user_for("made-up-token") is None and accounts.user_for(None) is None


def test_role_agency_and_scope_changes_apply_to_a_live_session(accounts):
    accounts.add_user("li", PASSWORD, Role.DRAFTER, AGENCY_A)
    token = accounts.login("li", PASSWORD)
    accounts.update_user("li", Role.REVIEWER, None, frozenset({AGENCY_A}))
    user = accounts.user_for(token)
    assert user is not None and user.role is Role.REVIEWER and user.scope == {AGENCY_A}
    assert AGENCY_A in accounts.agencies()


def test_the_default_hasher_is_argon2id_with_its_default_cost(tmp_path):
    from drafting.accounts.service import Accounts

    accounts = Accounts.for_store(data_store(tmp_path / "d"))
    assert accounts.passwords.hash(PASSWORD).startswith("$argon2id$v=19$m=65536")


def test_failures_are_logged_by_name_never_with_the_password(accounts, caplog):
    for _ in range(6):
        _refusal(accounts, "zhang\nforged line", "my secret guess")
    assert "login failed: name='zhang\\nforged line'" in caplog.text
    assert "login refused while locked" in caplog.text and "my secret guess" not in caplog.text


def test_an_overlong_name_is_refused_without_a_failure_row(accounts):
    from drafting.accounts.tables import login_failures

    assert _refusal(accounts, "x" * 65, PASSWORD) == BAD_LOGIN
    with accounts.db.read() as conn:
        assert conn.execute(login_failures.select()).first() is None


@pytest.mark.parametrize(
    ("setting", "raw", "on"),
    [
        (False, None, False),
        (False, "0", False),
        (False, "off", False),
        (True, None, True),
        (False, "1", True),
        (False, "ture", True),
        (False, "yes please", True),
    ],
)
def test_accounts_switch_fails_closed_on_a_mistyped_value(setting, raw, on):
    from drafting.accounts.model import switched_on

    assert switched_on(setting, raw) is on
