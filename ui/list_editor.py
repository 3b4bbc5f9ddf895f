"""Lists bound to the store, edited in text fields (not grid cells): one row of fields per item, 添加一条,
删除, 上移 and 下移.

Sentences are typed in text areas, where pinyin input works as everywhere else; a grid cell starts editing
on the first keystroke and commits the first letter raw in several browsers. Each field is saved when it
is committed; the widgets are re-bound to the store whenever the report's revision changes.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import streamlit as st

from ui.state import bind

Item = dict[str, str]
Load = Callable[[], list[Item]]
"""The list as stored now (read again in every callback: a list captured at the last render may be stale
when two fields are committed in quick succession, and saving it would undo the first)."""
Save = Callable[[list[Item]], str | None]
"""Validate and store the whole list; return an error message (nothing stored) or None."""
Warn = Callable[[Item], list[str]]
"""What to add to one stored item, shown under its fields (nothing is refused)."""


@dataclass(frozen=True)
class ItemField:
    """One field of an item: its key in the item, its label, and whether it holds sentences."""

    key: str
    label: str
    multiline: bool = True
    placeholder: str = ""
    width: int = 3
    options: tuple[str, ...] = ()
    """A choice instead of typed text: a selectbox of these values, "" (not chosen) first."""


def field_key(name: str, index: int, field: ItemField) -> str:
    """The widget key of one field of one item (stable per position; re-bound when the list changes)."""
    return f"{name}_{index}_{field.key}"


def render_list(name: str, stored: list[Item], load: Load, fields: Sequence[ItemField], save: Save, rev: int, *,
                noun: str = "条", warn: Warn | None = None) -> None:
    """The items as rows of fields; a blank row to type a new item (always one when the list is empty).

    `stored` is the list at revision `rev` (what the page shows); `load` reads it again in the callbacks.
    `warn` gives the warnings of a stored item, shown in its row.
    """
    shown = stored + ([_blank(fields)] if st.session_state.get(_pending(name)) or not stored else [])
    for index, item in enumerate(shown):
        warnings = warn(item) if warn is not None and index < len(stored) else []
        _row(name, index, item, fields, (load, save), rev, len(stored), warnings)
    adding = len(shown) > len(stored)
    st.button(f"添加一{noun}", key=f"{name}_add", on_click=_add, args=(name,), disabled=adding,
              help="先填写下面空白的一条" if adding else None)


def _blank(fields: Sequence[ItemField]) -> Item:
    return {f.key: "" for f in fields}


def _pending(name: str) -> str:
    return f"_adding_{name}"


def _error(name: str, index: int) -> str:
    return f"_err_{name}_{index}"


def _row(name: str, index: int, item: Item, fields: Sequence[ItemField], io: tuple[Load, Save], rev: int,
         count: int, warnings: list[str]) -> None:
    inline = not any(f.multiline for f in fields)  # short fields: the buttons sit on the same line
    with st.container(border=True):
        widths = [f.width for f in fields] + ([1, 1, 1] if inline and index < count else [])
        columns = st.columns(widths, vertical_alignment="bottom")
        for column, field in zip(columns, fields, strict=False):
            key = field_key(name, index, field)
            bind(key, item.get(field.key, ""), rev)
            _field(column, field, f"{field.label}（第 {index + 1} 条）", key, (name, index, tuple(fields), io))
        error = st.session_state.get(_error(name, index))
        if error:
            st.error(error)
        _warnings(name, index, warnings)
        if index < count:
            _row_buttons(name, index, io, count, columns[len(fields):] if inline else st.columns([1, 1, 1, 6]))


def _field(column: Any, field: ItemField, label: str, key: str, args: tuple[Any, ...]) -> None:
    if field.options:
        column.selectbox(label, ("", *field.options), key=key, format_func=lambda v: v or "（请选择）",
                         on_change=_on_field, args=args)
        return
    widget = column.text_area if field.multiline else column.text_input
    widget(label, key=key, placeholder=field.placeholder, on_change=_on_field, args=args)


def _warnings(name: str, index: int, warnings: list[str]) -> None:
    """Warnings sit in the item's own container (key `<list>_<i>_warnings`), right under its row."""
    if warnings:
        with st.container(key=f"{name}_{index}_warnings"):
            for warning in warnings:
                st.warning(warning)


def _row_buttons(name: str, index: int, io: tuple[Load, Save], count: int, places: Sequence[Any]) -> None:
    up, down, delete = places[:3]
    up.button("上移", key=f"{name}_{index}_up", disabled=index == 0, on_click=_move, args=(name, index, -1, io))
    down.button("下移", key=f"{name}_{index}_down", disabled=index == count - 1,
                on_click=_move, args=(name, index, 1, io))
    delete.button("删除", key=f"{name}_{index}_delete", on_click=_delete, args=(name, index, io))


def _add(name: str) -> None:
    st.session_state[_pending(name)] = True


def _on_field(name: str, index: int, fields: tuple[ItemField, ...], io: tuple[Load, Save]) -> None:
    load, save = io
    item = {f.key: str(st.session_state.get(field_key(name, index, f)) or "").strip() for f in fields}
    items = load()
    if index < len(items):
        items[index] = item
    else:
        items.append(item)
    _store(name, index, [i for i in items if any(i.values())], save)


def _move(name: str, index: int, delta: int, io: tuple[Load, Save]) -> None:
    load, save = io
    items = load()
    other = index + delta
    if 0 <= index < len(items) and 0 <= other < len(items):
        items[index], items[other] = items[other], items[index]
        _store(name, index, items, save)


def _delete(name: str, index: int, io: tuple[Load, Save]) -> None:
    load, save = io
    items = load()
    _store(name, index, items[:index] + items[index + 1:], save)


def _store(name: str, index: int, items: list[Item], save: Save) -> None:
    for key in [k for k in st.session_state if str(k).startswith(f"_err_{name}_")]:
        del st.session_state[key]
    error = save(items)
    if error:
        st.session_state[_error(name, index)] = error
        return
    st.session_state.pop(_pending(name), None)
