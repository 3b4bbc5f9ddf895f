"""The report as data: pydantic models for one year's report, its cells, staff notes and section versions."""

from __future__ import annotations

import errno
import json
import math
import re
import unicodedata
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from pathlib import Path
from typing import Any, Literal, NoReturn

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from drafting.errors import CellValueError, ReportFileError
from drafting.formats import CellSpec, CellType, Format, format_for_year, get_format

SCHEMA_VERSION = 1

AgencyKind = Literal["部门", "人民政府", "乡镇"]
AGENCY_KINDS: tuple[str, ...] = ("部门", "人民政府", "乡镇")
CellOrigin = Literal["typed", "imported", "derived", "zero_filled"]
SectionId = Literal["一", "五", "六"]
SECTION_IDS: tuple[SectionId, ...] = ("一", "五", "六")
SECTION_HEADINGS: dict[str, str] = {
    "一": "一、总体情况",
    "二": "二、主动公开政府信息情况",
    "三": "三、收到和处理政府信息公开申请情况",
    "四": "四、政府信息公开行政复议、行政诉讼情况",
    "五": "五、存在的主要问题及改进情况",
    "六": "六、其他需要报告的事项",
}


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Money(_Strict):
    """An amount with its unit, as F2019's 采购总金额 is published (e.g. 251000 元)."""

    amount: Decimal = Field(ge=0)
    unit: str = "元"

    def __str__(self) -> str:
        return f"{self.amount}{self.unit}"


CellValue = int | Decimal | Money


class Aspect(StrEnum):
    """The five aspects section 一 must cover (format-spec §5)."""

    ACTIVE = "active"
    ON_REQUEST = "on_request"
    MANAGEMENT = "management"
    PLATFORM = "platform"
    OVERSIGHT = "oversight"

    @property
    def label(self) -> str:
        """The official Chinese name of the aspect."""
        return ASPECT_LABELS[self]


ASPECT_LABELS: dict[Aspect, str] = {
    Aspect.ACTIVE: "主动公开",
    Aspect.ON_REQUEST: "依申请公开",
    Aspect.MANAGEMENT: "政府信息管理",
    Aspect.PLATFORM: "政府信息公开平台建设",
    Aspect.OVERSIGHT: "监督保障",
}
GOVERNMENT_OVERSIGHT_EXTRA = "工作考核、社会评议和责任追究结果情况"


class KeyFigure(_Strict):
    """A figure staff note for the narrative, e.g. 门户网站发布信息 340 条."""

    label: str = Field(min_length=1)
    value: Decimal
    unit: str = ""


class AspectNotes(_Strict):
    """Staff notes and key figures for one aspect of section 一."""

    notes: str = ""
    figures: list[KeyFigure] = Field(default_factory=list)


class Problem(_Strict):
    """One problem of the year and the measure taken or planned, for section 五."""

    problem: str = Field(min_length=1)
    measure: str = ""


class FollowUpStatus(StrEnum):
    """Where the remedy of one of last year's problems stands, as the staff chose it."""

    DONE = "已整改"
    ONGOING = "正在整改"
    NOT_DONE = "未整改"


class FollowUp(_Strict):
    """What became of one of last year's problems: a status staff chose (None: not chosen yet) and a 说明."""

    problem: str = Field(min_length=1)
    outcome: str = ""
    status: FollowUpStatus | None = None


class OtherMatters(_Strict):
    """The items of section 六: 信息处理费 and other matters to report."""

    fee_notices_issued: int | None = Field(default=None, ge=0)
    fee_collected_yuan: Decimal | None = Field(default=None, ge=0)
    items: list[str] = Field(default_factory=list)


def _empty_aspects() -> dict[Aspect, AspectNotes]:
    return {aspect: AspectNotes() for aspect in Aspect}


class Notes(_Strict):
    """Everything staff tell the drafter beyond the tables."""

    aspects: dict[Aspect, AspectNotes] = Field(default_factory=_empty_aspects)
    problems: list[Problem] = Field(default_factory=list)
    followups: list[FollowUp] = Field(default_factory=list)
    other: OtherMatters = Field(default_factory=OtherMatters)


def _now() -> datetime:
    return datetime.now(UTC)


class SectionVersion(_Strict):
    """One version of a narrative section's text and where it came from."""

    text: str
    origin: str = Field(min_length=1, description="human | offline | imported | the model's name")
    created: datetime = Field(default_factory=_now)
    prompt_version: str | None = None
    note: str = ""


