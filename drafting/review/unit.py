"""Review one file: import it (or load a .json report), then its table checks, its sections against its own
tables (the draft gate) and the coverage the format asks for."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from drafting.errors import DraftingError
from drafting.findings import Finding, Severity
from drafting.model import SECTION_IDS, Report
from drafting.review.collect import Source
from drafting.review.result import WARNING, ReviewFinding, UnitReview

IMPORT_RULE = "导入"
VAGUE_RULE = "R1"
MIN_FIVE_CHARS = 80
_PROBLEM_WORDS = re.compile(r"问题|不足|薄弱|差距|短板|欠缺|不够|缺乏|有待|单一|不到位|滞后|不完善|不及时")
_MEASURE_WORDS = re.compile(r"改进|措施|整改|加强|完善|推进|提升|规范")
_JSON_KIND = "本工具的数据文件（.json）"
_MISSING_EXAMPLES = 3


@dataclass(frozen=True)
class Loaded:
    """A report as read from a file: the kind of file, what the import could not read, and how many cells."""

    report: Report
    kind: str
    notes: list[ReviewFinding] = field(default_factory=list)
    unread: int = 0


def review_source(source: Source) -> UnitReview:
    """The review of one file; a file that cannot be read is a review saying why, never an exception."""
    try:
        return review_report(source.name, load(source))
    except DraftingError as exc:
        return UnitReview(source.name, failure=str(exc))
    except Exception as exc:  # a bug on one odd file must not stop the other units
        why = f"审核时出现程序错误（{type(exc).__name__}），请把该文件反馈给开发者，或另存为 .docx 后重试"
        return UnitReview(source.name, failure=why)


def review_report(name: str, loaded: Loaded) -> UnitReview:
    """Checks, gate and coverage on a loaded report, after what the import could not read."""
    from drafting.tables.checks import run_checks

    report = loaded.report
    findings = list(loaded.notes)
    findings += [_table_finding(report, f) for f in run_checks(report)]
    findings += section_findings(report)
    review = UnitReview(name, report.agency, report.year, report.format, loaded.kind, findings=findings)
    review.report, review.unread = report, loaded.unread
    return review


def load_report_of(source: Source) -> Report:
    """The report in a file (.json as saved by this tool, or a published report imported)."""
    return load(source).report


def load(source: Source) -> Loaded:
    """Read one file: a .json report as saved by this tool, or a published report through the importer."""
    data = source.read()
    if source.filename.lower().endswith(".json"):
        from drafting.model import report_from_json

        text = data.decode("utf-8", errors="replace")
        return Loaded(report_from_json(text, source=f"文件 {source.name}"), _JSON_KIND)
    from drafting.io.importer import import_bytes
    from drafting.io.importer.readers import KIND_LABELS

    result = import_bytes(data, source.filename)
    notes = [
        ReviewFinding(IMPORT_RULE, WARNING, u.location, f"无法识别：原文“{u.raw}”，{u.reason}")
        for u in result.unreadable
    ]
    notes += [ReviewFinding(IMPORT_RULE, WARNING, "", w) for w in result.warnings]
    notes += _missing_note(result.report, result.cells_missing)
    unread = len(result.unreadable) + len(result.cells_missing)
    return Loaded(result.report, KIND_LABELS.get(result.source_kind, result.source_kind), notes, unread)


def _missing_note(report: Report, missing: list[str]) -> list[ReviewFinding]:
    if not missing:
        return []
    specs = report.fmt.cells()
    shown = "、".join(specs[c].location for c in missing[:_MISSING_EXAMPLES] if c in specs)
    more = f"等 {len(missing)} 个单元格" if len(missing) > _MISSING_EXAMPLES else ""
    message = f"文件中没有找到{shown}{more}，请核对原文的表格是否完整"
    return [ReviewFinding(IMPORT_RULE, WARNING, "", message)]


def _table_finding(report: Report, finding: Finding) -> ReviewFinding:
    specs = report.fmt.cells()
    places = [specs[c].location for c in finding.cells if c in specs]
    where = places[0] + (f"等 {len(places)} 处" if len(places) > 1 else "") if places else ""
    return _review_finding(finding, where)


def _review_finding(finding: Finding, where: str) -> ReviewFinding:
    return ReviewFinding(finding.rule, finding.severity.label, where, finding.message)


def section_findings(report: Report) -> list[ReviewFinding]:
    """The gate on each section against the report's own tables, and whether 五 is specific enough.

    G8 is left out: it speaks of the notes page of the app, which a published report never has; R1 says
    instead whether 五 itself names problems and measures.
    """
    from drafting.narrative.facts import build_facts
    from drafting.narrative.gate import check_draft

    facts = build_facts(report)
    findings: list[ReviewFinding] = []
    for section in SECTION_IDS:
        text = unfilled(report.sections[section].text)
        gate = [f for f in check_draft(report, section, text, facts) if f.rule != "G8"]
        findings += [_review_finding(_published(f, text), _position(section, f)) for f in gate]
    findings += vague_five(unfilled(report.sections["五"].text))
    return findings


_TEMPLATE_MARK = re.compile(r"[（(]\s*文字描述\s*[）)]")


def unfilled(text: str) -> str:
    """The text without the format's “（文字描述）” mark, so that a section left as the template is empty."""
    return text if "文字描述" not in text else _TEMPLATE_MARK.sub("", text)


