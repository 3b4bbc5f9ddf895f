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
    matched: set[int] = set()
    missing: list[Expected] = []
    for name in names:
        hits = matching(unit_key(name), reviews)
        matched.update(id(r) for r in hits)
        if not hits:
            missing.append(Expected(name, MISSING))
    extra = [Expected(r.agency, EXTRA, r.source) for r in reviews if r.agency and id(r) not in matched]
    return missing + extra


_MIN_SUFFIX = 4


def matching(key: str, reviews: list[UnitReview]) -> list[UnitReview]:
    """The reviews of a listed unit: by agency; failing that, by file name (名单 names are often the file
    names), or by an agency read without its region (工业和科技创新委员会 for 济源示范区工业和科技创新委员会)."""
    exact = [r for r in reviews if r.agency and unit_key(r.agency) == key]
    if exact:
        return exact
    return [r for r in reviews if key in unit_key(r.source) or _suffix(key, unit_key(r.agency))]


def _suffix(key: str, agency: str) -> bool:
    return len(agency) >= _MIN_SUFFIX and key.endswith(agency)
