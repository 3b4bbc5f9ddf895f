"""The server's garbage-collection tuning: imports frozen once, a higher young threshold, idempotent."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from ui import gc_tuning


@pytest.fixture
def restored_gc() -> Iterator[None]:
    """Leave the test process's collector as it was."""
    threshold = gc.get_threshold()
    yield
    gc.unfreeze()
    gc.set_threshold(*threshold)


@pytest.mark.usefixtures("restored_gc")
def test_tune_freezes_what_exists_and_raises_the_young_threshold_once() -> None:
    gc.unfreeze()
    gc.set_threshold(700, 10, 10)
    gc_tuning.tune()
    frozen = gc.get_freeze_count()
    assert frozen > 10_000  # the imported libraries' objects, never walked again
    assert gc.get_threshold() == (gc_tuning.YOUNG_THRESHOLD, 10, 10)
    kept = [{"n": n} for n in range(100)]  # tracked objects made after: a second call must not freeze them
    gc_tuning.tune()
    assert gc.get_freeze_count() == frozen
    assert kept