class SectionState(_Strict):
    """All versions of one narrative section, newest last, and whether it is locked."""

    versions: list[SectionVersion] = Field(default_factory=list)
    locked: bool = False
    waived: list[str] = Field(
        default_factory=list,
        description="numbers the user confirmed although the gate found no fact for them, by waiver key",
    )
    incomplete: SectionVersion | None = Field(
        default=None,
        description="a model reply that stopped early (cut off or at its length limit), its note saying why: "
        "kept for the user to read and copy, never the current version",
    )
    locked_aspects: list[Aspect] = Field(
        default_factory=list,
        description="section 一 only: aspects whose paragraph the user locked; regenerating keeps them as they are",
    )

    @property
    def current(self) -> SectionVersion | None:
        """The version in use (the newest), or None when nothing is written yet."""
        return self.versions[-1] if self.versions else None

    @property
    def text(self) -> str:
        """The current text, or an empty string."""
        return self.versions[-1].text if self.versions else ""

    def add(self, version: SectionVersion) -> None:
        """Append a version unless its text equals the current text."""
        if self.current is None or self.current.text != version.text:
            self.versions.append(version)

    def adopt_incomplete(self) -> None:
        """Make the 不完整草稿 the current text, as the user's own edit (they chose to use it), and clear it."""
        kept = self.incomplete
        if kept is None:
            return
        self.add(SectionVersion(text=kept.text, origin="human", note="采用不完整草稿"))
        self.incomplete = None

    def restore(self, index: int) -> None:
        """Make an earlier version current again by appending a copy of it (history is never rewritten)."""
        old = self.versions[index]
        note = f"恢复自第 {index + 1} 版"
        self.versions.append(old.model_copy(update={"created": _now(), "note": note}))


def _empty_sections() -> dict[SectionId, SectionState]:
    return {sid: SectionState() for sid in SECTION_IDS}


class Report(_Strict):
    """One agency's report for one year: meta, every table cell, staff notes and section texts."""

    schema_version: int = SCHEMA_VERSION
    agency: str = Field(min_length=1)
    year: int = Field(ge=2019, le=2100)
    kind: AgencyKind = "部门"
    format: Literal["F2019", "F2021"]
    cells: dict[str, CellValue] = Field(default_factory=dict)
    origins: dict[str, CellOrigin] = Field(default_factory=dict)
    notes: Notes = Field(default_factory=Notes)
    sections: dict[SectionId, SectionState] = Field(default_factory=_empty_sections)
    prior: Report | None = None

    @model_validator(mode="before")
    @classmethod
    def _coerce_cells(cls, data: Any) -> Any:
        if not isinstance(data, dict):
            return data
        data = dict(data)
        if "format" not in data and isinstance(data.get("year"), int):
            data["format"] = format_for_year(data["year"]).id
        fmt_id = data.get("format")
        if fmt_id in ("F2019", "F2021") and isinstance(data.get("cells"), dict):
            specs = get_format(fmt_id).cells()
            data["cells"] = {key: coerce_cell(_spec_for(specs, key, fmt_id), raw) for key, raw in data["cells"].items()}
        return data

    @model_validator(mode="after")
    def _check_format_and_origins(self) -> Report:
        expected = format_for_year(self.year).id
        if self.format != expected:
            msg = f"{self.year} 年度报告应使用 {expected} 格式，文件中写的是 {self.format}（规则 I14）"
            raise ValueError(msg)
        stray = sorted(set(self.origins) - set(self.cells))
        if stray:
            msg = f"单元格来源记录了未填写的单元格：{', '.join(stray[:3])}"
            raise ValueError(msg)
        sections = {sid: self.sections.get(sid, SectionState()) for sid in SECTION_IDS}
        object.__setattr__(self, "sections", sections)
        return self

    @property
    def fmt(self) -> Format:
        """The official format of this report."""
        return get_format(self.format)

    def get(self, cell_id: str) -> CellValue | None:
        """The value of a cell, or None when it has not been entered (never silently 0)."""
        return self.cells.get(cell_id)

    def origin(self, cell_id: str) -> CellOrigin | None:
        """How a cell got its value: typed, imported, derived or zero_filled; None if empty."""
        if cell_id not in self.cells:
            return None
        return self.origins.get(cell_id, "typed")

    def set_cell(self, cell_id: str, raw: object, origin: CellOrigin = "typed") -> None:
        """Enter a value (validated for its cell), or clear the cell when raw is None or blank."""
        spec = _spec_for(self.fmt.cells(), cell_id, self.format)
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            self.cells.pop(cell_id, None)
            self.origins.pop(cell_id, None)
            return
        self.cells[cell_id] = coerce_cell(spec, raw)
        if origin == "typed":
            self.origins.pop(cell_id, None)
        else:
            self.origins[cell_id] = origin

    def is_entered(self, cell_id: str) -> bool:
        """True when the cell holds a value that the user typed, imported or zero-filled."""
        return cell_id in self.cells and self.origins.get(cell_id) != "derived"

    @property
    def title(self) -> str:
        """The report's title as published."""
        return f"{self.agency}{self.year}年政府信息公开工作年度报告"


