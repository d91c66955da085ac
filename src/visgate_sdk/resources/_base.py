"""Base classes of the resources: the sync and async shells only differ in how they run a Call."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeVar

from visgate_sdk._calls import Call
from visgate_sdk.exceptions import ValidationError

if TYPE_CHECKING:
    from visgate_sdk.client import AsyncClient, Client

T = TypeVar("T")


class SyncResource:
    """A resource of :class:`visgate_sdk.Client`."""

    def __init__(self, client: Client) -> None:
        self._client = client

    def _run(self, call: Call[T], *, deadline: float | None = None) -> T:
        return self._client._execute(call, deadline=deadline)


class AsyncResource:
    """A resource of :class:`visgate_sdk.AsyncClient`."""

    def __init__(self, client: AsyncClient) -> None:
        self._client = client

    async def _run(self, call: Call[T], *, deadline: float | None = None) -> T:
        return await self._client._execute(call, deadline=deadline)


def require_text(value: Any, field: str) -> str:
    """A non-empty string argument, or a ValidationError that says what to pass."""
    if not isinstance(value, str) or not value.strip():
        raise ValidationError(f"{field} must be a non-empty string, got {value!r}", field=field)
    return value


def require_header_value(value: Any, field: str) -> str:
    """A value that can travel in an HTTP header: printable ASCII, no line breaks.

    The value itself is never quoted back: it is often a key.
    """
    if not isinstance(value, str) or not value or not (value.isascii() and value.isprintable()):
        raise ValidationError(
            f"{field} must be a non-empty string of printable ASCII characters (a key pasted "
            "with a stray character, quote or line break?)",
            field=field,
        )
    return value


def require_int(value: Any, field: str, *, minimum: int) -> int:
    """An integer argument >= minimum (bools rejected)."""
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise ValidationError(
            f"{field} must be an integer >= {minimum}, got {value!r}", field=field
        )
    return value


def require_params(params: Any) -> dict[str, Any]:
    """The optional ``params`` dict."""
    if params is None:
        return {}
    if not isinstance(params, dict):
        raise ValidationError(
            f"params must be a dict of model options, got {type(params).__name__}", field="params"
        )
    return params
