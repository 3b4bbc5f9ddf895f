"""Table cells mapped to the model's cell ids by their row and column labels, with every cell's outcome."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from drafting.errors import CellValueError
from drafting.formats import (
    F2019,
    F2021,
    TABLE3_COLUMNS,
    TABLE4_COLUMNS,
    TABLE4_GROUPS,
    Block,
    Format,
    Row,
    t2,
    t3,
    t4,
)
from drafting.io.importer.labels import closest, undo_variants
from drafting.io.importer.norm import is_blank, is_rule_line, is_value_like, label_key, nfkc
from drafting.model import CellValue, coerce_cell

Status = Literal["read", "blank", "unreadable"]


@dataclass(frozen=True)
class CellRead:
    """The outcome for one cell: read (with its value), blank in the source, or unreadable (with the raw text)."""

    cell_id: str
    status: Status
    raw: str
    value: CellValue | None = None
    reason: str = ""


@dataclass
class TableRead:
    """All cell outcomes of the tables, plus warnings about labels and layout."""

    cells: dict[str, CellRead] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    def put(self, cell: CellRead) -> None:
        """Record a cell's outcome; a second reading of the same cell is a conflict unless it agrees."""
        old = self.cells.get(cell.cell_id)
        if old is None:
            self.cells[cell.cell_id] = cell
        elif (old.status, old.value) != (cell.status, cell.value):
            self.cells[cell.cell_id] = CellRead(
                cell.cell_id, "unreadable", f"{old.raw} / {cell.raw}", reason="同一单元格出现两次且数值不同"
            )


def other_format(fmt: Format) -> Format:
    """The format that is not this one."""
    return F2021 if fmt is F2019 else F2019


# ---- rows: labels and values ---------------------------------------------------------------------


@dataclass
class DataRow:
    """A table row cut into its label cells and its value cells (the trailing run of value-like cells)."""

    labels: list[str]
    values: list[str]

    @property
    def key(self) -> str:
        """All label cells joined into one matching key."""
        return label_key("".join(self.labels))

    @property
    def raw(self) -> str:
        """The row as it read, for messages."""
        return " | ".join([*[x for x in self.labels if x.strip()], *self.values])


def cut_row(cells: list[str]) -> DataRow:
    """Split a row into labels (everything up to the last label-like cell) and the values after it."""
    end = len(cells)
    while end > 0 and is_value_like(cells[end - 1]):
        end -= 1
    return DataRow([c for c in cells[:end] if c.strip()], [c.strip() for c in cells[end:]])


def printed_label(row: DataRow, official: str) -> str:
    """The row's own label as printed: the last label cells, as many as it takes to be about as long as the
    official label (group cells before them are left out)."""
    for start in range(len(row.labels) - 1, -1, -1):
        text = "".join(row.labels[start:])
        if len(label_key(text)) >= len(label_key(official)) - 2:
            return text
    return "".join(row.labels)


def filled(values: list[str]) -> bool:
    """True when at least one value cell holds something."""
    return any(not is_blank(v) for v in values)


_SHIFTED = "数值个数与栏目不符，无法确定此栏的值"
_RUN_TOGETHER = "几栏的数字连在了一个单元格里，无法确定此栏的值"


def align(values: list[str], n: int) -> tuple[list[tuple[str, str]], str | None]:
    """Give each of n slots its raw value and, when it is not certain, why; extra edge blanks are dropped first.

    With more values than slots, a slot is certain only when every possible placement of the extra
    values gives it the same text. With fewer, a cell holding several numbers that makes the count
    right is taken as cells run together (those slots are uncertain, the others are not); otherwise
    no slot is certain, since any cell may have been left out.
    """
    vals = list(values)
    placements = _edge_blank_placements(vals, n)
    if len(placements) > 1:
        note = f"应有 {n} 个数值，读到 {len(vals)} 个，两端多出的空白单元格有不止一种对齐方式，对不齐的栏标为无法识别"
        return _agreeing(placements, vals), note
    vals = placements[0] if placements else _without_edge_blanks(vals, n)
    if len(vals) == n:
        return [(v, "") for v in vals], None
    joined = " | ".join(v if v else "（空）" for v in vals)
    if len(vals) > n:
        extra = len(vals) - n
        slots = []
        for j in range(n):
            window = vals[j : j + extra + 1]
            certain = len({nfkc(v).strip() for v in window}) == 1
            slots.append((vals[j], "") if certain else (" / ".join(window), _SHIFTED))
        return slots, f"应有 {n} 个数值，读到 {len(vals)} 个（{joined}），多出 {extra} 个"
    if not filled(vals):
        return [("", "")] * n, None
    expanded = _expand_run_together(vals, n)
    if expanded is not None:
        return expanded, f"有几栏的数字连在了一个单元格里（{joined}），这几栏标为无法识别"
    return [(joined, _SHIFTED)] * n, f"应有 {n} 个数值，只读到 {len(vals)} 个（{joined}），可能有单元格缺失或连在一起"


