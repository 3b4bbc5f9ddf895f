"""Session state of the app: the store, the open report (reloaded only when its revision changes), saving."""

from __future__ import annotations

import functools
import json
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import streamlit as st
from streamlit.errors import StreamlitSecretNotFoundError

from drafting.accounts.guard import ScopedStore
from drafting.accounts.model import DENIED, Role, User, switched_on
from drafting.accounts.service import Accounts
from drafting.errors import DraftingError
from drafting.findings import Finding
from drafting.io.store import ReportStore, StoreConflict, open_store
from drafting.model import Report, SectionId
from drafting.narrative.draft import check_section
from drafting.narrative.facts import Fact, build_facts
from drafting.settings import Settings, load_settings_lenient
from drafting.tables.checks import run_checks
from drafting.tables.fill import fill

REPORT_ID = "report_id"
USER = "_user"  # the signed-in User when accounts are on (set by ui.login.gate on every run)
TOKEN = "_auth_token"  # the session token lives only in this server-side session state, never in the URL
LAST_REPORT = "last_report"
_SNAPSHOT = "_snapshot"
_FLASH = "_flash"
_LINEAGE = "_drawn_lineage"  # (report id, the revision a whole-page run drew and those this session saved on it)
_BOUND = "_bound"  # widget key -> the revision its value was last bound at
NO_REPORT = "请先在“基本信息”中新建或打开一份报告"


@dataclass
class Snapshot:
    """The open report at one stored revision, with what is derived from it computed at most once."""

    id: int
    rev: int
    report: Report
    memo: dict[Any, Any] = field(default_factory=dict)

    def cached(self, key: Any, compute: Callable[[], Any]) -> Any:
        """A value derived from this revision (filled report, findings, renders …), computed once."""
        if key not in self.memo:
            self.memo[key] = compute()
        return self.memo[key]

    @property
    def filled(self) -> Report:
        """The report with derived totals."""
        result: Report = self.cached("filled", lambda: fill(self.report))
        return result

    @property
    def findings(self) -> list[Finding]:
        """All table findings of this revision."""
        result: list[Finding] = self.cached("findings", lambda: run_checks(self.report))
        return result

    @property
    def facts(self) -> list[Fact]:
        """The facts drafts are checked against, built once for all three sections."""
        result: list[Fact] = self.cached("facts", lambda: build_facts(self.report))
        return result

    def gate(self, section: SectionId) -> list[Finding]:
        """The gate's findings on a section's current text (shown on 起草 and in the export checklist)."""
        text = self.report.sections[section].text
        result: list[Finding] = self.cached(
            ("gate", section), lambda: check_section(self.report, section, text, self.facts)
        )
        return result


def secrets_mapping() -> Mapping[str, Any] | None:
    """st.secrets as a plain mapping, or None when there is no secrets.toml (never raises)."""
    try:
        return {key: st.secrets[key] for key in st.secrets}
    except (StreamlitSecretNotFoundError, FileNotFoundError, KeyError):
        return None


def base_settings() -> Settings:
    """Settings from the environment and secrets; an unusable value falls back to its default with an error shown."""
    secrets = secrets_mapping()
    key = None if secrets is None else json.dumps(_plain(secrets), sort_keys=True, default=str)
    settings, errors = _settings_from(key, tuple(sorted(os.environ.items())))
    for message in errors:
        flash("error", message)
    return settings


def _plain(value: Any) -> Any:
    """Secrets as plain JSON values: a TOML table (st.secrets gives an AttrDict, a Mapping but no dict) as a dict."""
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


@functools.lru_cache(maxsize=8)
def _settings_from(secrets: str | None, environ: tuple[tuple[str, str], ...]) -> tuple[Settings, tuple[str, ...]]:
    """Settings read once per distinct secrets and environment (several times per rerun otherwise; `environ` is
    only the key: pydantic-settings reads os.environ itself)."""
    settings, errors = load_settings_lenient(None if secrets is None else json.loads(secrets))
    return settings, tuple(errors)


