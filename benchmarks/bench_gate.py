"""Benchmarks the draft gate and the facts it checks against, and prints the similarity measurements behind G6.

Run: `.venv/bin/python benchmarks/bench_gate.py [--runs 300] [--samples /work/shared/samples]`. Prints, asserts nothing.
Targets (issue 3 and the team brief): gate on a 1500-character section under 5 ms; build_facts under 1 ms.
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from drafting.model import Report, load_report  # noqa: E402
from drafting.narrative.facts import build_facts  # noqa: E402
from drafting.narrative.gate import (  # noqa: E402
    SIMILARITY_THRESHOLD,
    _grams,
    check_draft,
    count_chars,
    extract_numbers,
    similarity,
)
from drafting.narrative.offline import draft_offline  # noqa: E402

EXAMPLE_2023 = ROOT / "examples" / "yunlan-sthj-2023.json"
EXAMPLE_2020 = ROOT / "examples" / "jiyuan-gongkewei-2020.json"
GATE_TARGET_MS = 5.0
FACTS_TARGET_MS = 1.0
SECTION_CHARS = 1500


def median_ms(func: Callable[[], object], runs: int) -> tuple[float, float]:
    """Median and 90th percentile of `runs` calls, in milliseconds, after one warm-up call."""
    func()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        func()
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.9) - 1]


def uncached(func: Callable[..., object], *args: object) -> object:
    """Call func with the similarity n-gram cache cleared, so every run counts the whole work."""
    _grams.cache_clear()
    return func(*args)


def model_like_section(report: Report) -> str:
    """A 1500-character section 一 in model style: the offline draft, hedges, an invented figure, padding."""
    text = draft_offline(report, "一")
    text += "\n此外，门户网站专栏发布信息600余条，本年新收申请 35 件，约1.2万人次浏览政策解读专栏。"
    filler = "一是进一步健全工作机制，统一发布流程；二是强化审核把关，落实“三安全一稳定”要求。"
    while len(text) < SECTION_CHARS:
        text += filler
    return text[:SECTION_CHARS]


FORMS = (
    "2023年，全年作出行政许可决定逾千件、行政处罚决定两百余件；予以公开和部分公开的比例过半，自然人申请占比近八成，"
    "办结率超过九成。均在法定的20个工作日内答复，咨询电话0527-83593059，12345热线受理咨询。"
    "在庆祝建党100周年之际，坚持“三个一”工作法，指定一名同志负责，距市区30公里的服务中心提供7×24小时在线服务。"
    "统计期限为2023年1月1日至2023年12月31日。2024年，我局将进一步深化政务公开。"
)


def forms_section() -> str:
    """A 1500-character section dense with years, shares and approximations in words, phone numbers,
    statutory time limits and numbers that state no statistic (issue 10 items 3–5)."""
    return FORMS * -(-SECTION_CHARS // len(FORMS))  # whole sentences, at least 1500 characters


def section_of(text: str, start: str, end: str) -> str:
    """The text between two headings of a published report."""
    return text[text.index(start) + len(start) : text.index(end)]


def similarity_table(report_2023: Report, report_2020: Report, samples: Path) -> list[tuple[str, float]]:
    """The measurements that justify the G6 threshold."""
    prior = report_2023.prior
    assert prior is not None
    rows = [
        (
            "offline 2023 一 vs 2022 一 (same agency, rewrite from notes)",
            draft_offline(report_2023, "一"),
            prior.sections["一"].text,
        ),
        (
            "offline 2023 五 vs 2022 五 (same agency, rewrite from notes)",
            draft_offline(report_2023, "五"),
            prior.sections["五"].text,
        ),
        (
            "offline 2020 五 vs published 2020 五 (same notes)",
            draft_offline(report_2020, "五"),
            report_2020.sections["五"].text,
        ),
        (
            "offline 2023 一 vs offline 2020 一 (same template)",
            draft_offline(report_2023, "一"),
            draft_offline(report_2020, "一"),
        ),
        (
            "2022 一 with every number changed vs 2022 一",
            re.sub(r"\d+", "9", prior.sections["一"].text),
            prior.sections["一"].text,
        ),
        (
            "2022 一 padded with 40 % new text vs 2022 一",
            prior.sections["一"].text + draft_offline(report_2023, "五")[:150],
            prior.sections["一"].text,
        ),
    ]
    shuyang = samples / "shuyang-fgj-2023.txt"
    if shuyang.exists():
        text = shuyang.read_text(encoding="utf-8")
        one = section_of(text, "一、总体情况", "二、主动公开政府信息情况")
        five = section_of(text, "五、存在的主要问题及整改措施", "六、其他需要报告的事项")
        published_one = report_2020.sections["一"].text
        half = published_one[: len(published_one) // 2] + one[: len(one) // 2]
        rows += [
            ("published 2020 一 vs published 2023 一 (other agency)", published_one, one),
            ("published 2020 五 vs published 2023 五 (other agency)", report_2020.sections["五"].text, five),
            ("half of 2020 一 + half of another report vs 2020 一", half, published_one),
        ]
    return [(label, similarity(a, b)) for label, a, b in rows]


def main() -> None:
    """Print the medians and the similarity table."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=300)
    parser.add_argument("--samples", type=Path, default=Path("/work/shared/samples"))
    args = parser.parse_args()

    report = load_report(EXAMPLE_2023)
    report_2020 = load_report(EXAMPLE_2020)
    section = model_like_section(report)
    facts = build_facts(report)
    findings = check_draft(report, "一", section, facts)
    figures = [m for m in extract_numbers(section) if m.is_figure]
    prior_one = report.prior.sections["一"].text if report.prior else ""
    forms = forms_section()
    forms_findings = [f.rule for f in check_draft(report, "一", forms, facts) if f.rule == "G1"]

    print(
        f"section: {len(section)} characters ({count_chars(section)} non-blank), {len(figures)} figures, "
        f"{len(facts)} facts; findings: {', '.join(sorted(f.rule for f in findings)) or 'none'}"
    )
    print(
        f"forms section: {len(forms)} characters, {len(extract_numbers(forms))} numbers, "
        f"{len(forms_findings)} G1 (all correct: 0 expected)"
    )
    timings = [
        ("build_facts (fill + facts, with prior)", lambda: build_facts(report), FACTS_TARGET_MS),
        (
            "gate, facts given (as draft.py calls it)",
            lambda: uncached(check_draft, report, "一", section, facts),
            GATE_TARGET_MS,
        ),
        ("gate, facts built inside", lambda: uncached(check_draft, report, "一", section), GATE_TARGET_MS),
        ("extract_numbers only", lambda: extract_numbers(section), None),
        (
            "gate, 1500 chars of years/shares/近百/phones",
            lambda: uncached(check_draft, report, "一", forms, facts),
            GATE_TARGET_MS,
        ),
        ("similarity to last year's 一", lambda: uncached(similarity, section, prior_one), None),
        ("offline draft of 一", lambda: draft_offline(report, "一"), None),
    ]
    for label, func, target in timings:
        median, p90 = median_ms(func, args.runs)
        verdict = "" if target is None else ("  OK" if median < target else f"  OVER {target} ms")
        print(f"{label:45s} median {median:6.3f} ms  p90 {p90:6.3f} ms{verdict}")

    print(
        "\nG6 similarity (share of 4-grams already in the other text, numbers masked); "
        f"threshold {SIMILARITY_THRESHOLD:.0%}"
    )
    for label, ratio in similarity_table(report, report_2020, args.samples):
        flag = "  -> G6" if ratio > SIMILARITY_THRESHOLD else ""
        print(f"  {ratio:5.0%}  {label}{flag}")


if __name__ == "__main__":
    main()
