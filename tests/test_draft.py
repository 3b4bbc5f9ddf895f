"""Drafting engine and `drafting draft`: streaming, retries, faults against a fake server, gate, saving."""

from __future__ import annotations

import json
import logging
import re
import shutil
import socket
from collections.abc import Iterator
from itertools import cycle
from pathlib import Path

import pytest
from fake_openai import FakeOpenAI, Reply, serve
from langchain_core.language_models import BaseChatModel, GenericFakeChatModel

from drafting.cli import main
from drafting.errors import DraftingError, LLMError
from drafting.findings import Severity
from drafting.model import Report, SectionVersion, load_report
from drafting.narrative.draft import (
    RetryPolicy,
    clean_text,
    default_policy,
    draft_section,
    draft_text,
    save_draft,
    split_for_streaming,
)
from drafting.narrative.llm import build_chat_model, classify
from drafting.settings import Settings

KEY = "sk-test-Zq8v4Secret0123456789"
EXAMPLE_2023 = Path(__file__).resolve().parent.parent / "examples" / "yunlan-sthj-2023.json"
GOOD_ONE = (
    "2023年，云岚市生态环境局认真贯彻《中华人民共和国政府信息公开条例》，扎实推进政府信息公开工作。\n\n"
    "（一）主动公开。全年在门户网站专栏发布信息612条，通过微信公众号发布信息845条。\n\n"
    "（二）依申请公开。全年新收政府信息公开申请48件，上年结转4件，办结49件，结转下年度继续办理3件。\n\n"
    "（三）政府信息管理。开展行政规范性文件清理，落实发布前保密审查。\n\n"
    "（四）政府信息公开平台建设。优化门户网站政府信息公开专栏，完成适老化改造。\n\n"
    "（五）监督保障。将政务公开纳入科室年度考核，组织政务公开培训3次。"
)
PREVIOUS = SectionVersion(text="这是工作人员改过的上一版。", origin="human")


@pytest.fixture
def server() -> Iterator[FakeOpenAI]:
    yield from serve()


@pytest.fixture
def model(server: FakeOpenAI) -> BaseChatModel:
    chat = build_chat_model(Settings(base_url=server.base_url, api_key=KEY, model="fake-model", timeout=1))  # type: ignore[arg-type]
    assert chat is not None
    return chat


class Sleeps:
    """Records backoff delays instead of sleeping."""

    def __init__(self) -> None:
        self.delays: list[float] = []

    def __call__(self, seconds: float) -> None:
        self.delays.append(seconds)


@pytest.fixture
def sleeps() -> Sleeps:
    return Sleeps()


@pytest.fixture
def policy(sleeps: Sleeps) -> RetryPolicy:
    return RetryPolicy(max_retries=2, backoff=0.01, sleep=sleeps)


@pytest.fixture
def report(report_2023: Report) -> Report:
    report_2023.sections["一"].add(PREVIOUS)
    return report_2023


# ---- the happy path ---------------------------------------------------------------------------------


def test_streams_a_model_draft_and_gates_it(server: FakeOpenAI, model: BaseChatModel, report: Report) -> None:
    server.script(Reply(text=GOOD_ONE, chunk=5))
    stream = draft_section(report, "一", model, policy=RetryPolicy(max_retries=0))
    chunks = list(stream)
    assert len(chunks) > 20 and "".join(chunks) == GOOD_ONE
    result = stream.result
    assert result.text == GOOD_ONE
    assert not [f for f in result.findings if f.severity is Severity.ERROR]
    assert result.version.origin == "fake-model"
    assert result.version.prompt_version is not None and result.version.prompt_version.startswith("section_1@")
    body = server.requests[0].body
    assert body["stream"] is True
    assert "- 本年新收政府信息公开申请48件（上年38件" in body["messages"][1]["content"]
    assert "不得编造" in body["messages"][0]["content"]
    assert report.sections["一"].versions == [PREVIOUS]  # drafting never writes into the report


