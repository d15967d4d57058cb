"""Where the database is: a SQLAlchemy URL read as a person reads it.

Standard library only, so that `supplyesg --help` can say where the database is without
loading the settings machinery or SQLAlchemy.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

DEFAULT_DATABASE_URL = "sqlite:///supplyesg.db"
SETTING = "SUPPLYESG_DATABASE_URL"


def sqlite_file(url: str) -> Path | None:
    """The file of a SQLite URL, made absolute (None: not SQLite, or in memory)."""
    scheme, _, rest = url.partition("://")
    if not scheme.startswith("sqlite") or not rest.startswith("/"):
        return None
    path = rest[1:].split("?", 1)[0]
    if path in ("", ":memory:") or path.startswith("file:"):
        return None
    return Path(path).expanduser().absolute()


def shown(url: str) -> str:
    """The database as a person should see it: a SQLite file's full path, else the URL with
    its password masked."""
    found = sqlite_file(url)
    if found is not None:
        return str(found)
    parts = urlsplit(url)
    if parts.password is None:
        return url
    user, _, host = parts.netloc.rpartition("@")
    return urlunsplit(parts._replace(netloc=f"{user.split(':', 1)[0]}:***@{host}"))


def configured_url(environ: Mapping[str, str] | None = None, env_file: Path = Path(".env")) -> str:
    """The database URL the settings will use (the environment, else .env, else the default),
    read cheaply for help texts; commands read `config.get_settings().database_url`."""
    environ = os.environ if environ is None else environ
    for name, value in environ.items():
        if name.upper() == SETTING:
            return value
    try:
        lines = env_file.read_text(encoding="utf-8").splitlines()
    except OSError:
        return DEFAULT_DATABASE_URL
    for line in lines:
        name, equals, value = line.strip().removeprefix("export ").partition("=")
        if equals and name.strip().upper() == SETTING:
            return value.strip().strip("'\"")
    return DEFAULT_DATABASE_URL
