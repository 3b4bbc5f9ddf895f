"""Time how long `drafting` commands take to start: median of 5 runs of each, as a fresh process."""

from __future__ import annotations

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


def _run_ms(args: tuple[str, ...]) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "drafting.cli", *args], cwd=ROOT, capture_output=True, check=False)
    return (time.perf_counter() - start) * 1000


def main() -> None:
    """Print the median start time of each command; no asserts."""
    _run_ms(("--help",))  # warm the file cache and the .pyc files
    for args in COMMANDS:
        samples = [_run_ms(args) for _ in range(RUNS)]
        shown = " ".join(a if a == "--help" or not a.endswith(".json") else Path(a).name for a in args)
        print(f"drafting {shown:<36} median {statistics.median(samples):6.0f} ms  (of {RUNS} runs)")
    print(f"target: under {TARGET_MS} ms each")


if __name__ == "__main__":
    main()