def test_text_arrives_before_the_stream_ends(report: Report) -> None:
    fake = GenericFakeChatModel(messages=cycle(["2023年， 本局 全年 新收 申请 48件。"]))
    stream = draft_section(report, "一", fake)
    pieces = iter(stream)
    assert next(pieces) == "2023年，"
    with pytest.raises(DraftingError, match="尚未生成完毕"):
        _ = stream.result
    rest = list(pieces)
    assert "".join(["2023年，", *rest]) == "2023年， 本局 全年 新收 申请 48件。"
    assert stream.result.version.origin == "GenericFakeChatModel"


def test_save_draft_appends_a_version(report: Report) -> None:
    fake = GenericFakeChatModel(messages=cycle(["新收申请48件。"]))
    result = draft_text(report, "一", fake)
    save_draft(report, "一", result)
    assert [v.text for v in report.sections["一"].versions] == [PREVIOUS.text, "新收申请48件。"]


def test_locked_section_is_not_replaced_unless_forced(report: Report) -> None:
    report.sections["一"].locked = True
    result = draft_text(report, "一", GenericFakeChatModel(messages=cycle(["新收申请48件。"])))
    with pytest.raises(DraftingError, match="已锁定"):
        save_draft(report, "一", result)
    assert report.sections["一"].versions == [PREVIOUS]
    save_draft(report, "一", result, force=True)
    assert report.sections["一"].text == "新收申请48件。"


def test_invented_number_is_flagged_at_its_position(server: FakeOpenAI, model: BaseChatModel, report: Report) -> None:
    text = GOOD_ONE.replace("新收政府信息公开申请48件", "新收政府信息公开申请35件")
    server.script(Reply(text=text))
    result = draft_text(report, "一", model)
    errors = [f for f in result.findings if f.rule == "G1"]
    assert len(errors) == 1
    finding = errors[0]
    assert finding.severity is Severity.ERROR and finding.section == "一" and finding.span is not None
    start, end = finding.span
    assert result.text[start:end].startswith("35") and start == result.text.index("35件")
    assert "48" in finding.message


def test_stream_is_one_iterator(report: Report) -> None:
    """st.write_stream calls iter() once to check, then again to read: both must be the same stream."""
    stream = draft_section(report, "六", GenericFakeChatModel(messages=cycle(["本年度未收取信息处理费。"])))
    assert iter(stream) is stream
    assert "".join(stream) == "本年度未收取信息处理费。"
    assert list(stream) == []
    assert stream.result.text == "本年度未收取信息处理费。"


def test_unknown_section(report: Report) -> None:
    with pytest.raises(DraftingError, match="可起草的部分为一、五、六"):
        draft_section(report, "三")


@pytest.mark.parametrize(
    ("finish_reason", "words"),
    [
        ("length", "模型的回复达到长度上限，在中途截断"),
        (None, "模型的回复在中途断开（没有收到结束标志）"),
        ("content_filter", "模型提前结束了回复（内容被模型服务的安全审核拦截）"),
    ],
)
def test_abnormal_end_of_stream_is_an_incomplete_draft(
    server: FakeOpenAI, model: BaseChatModel, report: Report, finish_reason: str | None, words: str
) -> None:
    server.script(Reply(text="本年度未收取信息处理费。", finish_reason=finish_reason))
    result = draft_text(report, "六", model)
    assert not result.complete and result.incomplete == words and result.version.note == words
    d1 = [f for f in result.findings if f.rule == "D1"]
    assert len(d1) == 1 and d1[0].severity is Severity.WARNING
    assert d1[0].message == f"{words}，已收到的 12 字保存为“不完整草稿”，当前正文未改变。"


def test_normal_end_has_no_stream_warning(server: FakeOpenAI, model: BaseChatModel, report: Report) -> None:
    server.script(Reply(text="本年度未收取信息处理费。"))
    result = draft_text(report, "六", model)
    assert result.complete and result.version.note == ""
    assert not [f for f in result.findings if f.rule == "D1"]


def test_markdown_and_heading_are_removed(server: FakeOpenAI, model: BaseChatModel, report: Report) -> None:
    server.script(Reply(text="## 六、其他需要报告的事项\n\n**本年度未收取信息处理费。**"))
    assert draft_text(report, "六", model).text == "本年度未收取信息处理费。"


