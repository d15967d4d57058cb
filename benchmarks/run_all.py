"""Run every benchmark of this folder, one after another; exit 1 if any missed its targets.

A benchmark is a script here that runs as `__main__` and exits 1 when it misses a target
(modules without a `__main__` block, such as the data generators, are not run).

    .venv/bin/python benchmarks/run_all.py [NAME ...]     (or: make bench)
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

from results import print_table

FOLDER = Path(__file__).resolve().parent


def benchmarks() -> list[Path]:
    """The benchmark scripts of the folder, by name."""
    return sorted(
        path
        for path in FOLDER.glob("*.py")
        if path.name != Path(__file__).name and 'if __name__ == "__main__":' in path.read_text()
    )


def main(names: list[str]) -> int:
    chosen = [path for path in benchmarks() if not names or path.stem in names]
    outcomes = []
    for path in chosen:
        print(f"\n== {path.stem} ==", flush=True)
        started = time.perf_counter()
        code = subprocess.run([sys.executable, str(path)], check=False).returncode
        seconds = time.perf_counter() - started
        outcomes.append(
            [path.stem, "ok" if code == 0 else f"MISSED (exit {code})", f"{seconds:.0f} s"]
        )
    print("\n== summary ==")
    print_table(["benchmark", "targets", "took"], outcomes)
    return 0 if all(outcome[1] == "ok" for outcome in outcomes) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