def _spec_for(specs: dict[str, CellSpec], cell_id: str, fmt_id: str) -> CellSpec:
    spec = specs.get(cell_id)
    if spec is None:
        other = "F2021" if fmt_id == "F2019" else "F2019"
        hint = f"（这是 {other} 格式的单元格）" if cell_id in get_format(other).cells() else ""
        msg = f"{fmt_id} 格式的表格中没有单元格 {cell_id}{hint}，请删除或改用本年度格式的栏目"
        raise CellValueError(msg)
    return spec


_MONEY_RE = re.compile(r"^\s*([0-9][0-9,]*(?:\.[0-9]+)?)\s*(万元|亿元|元)?\s*$")


MAX_COUNT = 99_999_999  # 一亿 or more of anything in one agency's year is a typing slip, not a figure
MAX_AMOUNT = Decimal("1e15")
_PLAIN_NUMBER = re.compile(r"^[+-]?[0-9]+(?:\.[0-9]+)?$")
# How to write a number of each cell type, for the “只填阿拉伯数字” hint: whole numbers never get a 3.5.
_NUMBER_EXAMPLES = {CellType.COUNT: "12", CellType.SIGNED: "12 或 -3", CellType.DECIMAL: "12 或 3.5"}


def coerce_cell(spec: CellSpec, raw: object) -> CellValue:
    """Check and convert a raw value for a cell of the given type, with a Chinese message on failure."""
    if spec.cell_type is CellType.AMOUNT:
        return _coerce_money(spec, raw)
    if spec.cell_type is CellType.DECIMAL:
        value = _to_decimal(spec, raw)
        if value < 0:
            _fail(spec, raw, "不能为负数")
        if value > MAX_AMOUNT:
            _fail(spec, raw, "过大，请检查是否多输了数字（单位为万元）")
        return value
    number = _to_decimal(spec, raw)
    if number != number.to_integral_value():
        _fail(spec, raw, "应为整数（件数不能有小数）")
    if spec.cell_type is CellType.COUNT and number < 0:
        _fail(spec, raw, "不能为负数")
    if abs(number) > MAX_COUNT:
        _fail(spec, raw, "过大，请检查是否多输了数字")
    return int(number)


def _normalise(raw: object) -> str:
    """Text of a typed or pasted number: full-width digits made ASCII, thousands separators and spaces removed."""
    text = unicodedata.normalize("NFKC", str(raw)).strip()
    return re.sub(r"[,\s]", "", text)


def _to_decimal(spec: CellSpec, raw: object) -> Decimal:
    if isinstance(raw, bool) or not isinstance(raw, int | float | str | Decimal):
        _fail(spec, raw, "应为数字")
    if isinstance(raw, float) and not math.isfinite(raw):
        _fail(spec, raw, "应为数字")
    text = repr(raw) if isinstance(raw, float) else _normalise(raw)
    if isinstance(raw, str) and not _PLAIN_NUMBER.match(text):
        _fail(spec, raw, f"应为数字（只填阿拉伯数字，如 {_NUMBER_EXAMPLES.get(spec.cell_type, '12')}）")
    try:
        value = Decimal(text)
    except InvalidOperation:
        _fail(spec, raw, "应为数字")
    if not value.is_finite():
        _fail(spec, raw, "应为数字")
    return value


def _coerce_money(spec: CellSpec, raw: object) -> Money:
    if isinstance(raw, Money):
        money = raw
    elif isinstance(raw, dict):
        try:
            money = Money.model_validate(raw)
        except ValidationError:
            _fail(spec, raw, "应为不小于 0 的金额及单位，如 {\"amount\": \"251000\", \"unit\": \"元\"}")
    else:
        text = _normalise(raw) if isinstance(raw, int | float | str | Decimal) and not isinstance(raw, bool) else None
        match = _MONEY_RE.match(text) if text is not None else None
        if match is None:
            _fail(spec, raw, "应为不小于 0 的金额，可带单位（元、万元），如 251000元")
        money = Money(amount=Decimal(match.group(1).replace(",", "")), unit=match.group(2) or "元")
    if money.amount > MAX_AMOUNT:
        _fail(spec, raw, "过大，请检查是否多输了数字")
    return money


