"""Offline drafts of sections 一, 五 and 六 for the four reports, as a 科长 reads them (review the .ambr in diffs)."""

from __future__ import annotations

import pytest
from offline_support import REPORTS
from syrupy.assertion import SnapshotAssertion

from drafting.narrative.offline import draft_offline


@pytest.mark.parametrize("section", ["一", "五", "六"], ids=["yi", "wu", "liu"])
@pytest.mark.parametrize("name", list(REPORTS))
def test_offline_draft(name: str, section: str, snapshot: SnapshotAssertion) -> None:
    assert draft_offline(REPORTS[name](), section) == snapshot
