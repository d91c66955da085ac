"""Every name kept only for code written against 0.0.x, in one place; new code uses none.

Where 0.0.x code finds them (thin aliases at the old locations point here):

- ``visgate_sdk.client``: ``_handle_response``, ``_get_version``, ``_build_headers``,
  ``_backoff``, ``_retry_wait`` (``_resolve_api_key`` stays in ``client.py``: the client
  itself resolves its key with it);
- ``visgate_sdk._utils``: ``parse_datetime``;
- ``Client`` / ``AsyncClient``: ``_generate`` and ``_request``, the names of ``generate`` and
  ``request`` there (:class:`ClientAliases`);
- ``visgate_sdk.resources.<module>``: each result class stays importable from the module
  0.0.x defined it in (the ``__all__`` of each resource module names them).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from visgate_sdk._version import __version__
from visgate_sdk.exceptions import ResponseParseError, error_from_parts

if TYPE_CHECKING:
    import httpx

__all__ = [
    "ClientAliases",
    "backoff",
    "build_headers",
    "get_version",
    "handle_response",
    "parse_datetime",
    "retry_wait",
]

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


def get_version() -> str:
    """The SDK's version."""
    return __version__


def build_headers(api_key: str, provider_headers: dict[str, str] | None = None) -> dict[str, str]:
    """Headers of every API request, as 0.0.x built them."""
    headers = {
        "Authorization": f"Bearer {api_key}",
        "User-Agent": f"visgate-sdk-python/{__version__}",
        "Accept": "application/json",
    }
    headers.update(provider_headers or {})
    return headers


def backoff(attempt: int) -> float:
    """Backoff before retry number ``attempt`` (0-based), jittered."""
    from visgate_sdk._retry import RetryPolicy, backoff_delay

    return backoff_delay(attempt, RetryPolicy())


def retry_wait(response: httpx.Response, attempt: int) -> float:
    """Seconds to wait before retrying ``response``: the server's hint, else backoff."""
    from visgate_sdk._retry_after import parse_retry_after

    hint = parse_retry_after(response.headers)
    return hint if hint is not None else backoff(attempt)


class _Alias:
    """A second name for a method (``client._request`` is ``client.request``)."""

    def __init__(self, target: str) -> None:
        self.target = target

    def __get__(self, obj: object, owner: type) -> Callable[..., Any]:
        found: Callable[..., Any] = getattr(owner if obj is None else obj, self.target)
        return found


class ClientAliases:
    """The method names 0.0.x code called on a client."""

    _generate = _Alias("generate")
    _request = _Alias("request")  # the name the 0.0.x examples used
