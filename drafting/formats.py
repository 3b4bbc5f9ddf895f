"""The F2019 and F2021 layouts of tables 二, 三 and 四 as data, with labels copied from the official formats."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum


class CellType(StrEnum):
    """The kinds of value a table cell may hold."""

    COUNT = "count"  # integer >= 0
    SIGNED = "signed"  # integer, may be negative (F2019 本年增/减)
    DECIMAL = "decimal"  # decimal >= 0 in 万元 (F2021 本年收费金额)
    AMOUNT = "amount"  # amount + unit (F2019 采购总金额)


@dataclass(frozen=True)
class Column:
    """A column of a table: a stable key, its exact label and the type of its cells."""

    key: str
    label: str
    cell_type: CellType = CellType.COUNT


@dataclass(frozen=True)
class Row:
    """A data row: key, exact label, and the merged group cells it sits under (outermost first)."""

    key: str
    label: str
    groups: tuple[str, ...] = ()


@dataclass(frozen=True)
class Block:
    """One captioned block of table 二 (one item of 条例第二十条)."""

    key: str
    caption: str
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]


@dataclass(frozen=True)
class CellSpec:
    """Everything needed to validate, label and locate one numeric cell."""

    cell_id: str
    table: str  # "二" | "三" | "四"
    row_label: str
    column_label: str
    cell_type: CellType

    @property
    def location(self) -> str:
        """A Chinese description of the cell for user-facing messages."""
        if self.table == "四":
            return f"表四“{self.row_label}”栏“{self.column_label}”列"
        return f"表{self.table}“{self.row_label}”行“{self.column_label}”列"


@dataclass(frozen=True)
class Format:
    """One official format: all three tables and the text placeholders."""

    id: str
    name: str
    document: str
    table2: tuple[Block, ...]
    table3_rows: tuple[Row, ...]
    section6_placeholder: str

    @property
    def table3_columns(self) -> tuple[Column, ...]:
        """The 7 applicant columns of table 三 (same in both formats)."""
        return TABLE3_COLUMNS

    @property
    def table4_groups(self) -> tuple[tuple[str, str], ...]:
        """The three blocks of table 四 as (key, label)."""
        return TABLE4_GROUPS

    @property
    def table4_columns(self) -> tuple[Column, ...]:
        """The five result columns of each table 四 block."""
        return TABLE4_COLUMNS

    def cells(self) -> dict[str, CellSpec]:
        """All numeric cells of the format, keyed by cell id, in official reading order."""
        return _cells_of(self.id)

    def table2_row(self, row_key: str) -> tuple[Block, Row]:
        """The block and row of table 二 with this key."""
        for block in self.table2:
            for row in block.rows:
                if row.key == row_key:
                    return block, row
        msg = f"no table 2 row {row_key!r} in {self.id}"
        raise KeyError(msg)


# ---- table 三 (shared) ---------------------------------------------------------------------------

TABLE3_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
TABLE3_APPLICANTS = "申请人情况"
TABLE3_ORGS = "法人或其他组织"
TABLE3_COLUMNS: tuple[Column, ...] = (
    Column("natural", "自然人"),
    Column("business", "商业企业"),
    Column("research", "科研机构"),
    Column("nonprofit", "社会公益组织"),
    Column("legal", "法律服务机构"),
    Column("other", "其他"),
    Column("total", "总计"),
)
TABLE3_LEAF_COLUMNS = tuple(c.key for c in TABLE3_COLUMNS if c.key != "total")

RESULTS = "三、本年度办理结果"
DENY = "（三）不予公开"
UNABLE = "（四）无法提供"
NOPROC = "（五）不予处理"
OTHER = "（六）其他处理"

_TABLE3_HEAD: tuple[Row, ...] = (
    Row("new", "一、本年新收政府信息公开申请数量"),
    Row("carry_in", "二、上年结转政府信息公开申请数量"),
    Row("open", "（一）予以公开", (RESULTS,)),
    Row("partial", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", (RESULTS,)),
    Row("deny_1", "1.属于国家秘密", (RESULTS, DENY)),
    Row("deny_2", "2.其他法律行政法规禁止公开", (RESULTS, DENY)),
    Row("deny_3", "3.危及“三安全一稳定”", (RESULTS, DENY)),
    Row("deny_4", "4.保护第三方合法权益", (RESULTS, DENY)),
    Row("deny_5", "5.属于三类内部事务信息", (RESULTS, DENY)),
    Row("deny_6", "6.属于四类过程性信息", (RESULTS, DENY)),
    Row("deny_7", "7.属于行政执法案卷", (RESULTS, DENY)),
    Row("deny_8", "8.属于行政查询事项", (RESULTS, DENY)),
    Row("unable_1", "1.本机关不掌握相关政府信息", (RESULTS, UNABLE)),
    Row("unable_2", "2.没有现成信息需要另行制作", (RESULTS, UNABLE)),
    Row("unable_3", "3.补正后申请内容仍不明确", (RESULTS, UNABLE)),
    Row("noproc_1", "1.信访举报投诉类申请", (RESULTS, NOPROC)),
    Row("noproc_2", "2.重复申请", (RESULTS, NOPROC)),
    Row("noproc_3", "3.要求提供公开出版物", (RESULTS, NOPROC)),
    Row("noproc_4", "4.无正当理由大量反复申请", (RESULTS, NOPROC)),
    Row("noproc_5", "5.要求行政机关确认或重新出具已获取信息", (RESULTS, NOPROC)),
)
_TABLE3_TAIL: tuple[Row, ...] = (
    Row("total", "（七）总计", (RESULTS,)),
    Row("carry_out", "四、结转下年度继续办理"),
)
_OTHER_F2021: tuple[Row, ...] = (
    Row("other_1", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", (RESULTS, OTHER)),
    Row("other_2", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", (RESULTS, OTHER)),
    Row("other_3", "3.其他", (RESULTS, OTHER)),
)
_OTHER_F2019: tuple[Row, ...] = (Row("other", "（六）其他处理", (RESULTS,)),)

# ---- table 四 (shared) ---------------------------------------------------------------------------

TABLE4_REVIEW = "行政复议"
TABLE4_LITIGATION = "行政诉讼"
TABLE4_GROUPS: tuple[tuple[str, str], ...] = (
    ("review", "行政复议"),
    ("lit_direct", "未经复议直接起诉"),
    ("lit_after_review", "复议后起诉"),
)
TABLE4_COLUMNS: tuple[Column, ...] = (
    Column("maintain", "结果维持"),
    Column("correct", "结果纠正"),
    Column("other", "其他结果"),
    Column("pending", "尚未审结"),
    Column("total", "总计"),
)
TABLE4_LEAF_COLUMNS = tuple(c.key for c in TABLE4_COLUMNS if c.key != "total")

# ---- table 二 ---------------------------------------------------------------------------------------

INFO_CONTENT = "信息内容"

_DECISIONS_2021 = (Column("decisions", "本年处理决定数量"),)
_TABLE2_F2021: tuple[Block, ...] = (
    Block(
        "item1",
        "第二十条第（一）项",
        (Column("issued", "本年制发件数"), Column("repealed", "本年废止件数"), Column("in_force", "现行有效件数")),
        (Row("rules", "规章"), Row("normative", "行政规范性文件")),
    ),
    Block("item5", "第二十条第（五）项", _DECISIONS_2021, (Row("license", "行政许可"),)),
    Block("item6", "第二十条第（六）项", _DECISIONS_2021, (Row("penalty", "行政处罚"), Row("coercion", "行政强制"))),
    Block(
        "item8",
        "第二十条第（八）项",
        (Column("fee_amount", "本年收费金额（单位：万元）", CellType.DECIMAL),),
        (Row("admin_fee", "行政事业性收费"),),
    ),
)

_ITEMS_2019 = (
    Column("prev_items", "上一年项目数量"),
    Column("change", "本年增/减", CellType.SIGNED),
    Column("decisions", "处理决定数量"),
)
_TABLE2_F2019: tuple[Block, ...] = (
    Block(
        "item1",
        "第二十条第（一）项",
        (
            Column("made", "本年新制作数量"),
            Column("published", "本年新公开数量"),
            Column("total_public", "对外公开总数量"),
        ),
        (Row("rules", "规章"), Row("normative", "规范性文件")),
    ),
    Block(
        "item5",
        "第二十条第（五）项",
        _ITEMS_2019,
        (Row("license", "行政许可"), Row("other_services", "其他对外管理服务事项")),
    ),
    Block("item6", "第二十条第（六）项", _ITEMS_2019, (Row("penalty", "行政处罚"), Row("coercion", "行政强制"))),
    Block("item8", "第二十条第（八）项", _ITEMS_2019[:2], (Row("admin_fee", "行政事业性收费"),)),
    Block(
        "item9",
        "第二十条第（九）项",
        (Column("procurement_count", "采购项目数量"), Column("procurement_amount", "采购总金额", CellType.AMOUNT)),
        (Row("procurement", "政府集中采购"),),
    ),
)

F2019 = Format(
    id="F2019",
    name="《中华人民共和国政府信息公开工作年度报告格式（试行）》",
    document="国办公开办函〔2019〕60号",
    table2=_TABLE2_F2019,
    table3_rows=_TABLE3_HEAD + _OTHER_F2019 + _TABLE3_TAIL,
    section6_placeholder="（文字描述）",
)
F2021 = Format(
    id="F2021",
    name="《中华人民共和国政府信息公开工作年度报告格式》",
    document="国办公开办函〔2021〕30号",
    table2=_TABLE2_F2021,
    table3_rows=_TABLE3_HEAD + _OTHER_F2021 + _TABLE3_TAIL,
    section6_placeholder="（文字描述，收取信息处理费情况在此处报告。）",
)
FORMATS: dict[str, Format] = {"F2019": F2019, "F2021": F2021}

FIRST_YEAR = 2019


def format_for_year(year: int) -> Format:
    """The official format for a report year: 2019–2020 → F2019, 2021 on → F2021."""
    if year < FIRST_YEAR:
        msg = f"报告年度 {year} 早于 2019 年，不适用现行年报格式（请填写 2019 年或以后的年度）"
        raise ValueError(msg)
    return F2019 if year <= 2020 else F2021


PREPARATION_MONTH = 10


def default_report_year(today: date) -> int:
    """The year a new report most likely covers: last year until September (reports are due by 31 January
    and written early in the year), this year from October, when agencies start preparing it."""
    return today.year if today.month >= PREPARATION_MONTH else today.year - 1


def get_format(format_id: str) -> Format:
    """Look a format up by its id ("F2019" or "F2021")."""
    try:
        return FORMATS[format_id]
    except KeyError:
        msg = f"未知的年报格式 {format_id!r}，应为 F2019 或 F2021"
        raise ValueError(msg) from None


# ---- derived helpers -----------------------------------------------------------------------------


def t2(row: str, col: str) -> str:
    """Cell id of a table 二 cell."""
    return f"t2.{row}.{col}"


def t3(row: str, col: str) -> str:
    """Cell id of a table 三 cell."""
    return f"t3.{row}.{col}"


def t4(group: str, col: str) -> str:
    """Cell id of a table 四 cell."""
    return f"t4.{group}.{col}"


def table3_result_rows(fmt: Format) -> tuple[str, ...]:
    """Keys of the leaf result rows summed into （七）总计."""
    return tuple(r.key for r in fmt.table3_rows if r.key not in ("new", "carry_in", "total", "carry_out"))


_CELL_CACHE: dict[str, dict[str, CellSpec]] = {}


def _cells_of(format_id: str) -> dict[str, CellSpec]:
    cached = _CELL_CACHE.get(format_id)
    if cached is not None:
        return cached
    fmt = FORMATS[format_id]
    cells: dict[str, CellSpec] = {}
    for block in fmt.table2:
        for row in block.rows:
            for col in block.columns:
                cells[t2(row.key, col.key)] = CellSpec(t2(row.key, col.key), "二", row.label, col.label, col.cell_type)
    for row in fmt.table3_rows:
        for col in TABLE3_COLUMNS:
            cells[t3(row.key, col.key)] = CellSpec(t3(row.key, col.key), "三", row.label, col.label, CellType.COUNT)
    for gkey, glabel in TABLE4_GROUPS:
        for col in TABLE4_COLUMNS:
            cells[t4(gkey, col.key)] = CellSpec(t4(gkey, col.key), "四", glabel, col.label, CellType.COUNT)
    _CELL_CACHE[format_id] = cells
    return cells