def _edge_blank_placements(vals: list[str], n: int) -> list[list[str]]:
    """Every way of dropping the surplus as blank cells at the two edges (k from the start, the rest from the end).

    A trailing separator gives one way; a blank label cell in front plus a blank 总计 at the end give two, and
    they put the numbers in different columns. Empty when the edge blanks cannot take up the whole surplus.
    """
    extra = len(vals) - n
    if extra <= 0:
        return []
    lead = next((i for i, v in enumerate(vals) if not is_blank(v)), len(vals))
    trail = next((i for i, v in enumerate(reversed(vals)) if not is_blank(v)), len(vals))
    ways = range(max(0, extra - trail), min(lead, extra) + 1)
    return [vals[k : len(vals) - (extra - k)] for k in ways]


def _without_edge_blanks(vals: list[str], n: int) -> list[str]:
    """Edge blanks dropped as far as they go (the remaining surplus is then numbers, judged by `align`)."""
    while len(vals) > n and is_blank(vals[-1]):
        vals = vals[:-1]
    while len(vals) > n and is_blank(vals[0]):
        vals = vals[1:]
    return vals


def _agreeing(placements: list[list[str]], vals: list[str]) -> list[tuple[str, str]]:
    """A slot is certain where every placement gives it the same text; elsewhere it is unreadable."""
    joined = " | ".join(v if v else "（空）" for v in vals)
    slots = []
    for texts in zip(*placements, strict=True):
        certain = len({nfkc(t).strip() for t in texts}) == 1
        slots.append((texts[0], "") if certain else (joined, _SHIFTED))
    return slots


def _expand_run_together(vals: list[str], n: int) -> list[tuple[str, str]] | None:
    slots: list[tuple[str, str]] = []
    for value in vals:
        parts = nfkc(value).split()
        if len(parts) > 1 and all(_NUMBER.match(p) for p in parts):
            slots.extend((value, _RUN_TOGETHER) for _ in parts)
        else:
            slots.append((value, ""))
    return slots if len(slots) == n else None


_NUMBER = re.compile(r"^[+\-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$")
_COUNT_UNITS = ("件", "个", "项", "起")


def read_cell(cell_id: str, raw: str, doubt: str, fmt: Format) -> CellRead:
    """Parse one raw cell for its spec; anything that is not plainly one number is reported, never guessed."""
    if doubt:
        return CellRead(cell_id, "unreadable", raw, reason=doubt)
    if is_blank(raw):
        return CellRead(cell_id, "blank", raw)
    spec = fmt.cells()[cell_id]
    text = nfkc(raw).strip().replace("－", "-").replace("−", "-")
    number = text.removesuffix("万元") if spec.cell_type == "decimal" else text
    if spec.cell_type == "count":
        number = number.rstrip("".join(_COUNT_UNITS))
    if spec.cell_type == "amount":
        number = re.sub(r"(万元|亿元|元)$", "", text)
    if not _NUMBER.match(number.strip()):
        why = _why_not_a_number(text)
        return CellRead(cell_id, "unreadable", raw, reason=why)
    try:
        value = coerce_cell(spec, text if spec.cell_type == "amount" else number.strip())
    except CellValueError as exc:
        return CellRead(cell_id, "unreadable", raw, reason=str(exc))
    return CellRead(cell_id, "read", raw, value)


_BETWEEN_COLUMNS = re.compile(r"^(?:\S+ / -|- / \S+)$")  # layout.py's mark for a value under two columns


def _why_not_a_number(text: str) -> str:
    if _BETWEEN_COLUMNS.match(text):
        return "数值位于两栏之间，无法确定属于哪一栏"
    return "一个单元格里有多个数字，可能是几栏连在了一起" if len(re.findall(r"\d+", text)) > 1 else "不是一个数字"


# ---- table 二 ------------------------------------------------------------------------------------

_CAPTION = re.compile(r"第二十条第\(?([一二三四五六七八九十]+)\)?项")
_ITEM_KEYS = {"一": "item1", "五": "item5", "六": "item6", "八": "item8", "九": "item9"}


def _block(fmt: Format, key: str) -> Block | None:
    return next((b for b in fmt.table2 if b.key == key), None)


