"""The app with accounts on (DRAFTING_ACCOUNTS=1): login, each role's pages, isolation by URL, submit and review,
a user's own password change and 停用/启用 by an administrator."""

from __future__ import annotations

import logging
import os

import pytest
from sqlalchemy import inspect
from streamlit.testing.v1 import AppTest

from drafting.accounts.db import Database
from drafting.accounts.model import BAD_LOGIN, DISABLED, LOCKED, Role
from drafting.accounts.workflow import Status, Workflow
from drafting.model import new_report
from tests.accounts_support import AGENCY_A, AGENCY_B, PASSWORD, accounts_for, data_store
from tests.test_app_support import _clear_streamlit_caches, assert_ok, go, new_app, texts  # noqa: F401

REVIEW_SCOPE = frozenset({AGENCY_A, AGENCY_B})


@pytest.fixture
def store():
    return data_store(os.environ["DRAFTING_DATA_DIR"])


@pytest.fixture
def accounts(monkeypatch, store):
    monkeypatch.setenv("DRAFTING_ACCOUNTS", "1")
    accounts = accounts_for(store)
    accounts.add_user("zhang", PASSWORD, Role.DRAFTER, AGENCY_A)
    accounts.add_user("wang", PASSWORD, Role.DRAFTER, AGENCY_B)
    accounts.add_user("li", PASSWORD, Role.REVIEWER, "县政府办", REVIEW_SCOPE)
    accounts.add_user("root", PASSWORD, Role.ADMIN)
    return accounts


@pytest.fixture
def reports(store, accounts):
    return store.create(new_report(AGENCY_A, 2024, "部门")), store.create(new_report(AGENCY_B, 2024, "部门"))


def sign_in(at: AppTest, name: str, password: str = PASSWORD) -> AppTest:
    at.text_input(key="login_name").set_value(name)
    at.text_input(key="login_password").set_value(password)
    at.button(key="login_btn").click().run()
    assert_ok(at)
    return at


def signed_in_app(name: str, **query: str) -> AppTest:
    at = AppTest.from_file("../app.py", default_timeout=30)
    for key, value in query.items():
        at.query_params[key] = value
    return sign_in(at.run(), name)


def nav_options(at: AppTest) -> list[str]:
    return list(at.radio(key="nav").options)


def test_single_user_mode_is_the_default_and_has_no_login(store):
    at = new_app()
    assert_ok(at)
    assert "login_name" not in [w.key for w in at.text_input]
    assert nav_options(at)[:5] == ["基本信息", "表格数据", "工作情况", "起草", "预览与导出"]
    assert not {"提交与审核", "用户管理"} & set(nav_options(at))
    assert "logout_btn" not in [b.key for b in at.button]
    assert "users" not in inspect(store.engine).get_table_names(), "no account tables in single-user mode"


def test_the_login_page_shows_nothing_else_and_one_message_for_any_failure(accounts, reports):
    at = new_app(report_id=reports[0])
    assert_ok(at)
    assert "登录" in [s.value for s in at.subheader] and not at.radio
    assert texts(sign_in(at, "zhang", "wrong password").error) == [BAD_LOGIN]
    assert texts(sign_in(at, "nobody", PASSWORD).error) == [BAD_LOGIN]
    assert at.text_input(key="login_password").value == "", "the password is not kept after an attempt"


def test_five_failures_lock_the_login(accounts):
    at = new_app()
    for _ in range(5):
        sign_in(at, "zhang", "wrong password")
    assert texts(sign_in(at, "zhang", PASSWORD).error) == [LOCKED]
    assert not at.radio


def test_drafter_creates_their_report_saved_under_their_name_and_logs_out(accounts, store):
    at = signed_in_app("zhang")
    assert nav_options(at)[-1] == "提交与审核" and "审核与汇总" not in nav_options(at)
    assert any("zhang（起草人 · 青川县示例甲局）" in c.value for c in at.sidebar.caption)
    at.text_input(key="new_agency").set_value(AGENCY_A)
    at.number_input(key="new_year").set_value(2024)
    at.button(key="new_btn").click().run()
    assert_ok(at)
    report_id = store.find(AGENCY_A, 2024)
    assert report_id is not None and [e.user for e in store.history(report_id)] == ["zhang"]
    at.button(key="logout_btn").click().run()
    assert "已退出" in texts(at.info) and not at.radio