def _fail(spec: CellSpec, raw: object, why: str) -> NoReturn:
    msg = f"{spec.location}的值 {raw!r} {why}"
    raise CellValueError(msg)


# ---- JSON round trip -----------------------------------------------------------------------------


def report_to_json(report: Report) -> str:
    """The report as pretty, stable JSON (UTF-8 text, Chinese kept readable)."""
    return json.dumps(report.model_dump(mode="json", exclude_none=False), ensure_ascii=False, indent=2)


def report_from_json(text: str, source: str = "报告文件") -> Report:
    """Parse a report from JSON text; every failure is a ReportFileError naming the place in plain words."""
    text = text.removeprefix("\ufeff")  # a byte-order mark, as Windows Notepad writes it
    if not text.strip():
        raise ReportFileError(f"{source} 是空的，里面没有报告数据；请选择本工具保存或导出的 .json 报告文件")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ReportFileError(_json_syntax_error(exc, source)) from None
    return report_from_data(data, source)


# json's messages (without their position) and what they mean, in the order they are tried.
_JSON_PROBLEMS = (
    ("Expecting value", "这里缺少一个值（或文件在此处被截断）"),
    ("Expecting property name", "这里应是用英文双引号括起来的字段名"),
    ("Expecting ',' delimiter", "这里缺少英文逗号"),
    ("Expecting ':' delimiter", "这里缺少英文冒号"),
    ("Unterminated string", "从这里开始的文字缺少结尾的英文双引号"),
    ("Extra data", "报告内容到此已经结束，后面还有多余的文字"),
    ("Invalid control character", "文字中有不允许的控制字符（如未转义的换行）"),
    ("Invalid \\uXXXX escape", "\\u 后面应是四位十六进制数字"),
    ("Invalid \\escape", "反斜杠 \\ 后面的写法无效"),
    ("Illegal trailing comma", "最后一项后面多了一个逗号"),
)


def _json_syntax_error(exc: json.JSONDecodeError, source: str) -> str:
    if exc.pos == 0:
        return (f"{source} 不是有效的 JSON（第 1 行第 1 列就不是），不是本工具保存的报告；"
                "已发布的年报（.docx、.html、.txt）请用导入功能（命令行为 drafting import）读入")
    why = next((why for start, why in _JSON_PROBLEMS if exc.msg.startswith(start)), "格式有误")
    return (f"{source} 第 {exc.lineno} 行第 {exc.colno} 列不是有效的 JSON：{why}。"
            "文件可能不完整或被改动过，请换用本工具保存的原文件，或改正这一处")


_JSON_KINDS = {
    list: "一个列表", str: "一段文字", int: "一个数字", float: "一个数字", bool: "true 或 false", type(None): "null",
}
# Keys every report this tool writes has; a mapping with none of them is some other JSON file.
_REPORT_KEYS = frozenset({"schema_version", "agency", "year", "format", "cells", "sections"})


def report_from_data(data: object, source: str = "报告文件") -> Report:
    """Validate already parsed JSON data as a report."""
    _check_shape(data, source)
    try:
        return Report.model_validate(data)
    except CellValueError as exc:
        raise ReportFileError(f"{source}：{exc}") from None
    except ValidationError as exc:
        raise ReportFileError(f"{source}：{describe_validation_error(exc)}") from None


def _check_shape(data: object, source: str) -> None:
    """A report is a JSON object with this tool's keys and data version; say plainly what else it is."""
    if not isinstance(data, dict) or not data.keys() & _REPORT_KEYS:
        what = f"内容是{_JSON_KINDS.get(type(data), '其他内容')}，" if not isinstance(data, dict) else ""
        msg = (f"{source} 不是本工具保存的报告（{what}缺少 agency、year 等内容）；"
               "请选择本工具保存或导出的 .json 报告文件")
        raise ReportFileError(msg)
    version = data.get("schema_version")
    if version != SCHEMA_VERSION:
        raise ReportFileError(f"{source}{_version_problem(version)}")


def _version_problem(version: object) -> str:
    """The text after the file name when schema_version is missing, newer than this tool, or odd."""
    current = SCHEMA_VERSION
    if version is None:
        return f" 缺少数据版本 schema_version：本工具保存的报告都带有 \"schema_version\": {current}，请补上这一项"
    if isinstance(version, int) and not isinstance(version, bool) and version > current:
        return f" 由较新版本的本工具保存（数据版本 {version}），这一版只能读取数据版本 {current}；请更新本工具后再打开"
    return f" 的数据版本 schema_version 为 {version!r}，本工具只能读取 {current}；请用本工具重新导出，或重新建立报告"


