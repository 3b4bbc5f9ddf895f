"""End-to-end with accounts on: two staff of two agencies in two browser contexts, each refused the other's report.

Each signs in, then asks for the other agency's report by its URL (report id, agency and year as query
parameters): the page says 无权查看此报告, shows nothing of that report, and the server logs the refusal.
Their own report opens from its URL.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from drafting.accounts.model import Role
from drafting.io.store import open_store
from drafting.model import new_report
from tests.accounts_support import AGENCY_A, AGENCY_B, PASSWORD, accounts_for
from tests.e2e.conftest import ARTIFACTS, AppServer, StreamlitDriver, require_chromium, start_app, wait_healthy

pytestmark = pytest.mark.browser


@pytest.fixture
def accounts_server(app_data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[AppServer, int, int]]:
    """The app with DRAFTING_ACCOUNTS=1, two drafters (zhang of 甲局, wang of 乙局) and one report each."""
    require_chromium()
    store = open_store(app_data_dir)
    accounts = accounts_for(store)
    accounts.add_user("zhang", PASSWORD, Role.DRAFTER, AGENCY_A)
    accounts.add_user("wang", PASSWORD, Role.DRAFTER, AGENCY_B)
    ids = store.create(new_report(AGENCY_A, 2024, "部门")), store.create(new_report(AGENCY_B, 2024, "部门"))
    store.close()
    monkeypatch.setenv("DRAFTING_ACCOUNTS", "1")
    server = start_app(app_data_dir, ARTIFACTS / "e2e-accounts-streamlit.log")
    try:
        wait_healthy(server)
        yield server, *ids
    finally:
        server.stop()


def sign_in_at(driver: StreamlitDriver, query: str, name: str) -> None:
    """Open the app at a URL (a new session: the login page) and sign in."""
    driver.page.goto(driver.server.url + query)
    driver.wait_idle()
    driver.set_text("login_name", name)
    driver.set_text("login_password", PASSWORD)
    driver.click("login_btn")
    expect(driver.page.get_by_text(f"当前用户：{name}").first).to_be_visible()


def test_two_staff_in_two_contexts_cannot_open_each_others_report(browser: Browser, accounts_server) -> None:
    server, id_a, id_b = accounts_server
    staff = {"zhang": (AGENCY_A, id_a, AGENCY_B, id_b), "wang": (AGENCY_B, id_b, AGENCY_A, id_a)}
    contexts = [browser.new_context(locale="zh-CN", viewport={"width": 1400, "height": 1000}) for _ in staff]
    try:
        drivers = {name: StreamlitDriver(ctx.new_page(), server) for name, ctx in zip(staff, contexts, strict=True)}
        for name, (own, own_id, other, other_id) in staff.items():
            page = drivers[name].page
            sign_in_at(drivers[name], f"?report={other_id}&agency={other}&year=2024&page=basic", name)
            expect(page.get_by_text("无权查看此报告").first).to_be_visible()
            expect(page.get_by_text(other)).to_have_count(0)
            sign_in_at(drivers[name], f"?report={own_id}&page=basic", name)
            expect(page.get_by_text(f"{own}2024年政府信息公开工作年度报告").first).to_be_visible()
            expect(page.get_by_text("无权查看此报告")).to_have_count(0)
    finally:
        for ctx in contexts:
            ctx.close()
    log = server.log_path.read_text(encoding="utf-8", errors="replace")
    assert f"user=zhang role=起草人 action=read report={id_b}" in log
    assert f"user=wang role=起草人 action=read report={id_a}" in log
    assert PASSWORD not in log
