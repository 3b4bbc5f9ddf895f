"""Shared helpers for the AppTest suites (imported by tests/test_app*.py; holds no tests itself)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from drafting.io.store import ReportStore, open_store
from drafting.model import Report

APP = "../app.py"
TIMEOUT = 30


@pytest.fixture(autouse=True)
def _clear_streamlit_caches() -> Iterator[None]:
    """st.cache_resource survives across AppTest runs in one process: start and end each test clean."""
    st.cache_resource.clear()
    st.cache_data.clear()
    yield
    st.cache_resource.clear()
    st.cache_data.clear()


@pytest.fixture
def store() -> ReportStore:
    """The store of the data folder the app uses in this test (DRAFTING_DATA_DIR from conftest)."""
    return open_store(os.environ["DRAFTING_DATA_DIR"])


def new_app(
    report_id: int | None = None, page: str | None = None, secrets: dict[str, str] | None = None, **session: object
) -> AppTest:
    """A fresh app session (like a new tab or a restarted server), optionally on a report and a page."""
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    for key, value in (secrets or {}).items():
        at.secrets[key] = value
    if report_id is not None:
        at.query_params["report"] = str(report_id)
    if page is not None:
        at.query_params["page"] = page
    for key, value in session.items():
        at.session_state[key] = value
    return at.run()


def assert_ok(at: AppTest) -> None:
    """No uncaught exception on the page."""
    assert not at.exception, [e.stack_trace for e in at.exception]


def assert_drafted(at: AppTest) -> None:
    """No uncaught exception and no "生成失败" message: generation really succeeded."""
    assert_ok(at)
    failures = [str(e.value) for e in at.error if "生成失败" in str(e.value)]
    assert not failures, failures


def texts(elements: object) -> list[str]:
    """The values of a list of alert/markdown elements."""
    return [str(e.value) for e in elements]  # type: ignore[attr-defined]


def go(at: AppTest, page: str) -> AppTest:
    """Switch page through the sidebar navigation."""
    at.radio(key="nav").set_value(page).run()
    assert_ok(at)
    return at


def stored(store: ReportStore, report_id: int) -> Report:
    """The report as saved now."""
    return store.load(report_id).report


def data_files_text(root: Path) -> str:
    """Everything written in the data folder, as text (to prove a key never lands on disk)."""
    return "".join(p.read_bytes().decode("latin-1") for p in root.rglob("*") if p.is_file())
