"""The only module that talks to model endpoints: presets, the chat model, error mapping, endpoint safety."""

from __future__ import annotations

import ipaddress
import logging
import os
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import openai

from drafting.errors import LLMError
from drafting.narrative.prompts import MAX_SECTION_TOKENS, estimate_tokens
from drafting.settings import Settings, SettingsError

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel
    from langchain_core.outputs import ChatGenerationChunk

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Preset:
    """A known OpenAI-compatible service: its address and a sensible default model."""

    label: str
    base_url: str
    model: str | None


PRESETS: dict[str, Preset] = {
    "deepseek": Preset("DeepSeek", "https://api.deepseek.com/v1", "deepseek-chat"),
    "qwen": Preset("通义千问（DashScope 兼容模式）", "https://dashscope.aliyuncs.com/compatible-mode/v1", "qwen-plus"),
    "glm": Preset("智谱 GLM", "https://open.bigmodel.cn/api/paas/v4", "glm-4-flash"),
    "moonshot": Preset("Moonshot（月之暗面）", "https://api.moonshot.cn/v1", "moonshot-v1-8k"),
    "openai": Preset("OpenAI", "https://api.openai.com/v1", "gpt-4o-mini"),
    "ollama": Preset("本地 Ollama", "http://127.0.0.1:11434/v1", None),
    "vllm": Preset("本地 vLLM", "http://127.0.0.1:8000/v1", None),
}

# Where staff enter the key (the app's panel); the environment and secrets.toml are for administrators and the CLI.
KEY_HINT = (
    "请在左侧“模型设置”的“API 密钥”栏填写。"
    "管理员或命令行也可以用环境变量 DRAFTING_API_KEY 或 .streamlit/secrets.toml 设置"
)
EMPTY_REPLY_MESSAGE = (
    "模型未返回内容：本次没有生成任何文字（推理模型也可能只写了思考过程、没有写正文），原有文本保持不变。"
    "请重新生成，或在“模型设置”中调大“回复长度上限”，或换用其他模型。"
)
_LOCAL_KEY = "not-needed"


@dataclass(frozen=True)
class Endpoint:
    """A resolved endpoint: where to send requests and which model to ask for."""

    base_url: str
    model: str
    label: str


def resolve_endpoint(settings: Settings) -> Endpoint | None:
    """The endpoint the settings point at (preset filled in), or None when nothing is configured (offline)."""
    preset = None
    if settings.preset:
        preset = PRESETS.get(settings.preset.strip().lower())
        if preset is None:
            names = "、".join(PRESETS)
            msg = f"未知的预设服务商“{settings.preset}”（DRAFTING_PRESET），可选：{names}"
            raise SettingsError(msg)
    base_url = (settings.base_url or (preset.base_url if preset else "")).strip().rstrip("/")
    if not base_url:
        return None
    model = (settings.model or (preset.model if preset else None) or "").strip()
    if not model:
        msg = (
            f"已设置接口地址 {base_url}，但没有设置模型名称：请在左侧“模型设置”的“模型名称”栏填写（如 qwen2.5:7b）；"
            "管理员也可以设置环境变量 DRAFTING_MODEL"
        )
        raise SettingsError(msg)
    if urlsplit(base_url).scheme not in ("http", "https"):
        msg = f"接口地址 {base_url} 应以 http:// 或 https:// 开头（DRAFTING_BASE_URL）"
        raise SettingsError(msg)
    return Endpoint(base_url, model, preset.label if preset else base_url)


