"""The outcome of an import: the report, and cell by cell what was read, blank, unreadable or missing."""

from __future__ import annotations

from dataclasses import dataclass, field

from drafting.findings import Finding, Severity
from drafting.io.importer.readers import KIND_LABELS
from drafting.io.importer.tables import CellRead
from drafting.model import CellValue, Report


@dataclass(frozen=True)
class UnreadableCell:
    """A cell whose value could not be read with certainty, with the raw text found and why."""

    cell_id: str
    location: str
    raw: str
    reason: str

    def __str__(self) -> str:
        return f"{self.location}：原文“{self.raw}”，{self.reason}"


@dataclass(frozen=True)
class CellOutcome:
    """One cell of an import, for the preview before it is applied (app) and `drafting import --cells`."""

    cell_id: str
    location: str
    outcome: str  # 已读出 / 空白 / 无法识别 / 未找到
    value: str
    raw: str
    reason: str = ""

    def __str__(self) -> str:
        shown = {"已读出": f"{self.value}（原文“{self.raw}”）", "无法识别": f"原文“{self.raw}”，{self.reason}"}
        return f"{self.location}：{self.outcome}" + (f" {shown[self.outcome]}" if self.outcome in shown else "")


@dataclass
class ImportResult:
    """A new report built from a published one, and an honest account of how each cell was read."""

    report: Report
    cells_read: dict[str, CellValue]
    cells_blank: list[str]
    unreadable: list[UnreadableCell]
    warnings: list[str]
    findings: list[Finding]
    cells_missing: list[str] = field(default_factory=list)
    readings: dict[str, CellRead] = field(default_factory=dict)
    source_kind: str = "text"
    detected_format: str | None = None
    parts_found: list[str] = field(default_factory=list)
    agency_source: str = ""
    year_source: str = ""

    def outcome(self, cell_id: str) -> str:
        """How one cell fared, in Chinese: 已读出 / 空白 / 无法识别 / 未找到."""
        reading = self.readings.get(cell_id)
        if reading is None:
            return "未找到"
        return {"read": "已读出", "blank": "空白", "unreadable": "无法识别"}[reading.status]

    def cell_table(self) -> list[CellOutcome]:
        """Every cell of the format in order: where it is, how it fared, the value read and the raw text."""
        out: list[CellOutcome] = []
        for cell_id, spec in self.report.fmt.cells().items():
            reading = self.readings.get(cell_id)
            value = self.cells_read.get(cell_id)
            out.append(CellOutcome(
                cell_id, spec.location, self.outcome(cell_id), "" if value is None else str(value),
                reading.raw if reading else "", reading.reason if reading else "",
            ))
        return out

    def label_variants(self) -> list[str]:
        """The rows read through a printed variant of their label (表三按“3、其他”读作“3.其他”)."""
        return [w for w in self.warnings if "读作“" in w]

    def _sources(self) -> str:
        agency, year = self.agency_source or "文件", self.year_source or "文件"
        return f"机关名称和年度取自{agency}" if agency == year else f"机关名称取自{agency}，年度取自{year}"

    def summary(self) -> str:
        """A few Chinese lines for the CLI and the app: what was imported and what needs a look."""
        report = self.report
        lines = [
            f"来源：{KIND_LABELS.get(self.source_kind, self.source_kind)}",
            f"机关：{report.agency}　年度：{report.year}　格式：{report.format}"
            + (f"（表格栏目像 {self.detected_format}）" if self.detected_format not in (None, report.format) else ""),
            self._sources(),
            f"找到的部分：{'、'.join(self.parts_found) or '无'}",
            f"单元格：读出 {len(self.cells_read)}，空白 {len(self.cells_blank)}，"
            f"无法识别 {len(self.unreadable)}，未找到 {len(self.cells_missing)}（共 {len(report.fmt.cells())}）",
        ]
        lines += [f"无法识别：{cell}" for cell in self.unreadable]
        lines += [f"提示：{w}" for w in self.warnings]
        errors = sum(1 for f in self.findings if f.severity is Severity.ERROR)
        checked = f"校验：{len(self.findings)} 条问题，其中错误 {errors} 条" if self.findings else "校验：未发现问题"
        lines.append(checked)
        lines += [f"  {f}" for f in self.findings]
        return "\n".join(lines)