_FIELD_NAMES = {
    "agency": "机关名称",
    "year": "报告年度",
    "kind": "机关类型",
    "format": "格式",
    "cells": "表格数据",
    "notes": "工作情况",
    "sections": "正文",
}


def describe_validation_error(exc: ValidationError) -> str:
    """One Chinese line for the first problem pydantic found, with its location."""
    err = exc.errors(include_url=False)[0]
    loc = ".".join(str(part) for part in err["loc"])
    head = _FIELD_NAMES.get(str(err["loc"][0]), "") if err["loc"] else ""
    where = f"{head}（{loc}）" if head else loc
    message = _chinese_message(err["type"], err.get("ctx") or {}, str(err.get("msg", "")))
    count = exc.error_count()
    more = f"（另有 {count - 1} 处问题）" if count > 1 else ""
    return f"{where} {message}{more}".strip()


_TYPE_MESSAGES = {
    "extra_forbidden": "是多余的字段，请删除或检查拼写",
    "missing": "缺少必填字段",
    "string_too_short": "不能为空",
    "string_type": "应为文字",
    "int_type": "应为整数",
    "int_parsing": "应为整数",
    "int_from_float": "应为整数",
    "float_type": "应为数字",
    "float_parsing": "应为数字",
    "decimal_type": "应为数字",
    "decimal_parsing": "应为数字",
    "bool_type": "应为 true 或 false",
    "bool_parsing": "应为 true 或 false",
    "list_type": "应为列表",
    "dict_type": "应为对象",
    "model_type": "应为对象",
    "model_attributes_type": "应为对象",
    "datetime_type": "应为日期时间",
    "datetime_parsing": "应为日期时间，如 2025-01-20T09:00:00+08:00",
    "datetime_from_date_parsing": "应为日期时间，如 2025-01-20T09:00:00+08:00",
    "enum": "应为以下之一：{expected}",
    "literal_error": "应为以下之一：{expected}",
    "greater_than_equal": "应不小于 {ge}",
    "greater_than": "应大于 {gt}",
    "less_than_equal": "应不大于 {le}",
    "less_than": "应小于 {lt}",
}


def _chinese_message(error_type: str, ctx: dict[str, Any], fallback: str) -> str:
    """The Chinese wording of a pydantic error; our own validators' messages are Chinese already."""
    template = _TYPE_MESSAGES.get(error_type)
    if template is None:
        return fallback.removeprefix("Value error, ")
    values = {k: str(v).replace("' or '", "、").replace("', '", "、").replace("'", "") for k, v in ctx.items()}
    try:
        return template.format(**values)
    except KeyError:
        return template.split("：")[0]


def load_report(path: str | Path) -> Report:
    """Read a report JSON file; a missing or unreadable file is a ReportFileError."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ReportFileError(f"找不到文件 {path}，请检查路径") from None
    except UnicodeDecodeError:
        raise ReportFileError(f"文件 {path} 不是 UTF-8 文本，请确认它是本工具导出的 .json 报告") from None
    except OSError as exc:
        raise ReportFileError(f"无法读取文件 {path}：{exc.strerror}") from None
    return report_from_json(text, source=f"文件 {path}")


def save_report(report: Report, path: str | Path) -> None:
    """Write a report as JSON, replacing the file atomically so a crash never leaves half a file."""
    path = Path(path)
    tmp = path.with_name(path.name + ".tmp")
    try:
        tmp.write_text(report_to_json(report) + "\n", encoding="utf-8")
        tmp.replace(path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise ReportFileError(unwritable(path, exc)) from None


def unwritable(path: Path, exc: OSError) -> str:
    """A Chinese message for a file that could not be written, saying what to check."""
    why = _OS_REASONS.get(exc.errno or 0, "系统拒绝写入")
    return f"无法写入文件 {path}（{why}）：请检查所在文件夹是否存在、是否有写权限"


_OS_REASONS = {
    errno.ENOENT: "所在文件夹不存在",
    errno.EACCES: "没有写权限",
    errno.EPERM: "没有写权限",
    errno.EISDIR: "它是一个文件夹",
    errno.ENOSPC: "磁盘空间已满",
    errno.EROFS: "磁盘是只读的",
    errno.ENOTDIR: "路径中有一段不是文件夹",
}


def new_report(agency: str, year: int, kind: AgencyKind = "部门") -> Report:
    """An empty report of the right format for the year: every cell 未填, no text."""
    try:
        return Report(agency=agency, year=year, kind=kind, format=format_for_year(year).id)
    except ValidationError as exc:
        raise ReportFileError(describe_validation_error(exc)) from None
    except ValueError as exc:
        raise ReportFileError(str(exc)) from None
