"""Per-call state, carried by the request itself (``request.extensions``), never by a global.

Reading one ``httpx.Request`` tells everything about its call:

- ``request.extensions[CALL]``: the call's :class:`CallOptions` (timeout, retries, overall
  deadline) when they differ from the client's; absent for a request made by the borrowed
  generated client, which gets the client's defaults;
- ``request.extensions["timeout"]``: httpx's phase timeouts, each an :class:`AttemptTimeout`
  once the retry loop has started the attempt, so the socket layer can bound every read by
  the attempt's end;
- per-call headers (``Idempotency-Key``) are ordinary request headers.

And the answer: ``response.extensions[BODY]`` is its body, decoded, as the retry transport
read it; the SDK reads it from there (httpx can still read the response as usual).
"""

from __future__ import annotations

from typing import Any, NamedTuple

# The key of the call's options in ``request.extensions``.
CALL = "visgate.call"
# The key of the decoded body in ``response.extensions`` (absent: it did not decode).
BODY = "visgate.body"


class CallOptions(NamedTuple):
    """``deadline`` is an absolute time on the retry policy's monotonic clock (None: no bound)."""

    timeout: float | None
    max_retries: int
    deadline: float | None = None


def call_options(request: Any) -> CallOptions | None:
    """The options a request's call set, or None (the client's defaults apply)."""
    options = request.extensions.get(CALL)
    return options if isinstance(options, CallOptions) else None


class AttemptTimeout(float):
    """A phase timeout in seconds that also knows when the whole attempt must be over.

    httpx bounds each socket read, not an attempt: a server dripping a header byte at a time
    would hold a sync call forever. httpcore hands the phase timeout unchanged to every socket
    operation, so ``ends`` (``time.monotonic()``) reaches the socket with the request; any
    other transport just sees a float.
    """

    __slots__ = ("ends",)

    ends: float

    def __new__(cls, seconds: float, ends: float) -> AttemptTimeout:
        value = super().__new__(cls, seconds)
        value.ends = ends
        return value


def bound_phases(phases: dict[str, Any], ends: float) -> dict[str, Any]:
    """Make httpx phase timeouts carry an attempt's end (``time.monotonic()``), in place.

    Only the phases of socket operations (connect, read, write): waiting for a pooled
    connection is not one.
    """
    for phase in ("connect", "read", "write"):
        seconds = phases.get(phase)
        if seconds is not None:
            phases[phase] = AttemptTimeout(seconds, ends)
    return phases