@st.cache_resource(show_spinner=False)
def _store_for(path: str) -> ReportStore:
    return open_store(path)


def session_settings() -> Settings:
    """The settings read once per session."""
    settings = st.session_state.get("_settings")
    if settings is None:
        settings = base_settings()
        st.session_state["_settings"] = settings
    return settings


def accounts_enabled() -> bool:
    """Whether sign-in and per-agency access are on (DRAFTING_ACCOUNTS=1); off in the default single-user mode."""
    return switched_on(session_settings().accounts, os.environ.get("DRAFTING_ACCOUNTS"))


def signed_in() -> User | None:
    """The signed-in user (None in single-user mode)."""
    user: User | None = st.session_state.get(USER)
    return user


def base_store() -> ReportStore:
    """The store of the configured data folder (shared by all sessions), without any user's limits."""
    return _store_for(str(session_settings().data_dir))


def get_store() -> ReportStore:
    """The store as this session may use it: whole in single-user mode, else limited to the user's rights
    (checked again against the database before every write: see refresh_user)."""
    store = base_store()
    if not accounts_enabled():
        return store
    return ScopedStore(store, signed_in() or User(0, "", Role.ADMIN), refresh_user)  # nobody: no report at all


@st.cache_resource(show_spinner=False)
def _accounts_for(key: str, _store: ReportStore) -> Accounts:
    return Accounts.for_store(_store)


def accounts() -> Accounts:
    """The accounts kept in the store's database (one per server)."""
    store = base_store()
    return _accounts_for(str(store.path), store)


def refresh_user() -> User | None:
    """The signed-in user as the database has them now (kept for the rest of the run), or None once their
    session has ended: expired, signed out elsewhere, 停用. Callbacks and a part's own rerun come before
    app.py's sign-in check, so they ask here before acting."""
    user = accounts().user_for(st.session_state.get(TOKEN))
    if user is not None:
        st.session_state[USER] = user
    return user


def refused(report_id: int) -> bool:
    """True (logged, and 无权查看此报告 queued) when the report exists but the user may not read it."""
    store = get_store()
    if isinstance(store, ScopedStore) and store.agency_of(report_id) and not store.allowed(report_id, "read"):
        flash("error", DENIED)
        return True
    return False


def _last_report_key() -> str:
    user = signed_in()
    return LAST_REPORT if user is None else f"{LAST_REPORT}:{user.id}"


def flash(kind: str, message: str) -> None:
    """Queue a message (success/info/warning/error) to show at the top of the next page render."""
    queued = st.session_state.setdefault(_FLASH, [])
    if (kind, message) not in queued:
        queued.append((kind, message))


def has_flashes() -> bool:
    """True when a message waits to be shown at the top of the page."""
    return bool(st.session_state.get(_FLASH))


def show_flashes() -> None:
    """Show and clear the queued messages, each once, inline at the top of the page.

    No toasts: a toast repeated every inline message, several stacked over the content, and they
    followed the user to the next page (covering 下载 .json on 预览与导出).
    """
    for kind, message in st.session_state.pop(_FLASH, []):
        getattr(st, kind)(message)


def current() -> Snapshot | None:
    """The open report, reloaded from the store only when another tab or session changed it."""
    report_id = st.session_state.get(REPORT_ID)
    if report_id is None:
        return None
    store = get_store()
    rev = store.revision(report_id)
    snap: Snapshot | None = st.session_state.get(_SNAPSHOT)
    if rev is None:
        close_report()
        return None
    if snap is None or snap.id != report_id or snap.rev != rev:
        snap = Snapshot(report_id, rev, store.load(report_id).report)
        st.session_state[_SNAPSHOT] = snap
    return snap


