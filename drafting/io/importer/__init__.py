"""Import last year's published report (.docx, saved web page, pasted text) as a Report with section texts."""

from drafting.io.importer.core import import_bytes, import_file, import_text
from drafting.io.importer.prior import attach_prior, split_problems
from drafting.io.importer.result import ImportResult, UnreadableCell

__all__ = [
    "ImportResult",
    "UnreadableCell",
    "attach_prior",
    "import_bytes",
    "import_file",
    "import_text",
    "split_problems",
]