def test_drafter_cannot_create_another_agencys_report(accounts, store):
    at = signed_in_app("zhang")
    at.text_input(key="new_agency").set_value(AGENCY_B)
    at.button(key="new_btn").click().run()
    assert_ok(at)
    assert "无权修改此报告" in texts(at.error) and store.find(AGENCY_B, 2024) is None


@pytest.mark.parametrize(("name", "own", "other"), [("zhang", 0, 1), ("wang", 1, 0)])
def test_each_drafter_is_refused_the_others_report_by_url_and_it_is_logged(accounts, reports, caplog, name, own, other):
    agency = (AGENCY_A, AGENCY_B)[other]
    with caplog.at_level(logging.WARNING, logger="drafting.access"):
        at = signed_in_app(name, report=str(reports[other]), agency=agency, year="2024", page="tables")
    assert "无权查看此报告" in texts(at.error)
    assert "report_id" not in at.session_state
    assert f"user={name} role=起草人 action=read report={reports[other]}" in caplog.text
    assert agency not in str([m.value for m in at.markdown]) + str([s.value for s in at.subheader])
    go(at, "basic")
    assert list(at.selectbox(key="open_report").options) == [f"{(AGENCY_A, AGENCY_B)[own]} · 2024 年度"]


def test_drafter_opens_their_own_report_by_url(accounts, reports):
    at = signed_in_app("zhang", report=str(reports[0]))
    assert not at.error and at.session_state["report_id"] == reports[0]


def test_drafter_submits_and_sees_the_reviewers_comment(accounts, reports, store):
    at = go(signed_in_app("zhang", report=str(reports[0])), "submissions")
    at.button(key="submit_btn").click().run()
    assert "已提交第 1 版，等待审核" in texts(at.success)
    workflow = Workflow(Database(accounts.db.engine))
    workflow.decide(
        store, accounts.get_user("li"), reports[0], approve=False, comment="请补充表三 ![图](http://127.0.0.1/t.png)"
    )
    at.run()
    assert any("请补充表三 \\!\\[图\\]\\(http" in w for w in texts(at.warning)), "shown as typed, not as an image"
    assert "已退回" in str([m.value for m in at.markdown])


def test_reviewer_returns_then_approves_and_sees_the_history(accounts, reports, store):
    workflow = Workflow(Database(accounts.db.engine))
    workflow.submit(store, accounts.get_user("zhang"), reports[0])
    at = go(signed_in_app("li"), "submissions")
    table = at.dataframe[0].value
    assert set(zip(table["单位"], table["状态"], strict=True)) == {(AGENCY_A, "已提交"), (AGENCY_B, "草稿")}
    at.selectbox(key="review_pick").set_value(reports[0]).run()
    history = at.dataframe[-1].value
    assert list(history["操作"]) == ["新建"]
    at.button(key="review_return_btn").click().run()
    assert "退回时请写明修改意见" in texts(at.error)
    at.text_area(key="review_comment").set_value("表三数字不平衡").run()
    at.button(key="review_return_btn").click().run()
    assert workflow.latest(reports[0]).status is Status.RETURNED
    step = workflow.latest(reports[0])
    assert (step.comment, step.user) == ("表三数字不平衡", "li")


def test_reviewer_approves_a_submission(accounts, reports, store):
    workflow = Workflow(Database(accounts.db.engine))
    workflow.submit(store, accounts.get_user("wang"), reports[1])
    at = go(signed_in_app("li"), "submissions")
    at.selectbox(key="review_pick").set_value(reports[1]).run()
    at.button(key="review_approve_btn").click().run()
    assert_ok(at)
    assert workflow.latest(reports[1]).status is Status.APPROVED
    assert "已通过第 1 版" in texts(at.success)


def test_reviewer_reads_a_report_in_scope_but_cannot_change_it(accounts, reports, store):
    at = signed_in_app("li", report=str(reports[0]))
    assert at.session_state["report_id"] == reports[0]
    at.selectbox(key="cur_kind").set_value("乡镇").run()
    assert "无权修改此报告" in texts(at.error) and store.load(reports[0]).report.kind == "部门"


