"""Garbage collection for one server process holding many staff's sessions (called once, by app.py).

Measured with benchmarks/bench_load.py (50 users, one process): Python's default thresholds ran ~880 young
and 8 full collections a minute; each full collection walked every object of every session and of every
imported library (pandas, pyarrow, Streamlit) for about 200 ms, stalling all 50 users at once. Freezing
what exists after the imports (about 210 000 objects: modules, classes, functions) takes it out of every
collection, and a higher first threshold makes the young collections rare; together full collections
drop to about one a minute and the pauses to about 140 ms, and the p95 rerun from ~300 to ~215 ms.
"""

from __future__ import annotations

import gc

YOUNG_THRESHOLD = 10_000  # allocations (net of frees) between young collections; Python's default is 700


def tune() -> None:
    """Freeze everything allocated so far and raise the young-generation threshold (once per process: the
    raised threshold marks it done)."""
    if gc.get_threshold()[0] == YOUNG_THRESHOLD:
        return
    gc.collect()  # what is garbage now would never be collected once frozen
    gc.freeze()
    _, middle, old = gc.get_threshold()
    gc.set_threshold(YOUNG_THRESHOLD, middle, old)
