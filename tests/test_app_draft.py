"""AppTest of 起草: drafts, edits kept as versions, 全部重新生成 sparing edits, lock, restore, failures, similarity."""

from __future__ import annotations

import logging
from itertools import cycle

import pytest
from langchain_core.language_models import FakeListChatModel, GenericFakeChatModel
from langchain_core.messages import AIMessageChunk
from langchain_core.outputs import ChatGenerationChunk
from test_app_support import _clear_streamlit_caches, assert_drafted, assert_ok, new_app, store, stored, texts

from drafting.model import Aspect, SectionVersion, new_report
from drafting.narrative.gate import similarity
from drafting.narrative.prompts import MAX_SECTION_TOKENS
from ui.page_draft import RAISE_UNEXPECTED_ENV, plan_regeneration

__all__ = ["_clear_streamlit_caches", "store"]
FAKE_TEXT = "本年度共新收政府信息公开申请 35 件，全部按期答复。"


@pytest.fixture(autouse=True)
def _raise_unexpected(monkeypatch):
    """A bug in generation fails the test instead of passing as a "生成失败" message."""
    monkeypatch.setenv(RAISE_UNEXPECTED_ENV, "1")


def _draft_app(store, report=None, **session):
    rid = store.create(report or new_report("甲局", 2023))
    return rid, new_app(rid, "draft", **session)


def test_offline_generation_streams_saves_and_shows_the_text(store):
    rid, at = _draft_app(store)
    assert at.button(key="gen_sec1").label == "生成"
    at.button(key="gen_sec1").click().run()
    assert_drafted(at)
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
    assert_drafted(at)
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
    assert any(t.startswith("覆盖我的修改？") for t in texts(at.warning))  # asks first; the edit is already kept
    assert [v.origin for v in stored(store, rid).sections["五"].versions] == ["GenericFakeChatModel", "human"]
    at.button(key="confirm_regen_sec5").click().run()
    assert_drafted(at)
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
    assert_drafted(at)
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
    at.button(key="confirm_regen_sec1").click().run()
    assert_ok(at)
    assert any("生成失败，原有文本保持不变" in t for t in texts(at.error))
    assert at.text_area(key="text_sec1").value == "原来的文字。"
    assert [v.text for v in stored(store, rid).sections["一"].versions] == ["原来的文字。"]


def test_a_partly_failed_regenerate_all_shows_the_drafts_it_did_save(store):
    """六's notes are too long for its prompt, so 全部重新生成 drafts 一 and 五 and stops short of a rerun: the
    editor must show the new 一 (typing into a stale one would make it the current text over the draft)."""
    report = new_report("甲局", 2023)
    report.notes.other.items = ["很长的事项" * MAX_SECTION_TOKENS]
    rid, at = _draft_app(store, report, model=FakeListChatModel(responses=["本年度政府信息公开工作平稳有序。"] * 3))
    at.button(key="regen_all").click().run()
    assert_ok(at)
    assert any("生成失败" in t for t in texts(at.error))
    drafted = stored(store, rid).sections["一"].text
    assert drafted == "本年度政府信息公开工作平稳有序。"
    assert at.text_area(key="text_sec1").value == drafted
    assert at.button(key="gen_sec1").label == "重新生成"


def test_lock_disables_generate_and_regenerate_all_skips_it(store):
    rid, at = _draft_app(store)
    at.button(key="gen_sec1").click().run()
    at.toggle(key="lock_sec1").set_value(True).run()
    assert_drafted(at)
    assert stored(store, rid).sections["一"].locked
    assert at.button(key="gen_sec1").disabled
    at.button(key="regen_all").click().run()
    assert_drafted(at)
    sections = stored(store, rid).sections
    assert len(sections["一"].versions) == 1
    assert [v.origin for v in sections["五"].versions] == ["offline"]
    assert [v.origin for v in sections["六"].versions] == ["offline"]


