"""The report files named on the command line: files, folders (searched recursively) and .zip archives."""

from __future__ import annotations

import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from drafting.errors import ImportFailed

REPORT_SUFFIXES = frozenset(
    {
        ".pdf",
        ".docx",
        ".html",
        ".htm",
        ".shtml",
        ".xhtml",
        ".mht",
        ".mhtml",
        ".txt",
        ".md",
        ".json",
    }
)
MAX_MEMBER_BYTES = 30_000_000


@dataclass(frozen=True)
class Source:
    """One report to review: a file on disk, or a member of a .zip archive (`member` set)."""

    path: str
    member: str | None = None

    @property
    def name(self) -> str:
        """How the report is named to the user: the path, or archive.zip/member."""
        return f"{self.path}/{readable_member(self.member)}" if self.member else self.path

    @property
    def filename(self) -> str:
        """The bare file name (its suffix tells the importer the kind)."""
        return PurePosixPath(readable_member(self.member)).name if self.member else Path(self.path).name

    def read(self) -> bytes:
        """The file's bytes; a missing or unreadable file is an ImportFailed naming it."""
        try:
            if self.member is None:
                return Path(self.path).read_bytes()
            return _read_member(Path(self.path), self.member)
        except FileNotFoundError:
            raise ImportFailed(f"找不到文件 {self.name}，请检查路径") from None
        except IsADirectoryError:
            raise ImportFailed(f"{self.name} 是文件夹") from None
        except OSError as exc:
            raise ImportFailed(f"无法读取文件 {self.name}：{exc.strerror}") from None


def readable_member(member: str) -> str:
    """A member name as written: archives made on Chinese Windows store GBK names that Python reads as cp437."""
    try:
        raw = member.encode("cp437")
    except UnicodeEncodeError:
        return member  # flagged UTF-8 by the archiver, already right
    for encoding in ("utf-8", "gbk"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return member


def _read_member(archive: Path, member: str) -> bytes:
    with zipfile.ZipFile(archive) as zf:
        info = zf.getinfo(member)
        if info.file_size > MAX_MEMBER_BYTES:
            msg = f"压缩包中的 {member} 有 {info.file_size / 1_000_000:.1f} MB，远超一份年报的大小，没有读取"
            raise ImportFailed(msg)
        return zf.read(info)


def collect(paths: Iterable[str | Path], exclude: Iterable[str | Path] = ()) -> list[Source]:
    """Every report under the given paths, in a stable order; a named file is kept whatever its suffix.

    Folders are searched recursively for report suffixes (hidden files and Office lock files ~$… skipped);
    a .zip is opened and its report members listed; a path that does not exist is kept, so that its row
    says so. `exclude` names files never to review (the list of expected units, the output itself).
    """
    skip = {Path(p).resolve() for p in exclude}
    sources: list[Source] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.is_file() and _wanted(p))
            sources.extend(s for p in files if p.resolve() not in skip for s in _expand(p))
        elif path.resolve() not in skip:
            sources.extend(_expand(path))
    return _unique(sources)


def _wanted(path: Path) -> bool:
    hidden = path.name.startswith((".", "~$"))
    return not hidden and (path.suffix.lower() in REPORT_SUFFIXES or path.suffix.lower() == ".zip")


def _expand(path: Path) -> list[Source]:
    if path.suffix.lower() != ".zip" or not path.is_file():
        return [Source(str(path))]
    try:
        with zipfile.ZipFile(path) as zf:
            names = sorted(i.filename for i in zf.infolist() if not i.is_dir())
    except (zipfile.BadZipFile, OSError):
        return [Source(str(path))]  # its row says it cannot be read
    return [Source(str(path), name) for name in names if _member_wanted(name)]


def _member_wanted(name: str) -> bool:
    pure = PurePosixPath(name)
    hidden = any(part.startswith((".", "__MACOSX")) for part in pure.parts) or pure.name.startswith("~$")
    return not hidden and pure.suffix.lower() in REPORT_SUFFIXES


def _unique(sources: list[Source]) -> list[Source]:
    seen: set[str] = set()
    out: list[Source] = []
    for source in sources:
        if source.name not in seen:
            seen.add(source.name)
            out.append(source)
    return out