def build_chat_model(settings: Settings) -> BaseChatModel | None:
    """A streaming ChatOpenAI for the configured endpoint, or None when no endpoint is set (offline drafting).

    Retries are off in the client: drafting.narrative.draft retries 429/5xx itself, and only before any text arrived.

    Raises:
        SettingsError: the endpoint is incomplete (no model name, or no key for a non-local service).
    """
    disable_tracing()
    endpoint = resolve_endpoint(settings)
    if endpoint is None:
        return None
    key = settings.api_key.get_secret_value() if settings.api_key else ""
    if not key and not is_local_endpoint(endpoint.base_url):
        msg = f"使用 {endpoint.label} 需要 API 密钥：{KEY_HINT}"
        raise SettingsError(msg)
    return _chat_class()(
        model=endpoint.model,
        base_url=endpoint.base_url,
        api_key=key or _LOCAL_KEY,
        timeout=settings.timeout,
        max_retries=0,
        streaming=True,
        temperature=settings.temperature,
        max_tokens=settings.max_tokens,
        ollama=is_ollama(endpoint.base_url, settings.preset),
    )


TRACING_VARIABLES = ("LANGSMITH_TRACING", "LANGSMITH_TRACING_V2", "LANGCHAIN_TRACING_V2", "LANGCHAIN_TRACING")


def disable_tracing() -> None:
    """Switch LangSmith tracing off: prompts carry unpublished figures and must go only to the chosen endpoint."""
    for name in TRACING_VARIABLES:
        os.environ.pop(name, None)


def model_name(model: object) -> str:
    """The name a draft records as its origin: the model's name, or its class name for test doubles."""
    for attr in ("model_name", "model"):
        value = getattr(model, attr, None)
        if isinstance(value, str) and value:
            return value
    return type(model).__name__


def model_endpoint(model: object) -> str | None:
    """The base URL a chat model sends to, when it has one."""
    value = getattr(model, "openai_api_base", None)
    return value if isinstance(value, str) else None


# ---- what every chat request carries ---------------------------------------------------------------

OLLAMA_PORT = 11434
MIN_OLLAMA_CONTEXT = 8192
# Ollama's context length when nobody set one: 4096 below 24 GiB of VRAM in current versions, 2048 before.
OLLAMA_DEFAULT_CONTEXT = 4096
_OPENAI_HOST = "api.openai.com"
# A model name that states its context window, as Moonshot's do (moonshot-v1-8k, moonshot-v1-32k).
_WINDOW_IN_NAME = re.compile(r"-(\d{1,3})k(?![a-z0-9])", re.IGNORECASE)
_MIN_REPLY_TOKENS = 512


def is_ollama(base_url: str, preset: str | None = None) -> bool:
    """True for an Ollama endpoint: the "ollama" preset, or Ollama's port 11434 at any host."""
    if (preset or "").strip().lower() == "ollama":
        return True
    try:
        return urlsplit(base_url if "://" in base_url else f"http://{base_url}").port == OLLAMA_PORT
    except ValueError:
        return False


def ollama_context_length(prompt_tokens: int, max_tokens: int) -> int:
    """The context length to ask Ollama for: prompt plus reply, rounded up to a power of two, at least 8192."""
    length = MIN_OLLAMA_CONTEXT
    while length < prompt_tokens + max_tokens:
        length *= 2
    return length


def context_warning(model: object, prompt_text: str) -> str | None:
    """The Chinese warning for a prompt about to be sent to an Ollama endpoint, or None for other endpoints.

    Ollama's OpenAI-compatible endpoint cannot set the context length (see `shape_request`), so a prompt
    longer than the server's context length loses its beginning without any error.
    """
    if not getattr(model, "ollama", False):
        return None
    max_tokens = getattr(model, "max_tokens", None)
    tokens = estimate_tokens(prompt_text)
    needed = ollama_context_length(tokens, max_tokens if isinstance(max_tokens, int) else 0)
    return (
        f"本次提示约 {tokens} 个 token，连同回复需要约 {needed} 的上下文长度；Ollama 的 OpenAI 兼容接口不能按次设置，"
        f"未另行设置时 Ollama 只用 {OLLAMA_DEFAULT_CONTEXT}（旧版 2048），超出部分会被悄悄截掉，草稿可能漏掉材料。"
        f"请管理员以 OLLAMA_CONTEXT_LENGTH={needed} 启动 Ollama，"
        f"或在 Modelfile 中写 PARAMETER num_ctx {needed} 另建模型"
    )