def test_versions_list_diff_and_restore(store):
    report = new_report("甲局", 2023)
    report.sections["一"].add(SectionVersion(text="甲乙丙。", origin="offline"))
    report.sections["一"].add(SectionVersion(text="甲乙丁。", origin="human"))
    rid, at = _draft_app(store, report)
    at.toggle(key="history_sec1").set_value(True).run()
    table = at.dataframe[0].value
    assert list(table["来源"]) == ["离线起草", "人工修改"]
    diff = " ".join(texts(at.markdown))
    assert ">丙</del>" in diff and ">丁</ins>" in diff
    at.selectbox(key="restore_pick_sec1").set_value(0)
    at.button(key="restore_sec1").click().run()
    assert_drafted(at)
    versions = stored(store, rid).sections["一"].versions
    assert [v.text for v in versions] == ["甲乙丙。", "甲乙丁。", "甲乙丙。"]
    assert versions[-1].note == "恢复自第 1 版"
    assert at.text_area(key="text_sec1").value == "甲乙丙。"


def test_drafts_survive_a_restart(store):
    rid, at = _draft_app(store)
    at.radio(key="draft_section").set_value("五").run()
    at.button(key="gen_sec5").click().run()
    assert_drafted(at)
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
    assert_drafted(at)
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
        assert_drafted(at)
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
    at.checkbox(key="regen_include_edited").check()
    at.button(key="regen_all").click().run()
    assert_drafted(at)
    versions = stored(store, rid).sections["五"].versions
    assert [v.origin for v in versions] == ["human", "offline"]
    assert versions[0].text == "上次写的第五部分。"


def test_regenerate_all_skips_the_users_edits_and_locked_sections_and_says_why(store):
    report = new_report("甲局", 2023)
    report.sections["一"].add(SectionVersion(text="离线的第一稿。", origin="offline"))
    report.sections["五"].add(SectionVersion(text="离线的第五部分。", origin="offline"))
    report.sections["五"].add(SectionVersion(text="我改过的第五部分。", origin="human"))
    report.sections["六"].add(SectionVersion(text="定稿的第六部分。", origin="offline"))
    report.sections["六"].locked = True
    rid, at = _draft_app(store, report)
    at.button(key="regen_all").click().run()
    assert_drafted(at)
    sections = stored(store, rid).sections
    assert [v.origin for v in sections["一"].versions] == ["offline", "offline"]
    assert sections["五"].text == "我改过的第五部分。" and len(sections["五"].versions) == 2
    assert sections["六"].text == "定稿的第六部分。" and len(sections["六"].versions) == 1
    [info] = [t for t in texts(at.info) if t.startswith("未重新生成")]
    assert "“五、存在的主要问题及改进情况”（当前是您修改过的文字）" in info
    assert "“六、其他需要报告的事项”（已锁定）" in info
    assert "也重新生成我修改过的部分" in info


def test_regenerate_all_replaces_edits_only_when_ticked_and_the_tick_holds_for_one_click(store):
    report = new_report("甲局", 2023)
    report.sections["五"].add(SectionVersion(text="我改过的第五部分。", origin="human"))
    rid, at = _draft_app(store, report)
    at.checkbox(key="regen_include_edited").check()
    at.button(key="regen_all").click().run()
    assert_drafted(at)
    versions = stored(store, rid).sections["五"].versions
    assert versions[0].text == "我改过的第五部分。"
    assert [v.origin for v in versions] == ["human", "offline"]
    assert not any(t.startswith("未重新生成") for t in texts(at.info))
    assert at.checkbox(key="regen_include_edited").value is False


def test_an_unsaved_edit_in_the_editor_is_not_replaced_by_regenerate_all(store):
    report = new_report("甲局", 2023)
    report.sections["一"].add(SectionVersion(text="离线的第一稿。", origin="offline"))
    rid, at = _draft_app(store, report)
    at.text_area(key="text_sec1").set_value("刚改了还没保存。")
    at.button(key="regen_all").click().run()
    assert_drafted(at)
    versions = stored(store, rid).sections["一"].versions
    assert [(v.origin, v.text) for v in versions] == [("offline", "离线的第一稿。"), ("human", "刚改了还没保存。")]
    assert at.text_area(key="text_sec1").value == "刚改了还没保存。"


