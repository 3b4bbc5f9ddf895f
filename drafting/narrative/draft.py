"""Section drafting: build the prompt, stream the model's text (retrying where it helps), then run the gate."""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, cast

from drafting.errors import DraftingError, LLMError
from drafting.findings import Finding, Severity
from drafting.model import ASPECT_LABELS, SECTION_HEADINGS, SECTION_IDS, Aspect, Report, SectionId, SectionVersion
from drafting.narrative.aspects import heading, keep_locked, paragraph, replace_aspect
from drafting.narrative.facts import Fact, build_facts
from drafting.narrative.gate import Similarity, check_draft, similarity_report
from drafting.narrative.llm import (
    EMPTY_REPLY_MESSAGE,
    REASONING_UNFINISHED,
    Failure,
    classify,
    failure_error,
    model_endpoint,
    model_name,
    model_secrets,
)
from drafting.narrative.offline import OFFLINE_ORIGIN, draft_offline
from drafting.narrative.problems import problem_findings
from drafting.narrative.prompts import Prompt, build_prompt, exemplar_passages
from drafting.settings import Settings, load_settings_lenient

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class DraftResult:
    """A finished draft: its text, the gate's findings on it, the version to save, and its similarity
    to last year's same section and to the exemplar (reported as percentages; G6 warns above 50%)."""

    text: str
    findings: list[Finding]
    version: SectionVersion
    similarities: list[Similarity] = field(default_factory=list)
    incomplete: str | None = None  # why the reply is incomplete (Chinese); None when it ended normally

    @property
    def complete(self) -> bool:
        """True when the model's reply ended normally: only a complete draft may become the current text."""
        return self.incomplete is None


def check_section(report: Report, section: str, text: str, facts: Sequence[Fact] | None = None) -> list[Finding]:
    """The gate on a section's text; G6 compares it with the exemplars the drafter shows as well, and 五
    gets the warnings on the problems staff entered (vague, no measure, restated, follow-up unchosen)."""
    findings = check_draft(report, section, text, facts, exemplar_passages(report, section))
    if section == "五" and text.strip():
        findings += problem_findings(report)
    return findings


def section_similarity(report: Report, section: str, text: str) -> list[Similarity]:
    """The text's similarity to last year's same section and to the drafter's exemplars, for display."""
    return similarity_report(report, section, text, exemplar_passages(report, section))


@dataclass
class RetryPolicy:
    """How often and how patiently to retry 429 and 5xx answers (only before any text arrived)."""

    max_retries: int = 2
    backoff: float = 1.0
    sleep: Callable[[float], None] = field(default=time.sleep, repr=False)

    @classmethod
    def from_settings(cls, settings: Settings) -> RetryPolicy:
        """The policy the settings ask for (DRAFTING_MAX_RETRIES, DRAFTING_RETRY_BACKOFF or secrets)."""
        return cls(max_retries=settings.max_retries, backoff=settings.retry_backoff)

    def delay(self, attempt: int) -> float:
        """Exponential backoff: backoff, 2×backoff, 4×backoff …"""
        return float(self.backoff * 2 ** (attempt - 1))


