"""AppTest of 起草: offline and fake-model drafts, edits kept as versions, lock, diff, restore, failures."""

from __future__ import annotations

from itertools import cycle

from langchain_core.language_models import FakeListChatModel, GenericFakeChatModel
from test_app_support import _clear_streamlit_caches, assert_ok, new_app, store, stored, texts

from drafting.model import Aspect, SectionVersion, new_report

__all__ = ["_clear_streamlit_caches", "store"]
FAKE_TEXT = "本年度共新收政府信息公开申请 35 件，全部按期答复。"


def _draft_app(store, report=None, **session):
    rid = store.create(report or new_report("甲局", 2023))
    return rid, new_app(rid, "draft", **session)


def test_offline_generation_streams_saves_and_shows_the_text(store):
    rid, at = _draft_app(store)
    assert at.button(key="gen_sec1").label == "生成"
    at.button(key="gen_sec1").click().run()
    assert_ok(at)
    versions = stored(store, rid).sections["一"].versions
    assert [v.origin for v in versions] == ["offline"]
    assert at.text_area(key="text_sec1").value == versions[0].text
    assert "2023年" in versions[0].text
    assert at.button(key="gen_sec1").label == "重新生成"
    assert any("已生成" in t for t in texts(at.success))


def test_fake_model_draft_and_unresolved_number_is_highlighted(store):
    model = GenericFakeChatModel(messages=cycle([FAKE_TEXT]))
    rid, at = _draft_app(store, model=model)
    assert "GenericFakeChatModel" in at.caption[0].value
    at.button(key="gen_sec1").click().run()
    assert_ok(at)
    current = stored(store, rid).sections["一"].current
    assert current is not None
    assert (current.text, current.origin) == (FAKE_TEXT, "GenericFakeChatModel")
    assert at.text_area(key="text_sec1").value == FAKE_TEXT
    assert any(t.startswith("[G1") and "35" in t for t in texts(at.error))
    assert any("<mark" in t and ">35 件</mark>" in t for t in texts(at.markdown))


def test_user_edit_is_its_own_version_before_a_regeneration(store):
    rid, at = _draft_app(store, model=GenericFakeChatModel(messages=cycle(["第一稿。", "第二稿。"])))
    at.radio(key="draft_section").set_value("五").run()
    at.button(key="gen_sec5").click().run()
    at.text_area(key="text_sec5").set_value("我改过的文字。")
    at.button(key="gen_sec5").click().run()
    assert_ok(at)
    versions = stored(store, rid).sections["五"].versions
    assert [(v.text, v.origin) for v in versions] == [
        ("第一稿。", "GenericFakeChatModel"),
        ("我改过的文字。", "human"),
        ("第二稿。", "GenericFakeChatModel"),
    ]


def test_save_button_and_text_change_save_a_human_version(store):
    rid, at = _draft_app(store)
    at.radio(key="draft_section").set_value("六").run()
    at.text_area(key="text_sec6").set_value("本年度未收取信息处理费。")
    at.button(key="save_sec6").click().run()
    assert_ok(at)
    [version] = stored(store, rid).sections["六"].versions
    assert (version.text, version.origin) == ("本年度未收取信息处理费。", "human")
    at.text_area(key="text_sec6").set_value("本年度未收取信息处理费，未发出收费通知。").run()
    assert len(stored(store, rid).sections["六"].versions) == 2


def test_failed_model_call_keeps_previous_text_with_a_clear_error(store):
    report = new_report("甲局", 2023)
    report.sections["一"].add(SectionVersion(text="原来的文字。", origin="human"))
    broken = FakeListChatModel(responses=["会失败的回复"], error_on_chunk_number=0)
    rid, at = _draft_app(store, report, model=broken)
    at.button(key="gen_sec1").click().run()
    assert_ok(at)
    assert any("生成失败，原有文本保持不变" in t for t in texts(at.error))
    assert at.text_area(key="text_sec1").value == "原来的文字。"
    assert [v.text for v in stored(store, rid).sections["一"].versions] == ["原来的文字。"]


def test_lock_disables_generate_and_regenerate_all_skips_it(store):
    rid, at = _draft_app(store)
    at.button(key="gen_sec1").click().run()
    at.toggle(key="lock_sec1").set_value(True).run()
    assert_ok(at)
    assert stored(store, rid).sections["一"].locked
    assert at.button(key="gen_sec1").disabled
    at.button(key="regen_all").click().run()
    assert_ok(at)
    sections = stored(store, rid).sections
    assert len(sections["一"].versions) == 1
    assert [v.origin for v in sections["五"].versions] == ["offline"]
    assert [v.origin for v in sections["六"].versions] == ["offline"]