@pytest.mark.parametrize(
    ("origins", "locked", "include_edited", "todo"),
    [
        ([], False, False, ["一", "五", "六"]),
        (["offline"], False, False, ["一", "五", "六"]),
        (["imported"], False, False, ["一", "五", "六"]),
        (["offline", "human"], False, False, ["五", "六"]),
        (["offline", "human"], False, True, ["一", "五", "六"]),
        (["human", "offline"], False, False, ["一", "五", "六"]),
        (["offline"], True, True, ["五", "六"]),
    ],
)
def test_plan_of_regenerate_all_for_section_one(origins, locked, include_edited, todo):
    report = new_report("甲局", 2023)
    for origin in origins:
        report.sections["一"].add(SectionVersion(text=f"{origin}。", origin=origin))
    report.sections["一"].locked = locked
    planned, skipped = plan_regeneration(report, include_edited=include_edited)
    assert planned == todo
    assert [sid for sid, _ in skipped] == ([] if "一" in todo else ["一"])


def _broken_drafter(*_args, **_kwargs):
    raise TypeError("a bug in the drafting code")


def test_a_bug_in_generation_fails_loudly_under_test(store, monkeypatch):
    monkeypatch.setattr("ui.page_draft.draft_section", _broken_drafter)
    rid, at = _draft_app(store)
    at.button(key="gen_sec1").click().run()
    assert at.exception  # details are redacted on the page (showErrorDetails = "none"), but the run failed
    assert not any("生成失败" in t for t in texts(at.error))
    assert stored(store, rid).sections["一"].versions == []


def test_a_bug_in_generation_is_logged_and_shown_without_losing_the_page(store, monkeypatch, caplog):
    monkeypatch.delenv(RAISE_UNEXPECTED_ENV)
    monkeypatch.setattr("ui.page_draft.draft_section", _broken_drafter)
    report = new_report("甲局", 2023)
    report.sections["一"].add(SectionVersion(text="原来的文字。", origin="human"))
    rid, at = _draft_app(store, report)
    at.button(key="gen_sec1").click().run()
    with caplog.at_level(logging.ERROR, logger="ui.page_draft"):
        at.button(key="confirm_regen_sec1").click().run()
    assert_ok(at)
    assert any("生成失败，原有文本保持不变" in t and "程序内部错误（TypeError）" in t for t in texts(at.error))
    [record] = [r for r in caplog.records if r.name == "ui.page_draft"]
    assert record.exc_info is not None and record.exc_info[0] is TypeError
    assert [v.text for v in stored(store, rid).sections["一"].versions] == ["原来的文字。"]


def test_confirming_a_flagged_number_clears_it_and_can_be_undone(store):
    model = GenericFakeChatModel(messages=cycle([FAKE_TEXT]))
    rid, at = _draft_app(store, model=model)
    at.button(key="gen_sec1").click().run()
    assert any(t.startswith("[G1") for t in texts(at.error))
    at.button(key="waive_一_0").click().run()
    assert_drafted(at)
    assert stored(store, rid).sections["一"].waived == ["府信息公开申请 35 件，全部按"]
    assert not any(t.startswith("[G1") for t in texts(at.error))
    at.button(key="unwaive_一").click().run()
    assert stored(store, rid).sections["一"].waived == []
    assert any(t.startswith("[G1") for t in texts(at.error))


PRIOR_ONE = (
    "本机关认真贯彻落实政府信息公开条例，主动公开政府信息，依申请公开工作规范有序。"
    "加强政府信息管理，完善公开平台建设，落实监督保障措施，全年工作平稳有序推进。"
)


def _with_prior_section_one(text: str):
    report = new_report("甲局", 2023)
    prior = new_report("甲局", 2022)
    prior.sections["一"].add(SectionVersion(text=PRIOR_ONE, origin="imported"))
    report.prior = prior
    report.sections["一"].add(SectionVersion(text=text, origin="human"))
    return report


def _similarity_captions(at):
    return [c.value for c in at.caption if "相似度" in c.value]


def test_similarity_to_last_years_section_is_shown_under_the_check_results(store):
    text = "本机关认真贯彻落实政府信息公开条例。今年新建了政策解读专栏，组织全系统培训两次，群众满意度明显提升。"
    _, at = _draft_app(store, _with_prior_section_one(text))
    assert_drafted(at)
    percent = round(similarity(text, PRIOR_ONE) * 100)
    assert 0 < percent < 60
    assert _similarity_captions(at) == [f"与上年同一部分相似度 {percent}%"]