def _t2_row(fmt: Format, key: str) -> tuple[Block, Row, bool, bool] | None:
    """The (block, row, foreign, read through a variant) a table 二 row label names: exact labels first, then
    label endings, then the known printed variants and a close match."""
    candidates: list[tuple[str, Block, Row, bool]] = []
    for source, foreign in ((fmt, False), (other_format(fmt), True)):
        for block in source.table2:
            candidates.extend((label_key(row.label), block, row, foreign) for row in block.rows)
    for exact in (True, False):
        hits = [c for c in candidates if (key == c[0] if exact else key.endswith(c[0]))]
        if hits:
            _, block, row, foreign = max(hits, key=lambda c: (len(c[0]), not c[3]))
            return block, row, foreign, False
    native = [c for c in candidates if not c[3]]
    index = closest(undo_variants(key), [c[0] for c in native])
    return None if index is None else (native[index][1], native[index][2], False, True)


def _header_columns(key: str, block_key: str, fmt: Format) -> list[tuple[str, str, bool]]:
    """The (column key, label, foreign) sequence named in a table 二 header, read left to right."""
    labels: list[tuple[str, str, str, bool]] = []
    for source, foreign in ((fmt, False), (other_format(fmt), True)):
        blocks = [b for b in source.table2 if b.key == block_key or not block_key]
        labels.extend((label_key(c.label), c.key, c.label, foreign) for b in blocks for c in b.columns)
    labels.sort(key=lambda item: -len(item[0]))
    text = key.split("信息内容", 1)[-1]
    found: list[tuple[str, str, bool]] = []
    i = 0
    while i < len(text):
        hit = next((item for item in labels if text.startswith(item[0], i)), None)
        if hit is None:
            i += 1
            continue
        if not any(f[0] == hit[1] for f in found) or hit[3]:
            found.append((hit[1], hit[2], hit[3]))
        i += len(hit[0])
    return found


def read_table2(rows: list[list[str]], fmt: Format) -> TableRead:
    """Table 二: captions set the block, the 信息内容 row sets the columns, each data row is found by its label."""
    out = TableRead()
    block_key = header = ""
    columns: list[tuple[str, str, bool]] = []
    data: list[tuple[str, list[tuple[str, str, bool]], DataRow]] = []
    pending: list[str] = []
    for cells in rows:
        if is_rule_line(cells):
            continue
        row = cut_row(cells)
        if not filled(row.values):
            caption = _CAPTION.search(row.key)
            if caption:
                block_key, columns, pending, header = _ITEM_KEYS.get(caption.group(1), ""), [], [], ""
                continue
            if "信息内容" in row.key or (header and _header_columns(row.key, block_key, fmt)):
                header = (header or "信息内容") + row.key
                columns, pending = _header_columns(header, block_key, fmt), []
                continue
        header = ""
        width = max(len(columns) or len(getattr(_block(fmt, block_key), "columns", ())), 1)
        if row.labels and (filled(row.values) or len(row.values) >= width):
            data.append((block_key, columns, DataRow([*pending, *row.labels], row.values)))
            pending = []
        elif row.labels:
            pending += row.labels
        elif filled(row.values) and pending:
            data.append((block_key, columns, DataRow(pending, row.values)))
            pending = []
        elif filled(row.values) and data and len([v for v in data[-1][2].values if v.strip()]) < width:
            data[-1][2].values.extend(row.values)
        elif filled(row.values):
            out.warnings.append(f"表二有一行数值找不到所属的栏目，未导入：{row.raw}")
    for key, cols, data_row in data:
        _table2_row(data_row, fmt, key, cols, out)
    return out


