"""Parsing of the server's wait hints: ``retry-after-ms``, ``Retry-After`` seconds or HTTP-date."""

from __future__ import annotations

import math
import time
from collections.abc import Mapping
from email.utils import parsedate_to_datetime

# A hint longer than a day is nonsense from a broken server, not a plan.
_ABSURD = 86_400.0


def _seconds(value: str) -> float | None:
    try:
        seconds = float(value)
    except ValueError:
        return None
    if math.isnan(seconds) or math.isinf(seconds) or seconds < 0 or seconds > _ABSURD:
        return None
    return seconds


def _date_delta(value: str, reference: float) -> float | None:
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if when is None or when.tzinfo is None:
        return None
    delta = when.timestamp() - reference
    if delta > _ABSURD:
        return None
    return max(0.0, delta)


def parse_retry_after(headers: Mapping[str, str], *, now: float | None = None) -> float | None:
    """Seconds the server asks us to wait, or None when it gave no usable hint. Never raises.

    An HTTP-date is measured against the answer's own ``Date`` header when present, so a
    skewed local clock does not stretch or cancel the wait.
    """
    lower = {k.lower(): v for k, v in headers.items()} if not hasattr(headers, "raw") else headers
    ms = lower.get("retry-after-ms")
    if ms:
        value = _seconds(ms.strip())
        if value is not None:
            return value / 1000.0
    raw = lower.get("retry-after")
    if not raw:
        return None
    raw = raw.strip()
    value = _seconds(raw)
    if value is not None:
        return value
    if raw[:1].isdigit() or raw[:1] in "+-":
        return None
    reference: float | None = None
    server_date = lower.get("date")
    if server_date:
        try:
            reference = parsedate_to_datetime(server_date).timestamp()
        except (TypeError, ValueError, IndexError, OverflowError):
            reference = None
    if reference is None:
        reference = time.time() if now is None else now
    return _date_delta(raw, reference)