def test_retry_policy_comes_from_settings(
    monkeypatch: pytest.MonkeyPatch, model: BaseChatModel, report: Report
) -> None:
    monkeypatch.setenv("DRAFTING_MAX_RETRIES", "0")
    monkeypatch.setenv("DRAFTING_RETRY_BACKOFF", "0.5")
    stream = draft_section(report, "六", model)
    assert (stream.policy.max_retries, stream.policy.backoff) == (0, 0.5)


# ---- faults -----------------------------------------------------------------------------------------

FAULTS = [
    # (replies, expected message, requests made, backoff sleeps)
    ([Reply(status=401, error_message=f"Incorrect API key provided: {KEY}")], "API 密钥无效", 1, 0),
    ([Reply(status=500)] * 3, "模型服务暂时不可用（500），已尝试 3 次", 3, 2),
    ([Reply(status=429)] * 3, "请求过于频繁或额度不足（429），已尝试 3 次", 3, 2),
    ([Reply(delay=1.6)], "请求超时：模型在 1 秒内没有响应", 1, 0),
    ([Reply(text=GOOD_ONE, chunk=5, cut_after=0)], "连接中断：模型开始回复后连接断开，没有收到文字", 1, 0),
    ([Reply(text="")], "模型未返回内容", 1, 0),
    ([Reply(status=404)], "接口地址或模型名称不存在（404）", 1, 0),
]


@pytest.mark.parametrize(
    ("replies", "message", "requests", "retries"),
    FAULTS,
    ids=["401", "500", "429", "timeout", "stream-cut", "empty", "404"],
)
def test_faults_give_chinese_errors_and_keep_the_previous_text(
    server: FakeOpenAI,
    model: BaseChatModel,
    report: Report,
    policy: RetryPolicy,
    sleeps: Sleeps,
    caplog: pytest.LogCaptureFixture,
    replies: list[Reply],
    message: str,
    requests: int,
    retries: int,
) -> None:
    caplog.set_level(logging.DEBUG)
    server.script(*replies)
    before = report.model_dump_json()
    stream = draft_section(report, "一", model, policy=policy)
    received: list[str] = []
    with pytest.raises(LLMError) as info:
        received.extend(stream)
    assert message in str(info.value)
    assert "原有文本保持不变" in str(info.value)
    assert len(server.requests) == requests
    assert len(sleeps.delays) == retries
    assert report.model_dump_json() == before
    assert report.sections["一"].text == PREVIOUS.text
    assert KEY not in str(info.value) and KEY not in caplog.text
    assert info.value.__cause__ is None
    # the SDK's exception (its text may echo the key) is never shown with ours
    assert info.value.__context__ is None or info.value.__suppress_context__


_NAMES_USERS_MAY_SEE = re.compile(r"https?://[^\s）)，。]+|DRAFTING_[A-Z_]+|secrets\.toml|\bAPI\b")


def english_words(text: str) -> list[str]:
    """ASCII words in a message, apart from addresses, setting names and the word API."""
    return re.findall(r"[A-Za-z]{2,}", _NAMES_USERS_MAY_SEE.sub("", text))


def _closed_port_model() -> BaseChatModel:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    chat = build_chat_model(Settings(base_url=f"http://127.0.0.1:{port}/v1", model="fake-model", timeout=2))
    assert chat is not None
    return chat


