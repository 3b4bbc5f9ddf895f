"""Benchmarks prompt building: size of each section's prompt (characters, estimated tokens) and build time.

Run: `.venv/bin/python benchmarks/bench_prompts.py [--runs 200]`. Prints figures, asserts nothing.
Targets (issue 3, design.md "Quality bars"): building a prompt under 20 ms (median); the three sections'
prompts together under 12k input tokens. Issue 11: section 一 of the 2023 example under 3,500 characters; each
section's size is printed next to its size before issue 11 (commit 0a246d5: provenance on every fact line, one
line per zero, exemplars last), measured once and kept below as BEFORE_ISSUE_11.

Token estimate: tiktoken's cl100k_base when its encoding file is available offline (it usually is not:
tiktoken downloads it on first use); otherwise ~1 token per 1.5 CJK characters (full-width punctuation
included) and 1 per 4 other characters, which is what `drafting.narrative.prompts.estimate_tokens` computes.
Chinese-trained tokenizers (DeepSeek, Qwen, GLM) are typically at or below this estimate for Chinese text.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from drafting.model import load_report  # noqa: E402
from drafting.narrative.facts import build_facts  # noqa: E402
from drafting.narrative.prompts import build_prompt, estimate_tokens  # noqa: E402

EXAMPLES = {
    "2023 fictional (F2021, with prior)": ROOT / "examples" / "yunlan-sthj-2023.json",
    "2020 sample (F2019, no prior)": ROOT / "examples" / "jiyuan-gongkewei-2020.json",
}
SECTIONS = ("一", "五", "六")
BUILD_TARGET_MS = 20.0
TOKEN_BUDGET = 12_000
COMPACT_TARGET_CHARS = 3_500  # issue 11: section 一 of the 2023 example
# (characters, estimated tokens) of each section's prompt at commit 0a246d5, before issue 11.
BEFORE_ISSUE_11: dict[str, dict[str, tuple[int, int]]] = {
    "yunlan-sthj-2023.json": {"一": (8130, 4722), "五": (1797, 1118), "六": (1240, 757)},
    "jiyuan-gongkewei-2020.json": {"一": (5919, 3498), "五": (1464, 913), "六": (982, 604)},
}


def tiktoken_counter() -> Callable[[str], int] | None:
    """A cl100k_base token counter, or None when tiktoken or its cached encoding file is not available.

    tiktoken downloads encodings on first use; this benchmark never goes online, so it only uses a cache.
    """
    cache = Path(os.environ.get("TIKTOKEN_CACHE_DIR") or Path(tempfile.gettempdir()) / "data-gym-cache")
    if not cache.is_dir() or not any(cache.iterdir()):
        return None
    try:
        import tiktoken

        encoding = tiktoken.get_encoding("cl100k_base")
    except Exception:
        return None
    return lambda text: len(encoding.encode(text))


def median_ms(func: Callable[[], object], runs: int) -> float:
    """Median wall time of `func` in milliseconds over `runs` calls (after one warm-up call)."""
    func()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        func()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def bench_report(name: str, path: Path, runs: int, count: Callable[[str], int] | None) -> None:
    """Print size and build time of each section's prompt for one report."""
    report = load_report(path)
    facts = build_facts(report)
    print(f"\n{name}: {path.name}  ({len(facts)} facts)")
    total_tokens = 0
    for section in SECTIONS:
        prompt = build_prompt(report, section, facts)
        est = estimate_tokens(prompt.text)
        exact = f"  cl100k {count(prompt.text):5d}" if count else ""
        total_tokens += est
        build = median_ms(lambda s=section: build_prompt(report, s, facts), runs)  # type: ignore[misc]
        with_facts = median_ms(lambda s=section: build_prompt(report, s), runs)  # type: ignore[misc]
        print(
            f"  {section}  {len(prompt.text):6d} chars  ~{est:5d} tokens{exact}   "
            f"build median {build:6.2f} ms (incl. facts {with_facts:6.2f} ms)   {prompt.version}"
        )
        print(f"       {before_and_after(path.name, section, len(prompt.text), est)}")
    verdict = "OK" if total_tokens < TOKEN_BUDGET else "OVER BUDGET"
    print(f"  three sections together: ~{total_tokens} tokens (budget {TOKEN_BUDGET}) {verdict}")
    if path.name == "yunlan-sthj-2023.json":
        size = len(build_prompt(report, "一", facts).text)
        verdict = "OK" if size < COMPACT_TARGET_CHARS else "OVER TARGET"
        print(f"  section 一: {size} chars (issue 11 target < {COMPACT_TARGET_CHARS}) {verdict}")


def before_and_after(example: str, section: str, chars: int, tokens: int) -> str:
    """E.g. "before issue 11: 8130 chars ~4722 tokens → now 3142 chars ~1857 tokens (-61%)"."""
    before = BEFORE_ISSUE_11.get(example, {}).get(section)
    if before is None:
        return "before issue 11: not measured"
    change = round((chars - before[0]) * 100 / before[0])
    return f"before issue 11: {before[0]} chars ~{before[1]} tokens → now {chars} chars ~{tokens} tokens ({change:+d}%)"


def main() -> None:
    """Run the benchmark."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=200, help="timed calls per measurement")
    args = parser.parse_args()
    count = tiktoken_counter()
    method = "tiktoken cl100k_base + estimate" if count else "estimate (1.5 CJK chars or 4 other chars per token)"
    print(f"Prompt benchmark: median of {args.runs} runs; tokens by {method}; build target < {BUILD_TARGET_MS} ms")
    for name, path in EXAMPLES.items():
        bench_report(name, path, args.runs, count)


if __name__ == "__main__":
    main()
