"""The list of units expected to report (`--units 名单.txt`, one name a line) against the units found."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from drafting.errors import DraftingError
from drafting.review.result import UnitReview
from drafting.review.run import unit_key

MISSING = "未收到"
EXTRA = "不在名单中"


@dataclass(frozen=True)
class Expected:
    """One line of the expected-units sheet: the unit, and 未收到 or 不在名单中 with the file."""

    unit: str
    state: str
    source: str = ""


def read_units(path: str | Path) -> list[str]:
    """The unit names of a list file (UTF-8 or GBK; blank lines and lines starting with # skipped)."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise DraftingError(f"无法读取单位名单 {path}：{exc.strerror or exc}；请检查 --units 后的路径") from None
    text = _decode(data, path)
    names = [line.strip() for line in text.splitlines()]
    return list(dict.fromkeys(n for n in names if n and not n.startswith("#")))


def _decode(data: bytes, path: Path) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise DraftingError(f"单位名单 {path} 不是文本文件；请每行写一个单位名称，保存为 .txt")


def compare(names: list[str], reviews: list[UnitReview]) -> list[Expected]:
    """Expected units with no report among the files, then reports of units not on the list."""
    found = [r for r in reviews if r.agency]
    keys = {unit_key(r.agency) for r in found}
    missing = [Expected(n, MISSING) for n in names if not _present(unit_key(n), keys, reviews)]
    listed = {unit_key(n) for n in names}
    extra = [Expected(r.agency, EXTRA, r.source) for r in found if unit_key(r.agency) not in listed]
    return missing + extra


def _present(key: str, agencies: set[str], reviews: list[UnitReview]) -> bool:
    """Named exactly by a report's agency, or (for a file whose agency could not be read) by its file name."""
    return key in agencies or any(not r.agency and key in unit_key(r.source) for r in reviews)