@pytest.mark.parametrize(
    "replies",
    [
        [Reply(status=401)],
        [Reply(status=429)] * 3,
        [Reply(status=500)] * 3,
        [Reply(delay=1.6)],
        [Reply(text=GOOD_ONE, chunk=5, cut_after=0)],
        [Reply(text="")],
        [Reply(status=408)],
        None,
    ],
    ids=["401", "429", "500", "timeout", "stream-cut", "empty", "408", "connection-refused"],
)
def test_fault_messages_and_logs_are_chinese(
    server: FakeOpenAI,
    model: BaseChatModel,
    report: Report,
    policy: RetryPolicy,
    caplog: pytest.LogCaptureFixture,
    replies: list[Reply] | None,
) -> None:
    caplog.set_level(logging.DEBUG)
    if replies is None:
        model = _closed_port_model()
    else:
        server.script(*replies)
    with pytest.raises(LLMError) as info:
        list(draft_section(report, "一", model, policy=policy))
    ours = [r.getMessage() for r in caplog.records if r.name.startswith("drafting")]
    assert ours  # the failure is logged
    for message in [str(info.value), *ours]:
        assert english_words(message) == [], message


def test_english_words_sees_what_users_would_not_understand() -> None:
    assert english_words("第一部分起草失败：connect（第 1 次请求）") == ["connect"]
    assert english_words("模型返回 None，1.00 秒后重试") == ["None"]
    assert english_words("无法连接模型接口（http://127.0.0.1:9/v1）：请检查 DRAFTING_BASE_URL 和 API 密钥") == []


@pytest.mark.parametrize(
    ("exc", "words"),
    [(ValueError("bad json"), "无法解析"), (KeyError("choices"), "缺少必要字段"), (RuntimeError("boom"), "未知错误")],
)
def test_unexpected_exceptions_are_named_in_chinese(exc: Exception, words: str) -> None:
    failure = classify(exc, started=False)
    assert words in failure.message() and english_words(failure.message()) == []
    assert english_words(failure.label) == []


def test_stream_cut_after_text_is_not_retried_and_kept_incomplete(
    server: FakeOpenAI, model: BaseChatModel, report: Report, caplog: pytest.LogCaptureFixture
) -> None:
    server.script(Reply(text=GOOD_ONE, chunk=5, cut_after=3))
    stream = draft_section(report, "一", model, policy=RetryPolicy(max_retries=5, backoff=0))
    assert "".join(stream) == GOOD_ONE[:15]
    assert len(server.requests) == 1
    assert stream.result.text == GOOD_ONE[:15] and stream.result.incomplete == "模型的回复在中途断开（连接中断）"
    assert "第一部分的模型回复中途中断：连接中断" in caplog.text


def test_stream_stalling_halfway_times_out_without_retry(
    server: FakeOpenAI, model: BaseChatModel, report: Report
) -> None:
    server.script(Reply(text=GOOD_ONE, chunk=5, stall_after=3, delay=1.6))
    stream = draft_section(report, "一", model, policy=RetryPolicy(max_retries=5, backoff=0))
    assert "".join(stream) == GOOD_ONE[:15]
    assert len(server.requests) == 1
    assert stream.result.incomplete == "模型的回复在中途停止（请求超时）"


def test_429_then_success(server: FakeOpenAI, model: BaseChatModel, report: Report, policy: RetryPolicy) -> None:
    server.script(Reply(status=429), Reply(text=GOOD_ONE))
    result = draft_text(report, "一", model, policy=policy)
    assert result.text == GOOD_ONE
    assert len(server.requests) == 2
    assert policy.sleep.delays == [0.01]  # type: ignore[attr-defined]


def test_500_twice_then_success_backs_off_exponentially(
    server: FakeOpenAI, model: BaseChatModel, report: Report, policy: RetryPolicy
) -> None:
    server.script(Reply(status=500), Reply(status=503), Reply(text=GOOD_ONE))
    assert draft_text(report, "一", model, policy=policy).text == GOOD_ONE
    assert len(server.requests) == 3
    assert policy.sleep.delays == [0.01, 0.02]  # type: ignore[attr-defined]


def test_no_retries_when_max_retries_is_zero(server: FakeOpenAI, model: BaseChatModel, report: Report) -> None:
    server.script(Reply(status=500), Reply(text=GOOD_ONE))
    with pytest.raises(LLMError, match="暂时不可用（500）"):
        draft_text(report, "一", model, policy=RetryPolicy(max_retries=0))
    assert len(server.requests) == 1