def ollama_panel_note(max_tokens: int) -> str:
    """What 模型设置 says about Ollama's context length: the length that fits the longest prompt allowed."""
    needed = ollama_context_length(MAX_SECTION_TOKENS, max_tokens)
    return (
        f"Ollama 默认的上下文长度（{OLLAMA_DEFAULT_CONTEXT}，旧版 2048）装不下较长的起草提示，超出部分会被悄悄截掉；"
        f"本工具无法通过 Ollama 的 OpenAI 兼容接口调整它。请管理员以 OLLAMA_CONTEXT_LENGTH={needed} 启动 Ollama。"
    )


def shape_request(payload: dict[str, Any], *, base_url: str, ollama: bool) -> dict[str, Any]:
    """The request body as this tool sends it, from the one langchain-openai builds.

    - The reply limit goes out as `max_tokens`: ChatOpenAI renames it to `max_completion_tokens`, which only
      OpenAI itself reads; Ollama (openai/openai.go: ChatCompletionRequest has MaxTokens only), Moonshot, GLM,
      DashScope and DeepSeek read `max_tokens`, and ignore the other name, so the reply would be unbounded
      (or Moonshot's 1024).
    - For a model whose name states its window (moonshot-v1-8k), the reply limit is lowered so prompt plus
      reply fit: Moonshot rejects a request whose prompt plus max_tokens exceed the window (400).
    - For Ollama, `options.num_ctx` is sent (as an extra body field). What Ollama honours, checked against its
      source and docs: /api/chat reads `options.num_ctx`, but /v1/chat/completions decodes a fixed
      ChatCompletionRequest (model, messages, max_tokens → num_predict, temperature, top_p, stop, seed, …)
      with no `options` or `num_ctx`, and ignores unknown fields; Ollama's OpenAI-compatibility page says the
      OpenAI API cannot set the context size and points to a Modelfile (PARAMETER num_ctx) or
      OLLAMA_CONTEXT_LENGTH (issues ollama/ollama#2722, #5356 and PR #5357, unmerged). The field is sent anyway
      because proxies in front of Ollama that forward to /api/chat honour it and it costs nothing; since stock
      Ollama ignores it, `context_warning` tells the user the prompt may be cut.
    """
    body = dict(payload)
    limit = body.pop("max_completion_tokens", None) or body.get("max_tokens")
    is_openai = urlsplit(base_url).hostname == _OPENAI_HOST
    if isinstance(limit, int):
        limit = _fit_window(str(body.get("model", "")), _prompt_text(body), limit)
        body["max_completion_tokens" if is_openai else "max_tokens"] = limit
        if is_openai:
            body.pop("max_tokens", None)
    if ollama:
        extra = dict(body.get("extra_body") or {})
        options = dict(extra.get("options") or {})
        options["num_ctx"] = ollama_context_length(estimate_tokens(_prompt_text(body)), limit or 0)
        body["extra_body"] = extra | {"options": options}
    return body


def _prompt_text(body: dict[str, Any]) -> str:
    messages = body.get("messages") or []
    return "\n".join(str(m.get("content", "")) for m in messages if isinstance(m, dict))


def _fit_window(model: str, prompt_text: str, limit: int) -> int:
    match = _WINDOW_IN_NAME.search(model)
    if match is None:
        return limit
    window = int(match.group(1)) * 1024
    room = window - round(estimate_tokens(prompt_text) * 1.2) - 64  # the estimate is rough: keep a margin
    return max(_MIN_REPLY_TOKENS, min(limit, room))


# ---- reasoning models' <think> blocks --------------------------------------------------------------

THINK_OPEN, THINK_CLOSE = "<think>", "</think>"
# A finish reason of our own: the reply ended inside a <think> block (drafting.narrative.draft names it).
REASONING_UNFINISHED = "reasoning_unfinished"
# Models whose chat template itself opens the <think> block, so the reply carries only </think>:
# DeepSeek-R1 and its distillations, QwQ. Their replies are held back until </think> arrives.
_OPENS_THINK_IN_TEMPLATE = re.compile(r"(?<![a-z0-9])r1(?![0-9])|qwq", re.IGNORECASE)


