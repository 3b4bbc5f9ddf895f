"""Access to reports: one rule set (can_read/can_edit/can_review), the scoped store, submit and review."""

from __future__ import annotations

import logging

import pytest

from drafting.accounts.access import can_edit, can_read, can_review
from drafting.accounts.db import Database
from drafting.accounts.guard import AccessDenied, ScopedStore
from drafting.accounts.model import AccountError, Role, User
from drafting.accounts.workflow import Status, Workflow
from drafting.model import new_report
from tests.accounts_support import AGENCY_A, AGENCY_B, Clock, accounts_for, data_store, two_reports

DRAFTER_A = User(1, "zhang", Role.DRAFTER, AGENCY_A)
DRAFTER_B = User(2, "wang", Role.DRAFTER, AGENCY_B)
REVIEWER = User(3, "li", Role.REVIEWER, "县政府办", frozenset({AGENCY_A, AGENCY_B}))
REVIEWER_A = User(4, "zhao", Role.REVIEWER, None, frozenset({AGENCY_A}))
ADMIN = User(5, "admin", Role.ADMIN)
REPORT_A = new_report(AGENCY_A, 2024, "部门")


@pytest.mark.parametrize(
    ("user", "read", "edit", "review"),
    [
        (DRAFTER_A, True, True, False),
        (DRAFTER_B, False, False, False),
        (REVIEWER, True, False, True),
        (REVIEWER_A, True, False, True),
        (User(6, "sun", Role.REVIEWER, AGENCY_A), True, True, False),  # own 本级 report, not in the scope
        (ADMIN, False, False, False),
    ],
    ids=["own-drafter", "other-drafter", "reviewer", "reviewer-no-agency", "reviewer-own-agency", "admin"],
)
def test_rights_on_a_report_of_agency_a(user, read, edit, review):
    assert (can_read(user, REPORT_A), can_edit(user, REPORT_A), can_review(user, REPORT_A)) == (read, edit, review)


@pytest.fixture
def store(tmp_path):
    return data_store(tmp_path / "d")


def test_the_scoped_store_shows_and_changes_only_what_the_user_may(store, caplog):
    id_a, id_b = two_reports(store)
    mine = ScopedStore(store, DRAFTER_A)
    assert [s.id for s in mine.list_reports()] == [id_a]
    assert mine.find(AGENCY_B, 2024) is None and mine.revision(id_b) is None
    with caplog.at_level(logging.WARNING, logger="drafting.access"):
        for attempt in (lambda: mine.load(id_b), lambda: mine.history(id_b), lambda: mine.delete(id_b)):
            with pytest.raises(AccessDenied):
                attempt()
        with pytest.raises(AccessDenied):
            mine.save(id_b, store.load(id_b).report)
        with pytest.raises(AccessDenied):
            mine.create(new_report(AGENCY_B, 2025, "部门"))
    refused = [r.getMessage() for r in caplog.records if r.name == "drafting.access"]
    assert f"user=zhang role=起草人 action=read report={id_b}" in refused[0]
    assert len(refused) == 6 and store.load(id_b).report.agency == AGENCY_B  # find, load, history, delete, save, create


def test_a_drafter_cannot_move_their_report_to_another_agency(store):
    id_a, _ = two_reports(store)
    moved = store.load(id_a).report.model_copy(update={"agency": "别的单位"})
    with pytest.raises(AccessDenied):
        ScopedStore(store, DRAFTER_A).save(id_a, moved)


def test_saves_through_the_scoped_store_record_the_user(store):
    id_a, _ = two_reports(store)
    mine = ScopedStore(store, DRAFTER_A)
    report = mine.load(id_a).report
    mine.save(id_a, report.model_copy(update={"kind": "乡镇"}), expected_rev=1)
    new_id = mine.create(new_report(AGENCY_A, 2025, "部门"))
    assert [e.user for e in store.history(id_a)] == [None, "zhang"]
    assert [e.user for e in store.history(new_id)] == ["zhang"]