def _published(finding: Finding, text: str) -> Finding:
    """A published report has no staff notes behind its text: a number the gate finds no fact for is a warning
    here (an error while drafting, where the notes back the text) unless the words before it name the table
    figure the gate offers as related (新收政府信息公开申请27件 while the table says 26), or the gate says the
    sentence names another figure (这句话说的是…); those, and G1's other errors, stay errors."""
    unresolved = finding.rule == "G1" and finding.severity is Severity.ERROR and "找不到依据" in finding.message
    if not unresolved or "这句话说的是" in finding.message or names_hint(finding, text):
        return finding
    return replace(finding, severity=Severity.WARNING)


_HINT = re.compile(r"相关的数据是：([^0-9。]+)")
_LABEL_NOISE = re.compile(r"[\s（）()、，,“”：]|本年|数量")
_CLAUSE_END = re.compile(r"[。；;！？!?\n]")
_NAME_GRAM = 4
_NAME_WINDOW = 40


def names_hint(finding: Finding, text: str) -> bool:
    """Whether the words just before the number (back to the last 。 or ；) share four characters in a row with
    the hinted figure's label."""
    match = _HINT.search(finding.message)
    if match is None or finding.span is None:
        return False
    label = _LABEL_NOISE.sub("", match.group(1))
    clause = _CLAUSE_END.split(text[max(0, finding.span[0] - _NAME_WINDOW) : finding.span[0]])[-1]
    before = _LABEL_NOISE.sub("", clause)
    return any(label[i : i + _NAME_GRAM] in before for i in range(len(label) - _NAME_GRAM + 1))


def _position(section: str, finding: Finding) -> str:
    if finding.span is None:
        return f"第{section}部分"
    return f"第{section}部分第 {finding.span[0] + 1} 字"


def vague_five(text: str) -> list[ReviewFinding]:
    """R1: a non-empty 五 that is very short, or names no problem, or no measure, is too vague."""
    from drafting.narrative.gate import count_chars

    if not text.strip():
        return []  # G5 already says it is empty
    length = count_chars(text)
    lacks = [what for what, words in (("问题", _PROBLEM_WORDS), ("改进措施", _MEASURE_WORDS)) if not words.search(text)]
    if length >= MIN_FIVE_CHARS and not lacks:
        return []
    why = f"没有写到{'和'.join(lacks)}" if lacks else f"只有 {length} 字"
    message = (
        f"第五部分“存在的主要问题及改进情况”{why}，内容泛泛；年报要求逐条写明本机关存在的具体问题"
        "和相应的改进措施，请核对"
    )
    return [ReviewFinding(VAGUE_RULE, WARNING, "第五部分", message)]
