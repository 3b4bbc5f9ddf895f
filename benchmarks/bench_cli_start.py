"""Time how long `drafting` commands take to start: median of 5 runs of each, as a fresh process.

Wall time is what a user waits; CPU time (user + system of the child) is shown too, since on a shared
machine the wall time also counts waiting for a core.
"""

from __future__ import annotations

import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "yunlan-sthj-2023.json"
RUNS = 5
TARGET_MS = 300
COMMANDS: tuple[tuple[str, ...], ...] = (
    ("--help",),
    ("check", str(EXAMPLE)),
    ("render", "--help"),
    ("import", "--help"),
)


def _run_ms(args: tuple[str, ...]) -> tuple[float, float]:
    """Wall and CPU milliseconds of one run."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "drafting.cli", *args], cwd=ROOT, capture_output=True, check=False)
    wall = (time.perf_counter() - start) * 1000
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime) * 1000
    return wall, cpu


def main() -> None:
    """Print the median start time of each command; no asserts."""
    _run_ms(("--help",))  # warm the file cache and the .pyc files
    for args in COMMANDS:
        samples = [_run_ms(args) for _ in range(RUNS)]
        wall = statistics.median(s[0] for s in samples)
        cpu = statistics.median(s[1] for s in samples)
        shown = " ".join(a if a == "--help" or not a.endswith(".json") else Path(a).name for a in args)
        print(f"drafting {shown:<36} median {wall:6.0f} ms wall, {cpu:6.0f} ms CPU  (of {RUNS} runs)")
    print(f"target: under {TARGET_MS} ms each")


if __name__ == "__main__":
    main()