def test_reviewer_reads_the_scope_but_edits_nothing_of_it(store):
    id_a, id_b = two_reports(store)
    seen = ScopedStore(store, REVIEWER_A)
    assert [s.id for s in seen.list_reports()] == [id_a]
    assert seen.load(id_a).report.agency == AGENCY_A and len(seen.history(id_a)) == 1
    with pytest.raises(AccessDenied):
        seen.save(id_a, seen.load(id_a).report)
    with pytest.raises(AccessDenied):
        seen.load(id_b)


@pytest.fixture
def workflow(store):
    return Workflow(Database(accounts_for(store).db.engine, Clock()))


def test_submit_freezes_the_version_and_later_edits_make_a_new_one(store, workflow):
    id_a, _ = two_reports(store)
    step = workflow.submit(store, DRAFTER_A, id_a)
    assert (step.status, step.rev, step.user) == (Status.SUBMITTED, 1, "zhang")
    with pytest.raises(AccountError, match="修改后才能再次提交"):
        workflow.submit(store, DRAFTER_A, id_a)
    store.save(id_a, store.load(id_a).report.model_copy(update={"kind": "乡镇"}), user="zhang")
    frozen = workflow.frozen(id_a)
    assert frozen is not None and frozen.kind == "部门" and store.load(id_a).report.kind == "乡镇"
    unit = next(u for u in workflow.units(store, REVIEWER) if u.summary.id == id_a)
    assert unit.status is Status.SUBMITTED and unit.changed_since


def test_only_the_own_drafter_submits(store, workflow):
    _, id_b = two_reports(store)
    for user in (DRAFTER_A, REVIEWER, ADMIN):
        with pytest.raises(AccountError, match="只有本单位的起草人"):
            workflow.submit(store, user, id_b)
    assert workflow.latest(id_b) is None


def test_reviewer_returns_with_a_comment_then_approves_the_resubmission(store, workflow):
    id_a, id_b = two_reports(store)
    workflow.submit(store, DRAFTER_A, id_a)
    with pytest.raises(AccountError, match="修改意见"):
        workflow.decide(store, REVIEWER, id_a, approve=False)
    with pytest.raises(AccountError, match="没有待审核"):
        workflow.decide(store, REVIEWER, id_b, approve=True)
    returned = workflow.decide(store, REVIEWER, id_a, approve=False, comment="表三数字不平衡")
    assert (returned.status, returned.comment, returned.user) == (Status.RETURNED, "表三数字不平衡", "li")
    workflow.submit(store, DRAFTER_A, id_a)
    assert workflow.decide(store, REVIEWER, id_a, approve=True).status is Status.APPROVED
    assert [s.status for s in workflow.steps(id_a)] == [
        Status.SUBMITTED,
        Status.RETURNED,
        Status.SUBMITTED,
        Status.APPROVED,
    ]
    assert [r.agency for r in workflow.approved()] == [AGENCY_A]


def test_review_is_refused_outside_the_scope_and_to_drafters(store, workflow):
    id_a, id_b = two_reports(store)
    workflow.submit(store, DRAFTER_B, id_b)
    for user in (REVIEWER_A, DRAFTER_A, DRAFTER_B, ADMIN):
        with pytest.raises(AccountError, match="无权审核"):
            workflow.decide(store, user, id_b, approve=True)
    assert [u.summary.id for u in workflow.units(store, REVIEWER_A)] == [id_a]


# Methods of ReportStore that touch no report, or only through the overridden ones (upsert: find/create/save).
_UNSCOPED = {"engine", "is_sqlite", "close", "journal_mode", "get_meta", "set_meta", "upsert"}


def test_every_public_store_method_is_scoped_or_known_harmless():
    """A method added to ReportStore later must be scoped here (or listed above) before users can reach it."""
    from drafting.io.store import ReportStore

    public = {name for name in vars(ReportStore) if not name.startswith("_")}
    overridden = {name for name in vars(ScopedStore) if not name.startswith("_")}
    assert public - overridden - _UNSCOPED == set()


def test_a_scoped_store_copies_nothing(store, tmp_path):
    with pytest.raises(AccessDenied):
        ScopedStore(store, REVIEWER).copy_from(data_store(tmp_path / "other"))