class DraftStream:
    """The text of one section as it is written (an iterator of str); read it to the end, then `.result`.

    Works with `st.write_stream`. Failures before any text arrived raise LLMError (Chinese message) during
    iteration. A reply that stops early — cut off after some text, no finish reason, or finish reason
    "length" — ends the stream normally with an incomplete result (`result.complete` is False), which
    `save_draft` keeps apart as the section's 不完整草稿. The report is never modified here.
    """

    def __init__(
        self,
        report: Report,
        section: SectionId,
        model: BaseChatModel | None,
        facts: Sequence[Fact],
        policy: RetryPolicy,
        aspect: Aspect | None = None,
    ) -> None:
        self.report = report
        self.section = section
        self.model = model
        self.facts = facts
        self.policy = policy
        self.aspect = aspect  # section 一 only: redraft this aspect's paragraph, keep the rest of the text
        self.prompt: Prompt | None = None
        if model is not None:
            prompt = section_prompt(report, section, facts)
            self.prompt = prompt if aspect is None else aspect_prompt(prompt, aspect)
        self.finish_reason: str | None = None
        self.failure: Failure | None = None  # what cut the reply off after some text had arrived
        self._result: DraftResult | None = None
        self._chunks: Iterator[str] | None = None

    @property
    def origin(self) -> str:
        """What the version will record as its origin: the model's name, or "offline"."""
        return OFFLINE_ORIGIN if self.model is None else model_name(self.model)

    @property
    def result(self) -> DraftResult:
        """The finished draft; only available once the stream has been read to the end."""
        if self._result is None:
            raise DraftingError("草稿尚未生成完毕，请先读完生成过程")
        return self._result

    def __iter__(self) -> DraftStream:
        return self

    def __next__(self) -> str:
        if self._chunks is None:
            self._chunks = self._run()
        return next(self._chunks)

    def _run(self) -> Iterator[str]:
        pieces: list[str] = []
        source = self._offline_chunks() if self.model is None else self._model_chunks(self.model)
        for piece in source:
            pieces.append(piece)
            yield piece
        self._result = self._finish("".join(pieces))

    def _offline_chunks(self) -> Iterator[str]:
        text = draft_offline(self.report, self.section, self.facts)
        yield from split_for_streaming(text if self.aspect is None else paragraph(text, self.aspect))

    def _model_chunks(self, model: BaseChatModel) -> Iterator[str]:
        assert self.prompt is not None
        attempt = 0
        while True:
            attempt += 1
            started = yielded = False
            try:
                for chunk in model.stream(self.prompt.messages()):
                    started = True
                    self._note_finish(chunk)
                    text = chunk_text(chunk)
                    if text:
                        yielded = True
                        yield text
            except Exception as exc:
                failure = classify(exc, started=started, secrets=model_secrets(model))
                if yielded:  # the text received is kept as an incomplete draft, never retried over
                    log.warning("第%s部分的模型回复中途中断：%s（第 %d 次请求）", self.section, failure.label, attempt)
                    self.failure = failure
                    return
                if not failure.retryable or attempt > self.policy.max_retries:
                    log.warning("第%s部分起草失败：%s（第 %d 次请求）", self.section, failure.label, attempt)
                    raise failure_error(failure, attempts=attempt, model=model) from None
                delay = self.policy.delay(attempt)
                log.info("模型%s，%.2f 秒后重试（第 %d 次请求）", failure.label, delay, attempt)
                self.policy.sleep(delay)
                continue
            if not yielded:
                log.warning("第%s部分起草失败：模型未返回内容", self.section)
                raise LLMError(EMPTY_REPLY_MESSAGE)
            return

    def _note_finish(self, chunk: Any) -> None:
        metadata = getattr(chunk, "response_metadata", None) or {}
        reason = metadata.get("finish_reason") if isinstance(metadata, dict) else None
        if isinstance(reason, str) and reason:
            self.finish_reason = reason

    def _finish(self, raw: str) -> DraftResult:
        text = clean_text(raw, self.section)
        if not text:
            raise LLMError(EMPTY_REPLY_MESSAGE)
        text = self._merged(text)
        incomplete = self._incomplete_reason()
        findings = check_section(self.report, self.section, text, list(self.facts))
        version = SectionVersion(
            text=text,
            origin=self.origin,
            prompt_version=self.prompt.version if self.prompt else None,
            note=incomplete or "",
        )
        if incomplete:
            findings.append(Finding("D1", Severity.WARNING, incomplete_message(version), section=self.section))
        return DraftResult(text, findings, version, section_similarity(self.report, self.section, text), incomplete)

    def _merged(self, text: str) -> str:
        """Section 一 as it will be saved: one redrafted aspect put into the current text, or a whole new
        text with the paragraphs the user locked put back as they were."""
        state = self.report.sections[self.section]
        if self.aspect is not None:
            return replace_aspect(state.text, self.aspect, _as_paragraph(text, self.aspect))
        if self.section == "一" and state.locked_aspects:
            return keep_locked(state.text, text, state.locked_aspects)
        return text

    def _incomplete_reason(self) -> str | None:
        """Why the model's reply is not whole (Chinese), or None when it ended with finish reason "stop"."""
        if self.model is None:
            return None
        if self.failure is not None:
            return _cut_reason(self.failure)
        if self.finish_reason == "stop":
            return None
        if self.finish_reason is None:
            if model_endpoint(self.model) is None:  # in-process test doubles send no finish reason
                return None
            return "模型的回复在中途断开（没有收到结束标志）"
        if self.finish_reason == "length":
            return "模型的回复达到长度上限，在中途截断"
        why = _FINISH_REASONS.get(self.finish_reason, "原因未说明")
        return f"模型提前结束了回复（{why}）"


