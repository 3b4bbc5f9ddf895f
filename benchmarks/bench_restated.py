"""Precision and recall of the restated-problem flag on a table of (last year's problem, this year's text, flag?) pairs.

Run: `.venv/bin/python benchmarks/bench_restated.py`. Prints, asserts nothing. The table is
tests/fixtures/problems/restated_pairs.json (written for this project: rewordings and new problems on the same
topic). Besides the table's own pairs, every this-year text is also compared with the other pairs' last-year
problems, which should not flag (unrelated problems of the same kind of report).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from drafting.narrative.gate import similarity  # noqa: E402
from drafting.narrative.problems import RESTATED_THRESHOLD, bigrams, containment, jaccard  # noqa: E402

PAIRS = ROOT / "tests" / "fixtures" / "problems" / "restated_pairs.json"
Pair = tuple[str, str, bool]


def coverage(old: str, new: str) -> float:
    """Share of this year's bigrams found in last year's wording."""
    x, y = bigrams(old), bigrams(new)
    return len(x & y) / len(y) if y else 0.0


METRICS: dict[str, Callable[[str, str], float]] = {
    "containment": containment,
    "jaccard": jaccard,
    "coverage": coverage,
    "gate G6 4-gram": lambda old, new: similarity(new, old),
}


def load() -> tuple[list[Pair], list[Pair]]:
    """The table's pairs, and the cross pairs (each new text against the other pairs' old problems)."""
    pairs = [(a, b, bool(f)) for a, b, f in json.loads(PAIRS.read_text(encoding="utf-8"))["pairs"]]
    olds = sorted({a for a, _, _ in pairs})
    cross = [(old, new, False) for _, new, _ in pairs for old in olds if all(o != old or n != new for o, n, _ in pairs)]
    cross = [c for c in cross if not any(p[0] == c[0] and p[1] == c[1] for p in pairs)]
    own_olds = {new: {a for a, b, _ in pairs if b == new} for _, new, _ in pairs}
    return pairs, [c for c in cross if c[0] not in own_olds[c[1]]]


def scores(metric: Callable[[str, str], float], pairs: list[Pair], threshold: float) -> tuple[int, int, int]:
    """(true positives, false positives, false negatives) at the threshold."""
    flagged = [(metric(a, b) >= threshold, want) for a, b, want in pairs]
    tp = sum(1 for got, want in flagged if got and want)
    fp = sum(1 for got, want in flagged if got and not want)
    fn = sum(1 for got, want in flagged if not got and want)
    return tp, fp, fn


def row(name: str, threshold: float, pairs: list[Pair], cross: list[Pair]) -> str:
    tp, fp, fn = scores(METRICS[name], pairs, threshold)
    _, cross_fp, _ = scores(METRICS[name], cross, threshold)
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    return (
        f"{name:15} {threshold:4.2f}  P={precision:5.1%} R={recall:5.1%}  tp={tp:2} fp={fp:2} fn={fn:2}"
        f"  cross-pair false flags {cross_fp}/{len(cross)}"
    )


def main() -> None:
    pairs, cross = load()
    wanted = sum(1 for *_, f in pairs if f)
    print(f"{len(pairs)} pairs ({wanted} rewordings, {len(pairs) - wanted} new problems), {len(cross)} cross pairs")
    for name in METRICS:
        for step in range(4, 15):
            print(row(name, step / 20, pairs, cross))
        print()
    print(f"chosen: jaccard >= {RESTATED_THRESHOLD}")
    print(row("jaccard", RESTATED_THRESHOLD, pairs, cross))
    for old, new, want in pairs:
        got = jaccard(old, new) >= RESTATED_THRESHOLD
        if got != want:
            print(f"  {'missed' if want else 'false flag'} {jaccard(old, new):.2f}: {old} → {new}")


if __name__ == "__main__":
    main()
