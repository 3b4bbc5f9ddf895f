"""Argument types and checks shared by every `drafting` sub-command (the commands' modules import this, never cli)."""

from __future__ import annotations

import argparse
import re
import unicodedata
from pathlib import Path

from drafting.errors import DraftingError


def year_argument(text: str) -> int:
    """A report year typed on the command line: four digits such as 2025 (full-width digits accepted)."""
    digits = unicodedata.normalize("NFKC", text).strip()
    if not re.fullmatch(r"\d{4}", digits):
        msg = f"“{text}”不是有效的年度，请只写四位数字，如 --year 2025（不加“年”字）"
        raise argparse.ArgumentTypeError(msg)
    return int(digits)


def refuse_existing(path: Path, force: bool) -> None:
    """An existing file is replaced only with --force; a folder is left to the write error that names it."""
    if path.exists() and not path.is_dir() and not force:
        msg = f"文件 {path} 已存在，为免覆盖其中的数据未做任何修改；换一个文件名，或加 --force 覆盖"
        raise DraftingError(msg)
