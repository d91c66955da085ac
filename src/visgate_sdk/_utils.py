"""Helpers that 0.0.x code imported from ``visgate_sdk._utils``."""

from __future__ import annotations

import datetime


def parse_datetime(value: str | None) -> datetime.datetime | None:
    """An ISO 8601 timestamp (``Z`` accepted) as a datetime; None when empty or unparseable."""
    if not value or not isinstance(value, str):
        return None
    try:
        return datetime.datetime.fromisoformat(value)
    except ValueError:
        return None