def template_opens_think(model_name: str) -> bool:
    """True for models whose replies may start inside a <think> block without its opening tag."""
    return bool(_OPENS_THINK_IN_TEMPLATE.search(model_name))


class ThinkFilter:
    """Removes <think>…</think> reasoning from a streamed reply as it arrives; tags may be split across chunks.

    Feed each chunk's text to `feed`, which returns what the user may see now; `close` at the end returns
    what was held back. Text is held back only while it may be part of a tag, or, with `hold_start`,
    from the start of the reply until `</think>` (for models whose template opens the block itself).
    A reply ending inside a think block shows nothing of it and sets `unterminated`.
    """

    def __init__(self, *, hold_start: bool = False) -> None:
        self._state = "start"  # start → answer | think | held; think/held → answer at </think>
        self._hold_start = hold_start
        self._buffer = ""
        self._trim = False  # drop the blank lines models put after </think>
        self.unterminated = False
        self.reasoning_chars = 0

    def feed(self, text: str) -> str:
        """The part of the reply so far that is not reasoning and can be shown now."""
        self._buffer += text
        shown: list[str] = []
        while self._step(shown):
            pass
        return "".join(shown)

    def release(self) -> None:
        """Stop holding the start back: the server sends reasoning apart, so the content is all answer."""
        self._hold_start = False
        if self._state == "held":
            self._state = "answer"

    def close(self, *, complete: bool) -> str:
        """What is left at the end of the reply; `complete` says the reply ended normally (finish reason stop).

        Held-back text is an answer when the reply ended normally without </think> (the model did not reason);
        otherwise, like text inside an open <think> block, it is unfinished reasoning and is dropped.
        """
        rest, self._buffer = self._buffer, ""
        state, self._state = self._state, "answer"
        if state == "think" or (state == "held" and not complete):
            self.unterminated = True
            self.reasoning_chars += len(rest)
            return ""
        return rest.lstrip() if self._trim else rest

    def _step(self, shown: list[str]) -> bool:
        """Move one decision forward; False when more text is needed."""
        if self._state == "start":
            return self._decide_start()
        if self._state in ("think", "held"):
            return self._skip_reasoning()
        return self._pass_answer(shown)

    def _decide_start(self) -> bool:
        head = self._buffer.lstrip()
        if head.startswith(THINK_OPEN):
            self._buffer = head[len(THINK_OPEN) :]
            self._state = "think"
            return True
        if THINK_OPEN.startswith(head):  # empty, or a tag still arriving
            return False
        self._state = "held" if self._hold_start else "answer"
        return True

    def _skip_reasoning(self) -> bool:
        at = self._buffer.find(THINK_CLOSE)
        if at < 0:
            if self._state == "think":  # keep only what may be the start of </think>
                keep = _partial_tag(self._buffer, (THINK_CLOSE,))
                self.reasoning_chars += len(self._buffer) - keep
                self._buffer = self._buffer[len(self._buffer) - keep :]
            return False
        self.reasoning_chars += at
        self._buffer = self._buffer[at + len(THINK_CLOSE) :]
        self._state, self._trim = "answer", True
        return True

    def _pass_answer(self, shown: list[str]) -> bool:
        if self._trim:
            self._buffer = self._buffer.lstrip()
            if not self._buffer:
                return False
            self._trim = False
        opening, closing = self._buffer.find(THINK_OPEN), self._buffer.find(THINK_CLOSE)
        if opening >= 0 and (closing < 0 or opening < closing):
            shown.append(self._buffer[:opening])
            self._buffer = self._buffer[opening + len(THINK_OPEN) :]
            self._state = "think"
            return True
        if closing >= 0:  # a stray </think>: what came before was shown already; drop the tag
            shown.append(self._buffer[:closing])
            self._buffer = self._buffer[closing + len(THINK_CLOSE) :]
            return True
        keep = _partial_tag(self._buffer, (THINK_OPEN, THINK_CLOSE))
        shown.append(self._buffer[: len(self._buffer) - keep])
        self._buffer = self._buffer[len(self._buffer) - keep :]
        return False


