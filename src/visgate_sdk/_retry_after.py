"""Parsing of the server's wait hints: ``retry-after-ms``, ``Retry-After`` seconds or HTTP-date."""

from __future__ import annotations

import math
import time
from collections.abc import Mapping
from email.utils import parsedate_to_datetime

# A hint longer than a day is nonsense from a broken server, not a plan.
_ABSURD = 86_400.0


def _number(value: str, limit: float) -> float | None:
    try:
        number = float(value)
    except ValueError:
        return None
    if math.isnan(number) or math.isinf(number) or number < 0 or number > limit:
        return None
    return number


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
        # The day's bound in milliseconds: 90000 ms is a minute and a half, not a broken hint.
        value = _number(ms.strip(), _ABSURD * 1000.0)
        if value is not None:
            return value / 1000.0
    raw = lower.get("retry-after")
    if not raw:
        return None
    raw = raw.strip()
    value = _number(raw, _ABSURD)
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
