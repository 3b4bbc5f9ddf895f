"""Exceptions whose messages are written in Chinese for the staff who use the tool."""

from __future__ import annotations


class DraftingError(Exception):
    """An error the user can act on; its message is shown to them as it is."""


class ReportFileError(DraftingError):
    """A report file is missing, unreadable, of another schema version or of the wrong shape."""


class CellValueError(DraftingError, ValueError):
    """A value does not fit its cell (negative or fractional count, wrong unit, unknown label)."""


class LLMError(DraftingError):
    """A model call failed; the previous text of the section is kept."""


class ImportFailed(DraftingError):
    """A file handed to the importer could not be read as a report."""
