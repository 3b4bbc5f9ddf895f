"""Flattened text: a table part whose rows were run together on one line, cut back into rows by the labels.

Site archives and some copy-pastes give a page's text with every cell of a table on one line ("规章 0 0 0
行政规范性文件 5 2 41 第二十条第（五）项 …"), sometimes with no space at all between cells ("规章000"). The
official row labels are known, so the line is cut where a value run is followed by a label, and each label
run is cut again at the row label it ends with. Values that ran together ("000") stay one cell, so the
table readers report the row's cells as unreadable with the raw text: nothing is split by guesswork.
"""

from __future__ import annotations

import re
from functools import cache

from drafting.formats import F2019, F2021
from drafting.io.importer.norm import is_blank, is_value_like, label_key

_CAPTION = re.compile(r"第二十条第[(（]?[一二三四五六七八九十]+[)）]?项")
_HEADER_START = "信息内容"
# A list mark inside a label ("1.属于国家秘密", "3、其他"): one digit, a mark, then a non-digit.
_ENUMERATION = re.compile(r"(\d)[.．、](?=\D)")
# Cut between a label and a number stuck to it, and between a number and a label after it.
_BOUNDARY = re.compile(r"(?<=[^\d\s.,，])(?=\d)|(?<=\d)(?=[^\d\s.,，%元万亿件个项起])")


def is_flattened(cells: list[str]) -> bool:
    """True when a line holds several rows: some label comes after a value."""
    seen_value = False
    for cell in cells:
        if is_blank(cell):
            continue
        if is_value_like(cell):
            seen_value = True
        elif seen_value:
            return True
    return False


def unflatten(cells: list[str]) -> list[list[str]]:
    """The rows of a flattened line: header and caption rows as labels only, data rows as label(s) + values."""
    rows: list[list[str]] = []
    labels: list[str] = []
    values: list[str] = []
    for token in (piece for cell in cells for piece in unstick(cell)):
        if is_value_like(token):
            values.append(token)
            continue
        if values:
            rows.extend(_rows_of(labels, values))
            labels, values = [], []
        labels.append(token)
    rows.extend(_rows_of(labels, values))
    return [row for row in rows if row]


def unstick(cell: str) -> list[str]:
    """A cell cut where a label and a number touch ("规章000" → "规章", "000"); list marks stay with their label."""
    if is_value_like(cell) or not re.search(r"\d", cell):
        return [cell]
    marked = _ENUMERATION.sub(lambda m: f"\x00{m.group(0)}", cell)
    pieces: list[str] = []
    for chunk in marked.split("\x00"):
        mark = _ENUMERATION.match(chunk)
        if mark:  # "1.属于国家秘密…": the mark and the rest of the label, then whatever number follows it
            rest = _BOUNDARY.split(chunk[mark.end() :])
            pieces.extend([chunk[: mark.end()] + rest[0], *rest[1:]])
        else:
            pieces.extend(_BOUNDARY.split(chunk))
    return [p for p in (p.strip() for p in pieces) if p]


def _rows_of(labels: list[str], values: list[str]) -> list[list[str]]:
    """A label run and the values after it: leading captions and headers on rows of their own, then the row."""
    rows: list[list[str]] = []
    current: list[str] = []
    for token in labels:
        if current and (_CAPTION.search(label_key(token)) or label_key(token).startswith(_HEADER_START)):
            rows.append(current)
            current = []
        current.append(token)
    if not values:
        return [*rows, current] if current else rows
    cut = _row_label_start(current)
    if cut is None:
        return [*rows, current, values] if current else [*rows, values]
    head, label = current[:cut], current[cut:]
    return [*rows, *([head] if head else []), [*label, *values]]


def _row_label_start(tokens: list[str]) -> int | None:
    """Where the shortest tail of the tokens that ends with a known row label begins, or None."""
    labels = _row_labels()
    for start in range(len(tokens) - 1, -1, -1):
        key = label_key("".join(tokens[start:]))
        if any(key.endswith(label) for label in labels):
            return start
    return None


@cache
def _row_labels() -> tuple[str, ...]:
    """The row labels of tables 二 and 三 in both formats, as matching keys."""
    labels = {label_key(row.label) for fmt in (F2019, F2021) for block in fmt.table2 for row in block.rows}
    labels |= {label_key(row.label) for fmt in (F2019, F2021) for row in fmt.table3_rows}
    return tuple(sorted(labels, key=len, reverse=True))