def _cut_reason(failure: Failure) -> str:
    """Why a reply stopped after some text had arrived."""
    if failure.kind == "cut":
        return "模型的回复在中途断开（连接中断）"
    if failure.kind == "timeout":
        return "模型的回复在中途停止（请求超时）"
    return f"模型的回复在中途出错（{failure.detail or failure.label}）"


def incomplete_message(version: SectionVersion) -> str:
    """What happened to a reply kept as 不完整草稿 (the version's note says why), for the page and the CLI."""
    reason = version.note or "模型的回复不完整"
    return f"{reason}，已收到的 {len(version.text)} 字保存为“不完整草稿”，当前正文未改变。"


# Why a model stopped early, in Chinese (OpenAI-compatible finish_reason values other than stop/length).
_FINISH_REASONS = {
    "content_filter": "内容被模型服务的安全审核拦截",
    "tool_calls": "模型转去调用工具",
    "function_call": "模型转去调用工具",
    "insufficient_system_resource": "模型服务资源不足",
    REASONING_UNFINISHED: "思考过程（<think>）没有结束，正文没有写完",
}


def section_prompt(report: Report, section: str, facts: Sequence[Fact] | None = None) -> Prompt:
    """The prompt a model is sent for a section: `.messages()` is exactly what drafting streams from.

    The 起草 page shows it before generating (查看将发送的内容); DraftStream sends it.

    Raises:
        DraftingError: unknown section; PromptError when a template does not fit its variables.
    """
    return build_prompt(report, _section_id(section), build_facts(report) if facts is None else facts)


def _as_paragraph(reply: str, aspect: Aspect) -> str:
    """The aspect's paragraph in a reply; a reply that left out the heading gets it, so the section keeps
    its five headings (（三）政府信息管理。…) and a later redraft of another aspect still finds this one."""
    found = paragraph(reply, aspect)
    if found:
        return found
    first = reply.strip().split("\n\n")[0].strip()
    return heading(aspect) + first.removeprefix(ASPECT_LABELS[aspect]).lstrip("。：:， ")


def aspect_prompt(prompt: Prompt, aspect: Aspect) -> Prompt:
    """The section 一 prompt narrowed to one aspect's paragraph (重新生成这一段)."""
    ask = (
        f"\n\n【本次只写一段】只重写第一部分中“{ASPECT_LABELS[aspect]}”这一段：以“{heading(aspect)}”开头，"
        "只用上面属于这一方面的材料，只输出这一段，不写其他方面、总述或标题。"
    )
    return replace(prompt, user=prompt.user + ask, version=f"{prompt.version}/{aspect.value}")


def _section_id(section: str) -> SectionId:
    if section not in SECTION_IDS:
        raise DraftingError(f"无法起草第“{section}”部分：可起草的部分为一、五、六")
    return section


