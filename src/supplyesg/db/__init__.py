"""Persistence: SQLAlchemy models, the session and repositories (every query lives here)."""
