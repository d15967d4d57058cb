"""Recording benchmark results: a plain table on screen, JSON in benchmarks/results/."""

from __future__ import annotations

import json
import os
import platform
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results"


def machine() -> dict[str, object]:
    """Where the numbers were measured, including how busy the machine was."""
    return {
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "load_average_1min": round(os.getloadavg()[0], 2),
    }


def warn_if_busy() -> None:
    """Say so when other work competes for the CPUs: wall times then say little about the code."""
    load, cpus = os.getloadavg()[0], os.cpu_count() or 1
    if load > cpus:
        print(
            f"\nNote: the machine is busy (load average {load:.1f} on {cpus} CPUs), so wall times"
            " are inflated; the CPU times show the cost of the work itself."
        )


def print_table(header: Sequence[str], rows: Sequence[Sequence[object]]) -> None:
    """A plain aligned table."""
    cells = [[str(cell) for cell in row] for row in [header, *rows]]
    widths = [max(len(row[i]) for row in cells) for i in range(len(header))]
    for index, row in enumerate(cells):
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)))
        if index == 0:
            print("  ".join("-" * width for width in widths))


def save(name: str, measured: object) -> Path:
    """Write the measurements of one benchmark to results/<name>.json."""
    RESULTS.mkdir(exist_ok=True)
    path = RESULTS / f"{name}.json"
    document = {
        "measured_at": datetime.now(UTC).isoformat(),
        "machine": machine(),
        "results": measured,
    }
    path.write_text(json.dumps(document, indent=2) + "\n")
    return path
