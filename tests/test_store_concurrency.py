"""Two saves of the same report at once, from separate connections (two app processes, two users): the revision
check under a row lock lets exactly one win, and the other is told to reload; no update is ever lost."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator

import pytest

from drafting.io.store import ReportStore, StoreConflict
from drafting.model import Report, new_report


@pytest.fixture
def pg_url(pg_server) -> str:
    return pg_server.new_database()


@pytest.fixture
def two_stores(pg_url: str) -> Iterator[tuple[ReportStore, ReportStore]]:
    """Two stores on one PostgreSQL database, each with its own engine and connections, like two app servers."""
    first, second = ReportStore(pg_url), ReportStore(pg_url)
    yield first, second
    first.close()
    second.close()


def _at_once(*jobs: Callable[[], object]) -> list[object]:
    """Run the jobs in threads released together; each result is its return value or the exception it raised."""
    barrier = threading.Barrier(len(jobs))
    results: list[object] = [None] * len(jobs)

    def run(index: int) -> None:
        barrier.wait()
        try:
            results[index] = jobs[index]()
        except Exception as exc:
            results[index] = exc

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(jobs))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    return results


def _with_cell(report: Report, cell: str, value: int) -> Report:
    changed = report.model_copy(deep=True)
    changed.set_cell(cell, value)
    return changed


@pytest.mark.parametrize("attempt", range(5))
def test_two_users_save_the_same_revision_at_once_one_wins_one_is_told(two_stores, attempt):
    a, b = two_stores
    rid = a.create(new_report("甲局", 2023))
    base = a.load(rid).report
    results = _at_once(
        lambda: a.save(rid, _with_cell(base, "t3.new.natural", 1), expected_rev=1, user="张三"),
        lambda: b.save(rid, _with_cell(base, "t3.new.legal", 2), expected_rev=1, user="李四"),
    )
    wins = [r for r in results if r == 2]
    conflicts = [r for r in results if isinstance(r, StoreConflict)]
    assert len(wins) == 1 and len(conflicts) == 1, results
    winner = "张三" if results[0] == 2 else "李四"
    stored = b.load(rid)
    assert stored.rev == 2
    assert stored.report.cells == ({"t3.new.natural": 1} if winner == "张三" else {"t3.new.legal": 2})
    assert [(h.rev, h.user) for h in a.history(rid)] == [(1, None), (2, winner)]


def test_the_loser_reloads_and_saves_again_so_both_edits_are_kept(two_stores):
    a, b = two_stores
    rid = a.create(new_report("甲局", 2023))

    def edit(store: ReportStore, cell: str, value: int) -> int:
        """What ui/state.mutate does: read, change a copy, save with the read revision; on conflict, do it again."""
        for _ in range(50):
            snap = store.load(rid)
            try:
                return store.save(rid, _with_cell(snap.report, cell, value), expected_rev=snap.rev)
            except StoreConflict:
                continue
        raise AssertionError("never saved")

    pairs = enumerate([(a, "natural"), (b, "legal")] * 4)
    jobs = [lambda s=s, c=c, i=i: edit(s, f"t3.new.{c}", i) for i, (s, c) in pairs]
    results = _at_once(*jobs)
    assert sorted(results) == list(range(2, 10)), results
    final = a.load(rid)
    assert final.rev == 9
    assert set(final.report.cells) == {"t3.new.natural", "t3.new.legal"}


def test_many_saves_from_two_servers_each_get_their_own_revision(two_stores):
    a, b = two_stores
    rid = a.create(new_report("甲局", 2023))
    report = new_report("甲局", 2023)

    def work(store: ReportStore) -> list[int]:
        return [store.save(rid, report) for _ in range(15)]

    results = _at_once(*[lambda s=s: work(s) for s in (a, b, a, b)])
    revs = sorted(rev for batch in results for rev in batch)  # type: ignore[union-attr]
    assert revs == list(range(2, 62))
    assert b.revision(rid) == 61
    assert [h.rev for h in a.history(rid)] == list(range(1, 62))


def test_two_sqlite_stores_on_one_file_also_lose_nothing(tmp_path):
    """The default backend keeps the guarantee across processes too (two engines on one file, BEGIN IMMEDIATE)."""
    path = tmp_path / "d.sqlite3"
    a, b = ReportStore(path), ReportStore(path)
    rid = a.create(new_report("甲局", 2023))
    base = a.load(rid).report
    results = _at_once(
        lambda: a.save(rid, _with_cell(base, "t3.new.natural", 1), expected_rev=1),
        lambda: b.save(rid, _with_cell(base, "t3.new.legal", 2), expected_rev=1),
    )
    assert sorted(map(type, results), key=str) == sorted([int, StoreConflict], key=str), results
    assert b.revision(rid) == 2
