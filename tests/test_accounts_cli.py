"""`drafting admin create-admin|add-user|disable|enable`: passwords from stdin or a prompt, never a default one."""

from __future__ import annotations

import io
import os

import pytest

from drafting.accounts.model import BAD_LOGIN, LoginRefused, Role
from drafting.cli import main
from tests.accounts_support import AGENCY_A, PASSWORD, accounts_for, data_store


@pytest.fixture
def accounts():
    return accounts_for(data_store(os.environ["DRAFTING_DATA_DIR"]))


def _run(monkeypatch, argv: list[str], stdin: str) -> int:
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    return main(argv)


def test_create_admin_reads_the_password_from_stdin(monkeypatch, capsys, accounts):
    assert _run(monkeypatch, ["admin", "create-admin", "root"], PASSWORD + "\n") == 0
    assert accounts.get_user("root").role is Role.ADMIN
    assert accounts.user_for(accounts.login("root", PASSWORD)) is not None
    out = capsys.readouterr()
    assert "已创建管理员 root" in out.out and PASSWORD not in out.out + out.err


def test_no_password_means_no_admin(monkeypatch, capsys, accounts):
    assert _run(monkeypatch, ["admin", "create-admin", "root"], "") == 2
    assert "密码至少需要 8 个字符" in capsys.readouterr().err
    assert not accounts.has_admin()
    with pytest.raises(LoginRefused, match=BAD_LOGIN):
        accounts.login("root", "")


def test_the_prompt_asks_twice_and_refuses_a_mismatch(monkeypatch, capsys, accounts):
    answers = iter([PASSWORD, PASSWORD + "x"])
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(answers))
    tty = io.StringIO()
    tty.isatty = lambda: True  # type: ignore[method-assign]
    monkeypatch.setattr("sys.stdin", tty)
    assert main(["admin", "create-admin", "root"]) == 2
    assert "两次输入的密码不一致" in capsys.readouterr().err and not accounts.has_admin()


def test_add_user_with_role_agency_and_scope(monkeypatch, capsys, accounts):
    assert _run(monkeypatch, ["admin", "add-user", "zhang", "--role", "起草人", "--agency", AGENCY_A], PASSWORD) == 0
    argv = ["admin", "add-user", "li", "--role", "审核人", "--scope", AGENCY_A, "--scope", "乙局"]
    assert _run(monkeypatch, argv, PASSWORD) == 0
    assert accounts.get_user("zhang").agency == AGENCY_A
    assert accounts.get_user("li").scope == {AGENCY_A, "乙局"}
    assert _run(monkeypatch, ["admin", "add-user", "wang", "--role", "起草人"], PASSWORD) == 2
    assert "起草人必须属于一个单位" in capsys.readouterr().err


def test_export_approved_writes_the_frozen_approved_units_for_the_rollup(monkeypatch, capsys, accounts, tmp_path):
    from drafting.accounts.db import Database
    from drafting.accounts.workflow import Workflow
    from drafting.model import load_report
    from tests.accounts_support import AGENCY_B, two_reports

    store = data_store(os.environ["DRAFTING_DATA_DIR"])
    id_a, id_b = two_reports(store)
    zhang = accounts.add_user("zhang", PASSWORD, Role.DRAFTER, AGENCY_A)
    wang = accounts.add_user("wang", PASSWORD, Role.DRAFTER, AGENCY_B)
    li = accounts.add_user("li", PASSWORD, Role.REVIEWER, None, frozenset({AGENCY_A, AGENCY_B}))
    workflow = Workflow(Database(accounts.db.engine))
    workflow.submit(store, zhang, id_a)
    workflow.submit(store, wang, id_b)
    workflow.decide(store, li, id_a, approve=True)
    workflow.decide(store, li, id_b, approve=False, comment="退回")
    store.save(id_a, store.load(id_a).report.model_copy(update={"kind": "乡镇"}), user="zhang")  # after approval
    out = tmp_path / "approved"
    assert main(["admin", "export-approved", str(out), "--year", "2024"]) == 0
    files = sorted(p.name for p in out.iterdir())
    assert files == [f"{AGENCY_A}-2024.json"] and load_report(out / files[0]).kind == "部门"
    assert "已导出 1 份" in capsys.readouterr().out
    assert main(["admin", "export-approved", str(out)]) == 2, "an existing file is never overwritten"
    rollup = ["rollup", str(out), "-o", str(tmp_path / "sum.json"), "--agency", "青川县人民政府", "--blanks-as-zero"]
    assert main(rollup) in (0, 1) and (tmp_path / "sum.json").exists()


def test_disable_and_enable_a_user_from_the_command_line(monkeypatch, capsys, accounts):
    accounts.add_user("root", PASSWORD, Role.ADMIN)
    accounts.add_user("zhang", PASSWORD, Role.DRAFTER, AGENCY_A)
    token = accounts.login("zhang", PASSWORD)
    assert main(["admin", "disable", "zhang"]) == 0
    assert "已停用用户 zhang（起草人 · " in capsys.readouterr().out
    assert accounts.user_for(token) is None and accounts.get_user("zhang").disabled
    assert main(["admin", "disable", "root"]) == 2  # the only administrator
    assert "不能停用唯一仍在使用的管理员账户" in capsys.readouterr().err
    assert main(["admin", "enable", "zhang"]) == 0
    assert not accounts.get_user("zhang").disabled
    assert main(["admin", "disable", "nobody"]) == 2
    assert "没有用户“nobody”" in capsys.readouterr().err
