"""A planned API call and its answer: written once, executed by the sync or the async client.

A resource method builds a :class:`Call` (which generated operation, its arguments, how to
turn the answer into a result); the client executes it with its own I/O. Requests are built
by the generated operation's ``_get_kwargs`` so paths, query and headers follow the spec;
the body is decoded once and parsed by the generated models through :mod:`visgate_sdk.types`.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import Any, Generic, NamedTuple, TypeVar

import httpx

from visgate_sdk import _failures as failures
from visgate_sdk.exceptions import ResponseParseError

T = TypeVar("T")


class Answer(NamedTuple):
    """A successful answer: status code, decoded JSON (None when empty) and headers."""

    status_code: int
    data: Any
    headers: httpx.Headers

    def mapping(self, what: str) -> Mapping[str, Any]:
        """The body as a JSON object, or a ResponseParseError naming what was expected."""
        if not isinstance(self.data, Mapping):
            raise self.unexpected(
                f"expected a JSON object ({what}), got {type(self.data).__name__}"
            )
        return self.data

    def unexpected(self, what: str) -> ResponseParseError:
        """The error of this answer when its JSON has the wrong shape (``what`` says how)."""
        return failures.unexpected(self.status_code, self.headers, what)


class Call(Generic[T]):
    """What to send (``request`` kwargs for ``httpx.Client.request``) and how to read the answer."""

    __slots__ = ("parse", "request")

    def __init__(self, request: dict[str, Any], parse: Callable[[Answer], T]) -> None:
        self.request = request
        self.parse = parse


def request_kwargs(kwargs: dict[str, Any]) -> dict[str, Any]:
    """The kwargs a generated operation's ``_get_kwargs`` built, ready for ``httpx.request``.

    Called as ``request_kwargs(list_models._get_kwargs(limit=20))``: the generated module is
    imported by name, so a renamed or removed operation fails the type check, not a call.
    """
    if not kwargs.get("params"):  # an empty dict still costs httpx a URL re-parse
        kwargs.pop("params", None)
    return kwargs


def decode(response: httpx.Response, content: bytes) -> Answer:
    """Decode a 2xx answer's body (errors were raised by the transport hooks already)."""
    data: Any = None
    if content and response.status_code != 204:
        try:
            data = json.loads(content)
        except (ValueError, RecursionError):
            raise failures.not_json(response, content) from None
    return Answer(response.status_code, data, response.headers)


def raw_json(answer: Answer) -> Any:
    """The decoded body as is."""
    return answer.data
