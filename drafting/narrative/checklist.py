"""The 年报 review checklist: the points a reviewer checks before a report is published, each ✓ / ✗ from the report."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from drafting.findings import Finding, Severity
from drafting.model import ASPECT_LABELS, Report
from drafting.narrative.gate import ASPECT_KEYWORDS, MAX_SECTION_ONE_CHARS, PLACEHOLDER, count_chars
from drafting.tables.fill import fill

# A sentence explaining a break with last year: it names the figure and a reason (原因, 系因 …, 调整, 更正 …).
_EXPLAINED = re.compile(r"原因|系因|由于|调整|更正|重新核定|重新统计|核减|核增|口径")


@dataclass(frozen=True)
class CheckItem:
    """One point of the checklist: `ok` is True (✓), False (✗) or None (does not apply to this report);
    `page` and `section` say where it is fixed (a page slug of the app: draft, tables, notes)."""

    title: str
    ok: bool | None
    detail: str
    page: str
    section: str | None = None

    @property
    def mark(self) -> str:
        """✓, ✗ or — for display."""
        return "—" if self.ok is None else "✓" if self.ok else "✗"


def review_checklist(
    report: Report,
    table_findings: Sequence[Finding],
    section_findings: Mapping[str, Sequence[Finding]],
) -> list[CheckItem]:
    """The checklist, in the order a reviewer reads a report, from the table checks' findings and the gate's
    findings per section (一, 五, 六) the app already shows."""
    texts = {sid: report.sections[sid].text for sid in ("一", "五", "六")}
    return [
        _aspects(texts["一"]),
        _numbers(texts, section_findings),
        _continuity(report, texts, table_findings),
        _corrections(texts, fill(report).cells),
        _five(report, texts["五"], section_findings.get("五", ())),
        _fee(report, texts["六"], table_findings, section_findings.get("六", ())),
        _length(report, texts["一"]),
    ]


def _aspects(text: str) -> CheckItem:
    title = "第一部分五个方面都有实质内容"
    if not text.strip():
        return CheckItem(title, False, "第一部分还没有内容，请先生成或填写", "draft", "一")
    missing = [ASPECT_LABELS[a] for a, words in ASPECT_KEYWORDS.items() if not any(w in text for w in words)]
    gaps = PLACEHOLDER.findall(text)
    if not missing and not gaps:
        return CheckItem(title, True, "主动公开、依申请公开、政府信息管理、平台建设、监督保障都已写到", "draft", "一")
    parts = [f"没有写到：{'、'.join(missing)}"] if missing else []
    parts += [f"还有 {len(gaps)} 处待补充（如{gaps[0]}）"] if gaps else []
    return CheckItem(title, False, "；".join(parts) + "，请在“工作情况”补充后重新生成，或直接修改正文", "draft", "一")


def _numbers(texts: Mapping[str, str], section_findings: Mapping[str, Sequence[Finding]]) -> CheckItem:
    title = "正文中的数字与表格、工作情况一致"
    if not any(t.strip() for t in texts.values()):
        return CheckItem(title, None, "还没有正文，生成或填写后再核对", "draft")
    wrong = {
        sid: sum(f.rule == "G1" and f.severity is Severity.ERROR for f in fs) for sid, fs in section_findings.items()
    }
    unsure = sum(f.rule == "G1" and f.severity is Severity.WARNING for fs in section_findings.values() for f in fs)
    bad = [f"第{sid}部分 {n} 处" for sid, n in wrong.items() if n]
    if bad:
        first = next(sid for sid, n in wrong.items() if n)
        return CheckItem(title, False, f"与表格或工作情况不符的数字：{'，'.join(bad)}，请逐条改正", "draft", first)
    tail = f"；另有 {unsure} 个数字无法核实，请确认" if unsure else ""
    return CheckItem(title, True, f"没有与表格不符的数字{tail}", "draft")


def _continuity(report: Report, texts: Mapping[str, str], table_findings: Sequence[Finding]) -> CheckItem:
    title = "上年结转、现行有效件数与上年衔接"
    if report.prior is None or report.prior.year != report.year - 1:
        return CheckItem(title, None, "没有导入上年报告，无法核对与上年的衔接", "tables")
    breaks = [
        (rule, word)
        for rule, word in (("I5", "上年结转"), ("I6", "现行有效"))
        if any(f.rule == rule and f.cells for f in table_findings)  # a cell-less I5 is the wrong-year notice
    ]
    if not breaks:
        return CheckItem(title, True, "表格检查没有发现与上年报告不衔接的数字", "tables")
    prose = texts["一"] + texts["六"]
    unexplained = [word for _, word in breaks if not _explains(prose, word)]
    if not unexplained:
        return CheckItem(title, True, "与上年不衔接之处已在正文中说明原因", "draft", "一")
    what = "、".join(unexplained)
    detail = f"“{what}”与上年报告不衔接，正文没有说明原因：请核对表格，确有调整的请在第一部分或第六部分写明原因"
    return CheckItem(title, False, detail, "tables")


def _explains(prose: str, word: str) -> bool:
    """Whether a sentence that names `word` also gives a reason (原因, 因…调整, 重新核定 …)."""
    return any(word in s and _EXPLAINED.search(s) for s in re.split(r"[。；\n]", prose))


def _corrections(texts: Mapping[str, str], cells: Mapping[str, object]) -> CheckItem:
    title = "被复议、诉讼纠错的情况已说明"
    ids = ("t4.review.correct", "t4.lit_direct.correct", "t4.lit_after_review.correct")
    corrected = sum(value for value in (cells.get(c) for c in ids) if isinstance(value, int))
    if not corrected:
        return CheckItem(title, None, "本年没有被纠错的行政复议、行政诉讼案件", "tables")
    if re.search(r"纠正|纠错", texts["一"] + texts["五"]):
        return CheckItem(title, True, f"表四有 {corrected} 件结果纠正，正文已写到", "draft", "一")
    detail = f"表四有 {corrected} 件结果纠正，正文没有说明：请在第一部分写明纠错情况，并在第五部分写明整改"
    return CheckItem(title, False, detail, "draft", "五")


def _five(report: Report, text: str, findings: Sequence[Finding]) -> CheckItem:
    title = "第五部分问题具体，并回应上年问题的整改"
    if not text.strip():
        return CheckItem(title, False, "第五部分还没有内容", "draft", "五")
    if PLACEHOLDER.search(text):  # G8 (no problems in the notes) does not fail a 五 written by hand
        return CheckItem(title, False, "问题或整改情况还没有具体内容，请在“工作情况”逐条填写后重新生成", "notes", "五")
    vague = [f for f in findings if f.rule in ("P1", "P2", "P3")]  # P4 (no status chosen) is a reminder
    if vague:
        more = f"等 {len(vague)} 条" if len(vague) > 1 else ""
        return CheckItem(title, False, f"{vague[0].message}{more}，请在“工作情况”修改后重新生成", "notes", "五")
    follows_up = report.prior is not None or bool(report.notes.followups)
    if follows_up and not re.search(r"上年|上一年|去年|整改", text):
        return CheckItem(title, False, "有上年报告，但第五部分没有写上年问题的整改情况，请补充", "notes", "五")
    return CheckItem(title, True, "问题具体" + ("，已写上年问题的整改情况" if follows_up else ""), "draft", "五")


def _fee(report: Report, text: str, table_findings: Sequence[Finding], findings: Sequence[Finding]) -> CheckItem:
    title = "第六部分写明信息处理费的收取情况"
    if report.format != "F2021":
        return CheckItem(title, None, "2019 年版格式不要求单独报告信息处理费", "draft", "六")
    problems = [f for f in (*findings, *table_findings) if f.rule in ("G3", "I10")]
    if problems or not text.strip():
        return CheckItem(
            title, False, "第六部分没有按表三的收费行写明信息处理费（未收取的也要写明），请补充", "draft", "六"
        )
    return CheckItem(title, True, "已写明信息处理费的收取情况", "draft", "六")


def _length(report: Report, text: str) -> CheckItem:
    title = f"第一部分不超过 {MAX_SECTION_ONE_CHARS} 字"
    length = count_chars(text)
    if not length:
        return CheckItem(title, None, "第一部分还没有内容", "draft", "一")
    if report.format != "F2021":
        return CheckItem(title, None, f"共 {length} 字（2019 年版格式没有字数要求）", "draft", "一")
    if length > MAX_SECTION_ONE_CHARS:
        return CheckItem(title, False, f"共 {length} 字，请精简到 {MAX_SECTION_ONE_CHARS} 字以内", "draft", "一")
    return CheckItem(title, True, f"共 {length} 字", "draft", "一")
