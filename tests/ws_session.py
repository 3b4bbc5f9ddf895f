"""A browser tab as the Streamlit server sees it: a websocket on /_stcore/stream sending reruns with widget
values (BackMsg) and reading the page back (ForwardMsg), fragment reruns included (used by the fragment tests
and benchmarks/bench_load.py)."""

from __future__ import annotations

import time
from typing import Any

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from websockets.sync.client import ClientConnection, connect

# Texts of a refused or failed save (an st.error about the tables' findings is page content, not a failure).
SAVE_FAILED = ("其他窗口中修改", "未保存", "无法打开数据", "无法连接数据库", "找不到编号")
EARLY_FOR_RERUN = 2  # ScriptFinishedStatus.FINISHED_EARLY_FOR_RERUN: another run follows
FRAGMENT_RUN = 3  # ScriptFinishedStatus.FINISHED_FRAGMENT_RUN_SUCCESSFULLY: only one st.fragment ran


def open_socket(port: int) -> ClientConnection:
    """A websocket to the app as the browser opens it; no client pings (a busy server answers them late)."""
    url = f"ws://127.0.0.1:{port}/_stcore/stream"
    return connect(url, subprotocols=["streamlit"], max_size=None, open_timeout=120, ping_interval=None)  # type: ignore[list-item]


class Session:
    """One browser tab, as the server sees it: a websocket on /_stcore/stream sending reruns with widget values."""

    def __init__(self, ws: ClientConnection, query: str) -> None:
        self.ws = ws
        self.query = query
        self.ids: dict[str, str] = {}  # widget key -> element id ("$$ID-<hash>-<key>"), from the last run
        self.fragments: dict[str, str] = {}  # element id -> id of the st.fragment it is drawn in
        self.last_run = ""  # "full" or "fragment": what the server ran for the last rerun
        self.texts: list[str] = []  # alert, markdown and html bodies the last rerun drew, in order
        self.drawn: set[str] = set()  # keys of the widgets the last rerun drew (a fragment run: only its own)
        self.pushed: dict[str, str] = {}  # text values the last rerun set in its widgets (bound to the store)

    def rerun(self, widgets: dict[str, str | bool] | None = None) -> tuple[float, list[str]]:
        """Send a rerun with these widget values by key (True clicks a button); ms to script_finished, and errors."""
        msg = BackMsg()
        msg.rerun_script.query_string = self.query
        for key, value in (widgets or {}).items():
            state = msg.rerun_script.widget_states.widgets.add()
            state.id = self.element_id(key)
            if state.id in self.fragments:  # as the browser does: a widget in a fragment reruns that fragment
                msg.rerun_script.fragment_id = self.fragments[state.id]
            if isinstance(value, bool):
                state.trigger_value = value
            else:
                state.string_value = value
        start = time.perf_counter()
        self.ws.send(msg.SerializeToString())
        errors = self._until_finished()
        return (time.perf_counter() - start) * 1000, errors

    def element_id(self, key: str) -> str:
        """The element id of the widget whose key is `key`, or starts with `key_` (grids get a suffix)."""
        if key in self.ids:
            return self.ids[key]
        for known, element in self.ids.items():
            if known.startswith(f"{key}_") and known[len(key) + 1 :].isdigit():
                return element
        msg = f"widget {key} not on the page"
        raise KeyError(msg)

    def _until_finished(self) -> list[str]:
        errors: list[str] = []
        seen: dict[str, str] = {}
        fragments: dict[str, str] = {}
        texts: list[str] = []
        pushed: dict[str, str] = {}
        while True:
            fwd = ForwardMsg()
            fwd.ParseFromString(self.ws.recv(timeout=120))
            kind = fwd.WhichOneof("type")
            if kind == "delta" and fwd.delta.WhichOneof("type") == "new_element":
                texts.append(_text_of(fwd.delta.new_element))
                _note_pushed(fwd.delta.new_element, pushed)
                element_id = self._note_element(fwd.delta.new_element, seen, errors)
                if element_id and fwd.delta.fragment_id:
                    fragments[element_id] = fwd.delta.fragment_id
            elif kind == "new_session":  # a rerun the server started over (st.rerun): only the last run counts
                texts, pushed, seen = [], {}, {}
            elif kind == "script_finished" and fwd.script_finished == FRAGMENT_RUN:
                self.ids.update(seen)  # only the fragment was drawn again
                self.fragments.update(fragments)
                self._finish("fragment", texts, seen, pushed)
                return errors
            elif kind == "script_finished" and fwd.script_finished != EARLY_FOR_RERUN:
                self.ids, self.fragments = seen, fragments
                self._finish("full", texts, seen, pushed)
                return errors

    def _finish(self, run: str, texts: list[str], seen: dict[str, str], pushed: dict[str, str]) -> None:
        self.last_run, self.texts = run, [t for t in texts if t]
        self.drawn, self.pushed = set(seen), pushed

    @staticmethod
    def _note_element(element: Any, seen: dict[str, str], errors: list[str]) -> str | None:
        """Record a widget's id by key (or an error shown); the widget's element id, if it is one."""
        kind = element.WhichOneof("type")
        if kind == "exception":
            errors.append(f"{element.exception.type}: {element.exception.message}")
            return None
        if kind == "alert" and any(sign in element.alert.body for sign in SAVE_FAILED):
            errors.append(element.alert.body)
        element_id = getattr(getattr(element, kind), "id", "")
        if isinstance(element_id, str) and element_id.startswith("$$ID-"):
            seen[element_id.split("-", 2)[2]] = element_id
            return element_id
        return None


def _text_of(element: Any) -> str:
    """The text an alert, markdown or html element shows ("" for other elements)."""
    kind = element.WhichOneof("type")
    if kind in ("alert", "markdown", "html"):
        return str(getattr(element, kind).body)
    return ""


def _note_pushed(element: Any, pushed: dict[str, str]) -> None:
    """A text field's value the server set (set_value: the store's value replaced what the browser showed)."""
    kind = element.WhichOneof("type")
    if kind in ("text_area", "text_input"):
        widget = getattr(element, kind)
        if widget.set_value and widget.id.startswith("$$ID-"):
            pushed[widget.id.split("-", 2)[2]] = widget.value