def draft_section(
    report: Report,
    section: str,
    model: BaseChatModel | None = None,
    *,
    facts: Sequence[Fact] | None = None,
    policy: RetryPolicy | None = None,
    aspect: Aspect | None = None,
) -> DraftStream:
    """Start drafting one section; iterate the returned stream for text, then read `.result`.

    `model=None` uses the offline drafter. Retries follow `policy`, by default the settings'
    max_retries and retry_backoff. With `aspect` (section 一 only) only that aspect's paragraph is
    redrafted; the result is the current text with that paragraph replaced. A whole redraft of 一 keeps
    the paragraphs of the aspects the user locked (SectionState.locked_aspects).

    Raises:
        DraftingError: unknown section, or an aspect asked for another section; PromptError when a
            template does not fit its variables.
    """
    sid = _section_id(section)
    if aspect is not None and sid != "一":
        raise DraftingError("只有第一部分“总体情况”可以按方面重新生成")
    if facts is None:
        facts = build_facts(report)
    if policy is None:
        policy = default_policy() if model is not None else RetryPolicy()
    return DraftStream(report, sid, model, facts, policy, aspect)


def draft_text(report: Report, section: str, model: BaseChatModel | None = None, **kwargs: Any) -> DraftResult:
    """Draft a section without showing the stream; returns the finished result."""
    stream = draft_section(report, section, model, **kwargs)
    for _ in stream:
        pass
    return stream.result


def default_policy() -> RetryPolicy:
    """The retry policy from the settings (DRAFTING_MAX_RETRIES, DRAFTING_RETRY_BACKOFF).

    An unusable value falls back to its default instead of stopping the draft: the app reports bad
    settings when it starts, and the CLI checks them strictly before drafting.
    """
    settings, _problems = load_settings_lenient()
    return RetryPolicy.from_settings(settings)


def save_draft(report: Report, section: str, result: DraftResult, *, force: bool = False) -> None:
    """Save a draft: a complete one as the section's newest version (earlier versions are kept, an older
    不完整草稿 is dropped); an incomplete one (`result.complete` is False) only as the section's 不完整草稿,
    the current text unchanged.

    Raises:
        DraftingError: the section is locked and `force` is not set.
    """
    state = report.sections[cast("SectionId", section)]
    if state.locked and not force:
        heading = SECTION_HEADINGS.get(section, section)
        raise DraftingError(f"“{heading}”已锁定，新草稿未保存：如确需替换，请先解锁该部分")
    if not result.complete:
        state.incomplete = result.version
        return
    state.add(result.version)
    state.incomplete = None


# ---- text helpers ---------------------------------------------------------------------------------


def chunk_text(chunk: Any) -> str:
    """The text of a streamed message chunk (plain string content or text content blocks)."""
    content = getattr(chunk, "content", chunk)
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        parts = [p if isinstance(p, str) else p.get("text", "") for p in content if isinstance(p, str | dict)]
        return "".join(str(p) for p in parts)
    return ""


_MARKDOWN_HEADING = re.compile(r"^[ \t]*#{1,6}[ \t]*", re.MULTILINE)
_BOLD = re.compile(r"\*\*|__")


def clean_text(raw: str, section: str) -> str:
    """Strip what a model adds around a section: markdown marks, the section heading, extra blank lines."""
    text = _BOLD.sub("", _MARKDOWN_HEADING.sub("", raw)).strip()
    heading = SECTION_HEADINGS.get(section, "")
    first, _, rest = text.partition("\n")
    if heading and first.strip() in (heading, heading.split("、", 1)[-1]):
        text = rest.strip()
    return re.sub(r"\n{3,}", "\n\n", text)


_STREAM_PIECE = re.compile(r".{1,12}?(?:[，。；：、！？\n]|$)|.{1,12}", re.DOTALL)


def split_for_streaming(text: str) -> Iterator[str]:
    """Cut text into short pieces at punctuation, so offline drafts stream like model output."""
    for match in _STREAM_PIECE.finditer(text):
        if match.group(0):
            yield match.group(0)