def test_admin_manages_users_and_sees_no_report(accounts, reports, caplog):
    with caplog.at_level(logging.WARNING, logger="drafting.access"):
        at = signed_in_app("root", report=str(reports[0]))
    assert nav_options(at) == ["用户管理"] and "无权查看此报告" in texts(at.error)
    at.text_input(key="admin_new_name").set_value("zhao")
    at.text_input(key="admin_new_password").set_value(PASSWORD)
    at.selectbox(key="admin_new_role").set_value("审核人")
    at.multiselect(key="admin_new_scope").set_value([AGENCY_B])
    at.button(key="admin_new_btn").click().run()
    assert_ok(at)
    assert accounts.get_user("zhao").scope == {AGENCY_B} and accounts.get_user("zhao").role is Role.REVIEWER
    at.selectbox(key="admin_edit_user").set_value("zhang").run()
    at.selectbox(key="admin_edit_role").set_value("审核人")
    at.multiselect(key="admin_edit_scope").set_value([AGENCY_A, AGENCY_B])
    at.button(key="admin_edit_btn").click().run()
    assert accounts.get_user("zhang").role is Role.REVIEWER and accounts.get_user("zhang").scope == REVIEW_SCOPE


def test_drafter_has_no_admin_page(accounts):
    at = signed_in_app("zhang", page="admin")
    assert "用户管理" not in nav_options(at) and at.radio(key="nav").value == "basic"


def test_an_expired_session_returns_to_the_login_page_and_forgets_the_report(accounts, reports):
    from sqlalchemy import update

    from drafting.accounts.tables import sessions

    at = signed_in_app("zhang", report=str(reports[0]))
    assert at.session_state["report_id"] == reports[0]
    with accounts.db.write() as conn:
        conn.execute(update(sessions).values(last_seen="2000-01-01T00:00:00+00:00"))
    at.run()
    assert "登录已过期，请重新登录" in texts(at.warning) and not at.radio
    assert "report_id" not in at.session_state


def test_a_scope_taken_away_closes_the_open_report_at_the_next_run(accounts, reports):
    at = signed_in_app("li", report=str(reports[0]))
    assert at.session_state["report_id"] == reports[0]
    accounts.update_user("li", Role.REVIEWER, "县政府办", frozenset({AGENCY_B}))
    at.run()
    assert_ok(at)
    assert "report_id" not in at.session_state
    assert list(at.selectbox(key="open_report").options) == [f"{AGENCY_B} · 2024 年度"]


def test_a_mistyped_switch_keeps_the_login(monkeypatch, store):
    monkeypatch.setenv("DRAFTING_ACCOUNTS", "ture")
    at = new_app()
    assert_ok(at)
    assert "login_name" in [w.key for w in at.text_input] and not at.radio


def test_a_drafter_asking_for_the_example_report_is_told_not_crashed(accounts, store):
    at = signed_in_app("zhang")
    at.button(key="example_btn").click().run()
    assert_ok(at)
    assert any(t.startswith("无法打开示例报告：") for t in texts(at.error))
    assert store.find("云岚市生态环境局", 2023) is None


# --- own password and 停用/启用 -----------------------------------------------------------------------------

NEW_PASSWORD = "a-new-passphrase-2024"


def _change_password(at: AppTest, current: str, new: str, repeat: str | None = None) -> AppTest:
    at.text_input(key="own_password_current").set_value(current)
    at.text_input(key="own_password_new").set_value(new)
    at.text_input(key="own_password_repeat").set_value(new if repeat is None else repeat)
    at.button(key="own_password_btn").click().run()
    assert_ok(at)
    return at


def _login_error(name: str, password: str) -> list[str]:
    at = AppTest.from_file("../app.py", default_timeout=30).run()
    return [str(e.value) for e in sign_in(at, name, password).error]


def test_a_drafter_changes_their_password_in_the_sidebar(accounts):
    at = _change_password(signed_in_app("zhang"), PASSWORD, NEW_PASSWORD)
    assert "密码已修改；在其他电脑或浏览器上的登录已退出" in [str(s.value) for s in at.success]
    assert all(not at.text_input(key=k).value for k in ("own_password_current", "own_password_new"))
    assert "当前用户：zhang（起草人 · " in " ".join(str(c.value) for c in at.sidebar.caption)  # still signed in
    assert _login_error("zhang", PASSWORD) == [BAD_LOGIN]
    assert accounts.user_for(accounts.login("zhang", NEW_PASSWORD)) is not None