def _partial_tag(text: str, tags: tuple[str, ...]) -> int:
    """The length of the longest end of `text` that is the beginning of one of `tags` (0 when none)."""
    for size in range(min(len(text), max(map(len, tags)) - 1), 0, -1):
        if any(tag.startswith(text[-size:]) for tag in tags):
            return size
    return 0


# ---- the chat model class ----------------------------------------------------------------------------


@cache
def _chat_class() -> type[BaseChatModel]:
    """ChatOpenAI with this tool's request body (`shape_request`) and <think> blocks removed from replies.

    Built on first use: importing langchain-openai is slow and offline drafting never needs it.
    """
    from langchain_openai import ChatOpenAI

    class DraftingChatOpenAI(ChatOpenAI):
        """ChatOpenAI that sends max_tokens under the name servers read, sizes Ollama's context, hides reasoning."""

        ollama: bool = False

        def _get_request_payload(self, input_: Any, *, stop: list[str] | None = None, **kwargs: Any) -> dict[str, Any]:
            payload = super()._get_request_payload(input_, stop=stop, **kwargs)
            if self.ollama and (warning := context_warning(self, _prompt_text(payload))):
                log.warning("%s", warning)  # the CLI prints it; the app's 模型设置 says the same in general
            return shape_request(payload, base_url=self.openai_api_base or "", ollama=self.ollama)

        def _convert_chunk_to_generation_chunk(
            self, chunk: dict[str, Any], default_chunk_class: type, base_generation_info: dict[str, Any] | None
        ) -> ChatGenerationChunk | None:
            converted = super()._convert_chunk_to_generation_chunk(chunk, default_chunk_class, base_generation_info)
            if converted is not None and _reasoning_apart(chunk):
                converted.generation_info = {**(converted.generation_info or {}), "reasoning_apart": True}
            return converted

        def _stream(self, *args: Any, **kwargs: Any) -> Iterator[ChatGenerationChunk]:
            think = ThinkFilter(hold_start=template_opens_think(self.model_name or ""))
            closed = False
            try:
                for chunk in super()._stream(*args, **kwargs):
                    shown, closed = _filter_chunk(chunk, think, closed)
                    yield shown
            except Exception:
                if not closed and (rest := think.close(complete=False)):
                    yield _text_chunk(rest)
                raise
            if not closed and (rest := think.close(complete=False)):
                yield _text_chunk(rest)
            if think.reasoning_chars:
                log.info("已从模型回复中去掉 %d 字的思考过程（<think>）", think.reasoning_chars)

    return DraftingChatOpenAI


def _reasoning_apart(chunk: dict[str, Any]) -> bool:
    """True when a raw stream chunk carries reasoning in its own field (DeepSeek, vLLM, recent Ollama)."""
    choices = chunk.get("choices") or []
    delta = (choices[0] or {}).get("delta") if choices and isinstance(choices[0], dict) else None
    return isinstance(delta, dict) and any(delta.get(key) for key in ("reasoning_content", "reasoning"))


def _filter_chunk(chunk: ChatGenerationChunk, think: ThinkFilter, closed: bool) -> tuple[ChatGenerationChunk, bool]:
    """The chunk with its reasoning removed (its text may become empty), and whether `think` is now closed."""
    info = dict(chunk.generation_info or {})
    if info.get("reasoning_apart"):
        think.release()
    content = chunk.message.content
    if not isinstance(content, str):
        return chunk, closed
    shown = think.feed(content) if content and not closed else content
    reason = info.get("finish_reason")
    if isinstance(reason, str) and reason and not closed:
        shown += think.close(complete=reason == "stop")
        closed = True
        if think.unterminated and reason == "stop":
            info["finish_reason"] = REASONING_UNFINISHED
    if shown == content and info == (chunk.generation_info or {}):
        return chunk, closed
    return _text_chunk(shown, chunk, info), closed


