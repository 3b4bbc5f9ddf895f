"""Import actions behind the 基本信息 buttons, as plain functions (no widgets) so they can be tested directly."""

from __future__ import annotations

from dataclasses import dataclass

from drafting.errors import DraftingError
from drafting.io.importer import ImportResult, attach_prior, import_bytes, import_text
from drafting.io.store import ReportStore, StoreError
from drafting.model import Report, report_from_json


@dataclass(frozen=True)
class PriorPreview:
    """Last year's report as read, before it is attached: the import result (None for a .json of this tool)."""

    prior: Report
    result: ImportResult | None
    summary: str


def preview_prior(report: Report, filename: str | None, data: bytes | None, pasted: str, *,
                  agency: str | None = None, year: int | None = None) -> PriorPreview:
    """Read last year's report from an uploaded file (a published report, or a .json of this tool) or pasted text.

    `agency` and `year` are what the user typed over what was read; without them the report's own agency and
    last year are only fallbacks.
    """
    if filename and data is not None and filename.lower().endswith(".json"):
        prior = report_from_json(_decode(data, filename), source=filename)
        return PriorPreview(prior, None, f"已读取 {prior.title}（.json 数据文件）")
    if filename and data is not None:
        result = import_bytes(data, filename, agency=report.agency, year=report.year - 1,
                              agency_override=agency, year_override=year)
    elif pasted.strip():
        result = import_text(pasted, agency=report.agency, year=report.year - 1,
                             agency_override=agency, year_override=year)
    else:
        msg = "请先选择上年报告文件（.pdf、.docx、.html、.txt 或本工具导出的 .json），或粘贴上年报告全文"
        raise DraftingError(msg)
    return PriorPreview(result.report, result, result.summary())


def read_prior(report: Report, filename: str | None, data: bytes | None, pasted: str) -> tuple[Report, str]:
    """Last year's report read and attached at once (no preview); returns the report and the summary."""
    preview = preview_prior(report, filename, data, pasted)
    return attach_prior(report, preview.prior), preview.summary


def restore_json(store: ReportStore, filename: str, data: bytes, overwrite: bool) -> int:
    """Store a report .json exported by this tool (cells, notes, all versions, prior) and return its id.

    A report of the same agency and year is replaced only with `overwrite`.
    """
    report = report_from_json(_decode(data, filename), source=filename)
    existing = store.find(report.agency, report.year)
    if existing is not None and not overwrite:
        msg = (f"已有“{report.agency}”{report.year} 年度的报告；如要用文件 {filename} 的内容替换它，"
               "请勾选“覆盖已有的同名报告”后再恢复")
        raise StoreError(msg)
    return store.upsert(report)


def _decode(data: bytes, filename: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        msg = f"文件 {filename} 不是 UTF-8 文本，请选择本工具导出的 .json 报告"
        raise DraftingError(msg) from None