def test_key_never_reaches_saved_files(
    server: FakeOpenAI, model: BaseChatModel, report: Report, tmp_path: Path
) -> None:
    server.script(Reply(text=GOOD_ONE))
    result = draft_text(report, "一", model)
    save_draft(report, "一", result)
    from drafting.model import save_report

    path = tmp_path / "report.json"
    save_report(report, path)
    assert KEY not in path.read_text(encoding="utf-8")


# ---- offline ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("section", ["一", "五", "六"])
def test_offline_draft_streams_and_passes_the_gate(report: Report, section: str) -> None:
    stream = draft_section(report, section)
    assert stream.prompt is None
    chunks = list(stream)
    assert len(chunks) > 3
    result = stream.result
    assert result.text == "".join(chunks).strip()
    assert result.version.origin == "offline" and result.version.prompt_version is None
    assert not [f for f in result.findings if f.severity is Severity.ERROR]


# ---- helpers ----------------------------------------------------------------------------------------


def test_split_for_streaming_keeps_every_character() -> None:
    text = "2023年，本局深入贯彻条例规定abcdefghijklmnopqrstuvwxyz全面推进。\n\n（一）主动公开。全年发布信息612条。"
    pieces = list(split_for_streaming(text))
    assert "".join(pieces) == text and max(len(p) for p in pieces) <= 13


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("一、总体情况\n\n正文。", "正文。"),
        ("总体情况\n正文。", "正文。"),
        ("# 一、总体情况\n**（一）主动公开。**好。\n\n\n\n下一段。", "（一）主动公开。好。\n\n下一段。"),
        ("  正文。  \n", "正文。"),
    ],
)
def test_clean_text(raw: str, clean: str) -> None:
    assert clean_text(raw, "一") == clean


# ---- the command line -------------------------------------------------------------------------------