@pytest.mark.parametrize(
    ("current", "new", "repeat", "message"),
    [
        ("wrong-password", NEW_PASSWORD, None, "当前密码不正确，密码未修改"),
        (PASSWORD, NEW_PASSWORD, NEW_PASSWORD + "x", "两次输入的新密码不一致，密码未修改"),
        (PASSWORD, "short", None, "密码至少需要 8 个字符，密码未修改"),
    ],
    ids=["wrong current", "repeat differs", "too short"],
)
def test_a_refused_change_says_why_and_the_old_password_still_works(accounts, current, new, repeat, message):
    at = _change_password(signed_in_app("zhang"), current, new, repeat)
    assert [str(e.value) for e in at.error] == [message]
    assert accounts.user_for(accounts.login("zhang", PASSWORD)) is not None


def test_an_administrator_disables_a_user_who_is_signed_out_and_kept_out(accounts):
    drafter = signed_in_app("zhang")
    admin = signed_in_app("root")
    admin.selectbox(key="admin_edit_user").set_value("zhang").run()
    admin.button(key="admin_disable_btn").click().run()
    assert_ok(admin)
    assert any(str(s.value).startswith("已停用 zhang") for s in admin.success)
    assert "已停用" in admin.dataframe[0].value["状态"].tolist()
    assert admin.button(key="admin_disable_btn").label == "启用该用户"
    drafter.run()  # the drafter's next click: back to the login page
    assert drafter.text_input(key="login_name") is not None and DISABLED in texts(drafter.warning)
    assert _login_error("zhang", PASSWORD) == [DISABLED]
    admin.button(key="admin_disable_btn").click().run()
    assert accounts.user_for(accounts.login("zhang", PASSWORD)) is not None


def test_a_click_after_being_switched_off_does_nothing(accounts, reports, store):
    """A callback runs before the page's sign-in check: it must ask the database who the user is now."""
    workflow = Workflow(Database(accounts.db.engine))
    workflow.submit(store, accounts.get_user("wang"), reports[1])
    reviewer = go(signed_in_app("li"), "submissions")
    reviewer.selectbox(key="review_pick").set_value(reports[1]).run()
    drafter = signed_in_app("zhang", report=str(reports[0]))
    admin = signed_in_app("root")
    accounts.add_user("li2", PASSWORD, Role.ADMIN)
    for name in ("li", "zhang", "root"):
        accounts.set_disabled(name, True, by="li2")
    reviewer.button(key="review_approve_btn").click().run()
    assert workflow.latest(reports[1]).status is Status.SUBMITTED
    drafter.selectbox(key="cur_kind").set_value("乡镇").run()
    assert store.load(reports[0]).report.kind == "部门"
    admin.text_input(key="admin_new_name").set_value("backdoor")
    admin.text_input(key="admin_new_password").set_value(PASSWORD)
    admin.selectbox(key="admin_new_role").set_value("管理员")
    admin.button(key="admin_new_btn").click().run()
    assert "backdoor" not in [u.name for u in accounts.users()]
    for at in (reviewer, drafter, admin):
        assert_ok(at)
        assert at.text_input(key="login_name").label == "用户名"  # and the login page follows


def test_a_reviewer_whose_scope_shrank_cannot_act_on_the_old_scope(accounts, reports, store):
    workflow = Workflow(Database(accounts.db.engine))
    workflow.submit(store, accounts.get_user("wang"), reports[1])
    reviewer = go(signed_in_app("li"), "submissions")
    reviewer.selectbox(key="review_pick").set_value(reports[1]).run()
    accounts.update_user("li", Role.REVIEWER, "县政府办", frozenset({AGENCY_A}))  # AGENCY_B taken away
    reviewer.button(key="review_approve_btn").click().run()
    assert_ok(reviewer)
    assert workflow.latest(reports[1]).status is Status.SUBMITTED


def test_the_only_administrator_cannot_disable_themselves(accounts):
    admin = signed_in_app("root")
    admin.selectbox(key="admin_edit_user").set_value("root").run()
    admin.button(key="admin_disable_btn").click().run()
    assert [str(e.value) for e in admin.error] == ["不能停用唯一仍在使用的管理员账户：请先添加或启用另一个管理员"]
    assert not accounts.get_user("root").disabled and accounts.get_user("root").role is Role.ADMIN
