"""Write the review as .xlsx (three sheets), .csv (one file per sheet) or .html (one page, three tables)."""

from __future__ import annotations

import csv
import html
import re
from dataclasses import dataclass
from pathlib import Path

from drafting.errors import DraftingError
from drafting.model import unwritable
from drafting.review.expected import Expected
from drafting.review.result import UnitReview, sorted_findings, sorted_reviews

EXPORT_SUFFIXES = (".xlsx", ".csv", ".html")
UNIT_HEADER = (
    "单位",
    "年度",
    "格式",
    "文件类型",
    "文件",
    "状态",
    "错误",
    "提示",
    "未读出的单元格",
    "与上年相似度",
    "主要问题",
)
FINDING_HEADER = ("单位", "年度", "文件", "规则", "级别", "位置", "问题")
EXPECTED_HEADER = ("单位", "情况", "文件")
_WIDTHS = {"单位": 28, "文件": 36, "主要问题": 100, "问题": 100, "位置": 36}

Row = tuple[object, ...]


@dataclass(frozen=True)
class Sheet:
    """One sheet of the output: its title, header and rows."""

    title: str
    header: tuple[str, ...]
    rows: list[Row]


def build_sheets(reviews: list[UnitReview], expected: list[Expected] | None) -> list[Sheet]:
    """The sheets in order: 单位一览, 全部问题, and 应报未报 when a list of units was given."""
    ordered = sorted_reviews(reviews)
    sheets = [
        Sheet("单位一览", UNIT_HEADER, [_unit_row(r) for r in ordered]),
        Sheet("全部问题", FINDING_HEADER, [row for r in ordered for row in _finding_rows(r)]),
    ]
    if expected is not None:
        sheets.append(Sheet("应报未报", EXPECTED_HEADER, [(e.unit, e.state, e.source) for e in expected]))
    return sheets


def _unit_row(r: UnitReview) -> Row:
    return (
        r.unit,
        r.year or "",
        r.format,
        r.kind,
        r.source,
        r.status.value,
        r.errors,
        r.warnings,
        r.unread,
        r.similarity_text(),
        r.first_findings(),
    )


def _finding_rows(r: UnitReview) -> list[Row]:
    if r.failure:
        return [(r.unit, "", r.source, "读取", "错误", "", r.failure)]
    return [
        (r.unit, r.year or "", r.source, f.rule, f.severity, f.where, f.message) for f in sorted_findings(r.findings)
    ]


def check_output(path: Path, force: bool, sheets: int) -> None:
    """The output must be .xlsx, .csv or .html, and is never overwritten without --force."""
    if path.suffix.lower() not in EXPORT_SUFFIXES:
        raise DraftingError(f"审核结果只能保存为 .xlsx、.csv 或 .html，{path.name} 不是；请改用如 -o 审核结果.xlsx")
    existing = [p for p in output_files(path, sheets) if p.exists()]
    if existing and not force:
        names = "、".join(str(p) for p in existing)
        raise DraftingError(f"文件 {names} 已存在，为免覆盖未做任何修改；换一个文件名，或加 --force 覆盖")


def output_files(path: Path, sheets: int) -> list[Path]:
    """The files an export writes: one, or for .csv one per sheet (审核结果.csv, 审核结果.全部问题.csv, …)."""
    if path.suffix.lower() != ".csv":
        return [path]
    names = ("全部问题", "应报未报")[: sheets - 1]
    return [path, *(path.with_name(f"{path.stem}.{name}{path.suffix}") for name in names)]


def write(path: Path, sheets: list[Sheet]) -> list[Path]:
    """Write the sheets in the format of the path's suffix; the files written."""
    suffix = path.suffix.lower()
    try:
        if suffix == ".xlsx":
            _write_xlsx(path, sheets)
        elif suffix == ".html":
            path.write_text(_html(sheets), encoding="utf-8")
        else:
            for file, sheet in zip(output_files(path, len(sheets)), sheets, strict=True):
                _write_csv(file, sheet)
    except OSError as exc:
        raise DraftingError(unwritable(path, exc)) from None
    return output_files(path, len(sheets))


def _write_xlsx(path: Path, sheets: list[Sheet]) -> None:
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter

    book = Workbook()
    book.remove(book.active)
    for sheet in sheets:
        ws = book.create_sheet(sheet.title)
        ws.append(list(sheet.header))
        for row in sheet.rows:
            ws.append([_cell_text(value) for value in row])
        ws.freeze_panes = "A2"
        ws.auto_filter.ref = ws.dimensions
        for i, name in enumerate(sheet.header, start=1):
            ws.column_dimensions[get_column_letter(i)].width = _WIDTHS.get(name, 12)
    book.save(path)


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _cell_text(value: object) -> object:
    """A value as a worksheet takes it: control characters (a .docx may hold \\x0b) would make openpyxl refuse."""
    return _CONTROL.sub(" ", value) if isinstance(value, str) else value


def _write_csv(path: Path, sheet: Sheet) -> None:
    # utf-8-sig: Excel on Chinese Windows opens it with the right characters
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(sheet.header)
        writer.writerows(sheet.rows)


def _html(sheets: list[Sheet]) -> str:
    parts = [
        '<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8"><title>年报审核结果</title>',
        "<style>body{font-family:sans-serif}table{border-collapse:collapse;margin-bottom:2em}"
        "td,th{border:1px solid #999;padding:2px 6px;vertical-align:top}th{background:#eee}</style>",
        "</head><body><h1>年报审核结果</h1>",
    ]
    for sheet in sheets:
        parts.append(f"<h2>{html.escape(sheet.title)}</h2><table><thead><tr>")
        parts.append("".join(f"<th>{html.escape(h)}</th>" for h in sheet.header) + "</tr></thead><tbody>")
        parts += ["<tr>" + "".join(f"<td>{html.escape(str(c))}</td>" for c in row) + "</tr>" for row in sheet.rows]
        parts.append("</tbody></table>")
    parts.append("</body></html>\n")
    return "\n".join(parts)
