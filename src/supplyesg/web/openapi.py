"""What the OpenAPI document says about errors, and the self-hosted documentation page."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.responses import HTMLResponse

_PROBLEM_SCHEMA: dict[str, Any] = {
    "application/problem+json": {
        "schema": {
            "type": "object",
            "required": ["title", "status", "detail"],
            "properties": {
                "type": {"type": "string"},
                "title": {"type": "string"},
                "status": {"type": "integer"},
                "detail": {"type": "string"},
                "errors": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "properties": {
                            "field": {"type": "string"},
                            "reason": {"type": "string"},
                            "value": {"type": "string"},
                            "row": {"type": "integer"},
                        },
                    },
                },
            },
        }
    }
}

PROBLEM_RESPONSES: dict[int | str, dict[str, Any]] = {
    400: {"description": "Malformed JSON or a refused request", "content": _PROBLEM_SCHEMA},
    404: {"description": "No such record", "content": _PROBLEM_SCHEMA},
    409: {"description": "Conflicts with a stored record", "content": _PROBLEM_SCHEMA},
    422: {"description": "Values break a rule; `errors` lists each", "content": _PROBLEM_SCHEMA},
}


DOCS_PAGE = """<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>supplyesg API</title>
  <link rel="icon" href="/static/favicon.svg" type="image/svg+xml">
  <link rel="stylesheet" href="/static/vendor/swagger-ui/swagger-ui.css">
</head>
<body>
  <div id="swagger-ui" data-openapi-url="/openapi.json"></div>
  <script src="/static/vendor/swagger-ui/swagger-ui-bundle.js"></script>
  <script src="/static/docs/swagger-init.js"></script>
</body>
</html>
"""
"""Swagger UI from the vendored assets (no CDN), started by a static script (no inline one)."""


def install_docs(app: FastAPI) -> None:
    """Serve Swagger UI at /docs."""

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        return HTMLResponse(DOCS_PAGE)
