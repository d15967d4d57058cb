"""The day the served app of the browser journeys judges as of, whatever the machine's clock
says, so that the journeys' dates stay open or due as written (a plan due in 2027 is open)."""

from __future__ import annotations

from datetime import date

SERVED_DAY = date(2026, 12, 7)