def test_similarity_that_is_too_high_says_so_and_without_a_prior_only_the_exemplar_is_compared(store):
    _, at = _draft_app(store, _with_prior_section_one(PRIOR_ONE))
    [caption] = _similarity_captions(at)
    assert caption.startswith("与上年同一部分相似度 100%，超过 50%")
    assert "请结合本年度实际情况改写" in caption
    no_prior = new_report("乙局", 2023)
    no_prior.sections["一"].add(SectionVersion(text=PRIOR_ONE, origin="human"))
    _, at = _draft_app(store, no_prior)
    assert_drafted(at)
    [caption] = _similarity_captions(at)
    assert caption.startswith("与范文（示例报告：")
    assert "上年" not in caption


def test_regenerate_over_an_edit_can_be_cancelled(store):
    report = new_report("甲局", 2023)
    report.sections["一"].add(SectionVersion(text="我自己写的。", origin="human"))
    rid, at = _draft_app(store, report)
    at.button(key="gen_sec1").click().run()
    at.button(key="cancel_regen_sec1").click().run()
    assert_ok(at)
    assert not any(t.startswith("覆盖我的修改？") for t in texts(at.warning))
    assert [v.text for v in stored(store, rid).sections["一"].versions] == ["我自己写的。"]


def test_regenerate_over_a_draft_does_not_ask(store):
    rid, at = _draft_app(store, model=GenericFakeChatModel(messages=cycle(["第一稿。", "第二稿。"])))
    at.button(key="gen_sec1").click().run()
    at.button(key="gen_sec1").click().run()
    assert_drafted(at)
    assert not any(t.startswith("覆盖我的修改？") for t in texts(at.warning))
    assert len(stored(store, rid).sections["一"].versions) == 2


def test_lock_makes_the_editor_read_only(store):
    _rid, at = _draft_app(store)
    at.button(key="gen_sec1").click().run()
    at.toggle(key="lock_sec1").set_value(True).run()
    assert at.text_area(key="text_sec1").disabled
    assert at.button(key="save_sec1").disabled
    at.toggle(key="lock_sec1").set_value(False).run()
    assert not at.text_area(key="text_sec1").disabled


def test_save_button_confirms(store):
    _rid, at = _draft_app(store)
    at.text_area(key="text_sec1").set_value("手写的一段。")
    at.button(key="save_sec1").click().run()
    assert "已保存修改（第 1 版）" in texts(at.success)
    at.button(key="save_sec1").click().run()
    assert "正文没有新的修改，无需保存" in texts(at.info)


def test_diff_defaults_to_previous_and_current_and_follows_new_versions(store):
    report = new_report("甲局", 2023)
    for text in ("一稿。", "二稿。", "三稿。"):
        report.sections["一"].add(SectionVersion(text=text, origin="offline"))
    _rid, at = _draft_app(store, report)
    at.toggle(key="history_sec1").set_value(True).run()
    assert (at.selectbox(key="diff_a_sec1").value, at.selectbox(key="diff_b_sec1").value) == (1, 2)
    at.selectbox(key="diff_a_sec1").set_value(0).run()
    assert at.toggle(key="history_sec1").value  # picking a version keeps the history open
    assert at.selectbox(key="diff_a_sec1").value == 0
    at.text_area(key="text_sec1").set_value("四稿。").run()
    assert (at.selectbox(key="diff_a_sec1").value, at.selectbox(key="diff_b_sec1").value) == (2, 3)


def test_first_generate_all_button_reads_generate_all(store):
    _rid, at = _draft_app(store)
    assert at.button(key="regen_all").label == "生成全部"
    at.button(key="regen_all").click().run()
    assert_drafted(at)
    assert at.button(key="regen_all").label == "全部重新生成"


# ---- a reply that stops early: kept as 不完整草稿, never the current text --------------------------------

CUT_REPLY = "本年度政府信息公开工作平稳有序，全年主动公开政府信息。"


class _LengthLimited(GenericFakeChatModel):
    """An in-process model whose reply ends with finish_reason "length" (the output limit was reached)."""

    def _stream(self, messages, stop=None, run_manager=None, **kwargs):
        yield from super()._stream(messages, stop, run_manager, **kwargs)
        yield ChatGenerationChunk(message=AIMessageChunk(content=""), generation_info={"finish_reason": "length"})


def _with_section_one(text="原来的文字。"):
    report = new_report("甲局", 2023)
    report.sections["一"].add(SectionVersion(text=text, origin="offline"))
    return report


