"""The roll-up's sidecar file (本级汇总.sources.json): per cell, which units contributed what, and the notes."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from drafting.errors import DraftingError
from drafting.model import unwritable
from drafting.review.rollup import Rollup

SIDECAR_VERSION = 1


def sidecar_path(output: Path) -> Path:
    """Where the sources of a roll-up saved at `output` go: 本级汇总.json → 本级汇总.sources.json."""
    return output.with_name(f"{output.stem}.sources.json")


def sidecar_data(result: Rollup) -> dict[str, Any]:
    """The sidecar as JSON data.

    ``units`` lists every unit summed (name and file); ``cells`` maps each cell id of the roll-up to its
    summed ``value``, its Chinese ``location`` and ``units``: the unit names with a non-zero value in that
    cell and their values (a unit that is not listed contributed 0). ``notes`` say how the sum was made,
    including what --blanks-as-zero or --allow-errors let through.
    """
    report = result.report
    specs = report.fmt.cells()
    return {
        "sidecar_version": SIDECAR_VERSION,
        "rollup": {"agency": report.agency, "year": report.year, "format": report.format, "kind": report.kind},
        "blanks_as_zero": result.blanks_as_zero,
        "allow_errors": result.allow_errors,
        "notes": result.notes,
        "units": [{"unit": u.name, "file": u.file} for u in result.units],
        "cells": {
            cell: {"value": str(report.cells[cell]), "location": specs[cell].location, "units": units}
            for cell, units in result.sources.items()
        },
    }


def write_sidecar(result: Rollup, output: Path) -> Path:
    """Write the sidecar next to the roll-up; its path."""
    path = sidecar_path(output)
    try:
        path.write_text(json.dumps(sidecar_data(result), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    except OSError as exc:
        raise DraftingError(unwritable(path, exc)) from None
    return path
