"""The unit registry is one per process, even when first used from several threads at once."""

from __future__ import annotations

import threading

from supplyesg.services import units


def test_threads_arriving_together_share_one_registry() -> None:
    original = units.registry()
    units._REGISTRY.clear()
    seen: list[int] = []
    start = threading.Barrier(8)

    def first_use() -> None:
        start.wait()
        seen.append(id(units.registry()))

    threads = [threading.Thread(target=first_use) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    units._REGISTRY[:] = [original]  # cached quantities elsewhere belong to this one
    assert len(seen) == 8
    assert len(set(seen)) == 1
