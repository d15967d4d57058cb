"""Where the reports find their editable files: framework data, templates and report content."""

from __future__ import annotations

from pathlib import Path

DATA_DIR = Path(__file__).resolve().parents[3] / "data"
"""The project's data/ folder (versioned reference data and editable report content)."""

TEMPLATES_DIR = DATA_DIR / "report_templates"
CONTENT_DIR = DATA_DIR / "report_content"