def _incomplete_warnings(at):
    return [t for t in texts(at.warning) if "不完整草稿" in t]


def test_a_cut_reply_is_kept_apart_viewable_and_discardable(store):
    cut = FakeListChatModel(responses=[CUT_REPLY], error_on_chunk_number=14)  # 14 characters, then the stream breaks
    rid, at = _draft_app(store, _with_section_one(), model=cut)
    at.button(key="gen_sec1").click().run()
    assert_drafted(at)
    [warning] = _incomplete_warnings(at)
    assert warning.startswith("模型的回复在中途断开（连接中断），已收到的 14 字保存为“不完整草稿”，当前正文未改变。")
    assert at.text_area(key="text_sec1").value == "原来的文字。"
    section = stored(store, rid).sections["一"]
    assert [v.text for v in section.versions] == ["原来的文字。"]
    assert section.incomplete is not None and section.incomplete.text == CUT_REPLY[:14]
    assert CUT_REPLY[:14] in [c.value for c in at.code]  # the text to read and copy
    assert not any("已生成" in t for t in texts(at.success))
    at.button(key="discard_incomplete_sec1").click().run()
    assert_drafted(at)
    assert stored(store, rid).sections["一"].incomplete is None
    assert not _incomplete_warnings(at) and CUT_REPLY[:14] not in [c.value for c in at.code]
    assert "已丢弃不完整草稿，当前正文未改变" in texts(at.info)
    assert [v.text for v in stored(store, rid).sections["一"].versions] == ["原来的文字。"]


def test_a_reply_at_its_length_limit_can_be_adopted_as_the_users_edit(store):
    model = _LengthLimited(messages=cycle([CUT_REPLY]))
    rid, at = _draft_app(store, _with_section_one(), model=model)
    at.button(key="gen_sec1").click().run()
    [warning] = _incomplete_warnings(at)
    assert warning.startswith(f"模型的回复达到长度上限，在中途截断，已收到的 {len(CUT_REPLY)} 字保存为“不完整草稿”")
    assert at.text_area(key="text_sec1").value == "原来的文字。"
    at.text_area(key="text_sec1").set_value("原来的文字，又改了一句。")  # typed, not yet saved
    at.button(key="adopt_incomplete_sec1").click().run()
    assert_drafted(at)
    section = stored(store, rid).sections["一"]
    assert [(v.text, v.origin) for v in section.versions] == [
        ("原来的文字。", "offline"),
        ("原来的文字，又改了一句。", "human"),
        (CUT_REPLY, "human"),
    ]
    assert section.versions[-1].note == "采用不完整草稿" and section.incomplete is None
    assert at.text_area(key="text_sec1").value == CUT_REPLY
    assert not _incomplete_warnings(at)


def test_a_complete_draft_later_clears_the_incomplete_one(store):
    rid, at = _draft_app(store, _with_section_one(), model=_LengthLimited(messages=cycle([CUT_REPLY])))
    at.button(key="gen_sec1").click().run()
    assert _incomplete_warnings(at)
    at.session_state["model"] = GenericFakeChatModel(messages=cycle(["完整的第二稿。"]))
    at.button(key="gen_sec1").click().run()
    assert_drafted(at)
    section = stored(store, rid).sections["一"]
    assert section.text == "完整的第二稿。" and section.incomplete is None
    assert not _incomplete_warnings(at)


def test_regenerate_all_names_the_sections_whose_reply_was_cut(store):
    cut = FakeListChatModel(responses=[CUT_REPLY], error_on_chunk_number=5)
    rid, at = _draft_app(store, _with_section_one(), model=cut)
    at.button(key="regen_all").click().run()
    assert_drafted(at)
    names = "“一、总体情况”“五、存在的主要问题及改进情况”“六、其他需要报告的事项”"
    message = f"{names}的模型回复不完整：已收到的文字保存为“不完整草稿”，当前正文未改变，请在该部分查看。"
    assert message in texts(at.warning)
    sections = stored(store, rid).sections
    assert [v.text for v in sections["一"].versions] == ["原来的文字。"]
    assert all(sections[sid].incomplete is not None and sections[sid].incomplete.text == CUT_REPLY[:5]
               for sid in ("一", "五", "六"))
    assert not sections["五"].versions and not sections["六"].versions
    assert not any("已生成" in t for t in texts(at.success))
