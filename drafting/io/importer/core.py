"""The import pipeline: read, cut into parts, recognise agency/year/format, map every cell, run the checks."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from drafting.errors import ImportFailed
from drafting.formats import FIRST_YEAR
from drafting.io.importer.pdf import read_pdf
from drafting.io.importer.readers import (
    MAX_FILE_BYTES,
    Document,
    check_size,
    decode_text,
    read_docx,
    read_html,
    read_mht,
    read_text,
)
from drafting.io.importer.result import ImportResult, UnreadableCell
from drafting.io.importer.sections import PARTS, TABLE_PARTS, TEXT_PARTS, Meta, Parts, find_meta, split_parts
from drafting.io.importer.tables import TableRead, format_votes, read_table2, read_table3, read_table4
from drafting.model import Report, SectionState, SectionVersion, new_report
from drafting.tables.checks import run_checks

_MIN_PARTS = 2
_SAVE_AS_DOCX = {
    ".ofd": "OFD 版式文件", ".odt": "OpenDocument 文档", ".rtf": "RTF 文档", ".xls": "Excel 表格",
    ".xlsx": "Excel 表格", ".et": "WPS 表格", ".zip": "压缩包", ".rar": "压缩包", ".7z": "压缩包",
}
_LAST_YEAR = 2100
_MAX_AGENCY = 60
_MAX_WARNINGS = 40


def import_file(path: str | Path, *, agency: str | None = None, year: int | None = None,
                agency_override: str | None = None, year_override: int | None = None) -> ImportResult:
    """Import a published report from a .pdf (with a text layer), .docx, .html/.htm/.mht or .txt file.

    `agency` and `year` are used only where the document does not state them (its title, period or signature);
    what the document says wins over them, so a report of the wrong year is never relabelled by a default.
    `agency_override` and `year_override` are what the user typed (--agency/--year, the app's fields): they
    win, and a difference from the document is reported.
    """
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            msg = f"文件 {path.name} 有 {size / 1_000_000:.1f} MB，远超一份年报的大小，没有导入；请确认选对了文件"
            raise ImportFailed(msg)
        data = path.read_bytes()
    except FileNotFoundError:
        raise ImportFailed(f"找不到文件 {path}，请检查路径") from None
    except IsADirectoryError:
        raise ImportFailed(f"{path} 是文件夹，请选择年报文件（.pdf、.docx、.html 或 .txt）") from None
    except OSError as exc:
        raise ImportFailed(f"无法读取文件 {path}：{exc.strerror}") from None
    return import_bytes(data, path.name, agency=agency, year=year, agency_override=agency_override,
                        year_override=year_override)


def import_bytes(data: bytes, filename: str = "上传的文件", *, agency: str | None = None,
                 year: int | None = None, agency_override: str | None = None,
                 year_override: int | None = None) -> ImportResult:
    """Import from a file's bytes (as uploaded in the app); the kind is told by its name and its first bytes.

    Agency and year: fallbacks and overrides, as for `import_file`.
    """
    if len(data) > MAX_FILE_BYTES:
        msg = f"文件 {filename} 有 {len(data) / 1_000_000:.1f} MB，远超一份年报的大小，没有导入；请确认选对了文件"
        raise ImportFailed(msg)
    doc = _read_any(data, filename)
    return _import(doc, filename, Given(agency, year, agency_override, year_override))


def import_text(text: str, *, agency: str | None = None, year: int | None = None,
                agency_override: str | None = None, year_override: int | None = None,
                source: str = "粘贴的文本") -> ImportResult:
    """Import from text pasted or saved from a web page or PDF (tabs, | or runs of spaces between cells).

    Agency and year: fallbacks and overrides, as for `import_file`.
    """
    return _import(read_text(text), source, Given(agency, year, agency_override, year_override))


def _read_any(data: bytes, name: str) -> Document:
    suffix = Path(name).suffix.lower()
    head = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    _refuse_unreadable(data, name, suffix)
    if data[:1024].lstrip().startswith(b"%PDF") or suffix == ".pdf":
        return read_pdf(data, name)
    if suffix in (".mht", ".mhtml") or head.startswith(b"mime-version") or b"multipart/related" in head:
        check_size(len(data) // 3, f"网页 {name}")
        return read_mht(data, name)
    if data.startswith(b"PK") or suffix == ".docx":
        return read_docx(data, name)
    if suffix in (".html", ".htm", ".shtml", ".xhtml") or head.startswith((b"<!doctype html", b"<html")):
        check_size(len(data) // 3, f"网页 {name}")
        return read_html(data, name)
    return read_text(decode_text(data, name))


def _refuse_unreadable(data: bytes, name: str, suffix: str) -> None:
    """Files the importer does not read, each with what to do instead."""
    if data.startswith(b"\xd0\xcf\x11\xe0") or suffix in (".doc", ".wps"):
        msg = f"{name} 是旧版 Word/WPS 文件（.doc/.wps），请在 Word 或 WPS 中打开并“另存为” .docx 后再导入"
    elif data.startswith((b"\x89PNG", b"\xff\xd8\xff", b"GIF8")) or suffix in (".png", ".jpg", ".jpeg", ".gif"):
        msg = f"{name} 是图片，无法读出文字；请导入年报的 Word 文件、网页，或复制正文文字后粘贴导入"
    elif suffix in _SAVE_AS_DOCX:
        msg = (f"{name} 是{_SAVE_AS_DOCX[suffix]}，本工具不直接读取；"
               "请在 Word 或 WPS 中打开年报并“另存为” .docx，或复制正文粘贴导入")
    else:
        return
    raise ImportFailed(msg)


@dataclass(frozen=True)
class Given:
    """What the caller says of agency and year: fallbacks where the document states nothing, and overrides
    (a field the user filled in, --agency/--year) that win over what the document states."""

    agency: str | None = None
    year: int | None = None
    agency_override: str | None = None
    year_override: int | None = None


def _import(doc: Document, source: str, given: Given) -> ImportResult:
    if not any(getattr(b, "text", "").strip() or getattr(b, "rows", ()) for b in doc.blocks):
        msg = (f"{source} 中没有读到任何文字。如果是从扫描件 PDF（图片）复制的，复制不出文字，"
               "请改用 Word 文件或网页，或先做文字识别")
        raise ImportFailed(msg)
    parts = split_parts(doc)
    found = [p for p in PARTS if p in parts.headings or p in parts.anchored]
    if not set(found) & set(TABLE_PARTS) and len(found) < _MIN_PARTS:  # one heading alone is not a report
        msg = (f"{source} 看起来不是政府信息公开工作年度报告：既没有找到年报的组成部分标题"
               "（如“一、总体情况”“三、收到和处理政府信息公开申请情况”），也没有找到年报的表格"
               "（如“第二十条第（一）项”“申请人情况”“行政复议 行政诉讼”）。请确认导入的是年报全文")
        raise ImportFailed(msg)
    meta = find_meta(parts, doc.titles)
    report = _new_report(meta, given, source)
    detected = _detect_format(parts)
    warnings = _part_warnings(parts, found) + _meta_warnings(meta, given, report, detected)
    result = _result(report, parts, _read_tables(parts, report), warnings, doc.kind, detected, found, source)
    result.agency_source = meta.agency_source if meta.agency and not given.agency_override else "导入时指定"
    result.year_source = meta.year_source if meta.year and not given.year_override else "导入时指定"
    return result


def _new_report(meta: Meta, given: Given, source: str) -> Report:
    name = (given.agency_override or meta.agency or given.agency or "").strip()
    when = given.year_override or meta.year or given.year
    if not name or when is None:
        missing = "、".join(x for x, ok in (("机关名称", bool(name)), ("报告年度", when is not None)) if not ok)
        msg = (f"没有从 {source} 的标题或开头识别出{missing}（标题通常是“××局2023年政府信息公开工作年度报告”）；"
               "请在导入时指定（命令行用 --agency / --year）")
        raise ImportFailed(msg)
    if not FIRST_YEAR <= when <= _LAST_YEAR:
        msg = f"报告年度 {when} 不在 {FIRST_YEAR}–{_LAST_YEAR} 之间：2019 年以前的年报不适用现行格式，请检查年度"
        raise ImportFailed(msg)
    kind = "乡镇" if name.endswith(("乡人民政府", "镇人民政府", "街道办事处")) else (
        "人民政府" if name.endswith("人民政府") else "部门")
    return new_report(name[:_MAX_AGENCY], when, kind)  # type: ignore[arg-type]


def _part_warnings(parts: Parts, found: list[str]) -> list[str]:
    warnings = [f"没有找到第{p}部分的标题，该部分未导入" for p in PARTS if p not in found]
    warnings += [f"没有找到第{p}部分的标题，按表格内容（“{text}”）识别了表{p}" for p, text in parts.anchored.items()]
    if parts.stray_tables:
        warnings.append(f"有 {parts.stray_tables} 个表格不在二、三、四部分之内，未导入")
    return warnings


def _meta_warnings(meta: Meta, given: Given, report: Report, detected: str | None) -> list[str]:
    warnings = []
    if given.agency_override and meta.agency and meta.agency != given.agency_override:
        warnings.append(f"{meta.agency_source}写的机关是“{meta.agency}”，已按指定的“{given.agency_override}”导入")
    if given.year_override and meta.year and meta.year != given.year_override:
        warnings.append(f"{meta.year_source}写的是 {meta.year} 年度，已按指定的 {given.year_override} 年度导入")
    elif given.year is not None and meta.year is not None and meta.year != given.year and not given.year_override:
        warnings.append(f"{meta.year_source}写的是 {meta.year} 年度，与指定的 {given.year} 年度不同；"
                        f"已按文件所写的 {meta.year} 年度导入")
    if detected and detected != report.format:
        warnings.append(f"{report.year} 年度应使用 {report.format} 格式，但表格栏目像 {detected} 格式（规则 I14）；"
                        f"已按 {report.format} 格式导入，{report.format} 格式没有的栏目未导入")
    return warnings


def _read_tables(parts: Parts, report: Report) -> TableRead:
    tables = TableRead()
    for part, reader in (("二", read_table2), ("三", read_table3), ("四", read_table4)):
        part_read = reader(parts.rows.get(part, []), report.fmt)
        tables.cells.update(part_read.cells)
        distinct = list(dict.fromkeys(part_read.warnings))
        tables.warnings.extend(distinct[:_MAX_WARNINGS])
        if len(distinct) > _MAX_WARNINGS:
            tables.warnings.append(f"表{part}另有 {len(distinct) - _MAX_WARNINGS} 条类似提示未列出")
    return tables


def _detect_format(parts: Parts) -> str | None:
    votes = format_votes([row for part in TABLE_PARTS for row in parts.rows.get(part, [])])
    if votes["F2019"] == votes["F2021"]:
        return None
    return max(votes, key=lambda fid: votes[fid])


def _result(report: Report, parts: Parts, tables: TableRead, warnings: list[str], kind: str,
            detected: str | None, found: list[str], source: str) -> ImportResult:
    specs = report.fmt.cells()
    read, blank, unreadable = {}, [], []
    for cell_id, cell in tables.cells.items():
        if cell.status == "read" and cell.value is not None:
            report.set_cell(cell_id, cell.value, origin="imported")
            read[cell_id] = cell.value
        elif cell.status == "blank":
            blank.append(cell_id)
        else:
            unreadable.append(UnreadableCell(cell_id, specs[cell_id].location, cell.raw, cell.reason))
    for part in TEXT_PARTS:
        text = parts.text(part)
        if text:
            version = SectionVersion(text=text, origin="imported", note=f"导入自{source}")
            report.sections[part] = SectionState(versions=[version])  # type: ignore[index]
    missing = [cid for cid in specs if cid not in tables.cells]
    return ImportResult(
        report=report, cells_read=read, cells_blank=blank, unreadable=unreadable,
        warnings=[*warnings, *tables.warnings], findings=run_checks(report), cells_missing=missing,
        readings=dict(tables.cells), source_kind=kind, detected_format=detected, parts_found=found,
    )