def _text_chunk(
    text: str, like: ChatGenerationChunk | None = None, info: dict[str, Any] | None = None
) -> ChatGenerationChunk:
    from langchain_core.messages import AIMessageChunk
    from langchain_core.outputs import ChatGenerationChunk

    message = like.message.model_copy(update={"content": text}) if like is not None else AIMessageChunk(content=text)
    return ChatGenerationChunk(message=message, generation_info=info or None)


# ---- failures -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Failure:
    """What went wrong in a model call, whether retrying can help, and how to say it in Chinese."""

    kind: str
    status: int | None = None
    detail: str = ""

    @property
    def retryable(self) -> bool:
        """Only rate limits and server errors are worth another try."""
        return self.kind in ("rate_limit", "server")

    @property
    def label(self) -> str:
        """A short Chinese name of the failure for logs and notes, e.g. 服务暂时不可用（503）."""
        name = _KIND_LABELS.get(self.kind, "调用出错")
        return f"{name}（{self.status}）" if self.status else name

    def message(
        self, attempts: int = 1, timeout: float | None = None, endpoint: str | None = None, model: str | None = None
    ) -> str:
        """The user-facing message; it never contains the key (details are redacted before they get here)."""
        tried = f"，已尝试 {attempts} 次" if attempts > 1 else ""
        where = f"（{endpoint}）" if endpoint else ""
        which = f"（{model}）" if model else ""
        secs = f" {timeout:g} 秒内" if timeout else "规定时间内"
        messages = {
            "auth": f"API 密钥无效或已过期（{self.status}）：模型接口拒绝了请求。"
            "请检查左侧“模型设置”中“API 密钥”栏填写的密钥（或管理员设置的 DRAFTING_API_KEY、secrets.toml）。",
            "forbidden": "无权使用该模型（403）：请确认账户已开通此模型，或换用其他模型。",
            "not_found": f"接口地址或模型名称不存在（404）：请检查接口地址{where}和模型名称{which}。",
            "rate_limit": f"请求过于频繁或额度不足（429）{tried}：请稍后再试，或检查账户余额与调用限额。",
            "server": f"模型服务暂时不可用（{self.status}）{tried}：请稍后再试。",
            "bad_request": f"模型接口拒绝了请求（{self.status}）：请检查模型名称和接口设置。"
            + (f"接口返回的说明：“{self.detail}”。" if self.detail else ""),
            "timeout": f"请求超时：模型在{secs}没有响应。请稍后再试，或加大超时时间（DRAFTING_TIMEOUT）。",
            "connect": f"无法连接模型接口{where}：请检查地址是否正确、服务是否已启动、网络是否可达。",
            "cut": "连接中断：模型开始回复后连接断开，没有收到文字。请重新生成。",
        }
        other = f"调用模型时出错（{self.detail or '原因不明'}）{tried}：请重试，或检查模型设置。"
        text = messages.get(self.kind, other)
        return f"{text}原有文本保持不变。"


_KIND_LABELS = {
    "auth": "密钥无效",
    "forbidden": "无权使用该模型",
    "not_found": "地址或模型不存在",
    "rate_limit": "请求过于频繁",
    "server": "服务暂时不可用",
    "bad_request": "请求被拒绝",
    "timeout": "请求超时",
    "connect": "无法连接",
    "cut": "连接中断",
}

# Exception types that reach the "other" branch, named in Chinese (the English class name never reaches users).
_EXCEPTION_LABELS = (
    ("JSONDecodeError", "模型返回的内容无法解析"),
    ("ValidationError", "模型返回的内容格式不符合要求"),
    ("UnicodeDecodeError", "模型返回的内容编码有误"),
    ("ValueError", "模型返回的内容无法解析"),
    ("KeyError", "模型返回的内容缺少必要字段"),
    ("TypeError", "模型返回的内容格式不符合要求"),
    ("AttributeError", "模型返回的内容格式不符合要求"),
    ("MemoryError", "内存不足"),
    ("OSError", "网络或系统读写出错"),
)


