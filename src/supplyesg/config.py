"""Settings, read from the environment (prefix SUPPLYESG_) or a .env file."""

from __future__ import annotations

from functools import lru_cache

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

from supplyesg.database_url import DEFAULT_DATABASE_URL


class Settings(BaseSettings):
    """Every setting of supplyesg; each can be set as SUPPLYESG_<NAME>."""

    model_config = SettingsConfigDict(env_prefix="SUPPLYESG_", env_file=".env", extra="ignore")

    database_url: str = Field(
        default=DEFAULT_DATABASE_URL,
        description="SQLAlchemy URL of the database; PostgreSQL: postgresql+psycopg://user@host/db",
    )
    host: str = Field(default="127.0.0.1", description="Address the web server listens on")
    port: int = Field(default=8000, description="Port the web server listens on")
    demo: bool = Field(
        default=False, description="Demo mode: load the demo data set on first start"
    )
    max_upload_mb: int = Field(default=50, description="Largest file accepted for import, in MB")
    # Accounts and security
    public_url: str = Field(
        default="http://127.0.0.1:8000",
        description="Address users reach the app at; links in e-mails start with it",
    )
    secure_cookies: bool = Field(
        default=False,
        description="Send cookies over HTTPS only, named __Host-... (set true behind HTTPS)",
    )
    max_failed_logins: int = Field(
        default=5, description="Failed logins in a row that lock an account"
    )
    lockout_minutes: int = Field(default=15, description="How long a locked account stays locked")
    session_idle_minutes: int = Field(
        default=120, description="A login ends after this many minutes without use"
    )
    session_hours: int = Field(
        default=12, description="A login ends this many hours after it began"
    )
    reset_link_minutes: int = Field(default=60, description="How long a password-reset link works")
    reset_links_per_hour: int = Field(
        default=3,
        ge=1,
        description="Password-reset links the public form sends one account per hour at most",
    )
    max_evidence_mb: int = Field(
        default=20, description="Largest evidence file a supplier may upload, in MB"
    )
    # E-mail and reminders
    smtp_host: str = Field(default="", description="SMTP server; empty: e-mails are not sent")
    smtp_port: int = Field(default=587, description="SMTP port")
    smtp_username: str = Field(default="", description="SMTP login; empty: no login")
    smtp_password: SecretStr = Field(default=SecretStr(""), description="SMTP password")
    smtp_starttls: bool = Field(
        default=True, description="Upgrade the SMTP connection with STARTTLS"
    )
    smtp_ssl: bool = Field(default=False, description="Connect to SMTP over TLS from the start")
    mail_from: str = Field(
        default="supplyesg <no-reply@localhost>", description="Sender of the e-mails"
    )
    reminder_days: str = Field(
        default="14,7,1", description="Days before a deadline that reminders go out"
    )
    jobs_in_process: bool = Field(
        default=False, description="Run the daily jobs inside the web server (else use cron)"
    )
    jobs_hour_utc: int = Field(default=6, description="Hour (UTC) the in-process daily jobs run")
    # Background jobs
    queue_url: str = Field(
        default="",
        description=(
            "Store of the background job queue: empty for a SQLite file beside the SQLite "
            "database, sqlite:///FILE, redis://HOST:PORT/DB (several machines), or immediate "
            "(jobs run at once in the process asking for them)"
        ),
    )
    queue_name: str = Field(
        default="supplyesg",
        description="Name of the job queue in its store (its workers consume this name)",
    )


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The settings of this process."""
    return Settings()