def test_versions_list_diff_and_restore(store):
    report = new_report("甲局", 2023)
    report.sections["一"].add(SectionVersion(text="甲乙丙。", origin="offline"))
    report.sections["一"].add(SectionVersion(text="甲乙丁。", origin="human"))
    rid, at = _draft_app(store, report)
    table = at.dataframe[0].value
    assert list(table["来源"]) == ["离线起草", "人工修改"]
    diff = " ".join(texts(at.markdown))
    assert ">丙</del>" in diff and ">丁</ins>" in diff
    at.selectbox(key="restore_pick_sec1").set_value(0)
    at.button(key="restore_sec1").click().run()
    assert_ok(at)
    versions = stored(store, rid).sections["一"].versions
    assert [v.text for v in versions] == ["甲乙丙。", "甲乙丁。", "甲乙丙。"]
    assert versions[-1].note == "恢复自第 1 版"
    assert at.text_area(key="text_sec1").value == "甲乙丙。"


def test_drafts_survive_a_restart(store):
    rid, at = _draft_app(store)
    at.radio(key="draft_section").set_value("五").run()
    at.button(key="gen_sec5").click().run()
    text = stored(store, rid).sections["五"].text
    again = new_app(rid, "draft")
    again.radio(key="draft_section").set_value("五").run()
    assert again.text_area(key="text_sec5").value == text


def test_sensitive_markings_warn_before_sending_to_a_remote_endpoint(store):
    from langchain_openai import ChatOpenAI

    report = new_report("甲局", 2023)
    report.notes.aspects[Aspect.ACTIVE].notes = "【内部资料】本年度重点工作"
    remote = ChatOpenAI(model="deepseek-chat", base_url="https://api.deepseek.com/v1", api_key="sk-test")
    rid, at = _draft_app(store, report, model=remote)
    assert any("【内部资料】" in t for t in texts(at.warning))
    at.button(key="gen_sec1").click().run()  # not confirmed: nothing is sent (sockets are blocked anyway)
    assert_ok(at)
    assert any("未生成" in t for t in texts(at.warning))
    assert stored(store, rid).sections["一"].versions == []
    assert at.checkbox(key="confirm_sensitive").value is False


def test_no_warning_for_local_endpoint_or_clean_text(store):
    from langchain_openai import ChatOpenAI

    report = new_report("甲局", 2023)
    report.notes.aspects[Aspect.ACTIVE].notes = "【内部资料】本年度重点工作"
    local = ChatOpenAI(model="qwen2.5:7b", base_url="http://127.0.0.1:11434/v1", api_key="x")
    _, at = _draft_app(store, report, model=local)
    assert not any("密级" in t for t in texts(at.warning))


def test_draft_through_the_configured_endpoint_on_a_fake_server(store, monkeypatch):
    from fake_openai import Reply, serve

    for server in serve():
        monkeypatch.setenv("DRAFTING_BASE_URL", server.base_url)
        monkeypatch.setenv("DRAFTING_MODEL", "fake-model")
        monkeypatch.setenv("DRAFTING_MAX_RETRIES", "0")
        server.script("本年度政府信息公开工作平稳有序。", Reply(status=401, error_message="bad key"))
        rid, at = _draft_app(store)
        assert "fake-model" in " ".join(texts(at.sidebar.markdown))
        at.button(key="gen_sec1").click().run()
        assert_ok(at)
        current = stored(store, rid).sections["一"].current
        assert current is not None
        assert (current.text, current.origin) == ("本年度政府信息公开工作平稳有序。", "fake-model")
        at.button(key="gen_sec1").click().run()
        assert_ok(at)
        assert any("生成失败，原有文本保持不变" in t for t in texts(at.error))
        assert stored(store, rid).sections["一"].text == "本年度政府信息公开工作平稳有序。"
        assert at.text_area(key="text_sec1").value == "本年度政府信息公开工作平稳有序。"
        assert len(server.requests) == 2


def test_regenerate_all_keeps_hidden_sections_history_without_empty_versions(store):
    report = new_report("甲局", 2023)
    report.sections["五"].add(SectionVersion(text="上次写的第五部分。", origin="human"))
    rid, at = _draft_app(store, report)
    at.radio(key="draft_section").set_value("五").run()
    at.radio(key="draft_section").set_value("一").run()
    at.button(key="regen_all").click().run()
    assert_ok(at)
    versions = stored(store, rid).sections["五"].versions
    assert [v.origin for v in versions] == ["human", "offline"]
    assert versions[0].text == "上次写的第五部分。"


def test_confirming_a_flagged_number_clears_it_and_can_be_undone(store):
    model = GenericFakeChatModel(messages=cycle([FAKE_TEXT]))
    rid, at = _draft_app(store, model=model)
    at.button(key="gen_sec1").click().run()
    assert any(t.startswith("[G1") for t in texts(at.error))
    at.button(key="waive_一_0").click().run()
    assert_ok(at)
    assert stored(store, rid).sections["一"].waived == ["府信息公开申请 35 件，全部按"]
    assert not any(t.startswith("[G1") for t in texts(at.error))
    at.button(key="unwaive_一").click().run()
    assert stored(store, rid).sections["一"].waived == []
    assert any(t.startswith("[G1") for t in texts(at.error))