def page_drawn(snap: Snapshot | None) -> None:
    """The whole page is being drawn from `snap` (app.py, after current()): its revision starts the lineage."""
    st.session_state[_LINEAGE] = (snap.id, {snap.rev}) if snap is not None else None


def follows_drawn(snap: Snapshot) -> bool:
    """True when `snap` is the revision the page was drawn from, or one this session saved on top of it; False
    once another tab or user saved in between (the page then shows what is no longer stored)."""
    lineage = st.session_state.get(_LINEAGE)
    return lineage is not None and lineage[0] == snap.id and snap.rev in lineage[1]


def _extend_lineage(report_id: int, base: int, rev: int) -> None:
    lineage = st.session_state.get(_LINEAGE)
    if lineage is not None and lineage[0] == report_id and base in lineage[1]:
        lineage[1].add(rev)


def current_or_hint() -> Snapshot | None:
    """The open report; without one, a hint where to open or start one (for the pages that need a report)."""
    snap = current()
    if snap is None:
        st.info(NO_REPORT)
    return snap


def open_report(report_id: int) -> None:
    """Make a stored report the open one and remember it for the next visit (if the user may read it)."""
    if refused(report_id):
        return
    st.session_state[REPORT_ID] = report_id
    st.session_state.pop(_SNAPSHOT, None)
    get_store().set_meta(_last_report_key(), str(report_id))


def close_report() -> None:
    """Forget the open report in this session."""
    st.session_state.pop(REPORT_ID, None)
    st.session_state.pop(_SNAPSHOT, None)


def restore_session(query_report: str | None) -> None:
    """On a new session (refresh, second tab, restart), reopen the report in the URL or the last one."""
    if REPORT_ID in st.session_state or st.session_state.get("_restored"):
        return
    st.session_state["_restored"] = True
    store = get_store()
    if query_report and query_report.isdigit() and refused(int(query_report)):
        query_report = None
    for candidate in (query_report, store.get_meta(_last_report_key())):
        if candidate and candidate.isdigit() and store.revision(int(candidate)) is not None:
            st.session_state[REPORT_ID] = int(candidate)
            store.set_meta(_last_report_key(), candidate)
            return


def mutate(change: Callable[[Report], Report | None]) -> bool:
    """Apply a change to a copy of the open report and save it at once; False (with a message) on failure.

    `change` may edit the copy in place (return None) or return a new report.
    """
    snap = current()
    if snap is None:
        flash("warning", NO_REPORT)
        return False
    draft = snap.report.model_copy(deep=True)
    try:
        result = change(draft)
        new = draft if result is None else result
        user = signed_in()
        rev = get_store().save(snap.id, new, expected_rev=snap.rev, user=user.name if user else None)
    except StoreConflict as exc:
        st.session_state.pop(_SNAPSHOT, None)
        flash("error", str(exc))
        return False
    except DraftingError as exc:
        flash("error", str(exc))
        return False
    st.session_state[_SNAPSHOT] = Snapshot(snap.id, rev, new)
    _extend_lineage(snap.id, snap.rev, rev)
    return True


def bind(key: str, value: Any, rev: int) -> None:
    """Show the stored value in a widget, refreshing it whenever the report's revision changed.

    A widget that already shows the stored value is left alone: setting it would send the value to the
    browser again and replace what the user typed meanwhile (a save while typing starts such a rerun).
    """
    bound: dict[str, int] = st.session_state.setdefault(_BOUND, {})  # one key: every widget scans session state
    if bound.get(key) != rev or key not in st.session_state:
        if key not in st.session_state or st.session_state[key] != value:
            st.session_state[key] = value
        bound[key] = rev


def sync_query_params(page: str) -> None:
    """Keep ?report=<id>&page=<slug> in the URL so a refresh reopens the same report and page."""
    wanted = {"page": page}
    report_id = st.session_state.get(REPORT_ID)
    if report_id is not None:
        wanted["report"] = str(report_id)
    if dict(st.query_params) != wanted:
        st.query_params.from_dict(wanted)