def _table2_row(row: DataRow, fmt: Format, block_key: str, columns: list[tuple[str, str, bool]],
                out: TableRead) -> None:
    found = _t2_row(fmt, row.key)
    if found is None:
        out.warnings.append(f"表二有一行无法对应到{fmt.id}格式的栏目，未导入：{row.raw}")
        return
    block, spec_row, foreign, variant = found
    if variant:
        out.warnings.append(f"表二按“{printed_label(row, spec_row.label)}”读作“{spec_row.label}”")
    native = _block(fmt, block.key)
    if foreign and (native is None or spec_row.key not in {r.key for r in native.rows}):
        out.warnings.append(f"表二“{spec_row.label}”是{other_format(fmt).id}格式的栏目，{fmt.id}格式没有此栏，未导入：{row.raw}")
        return
    if foreign:
        native_row = next(r for r in native.rows if r.key == spec_row.key) if native else spec_row
        out.warnings.append(f"表二“{spec_row.label}”是{other_format(fmt).id}格式的写法，已按{fmt.id}格式的“{native_row.label}”导入")
    own = {c.key for c in (native or block).columns}
    fits = all(key in own for key, _, foreign in columns if not foreign)
    cols = columns if columns and (block.key == block_key or (not block_key and fits)) else []
    if not cols:
        fmt_block = native or block
        cols = [(c.key, c.label, False) for c in fmt_block.columns]
        out.warnings.append(f"表二“{spec_row.label}”所在栏目没有读到表头，按{fmt.id}格式的列顺序读取")
    slots, problem = align(row.values, len(cols))
    if problem:
        out.warnings.append(f"表二“{spec_row.label}”行{problem}")
    for (col_key, col_label, col_foreign), (raw, doubt) in zip(cols, slots, strict=True):
        cell_id = t2(spec_row.key, col_key)
        if cell_id not in fmt.cells():
            if not is_blank(raw):
                out.warnings.append(f"表二“{spec_row.label}”行“{col_label}”列不属于{fmt.id}格式，未导入（值：{raw}）")
            continue
        if col_foreign:
            out.warnings.append(f"表二“{col_label}”列是{other_format(fmt).id}格式的写法，已按{fmt.id}格式对应栏目导入")
        out.put(read_cell(cell_id, raw, doubt, fmt))


# ---- table 三 ------------------------------------------------------------------------------------


def _t3_labels(fmt: Format) -> list[tuple[str, Row, bool]]:
    """Every table 三 row label of both formats, longest first, with whether it is foreign to fmt."""
    own = {r.key for r in fmt.table3_rows}
    labels = [(label_key(r.label), r, False) for r in fmt.table3_rows]
    labels += [(label_key(r.label), r, True) for r in other_format(fmt).table3_rows if r.key not in own]
    return sorted(labels, key=lambda item: -len(item[0]))


_ENUM = re.compile(r"^(?:[一二三四五六七八九十]+、|\([一二三四五六七八九十]+\)|\d+\.)")


def _t3_match(key: str, labels: list[tuple[str, Row, bool]]) -> tuple[Row, bool, bool] | None:
    """(row, foreign to the format, read through a variant) for a row's label key, or None."""
    for label, row, foreign in labels:
        if key.endswith(label):
            return row, foreign, False
    for label, row, foreign in labels:
        core = _ENUM.sub("", label)
        if len(core) >= 4 and key.endswith(core):
            return row, foreign, False
    undone = undo_variants(key)
    for label, row, foreign in labels:
        if undone.endswith(label):
            return row, foreign, True
    index = closest(undone, [label for label, _, _ in labels])
    return None if index is None else (labels[index][1], labels[index][2], True)


def _blank_row(row: DataRow, pending: list[str], labels: list[tuple[str, Row, bool]]) -> bool:
    """A labelled row of all-blank cells is a data row only when its label is a table 三 row label."""
    key = label_key("".join([*pending, *row.labels]))
    return len(row.values) >= len(TABLE3_COLUMNS) and _t3_match(key, labels) is not None


def table3_columns(rows: list[list[str]]) -> tuple[list[str], str | None]:
    """Column keys of table 三 in the order the header shows the applicant categories."""
    names = {label_key(c.label): c.key for c in TABLE3_COLUMNS}
    orgs = [c.key for c in TABLE3_COLUMNS if c.key not in ("natural", "total")]
    seen: list[str] = []
    for cells in rows:
        for cell in cells:
            column = names.get(label_key(cell))
            if column and column not in seen:
                seen.append(column)
    order = [k for k in seen if k in orgs]
    if len(order) != len(orgs) or "natural" not in seen or "total" not in seen:
        return [c.key for c in TABLE3_COLUMNS], "表三没有读到完整的表头（申请人类别），按官方格式的列顺序读取"
    return ["natural", *order, "total"], None


def read_table3(rows: list[list[str]], fmt: Format) -> TableRead:
    """Table 三: each data row found by its (joined, normalised) row label; group cells may be on one row only."""
    out = TableRead()
    labels = _t3_labels(fmt)
    header: list[list[str]] = []
    data: list[DataRow] = []
    pending: list[str] = []
    for cells in rows:
        if is_rule_line(cells):
            continue
        row = cut_row(cells)
        if row.labels and (filled(row.values) or _blank_row(row, pending, labels)):
            data.append(DataRow([*pending, *row.labels], row.values))
            pending = []
        elif row.labels:
            pending += row.labels
            if not data:
                header.append(cells)
        elif filled(row.values):
            if data and not pending and len([v for v in data[-1].values if v.strip()]) < len(TABLE3_COLUMNS):
                data[-1].values.extend(row.values)
            elif pending:
                data.append(DataRow(pending, row.values))
                pending = []
            else:
                out.warnings.append(f"表三有一行数值找不到所属的行名，未导入：{' | '.join(row.values)}")
    columns, note = table3_columns(header)
    if note:
        out.warnings.append(note)
    for row in data:
        _table3_row(row, fmt, labels, columns, out)
    return out


