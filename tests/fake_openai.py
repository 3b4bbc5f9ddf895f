"""A scriptable fake OpenAI-compatible server on 127.0.0.1 (real HTTP, SSE streaming) for tests."""

from __future__ import annotations

import json
import threading
import time
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

MODEL = "fake-model"


@dataclass
class Reply:
    """One scripted answer to a POST /v1/chat/completions.

    status: HTTP status (401, 429, 500 … give an OpenAI-style JSON error body).
    text: the reply text; streamed in pieces of `chunk` characters when the request asks for a stream.
    delay: seconds to wait before answering (for timeouts); with `stall_after`, the wait comes mid-stream.
    stall_after: pause `delay` seconds after this many content chunks (a stream that stalls halfway).
    cut_after: close the socket after this many content chunks, without [DONE] (a stream cut halfway).
    end_after: end the response body cleanly after this many content chunks, with no finish_reason and no
        [DONE] (a connection dropped by a proxy or server: the client sees an ordinary end of the body).
    finish_reason: sent with the last chunk; None leaves it out.
    done: send the closing `data: [DONE]`; False ends the body without it.
    error_message: the message of the JSON error body (real servers may echo part of the key here).
    reasoning: streamed first, in its own delta field `reasoning_field` (as DeepSeek, vLLM and recent Ollama
        send a reasoning model's thinking), never in `content`.
    """

    status: int = 200
    text: str = "好。"
    delay: float = 0.0
    cut_after: int | None = None
    end_after: int | None = None
    stall_after: int | None = None
    chunk: int = 6
    finish_reason: str | None = "stop"
    done: bool = True
    error_message: str = ""
    headers: dict[str, str] = field(default_factory=dict)
    reasoning: str = ""
    reasoning_field: str = "reasoning_content"


@dataclass
class Recorded:
    """One request the server received."""

    path: str
    headers: dict[str, str]
    body: dict[str, Any]

    @property
    def prompt_text(self) -> str:
        """All message contents joined, to assert what the prompt said."""
        return "\n".join(str(m.get("content", "")) for m in self.body.get("messages", []))


class FakeOpenAI:
    """The server plus its script: queue replies with `script(...)`; `requests` records what came in."""

    def __init__(self) -> None:
        self.replies: deque[Reply] = deque()
        self.default = Reply(text="好。")
        self.requests: list[Recorded] = []
        self._lock = threading.Lock()
        self._server = _QuietServer(("127.0.0.1", 0), _make_handler(self))
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.02,), daemon=True)

    @property
    def base_url(self) -> str:
        """The base URL to give a client, ending in /v1."""
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}/v1"

    def script(self, *replies: Reply | str) -> None:
        """Queue replies, used in order; once used up, `default` answers."""
        with self._lock:
            self.replies.extend(Reply(text=r) if isinstance(r, str) else r for r in replies)

    def next_reply(self, recorded: Recorded) -> Reply:
        with self._lock:
            self.requests.append(recorded)
            return self.replies.popleft() if self.replies else self.default

    def start(self) -> FakeOpenAI:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()


class _QuietServer(ThreadingHTTPServer):
    """Clients that hang up (timeouts, cut streams) are expected here: no tracebacks on stderr."""

    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        return


def _make_handler(fake: FakeOpenAI) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: Any) -> None:
            return

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length) if length else b"{}"
            recorded = Recorded(self.path, {k.lower(): v for k, v in self.headers.items()}, json.loads(raw or b"{}"))
            reply = fake.next_reply(recorded)
            if reply.delay and reply.stall_after is None:
                time.sleep(reply.delay)
            if not self.path.endswith("/chat/completions"):
                self._send_json(404, {"error": {"message": "not found", "type": "invalid_request_error"}})
            elif reply.status != 200:
                self._send_error(reply)
            elif recorded.body.get("stream"):
                self._send_stream(reply, recorded.body.get("model", MODEL))
            else:
                self._send_json(200, _completion(reply, recorded.body.get("model", MODEL)))

        def _send_error(self, reply: Reply) -> None:
            kind = {401: "invalid_request_error", 429: "rate_limit_exceeded"}.get(reply.status, "server_error")
            message = reply.error_message or f"fake error {reply.status}"
            self._send_json(reply.status, {"error": {"message": message, "type": kind, "code": kind}}, reply.headers)

        def _send_json(self, status: int, payload: dict[str, Any], headers: dict[str, str] | None = None) -> None:
            data = json.dumps(payload, ensure_ascii=False).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            for key, value in (headers or {}).items():
                self.send_header(key, value)
            self.end_headers()
            self.wfile.write(data)

        def _send_stream(self, reply: Reply, model: str) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            self._chunk(_event({"role": "assistant", "content": ""}, None, model))
            for piece in _pieces(reply.reasoning, reply.chunk):
                self._chunk(_event({reply.reasoning_field: piece}, None, model))
            for index, piece in enumerate(_pieces(reply.text, reply.chunk)):
                if reply.cut_after is not None and index >= reply.cut_after:
                    self._cut()
                    return
                if reply.end_after is not None and index >= reply.end_after:
                    self._end_body()
                    return
                if reply.stall_after is not None and index == reply.stall_after:
                    time.sleep(reply.delay)
                self._chunk(_event({"content": piece}, None, model))
                time.sleep(0.001)
            self._chunk(_event({}, reply.finish_reason, model))
            if reply.done:
                self._chunk(b"data: [DONE]\n\n")
            self._end_body()

        def _end_body(self) -> None:
            self.wfile.write(b"0\r\n\r\n")
            self.wfile.flush()

        def _chunk(self, data: bytes) -> None:
            self.wfile.write(f"{len(data):x}\r\n".encode() + data + b"\r\n")
            self.wfile.flush()

        def _cut(self) -> None:
            self.wfile.flush()
            self.close_connection = True
            self.connection.shutdown(2)  # SHUT_RDWR: the client sees the body end mid-chunk-stream

    return Handler


def _pieces(text: str, size: int) -> Iterator[str]:
    for start in range(0, len(text), size):
        yield text[start : start + size]


def _event(delta: dict[str, Any], finish_reason: str | None, model: str) -> bytes:
    chunk = {
        "id": "chatcmpl-fake",
        "object": "chat.completion.chunk",
        "created": 0,
        "model": model,
        "choices": [{"index": 0, "delta": delta, "finish_reason": finish_reason}],
    }
    return f"data: {json.dumps(chunk, ensure_ascii=False)}\n\n".encode()


def _completion(reply: Reply, model: str) -> dict[str, Any]:
    return {
        "id": "chatcmpl-fake",
        "object": "chat.completion",
        "created": 0,
        "model": model,
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": reply.text},
                "finish_reason": reply.finish_reason,
            }
        ],
        "usage": {"prompt_tokens": 10, "completion_tokens": 2, "total_tokens": 12},
    }


def serve() -> Iterator[FakeOpenAI]:
    """Run a fake server for the duration of a fixture: `yield from serve()`."""
    server = FakeOpenAI().start()
    try:
        yield server
    finally:
        server.stop()
