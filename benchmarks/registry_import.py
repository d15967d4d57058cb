"""Import 100,000 suppliers and 150,000 supply links from CSV and from XLSX into SQLite.

Targets: CSV under 10 s, XLSX under 20 s, peak memory under 500 MB (on 2 cores).
Each import runs in its own process on a fresh, migrated SQLite database: the time covers
the import alone (reading, checking, writing, commit); the memory is the peak resident set
of that whole process. Exits 1 when a target is missed.

    .venv/bin/python benchmarks/registry_import.py [--suppliers N --links N]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from registry_data import LINKS, SUPPLIERS, registry_rows, write_registry
from results import (
    add_child_option,
    database_url,
    measured_here,
    measured_in_child,
    migrated,
    print_table,
    save,
    scratch_folder,
    send_to_parent,
    warn_if_busy,
)

from supplyesg.services import supplier_files

TARGET_SECONDS = {"csv": 10.0, "xlsx": 20.0}
TARGET_PEAK_MB = 500.0


def import_in_this_process(path: Path, url: str) -> dict[str, object]:
    """Migrate the database, then time the import of the file into it."""
    db = migrated(url)
    summary, timing = measured_here(
        lambda: supplier_files.import_file(db, path, path.name, "benchmark")
    )
    return {**timing, "created": summary.created, "links_added": summary.links_added}


def import_in_a_child(path: Path, folder: Path) -> dict[str, object]:
    """Run the import of one file in a fresh process and database; its measurements."""
    url = database_url(folder, path.suffix[1:])
    return measured_in_child(__file__, "--child", str(path), url)


def main() -> int:
    options = _options()
    if options.child:
        path, url = options.child
        return send_to_parent(import_in_this_process(Path(path), url))
    with scratch_folder() as folder:
        print(f"Generating {options.suppliers:,} suppliers and {options.links:,} links...")
        rows = registry_rows(options.suppliers, options.links)
        measured = {}
        for fmt in TARGET_SECONDS:
            path = write_registry(rows, folder, fmt)
            print(f"Importing {path.name} ({path.stat().st_size / 1e6:.1f} MB)...")
            measured[fmt] = import_in_a_child(path, folder)
    return _report(measured)


def _report(measured: dict[str, dict[str, object]]) -> int:
    table, missed = [], []
    for fmt, result in measured.items():
        seconds, peak = float(str(result["seconds"])), float(str(result["peak_mb"]))
        ok = seconds < TARGET_SECONDS[fmt] and peak < TARGET_PEAK_MB
        if not ok:
            missed.append(fmt)
        table.append(
            [
                fmt,
                f"{result['created']:,}",
                f"{result['links_added']:,}",
                f"{seconds:.2f} s (< {TARGET_SECONDS[fmt]:.0f})",
                f"{result['cpu_seconds']} s",
                f"{peak:.0f} MB (< {TARGET_PEAK_MB:.0f})",
                "ok" if ok else "MISSED",
            ]
        )
    print()
    print_table(["file", "suppliers", "links", "wall time", "cpu time", "peak memory", ""], table)
    warn_if_busy()
    print(f"\nSaved to {save('registry_import', measured)}")
    return 1 if missed else 0


def _options() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--suppliers", type=int, default=SUPPLIERS)
    parser.add_argument("--links", type=int, default=LINKS)
    add_child_option(parser)
    return parser.parse_args()


if __name__ == "__main__":
    sys.exit(main())
