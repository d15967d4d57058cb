"""Settings, read from the environment (prefix SUPPLYESG_) or a .env file."""

from __future__ import annotations

from functools import lru_cache

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """Every setting of supplyesg; each can be set as SUPPLYESG_<NAME>."""

    model_config = SettingsConfigDict(env_prefix="SUPPLYESG_", env_file=".env", extra="ignore")

    database_url: str = Field(
        default="sqlite:///supplyesg.db",
        description="SQLAlchemy URL of the database; PostgreSQL: postgresql+psycopg://user@host/db",
    )
    host: str = Field(default="127.0.0.1", description="Address the web server listens on")
    port: int = Field(default=8000, description="Port the web server listens on")
    demo: bool = Field(
        default=False, description="Demo mode: load the demo data set on first start"
    )
    max_upload_mb: int = Field(default=50, description="Largest file accepted for import, in MB")


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The settings of this process."""
    return Settings()