def exception_label(exc: BaseException) -> str:
    """The Chinese name of an unexpected exception from a model call (by type, most specific first)."""
    names = _names(exc)
    return next((label for name, label in _EXCEPTION_LABELS if name in names), "未知错误")


def _chain(exc: BaseException) -> list[BaseException]:
    seen: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and current not in seen:
        seen.append(current)
        current = current.__cause__ or current.__context__
    return seen


def _names(exc: BaseException) -> set[str]:
    return {cls.__name__ for link in _chain(exc) for cls in type(link).__mro__}


def classify(exc: BaseException, *, started: bool, secrets: tuple[str, ...] = ()) -> Failure:
    """Sort an exception from a model call into a Failure; `started` says whether the stream had begun."""
    if isinstance(exc, openai.APIStatusError):
        return _status_failure(exc.status_code, redact(_server_message(exc), secrets))
    names = _names(exc)
    if isinstance(exc, openai.APITimeoutError) or any("Timeout" in name for name in names):
        return Failure("timeout")
    if "ConnectError" in names or "ConnectionRefusedError" in names:
        return Failure("connect")
    if started or isinstance(exc, openai.APIConnectionError) or "RemoteProtocolError" in names:
        return Failure("cut" if started else "connect")
    return Failure("other", detail=exception_label(exc))


def _status_failure(status: int, detail: str) -> Failure:
    if status == 401:
        return Failure("auth", status)
    if status == 403:
        return Failure("forbidden", status)
    if status == 404:
        return Failure("not_found", status)
    if status in (408, 429):
        return Failure("rate_limit" if status == 429 else "timeout", status)
    if status >= 500:
        return Failure("server", status)
    return Failure("bad_request", status, detail[:120])


def _server_message(exc: openai.APIStatusError) -> str:
    body = exc.body
    if isinstance(body, dict):
        inner = body.get("error", body)
        if isinstance(inner, dict) and isinstance(inner.get("message"), str):
            return str(inner["message"])
    return ""


_KEYLIKE = re.compile(r"\b(?:sk|ak|key|token)[-_][A-Za-z0-9\-_*]{4,}|\b[A-Za-z0-9]{32,}\b", re.IGNORECASE)


def redact(text: str, secrets: tuple[str, ...] = ()) -> str:
    """Remove the given secrets and anything that looks like an API key from a server message."""
    for secret in secrets:
        if secret:
            text = text.replace(secret, "***")
    return _KEYLIKE.sub("***", text)


def failure_error(failure: Failure, *, attempts: int = 1, model: object = None) -> LLMError:
    """The LLMError to raise for a failure of a call to `model`."""
    timeout = getattr(model, "request_timeout", None)
    return LLMError(
        failure.message(
            attempts,
            timeout=timeout if isinstance(timeout, int | float) else None,
            endpoint=model_endpoint(model),
            model=model_name(model) if model is not None else None,
        )
    )


def model_secrets(model: object) -> tuple[str, ...]:
    """The key a chat model holds, so messages can be scrubbed of it."""
    key = getattr(model, "openai_api_key", None)
    value = key.get_secret_value() if key is not None and hasattr(key, "get_secret_value") else None
    return (value,) if isinstance(value, str) and value and value != _LOCAL_KEY else ()


def check_connection(settings: Settings) -> str:
    """Send one tiny request to the configured endpoint and say, in Chinese, that it answered.

    Raises:
        LLMError: the endpoint did not answer properly; the message says why and what to do.
        SettingsError: the settings are incomplete.
    """
    model = build_chat_model(settings)
    if model is None:
        return "未配置模型接口：将使用离线起草（不联网）。如需使用大模型，请设置接口地址、密钥和模型名称。"
    started = time.perf_counter()
    try:
        reply = model.invoke([("human", "请只回复一个字：好")])
    except Exception as exc:
        failure = classify(exc, started=False, secrets=model_secrets(model))
        raise failure_error(failure, model=model) from None
    if not str(reply.content).strip():
        raise LLMError(EMPTY_REPLY_MESSAGE)
    elapsed = time.perf_counter() - started
    return f"连接成功：{model_endpoint(model)} 的模型 {model_name(model)} 已响应（用时 {elapsed:.1f} 秒）。"


