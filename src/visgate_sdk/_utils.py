"""Helpers that 0.0.x code imported (``visgate_sdk._utils``, ``visgate_sdk.client``)."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

from visgate_sdk.exceptions import ResponseParseError, error_from_parts

_EXCERPT_CHARS = 300


def parse_datetime(value: str | None) -> datetime.datetime | None:
    """An ISO 8601 timestamp (``Z`` accepted) as a datetime; None when empty or unparseable."""
    if not value or not isinstance(value, str):
        return None
    try:
        return datetime.datetime.fromisoformat(value)
    except ValueError:
        return None


def handle_response(response: Any) -> Any:
    """0.0.x's ``_handle_response``: the parsed JSON of a success, the typed error of a failure.

    Reads the answer only through ``status_code``, ``headers``, ``text`` and ``json()``, as
    0.0.x did, so the ``unittest.mock`` stand-ins of 0.0.x test suites keep working.
    """
    try:
        status = int(response.status_code)
    except (TypeError, ValueError):
        raise ResponseParseError(
            f"the answer has no usable status code: {response.status_code!r}"
        ) from None
    headers = _headers(getattr(response, "headers", None))
    if status < 400:
        if status == 204:
            return None
        try:
            return response.json()
        except (ValueError, RecursionError):
            if not _text(response).strip():
                return None
            raise ResponseParseError(
                f"the answer (HTTP {status}) is not valid JSON",
                status_code=status,
                request_id=headers.get("x-request-id"),
                body=_excerpt(_text(response)),
            ) from None
    try:
        data = response.json()
    except (ValueError, RecursionError):
        data = None
    envelope = data if isinstance(data, dict) else None
    text = _text(response)
    excerpt = None if envelope is not None else (_excerpt(text) if text.strip() else None)
    raise error_from_parts(status, headers, envelope, excerpt)


def _headers(raw: Any) -> dict[str, str]:
    """Lower-cased string headers of an httpx response, a plain dict or a mock's attribute."""
    if not isinstance(raw, Mapping) and not hasattr(raw, "multi_items"):
        return {}
    try:
        items = raw.multi_items() if hasattr(raw, "multi_items") else raw.items()
        return {str(k).lower(): str(v) for k, v in items}
    except Exception:  # a stand-in object with an unexpected shape: no headers
        return {}


def _text(response: Any) -> str:
    try:
        text = response.text
    except Exception:  # undecodable body
        return ""
    return text if isinstance(text, str) else ""


def _excerpt(text: str) -> str:
    from visgate_sdk._logging import redact

    text = " ".join(text[: _EXCERPT_CHARS * 4].split())
    if len(text) > _EXCERPT_CHARS:
        text = text[:_EXCERPT_CHARS] + "..."
    return redact(text)
