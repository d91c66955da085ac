"""Per-call settings that the retry transport reads: timeout, retries and one overall deadline."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar, Token
from typing import NamedTuple


class CallOptions(NamedTuple):
    """``deadline`` is an absolute time on the retry policy's monotonic clock (None: no bound)."""

    timeout: float | None
    max_retries: int
    deadline: float | None = None
    # Per-call headers (e.g. Idempotency-Key), set on the request by the client's request hook:
    # much cheaper than httpx merging a fresh header set for every call.
    headers: Mapping[str, str] | None = None


_current: ContextVar[CallOptions | None] = ContextVar("visgate_call_options", default=None)


def current_call_options() -> CallOptions | None:
    """The options of the call in progress in this thread or task, if any."""
    return _current.get()


def enter_call(options: CallOptions | None) -> Token[CallOptions | None]:
    """Start applying ``options`` (the hot path's form of :func:`call_scope`)."""
    return _current.set(options)


def leave_call(token: Token[CallOptions | None]) -> None:
    """Stop applying the options set by :func:`enter_call`."""
    _current.reset(token)


@contextmanager
def call_scope(options: CallOptions) -> Iterator[None]:
    """Make ``options`` apply to every HTTP attempt made inside the block."""
    token = _current.set(options)
    try:
        yield
    finally:
        _current.reset(token)


# When the HTTP attempt in progress in this thread must be over (time.monotonic()), or None.
# Read by the sync network streams (``_http``) before each socket operation: httpx bounds each
# read, so without it a server dripping one header byte at a time would hold the attempt.
attempt_deadline: ContextVar[float | None] = ContextVar("visgate_attempt_deadline", default=None)