# ---- endpoint safety ------------------------------------------------------------------------------

_LOCAL_SUFFIXES = (".local", ".localhost", ".lan", ".internal", ".intranet", ".home.arpa")


def is_local_endpoint(url: str) -> bool:
    """True when the URL's host is this machine or a private network (text sent there stays in-house).

    Loopback, private, link-local and unique-local addresses, localhost, names ending in .local/.lan/
    .internal/.intranet, and single-label intranet names (e.g. http://ollama:11434) count as local.
    """
    host = (urlsplit(url if "://" in url else f"http://{url}").hostname or "").lower().rstrip(".")
    if not host:
        return False
    if host == "localhost" or host.endswith(_LOCAL_SUFFIXES):
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return "." not in host
    return address.is_loopback or address.is_private or address.is_link_local


def outbound_markings(model: object, text: str) -> list[str]:
    """Markings in text about to be sent to `model`, when its endpoint is not local; [] otherwise."""
    endpoint = model_endpoint(model)
    if model is None or endpoint is None or is_local_endpoint(endpoint):
        return []
    return find_sensitive_markings(text)


_MARKINGS = re.compile(
    r"(?:绝密|机密|秘密)\s*[★☆*]\s*[0-9一二三四五六七八九十]*\s*年?"
    r"|[【\[（(〔]\s*(?:绝密|机密|秘密|内部)[^】\]）)〕\n]{0,6}[】\]）)〕]"
    r"|内部(?:资料|文件|材料|刊物|使用|传阅|参考)"
    r"|(?:不得|严禁|禁止)(?:外传|对外公开|公开传播)"
    r"|(?:绝密|机密|秘密|内部)(?=(?P<after>[\u4e00-\u9fff]{0,2}))",
)
_KEYWORD = re.compile("绝密|机密|秘密|内部")

# Ordinary phrases that contain 秘密 or 内部 without marking the text as classified or internal:
# 国家秘密 and 内部事务信息 are table 三 row labels (“1.属于国家秘密”, “5.属于三类内部事务信息”, from
# 条例 第十四条 and 第十六条, whose wording 内部工作流程 reports also quote); 商业秘密 is 条例 第十五条
# (“涉及商业秘密、个人隐私等”), the usual reason under 保护第三方合法权益; 工作秘密 is 保守国家秘密法 wording
# used when reports describe 保密审查; 内部管理, 机关内部, 内部审批 and 内部公开事项 are common report
# phrases (“加强内部管理”“经过内部审批流程后发布”“完善了内部公开事项制度” in published reports).
# 个人隐私 needs no entry (it holds neither word). 绝密 and 机密 have no ordinary use and count everywhere.
ORDINARY_PHRASES: tuple[str, ...] = (
    "国家秘密",
    "商业秘密",
    "工作秘密",
    "三类内部事务信息",
    "内部事务信息",
    "内部工作流程",
    "内部管理",
    "机关内部",
    "内部审批",
    "内部公开事项",
)
_ORDINARY = re.compile("|".join(ORDINARY_PHRASES))


def find_sensitive_markings(text: str) -> list[str]:
    """Classification markings found in text, in order, once each.

    绝密 and 机密 count anywhere (机密★5年, 本通报为机密文件); 秘密 and 内部 count unless they are part of an
    ordinary phrase in ORDINARY_PHRASES (国家秘密, 内部事务信息 …). Each marking is given as found with up
    to two following characters (机密文件, 内部通报), or whole when it is a bracketed or ★ marking.
    """
    ordinary = [m.span() for m in _ORDINARY.finditer(text)]
    found: list[str] = []
    for match in _MARKINGS.finditer(text):
        keyword = _KEYWORD.search(match.group(0))
        at = match.start() + (keyword.start() if keyword else 0)
        if any(a <= at < b for a, b in ordinary):
            continue
        marking = (match.group(0) + (match.group("after") or "")).strip()
        if marking not in found:
            found.append(marking)
    return found