def _table3_row(row: DataRow, fmt: Format, labels: list[tuple[str, Row, bool]], columns: list[str],
                out: TableRead) -> None:
    match = _t3_match(row.key, labels)
    if match is None:
        out.warnings.append(f"表三有一行无法对应到{fmt.id}格式的行，未导入：{row.raw}")
        return
    spec_row, foreign, variant = match
    if variant:
        out.warnings.append(f"表三按“{printed_label(row, spec_row.label)}”读作“{spec_row.label}”")
    if foreign:
        out.warnings.append(f"表三“{spec_row.label}”是{other_format(fmt).id}格式的行，{fmt.id}格式没有此行，未导入：{row.raw}")
        return
    slots, problem = align(row.values, len(columns))
    if problem:
        out.warnings.append(f"表三“{spec_row.label}”行{problem}")
    for col, (raw, doubt) in zip(columns, slots, strict=True):
        out.put(read_cell(t3(spec_row.key, col), raw, doubt, fmt))


# ---- table 四 ------------------------------------------------------------------------------------


def table4_slots(rows: list[list[str]]) -> tuple[list[str], str | None]:
    """Cell ids of table 四's 15 values in the order the header shows groups and result columns."""
    keys = [label_key(c) for cells in rows for c in cells if c.strip()]
    groups = [g for g, _ in TABLE4_GROUPS]
    labels = {label_key(label): g for g, label in TABLE4_GROUPS}
    cols = {label_key(c.label): c.key for c in TABLE4_COLUMNS}
    group_order = [labels[k] for k in keys if k in labels]
    col_order: list[str] = []
    for k in keys:
        if k in cols and cols[k] not in col_order:
            col_order.append(cols[k])
    if sorted(set(group_order)) != sorted(groups) or len(col_order) != len(TABLE4_COLUMNS):
        order = [t4(g, c.key) for g, _ in TABLE4_GROUPS for c in TABLE4_COLUMNS]
        return order, "表四没有读到完整的表头，按官方格式的栏目顺序读取"
    ordered = sorted(groups, key=group_order.index)
    return [t4(g, c) for g in ordered for c in col_order], None


def read_table4(rows: list[list[str]], fmt: Format) -> TableRead:
    """Table 四: one row of 15 values; values split over lines are joined, extra or missing ones reported."""
    out = TableRead()
    header: list[list[str]] = []
    values: list[str] = []
    for cells in rows:
        if is_rule_line(cells):
            continue
        row = cut_row(cells)
        if filled(row.values) and (not row.labels or len(row.values) >= len(TABLE4_COLUMNS)):
            values.extend(row.values)
        elif row.labels and not values:
            header.append(cells)
    slots_ids, note = table4_slots(header)
    if note:
        out.warnings.append(note)
    if not values:
        return out
    slots, problem = align(values, len(slots_ids))
    if problem and len(values) > len(slots_ids):
        doubtful = sum(1 for _, doubt in slots if doubt)
        outcome = (f"{doubtful} 栏因无法确定多出的是哪一个而标为无法识别，其余各栏无论怎样对齐取值都相同，已导入"
                   if doubtful else "无论多出的是哪一个，各栏的值都相同，已全部导入")
        out.warnings.append(f"表四{problem}；{outcome}")
    elif problem:
        out.warnings.append(f"表四{problem}")
    for cell_id, (raw, doubt) in zip(slots_ids, slots, strict=True):
        out.put(read_cell(cell_id, raw, doubt, fmt))
    return out


# ---- format votes --------------------------------------------------------------------------------


def format_votes(rows: list[list[str]]) -> dict[str, int]:
    """How many labels of each format's own (not shared) vocabulary the tables use."""
    only = {
        "F2019": ("本年新制作数量", "本年新公开数量", "对外公开总数量", "上一年项目数量", "本年增/减",
                  "其他对外管理服务事项", "采购项目数量", "采购总金额", "政府集中采购"),
        "F2021": ("本年制发件数", "本年废止件数", "现行有效件数", "本年收费金额", "行政规范性文件",
                  "申请人无正当理由逾期不补正", "申请人逾期未按收费通知要求缴纳费用"),
    }
    text = label_key("".join("".join(cells) for cells in rows))
    return {fid: sum(1 for label in labels if label_key(label) in text) for fid, labels in only.items()}
