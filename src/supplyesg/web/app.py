"""The web application: API, pages, static files and error handling."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from supplyesg.clock import SYSTEM_CLOCK, Clock
from supplyesg.config import Settings, get_settings
from supplyesg.db.session import Database
from supplyesg.locale import LocaleMiddleware
from supplyesg.services import webhooks
from supplyesg.web import api, ui
from supplyesg.web.auth import install_auth
from supplyesg.web.deps import ClockMiddleware
from supplyesg.web.errors import install_error_handlers
from supplyesg.web.jobs import install_daily_jobs
from supplyesg.web.openapi import install_docs
from supplyesg.web.security import SecurityHeadersMiddleware
from supplyesg.worker.engine import JobQueue

STATIC = Path(__file__).resolve().parent / "static"


def create_app(
    settings: Settings | None = None,
    database: Database | None = None,
    clock: Clock | None = None,
    job_queue: JobQueue | None = None,
) -> FastAPI:
    """A ready application over the given (or configured) database, reading the given clock,
    queueing background jobs on the given queue (else the configured one, on first use)."""
    settings = settings or get_settings()
    app = FastAPI(
        title="supplyesg",
        summary="Supply chain ESG management and HKEX ESG reporting",
        version="0.1.0",
        docs_url=None,
        redoc_url=None,
    )
    app.state.settings = settings
    app.state.clock = clock or SYSTEM_CLOCK
    app.state.webhook_sender = webhooks.post_json
    app.state.database = database or Database.from_url(settings.database_url)
    app.state.job_queue = job_queue
    install_error_handlers(app)
    install_auth(app)
    install_daily_jobs(app)
    app.add_middleware(LocaleMiddleware)
    app.add_middleware(ClockMiddleware)
    install_docs(app)
    app.include_router(api.router)
    app.include_router(ui.router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    # Outermost, so that every answer carries the headers, whichever layer made it.
    app.add_middleware(SecurityHeadersMiddleware, secure=settings.secure_cookies)
    return app
