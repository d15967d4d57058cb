"""One clock: no code under src/supplyesg reads the machine's time but supplyesg/clock.py."""

from __future__ import annotations

import re
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src" / "supplyesg"
READS_THE_MACHINE = re.compile(
    r"\b(?:date\.today\(|datetime\.now\(|datetime\.utcnow\(|time\.time\()"
)


def test_only_the_clock_module_reads_the_time_of_the_machine() -> None:
    found = [
        f"{path.relative_to(SRC)}:{number}: {line.strip()}"
        for path in sorted(SRC.rglob("*.py"))
        if path != SRC / "clock.py"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if READS_THE_MACHINE.search(line)
    ]
    assert found == [], "read the day or the instant from a Clock (supplyesg.clock) instead"