@pytest.fixture
def report_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The example in a fresh folder that is also the working directory (no .streamlit/secrets.toml there)."""
    path = tmp_path / "yunlan-2023.json"
    shutil.copyfile(EXAMPLE_2023, path)
    monkeypatch.chdir(tmp_path)
    return path


def test_cli_offline_drafts_all_three_sections(report_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["draft", str(report_file), "--offline"]) == 0
    out = capsys.readouterr().out
    for heading in ("一、总体情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项"):
        assert heading in out
    assert "信息处理费" in out and f"已保存到 {report_file}（离线起草）" in out
    saved = load_report(report_file)
    for section in ("一", "五", "六"):
        version = saved.sections[section].current  # type: ignore[index]
        assert version is not None and version.origin == "offline" and version.text in out


def test_cli_prints_the_similarity_to_last_year(report_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["draft", str(report_file), "--section", "一", "--offline"]) == 0
    out = capsys.readouterr().out
    assert re.search(r"^  与上年同一部分相似度 \d{1,2}%$", out, re.MULTILINE), out


def test_result_reports_similarities_for_offline_and_model_drafts(
    server: FakeOpenAI, model: BaseChatModel, report: Report
) -> None:
    offline = draft_text(report, "五")
    assert [s.reference for s in offline.similarities] == ["上年同一部分", "范文"]
    assert all(0 <= s.percent < 50 for s in offline.similarities)
    copy = report.prior.sections["五"].text  # type: ignore[union-attr]
    server.script(Reply(text=copy))
    copied = draft_text(report, "五", model)
    assert copied.similarities[0].percent == 100 and copied.similarities[0].warn
    assert "G6" in [f.rule for f in copied.findings]


def test_cli_one_section_to_another_file(report_file: Path, tmp_path: Path) -> None:
    original = report_file.read_bytes()
    out = tmp_path / "out.json"
    assert main(["draft", str(report_file), "--section", "五", "--offline", "-o", str(out)]) == 0
    assert report_file.read_bytes() == original
    saved = load_report(out)
    assert saved.sections["五"].text and not saved.sections["一"].versions and not saved.sections["六"].versions


def test_cli_without_endpoint_says_it_drafts_offline(report_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["draft", str(report_file), "--section", "六"]) == 0
    assert "未配置模型接口" in capsys.readouterr().err


def test_cli_with_a_model_from_the_environment(
    server: FakeOpenAI, report_file: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("DRAFTING_BASE_URL", server.base_url)
    monkeypatch.setenv("DRAFTING_API_KEY", KEY)
    monkeypatch.setenv("DRAFTING_MODEL", "fake-model")
    server.script(Reply(text=GOOD_ONE))
    assert main(["draft", str(report_file), "--section", "一"]) == 0
    out = capsys.readouterr().out
    assert GOOD_ONE in out and "（模型 fake-model）" in out
    saved_text = report_file.read_text(encoding="utf-8")
    assert KEY not in saved_text
    version = load_report(report_file).sections["一"].current
    assert version is not None and version.origin == "fake-model" and version.prompt_version


def _secrets_toml(text: str) -> None:
    folder = Path(".streamlit")
    folder.mkdir()
    (folder / "secrets.toml").write_text(text, encoding="utf-8")


def test_cli_reads_the_apps_secrets_toml_and_never_prints_the_key(
    server: FakeOpenAI, report_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _secrets_toml(f'DRAFTING_BASE_URL = "{server.base_url}"\n[drafting]\napi_key = "{KEY}"\nmodel = "fake-model"\n')
    server.script(Reply(text=GOOD_ONE))
    assert main(["draft", str(report_file), "--section", "一"]) == 0
    captured = capsys.readouterr()
    assert "（模型 fake-model）" in captured.out and "未配置模型接口" not in captured.err
    assert KEY not in captured.out + captured.err + report_file.read_text(encoding="utf-8")
    assert server.requests[0].headers["authorization"] == f"Bearer {KEY}"


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        ('DRAFTING_MODEL = "m"\nDRAFTING_BASE_URL = http://x\n', "secrets.toml 第 2 行第 21 列格式有误"),
        ("DRAFTING_TIMEOUT = -5\n", "DRAFTING_TIMEOUT（超时时间）的值 -5 无效：应为大于 0、不超过 600 的秒数"),
    ],
    ids=["not-toml", "bad-value"],
)
def test_cli_bad_secrets_toml_is_one_chinese_line(
    report_file: Path, capsys: pytest.CaptureFixture[str], toml: str, message: str
) -> None:
    _secrets_toml(toml)
    original = report_file.read_bytes()
    assert main(["draft", str(report_file), "--section", "六"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("错误：") and "\n" not in err and message in err
    assert report_file.read_bytes() == original


def test_cli_invented_number_exits_1(
    server: FakeOpenAI, report_file: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("DRAFTING_BASE_URL", server.base_url)
    monkeypatch.setenv("DRAFTING_MODEL", "fake-model")
    server.script(Reply(text=GOOD_ONE.replace("申请48件", "申请35件")))
    assert main(["draft", str(report_file), "--section", "一"]) == 1
    assert "[G1 错误]" in capsys.readouterr().out


def test_cli_model_failure_is_one_line_and_file_is_unchanged(
    server: FakeOpenAI, report_file: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("DRAFTING_BASE_URL", server.base_url)
    monkeypatch.setenv("DRAFTING_API_KEY", KEY)
    monkeypatch.setenv("DRAFTING_MODEL", "fake-model")
    server.script(Reply(status=401, error_message=f"Incorrect API key provided: {KEY}"))
    original = report_file.read_bytes()
    assert main(["draft", str(report_file), "--section", "一"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("错误：API 密钥无效") and "\n" not in err and KEY not in err
    assert report_file.read_bytes() == original


def test_cli_keeps_finished_sections_when_a_later_one_fails(
    server: FakeOpenAI, report_file: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("DRAFTING_BASE_URL", server.base_url)
    monkeypatch.setenv("DRAFTING_MODEL", "fake-model")
    monkeypatch.setenv("DRAFTING_MAX_RETRIES", "0")
    server.script(Reply(text=GOOD_ONE), Reply(text="一是问题甲；二是问题乙。" * 5, chunk=4, cut_after=0))
    assert main(["draft", str(report_file)]) == 2
    captured = capsys.readouterr()
    assert captured.out.endswith("五、存在的主要问题及改进情况\n\n")  # the heading's line is ended before the error
    assert captured.err.strip().startswith("错误：连接中断")
    saved = load_report(report_file)
    assert saved.sections["一"].text == GOOD_ONE
    assert not saved.sections["五"].versions and not saved.sections["六"].versions


def test_cli_keeps_a_cut_section_apart_and_goes_on_with_the_next(
    server: FakeOpenAI, report_file: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("DRAFTING_BASE_URL", server.base_url)
    monkeypatch.setenv("DRAFTING_MODEL", "fake-model")
    six = "本年度未收取信息处理费。"
    server.script(Reply(text=GOOD_ONE), Reply(text="一是问题甲；二是问题乙。" * 5, chunk=4, cut_after=2), six)
    assert main(["draft", str(report_file)]) == 1
    captured = capsys.readouterr()
    assert "一是问题甲；二是\n" in captured.out  # the partial line is ended before the message
    note = "模型的回复在中途断开（连接中断）"
    assert f"五、存在的主要问题及改进情况：{note}，已收到的 8 字保存为“不完整草稿”" in captured.err
    saved = load_report(report_file)
    assert saved.sections["一"].text == GOOD_ONE and saved.sections["六"].text == six
    assert not saved.sections["五"].versions
    kept = saved.sections["五"].incomplete
    assert kept is not None and kept.text == "一是问题甲；二是" and kept.origin == "fake-model"


def test_cli_skips_locked_sections(report_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = json.loads(report_file.read_text(encoding="utf-8"))
    data["sections"]["六"]["locked"] = True
    report_file.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert main(["draft", str(report_file), "--section", "六", "--offline"]) == 0
    assert "已锁定，跳过" in capsys.readouterr().out
    assert not load_report(report_file).sections["六"].versions


def test_cli_refuses_to_send_marked_text_to_a_remote_endpoint(
    report_file: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    data = json.loads(report_file.read_text(encoding="utf-8"))
    data["notes"]["other"]["items"].append("内部资料：某专项工作情况。")
    report_file.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    monkeypatch.setenv("DRAFTING_PRESET", "deepseek")
    monkeypatch.setenv("DRAFTING_API_KEY", KEY)
    assert main(["draft", str(report_file), "--section", "六"]) == 2  # stopped before any request is sent
    err = capsys.readouterr().err
    assert "内部资料" in err and "--allow-marked" in err


def test_policy_from_settings() -> None:
    policy = RetryPolicy.from_settings(Settings(max_retries=1, retry_backoff=0.25))
    assert (policy.max_retries, policy.backoff, policy.delay(2)) == (1, 0.25, 0.5)


def _write_stream_app(path: str) -> None:
    import streamlit as st

    from drafting.model import load_report
    from drafting.narrative.draft import draft_section

    stream = draft_section(load_report(path), "六")
    st.session_state["shown"] = st.write_stream(stream)
    st.session_state["saved"] = stream.result.text


def test_works_with_st_write_stream() -> None:
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_function(_write_stream_app, args=(str(EXAMPLE_2023),), default_timeout=30).run()
    assert not at.exception
    assert at.session_state["shown"] == at.session_state["saved"]
    assert "信息处理费" in at.markdown[0].value


def test_cli_offline_does_not_need_the_secrets_file(report_file: Path) -> None:
    _secrets_toml("DRAFTING_TIMEOUT = -5\nnot toml at all\n")
    assert main(["draft", str(report_file), "--section", "六", "--offline"]) == 0


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"DRAFTING_MAX_RETRIES": "3"}, 3),
        ({"DRAFTING_MAX_RETRIES": "-1"}, RetryPolicy().max_retries),
        ({"DRAFTING_MAX_RETRIES": "abc", "DRAFTING_RETRY_BACKOFF": "0.5"}, RetryPolicy().max_retries),
    ],
)
def test_default_policy_keeps_good_settings_and_defaults_a_bad_one(monkeypatch, env, expected):
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert default_policy().max_retries == expected
