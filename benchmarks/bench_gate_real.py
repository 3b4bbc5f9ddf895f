"""The gate on real published reports checked against their own tables: which numbers it flags, and why.

Run: `.venv/bin/python benchmarks/bench_gate_real.py [--samples /work/shared/samples] [FILE …]`. Prints, asserts
nothing. Each report is imported (tables and sections), then sections 一, 五 and 六 go through the gate with
the report's own facts. A real report has no staff notes, so numbers about work the tables do not hold
(发布信息340条) are rightly "找不到依据"; the figure that matters is how many numbers that state a table value
are flagged (issue 10: at most 5 %). Every flagged number and every number accepted as a table value is
listed, so the counts can be checked by reading.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from drafting.io.importer.core import import_file  # noqa: E402
from drafting.model import Report  # noqa: E402
from drafting.narrative.facts import Fact, build_facts  # noqa: E402
from drafting.narrative.gate import _clause_before, _matcher_for, _sentence_before, _words_around, check_draft  # noqa: E402
from drafting.narrative.numerals import NumberMention, extract_numbers  # noqa: E402

SAMPLES = ("seed-jiyuan-gongkewei-2020.txt", "shuyang-fgj-2023.txt", "huaian-szf-2024.pdf")
TABLE = ("t2.", "t3.", "t4.", "share.")


def quote(text: str, mention: NumberMention) -> str:
    return text[max(0, mention.start - 14) : mention.end + 4].replace("\n", " ")


def accepted_as(report: Report, facts: list[Fact], text: str, mention: NumberMention) -> Fact | None:
    """The table fact the gate resolved a number to (None when it resolved it to no table fact)."""
    matcher = _matcher_for(facts)
    clause, sentence = _clause_before(text, mention.start), _sentence_before(text, mention.start)
    fact, _ = matcher.find(mention, clause, sentence, _words_around(text, mention))
    return fact if fact is not None and fact.key.startswith(TABLE) else None


def section_counts(report: Report, facts: list[Fact], section: str, text: str) -> tuple[int, int, int, int]:
    """(figures, accepted as a table value, flagged as errors, flagged as warnings), printing each."""
    findings = {f.span: f for f in check_draft(report, section, text, facts) if f.rule == "G1"}
    figures = [m for m in extract_numbers(text) if m.is_figure or m.kind == "share"]
    accepted = errors = warnings = 0
    for mention in figures:
        finding = findings.get(mention.span)
        if finding is not None:
            errors += finding.severity.value == "error"
            warnings += finding.severity.value == "warning"
            print(f"    {finding.severity.label} {quote(text, mention)!r}")
            continue
        fact = accepted_as(report, facts, text, mention)
        if fact is not None:
            accepted += 1
            print(f"    表格 {quote(text, mention)!r} → {fact.label}")
    return len(figures), accepted, errors, warnings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", type=Path, default=Path("/work/shared/samples"))
    parser.add_argument("files", nargs="*", type=Path)
    args = parser.parse_args()
    files = args.files or [args.samples / name for name in SAMPLES if (args.samples / name).exists()]
    totals = [0, 0, 0, 0]
    for path in files:
        report = import_file(path).report
        facts = build_facts(report)
        for section in ("一", "五", "六"):
            state = report.sections.get(section)  # type: ignore[call-overload]
            text = state.text if state is not None else ""
            if not text.strip():
                continue
            print(f"== {path.name} 第{section}部分")
            counts = section_counts(report, facts, section, text)
            totals = [a + b for a, b in zip(totals, counts, strict=True)]
    figures, accepted, errors, warnings = totals
    print(
        f"\n{len(files)} reports: {figures} figures; {accepted} accepted as table values; "
        f"{errors} flagged as errors, {warnings} as warnings (read the lines above: a flagged table value is a "
        "false alarm, a flagged number with no table or note source is not)"
    )


if __name__ == "__main__":
    main()
