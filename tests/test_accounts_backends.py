"""Accounts and the workflow on both backends: SQLite and a real PostgreSQL server (tests/pg_server.py)."""

from __future__ import annotations

import pytest

from drafting.accounts.db import Database
from drafting.accounts.guard import AccessDenied, ScopedStore
from drafting.accounts.model import BAD_LOGIN, LOCKED, LoginRefused, Role
from drafting.accounts.workflow import Status, Workflow
from drafting.io.store import ReportStore
from tests.accounts_support import AGENCY_A, AGENCY_B, PASSWORD, Clock, accounts_for, two_reports


def test_sign_in_lock_out_isolation_and_review(db_target):
    store, clock = ReportStore(db_target), Clock()
    accounts = accounts_for(store, clock)
    zhang = accounts.add_user("zhang", PASSWORD, Role.DRAFTER, AGENCY_A)
    li = accounts.add_user("li", PASSWORD, Role.REVIEWER, None, frozenset({AGENCY_A}))
    assert accounts.user_for(accounts.login("zhang", PASSWORD)) == zhang
    for _ in range(5):
        with pytest.raises(LoginRefused, match=BAD_LOGIN):
            accounts.login("li", "wrong password")
    with pytest.raises(LoginRefused, match=LOCKED):
        accounts.login("li", PASSWORD)
    id_a, id_b = two_reports(store)
    with pytest.raises(AccessDenied):
        ScopedStore(store, zhang).load(id_b)
    workflow = Workflow(Database(accounts.db.engine, clock))
    workflow.submit(store, zhang, id_a)
    assert workflow.decide(store, li, id_a, approve=True).status is Status.APPROVED
    assert [r.agency for r in workflow.approved()] == [AGENCY_A]
    assert AGENCY_B not in accounts.agencies()
    store.close()
