"""How long the `supplyesg` command takes to answer `--help`: its start-up cost.

Target: `supplyesg --help` under 0.5 s of wall time (best of 5). The command modules import
their services (SQLAlchemy, pint, WeasyPrint, matplotlib...) inside the commands, so that
asking for help loads Typer, Rich and the option types only. A group's help is shown too,
for information: Typer itself loads more there (it checks the top-level options first).

Each run is a fresh process started as a user would start it (the installed `supplyesg`
script of this interpreter's environment), with a database address that is never opened.
Python's compiled bytecode is cached in a scratch folder and one run warms it up, as for an
installed package; without that cache (PYTHONDONTWRITEBYTECODE) every run compiles every
module again and takes about twice as long.

    .venv/bin/python benchmarks/cli_startup.py
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

from results import print_table, run_timed, save, scratch_folder, warn_if_busy

RUNS = 5
TARGET_SECONDS = 0.5
COMMANDS: dict[str, list[str]] = {
    "supplyesg --help": ["--help"],
    "supplyesg data requests --help": ["data", "requests", "--help"],
}
TARGETS = {"supplyesg --help": TARGET_SECONDS}


def command() -> str:
    """The `supplyesg` script installed beside this interpreter."""
    found = shutil.which("supplyesg", path=str(Path(sys.executable).parent))
    if found is None:
        raise SystemExit("The supplyesg command is not installed beside this Python.")
    return found


def main() -> int:
    script = command()
    measured: dict[str, dict[str, float]] = {}
    with scratch_folder() as folder:
        environment = {
            **{k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"},
            "PYTHONPYCACHEPREFIX": str(folder / "bytecode"),
            "SUPPLYESG_DATABASE_URL": "sqlite:///:memory:",
        }
        for name, arguments in COMMANDS.items():
            run_timed([script, *arguments], environment)  # warm-up: bytecode cached
            runs = [run_timed([script, *arguments], environment) for _ in range(RUNS)]
            best = min(runs, key=lambda run: run.seconds)
            measured[name] = {
                "seconds": round(best.seconds, 3),
                "cpu_seconds": round(best.cpu_seconds, 3),
                "peak_mb": round(best.peak_mb, 1),
            }
    rows = []
    ok = True
    for name, numbers in measured.items():
        target = TARGETS.get(name)
        hit = target is None or numbers["seconds"] < target
        ok = ok and hit
        rows.append(
            [
                name,
                f"{numbers['seconds']:.2f} s" + (f" (< {target})" if target else ""),
                f"{numbers['cpu_seconds']:.2f} s",
                "ok" if hit else "MISSED" if target else "",
            ]
        )
    print_table(["command", f"wall time (best of {RUNS})", "cpu time", ""], rows)
    warn_if_busy()
    print(f"\nSaved to {save('cli_startup', measured)}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
