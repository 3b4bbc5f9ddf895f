"""Review many files: in a process pool with a progress bar, then each unit against its own last year's report."""

from __future__ import annotations

import os
import sys
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor

from drafting.model import SECTION_IDS, Report
from drafting.review.collect import Source
from drafting.review.result import UnitReview
from drafting.review.unit import IMPORT_RULE, Loaded, review_report, review_source

POOL_FROM = 8  # fewer files are reviewed in this process: starting workers would cost more than it saves
CHUNK = 4

Progress = Callable[[int], None]


def default_jobs() -> int:
    """Worker processes by default: every core this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def review_all(sources: Sequence[Source], jobs: int | None = None, progress: bool = True) -> list[UnitReview]:
    """Every file reviewed (unreadable ones included), then units compared with their previous year's report."""
    reviews: list[UnitReview] = []
    with _bar(len(sources), progress) as advance:
        for review in _reviews(sources, jobs or default_jobs()):
            reviews.append(review)
            advance(1)
    return link_prior_years(reviews)


def _reviews(sources: Sequence[Source], jobs: int) -> Iterator[UnitReview]:
    if jobs <= 1 or len(sources) < POOL_FROM:
        yield from map(review_source, sources)
        return
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        yield from pool.map(review_source, sources, chunksize=CHUNK)


class _bar:
    """A tqdm progress bar on stderr (shown only on a terminal), as a context giving an `advance` function."""

    def __init__(self, total: int, enabled: bool) -> None:
        from tqdm import tqdm

        self._tqdm = tqdm(total=total, desc="审核", unit="份", file=sys.stderr, disable=None if enabled else True)

    def __enter__(self) -> Progress:
        return self._advance

    def _advance(self, count: int) -> None:
        self._tqdm.update(count)

    def __exit__(self, *exc: object) -> None:
        self._tqdm.close()


def unit_key(agency: str) -> str:
    """A unit's name for matching: width-normalised, without spaces."""
    return "".join(unicodedata.normalize("NFKC", agency).split())


def link_prior_years(reviews: list[UnitReview]) -> list[UnitReview]:
    """Units whose previous year's report is among the files are reviewed again with it attached as their
    prior: the cross-year table rules, the gate's comparison with last year's sections (G6) and the
    similarity figures. Others are returned as they are."""
    by_unit = {(unit_key(r.agency), r.year): r for r in reviews if r.report is not None and r.year}
    out: list[UnitReview] = []
    for review in reviews:
        prior = by_unit.get((unit_key(review.agency), (review.year or 0) - 1))
        out.append(_compared(review, prior.report) if prior and prior.report else review)
    return out


def _compared(review: UnitReview, prior: Report) -> UnitReview:
    """with_prior, or the review as it was if the comparison fails on an odd pair of reports."""
    try:
        return with_prior(review, prior)
    except Exception:  # the review without last year's comparison is still worth having
        return review


def with_prior(review: UnitReview, prior: Report) -> UnitReview:
    """The review redone with last year's report attached, and the sections' similarity to it."""
    assert review.report is not None
    report = review.report.model_copy(update={"prior": prior.model_copy(update={"prior": None})})
    notes = [f for f in review.findings if f.rule == IMPORT_RULE]
    redone = review_report(review.source, Loaded(report, review.kind, notes, review.unread))
    redone.similarity = similarities(report, prior)
    redone.prior_source = f"{prior.agency}{prior.year}年报告"
    return redone


def similarities(report: Report, prior: Report) -> dict[str, int]:
    """Per section with text in both years: the share of this year's text already in last year's, in %."""
    from drafting.narrative.gate import similarity

    out: dict[str, int] = {}
    for section in SECTION_IDS:
        now, before = report.sections[section].text, prior.sections[section].text
        if now.strip() and before.strip():
            out[section] = round(similarity(now, before) * 100)
    return out
