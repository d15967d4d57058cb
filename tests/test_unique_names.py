"""pytest imports test modules by their file name, so two folders may not share one."""

from collections import Counter
from pathlib import Path


def test_test_module_names_are_unique_across_folders() -> None:
    names = Counter(
        path.name for path in Path(__file__).parent.rglob("test_*.py") if path.is_file()
    )
    assert [name for name, count in names.items() if count > 1] == []
