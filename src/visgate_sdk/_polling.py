"""One polling policy for background jobs, shared by the sync and async waiters.

The wait loop is a generator that yields what to do next (poll, or sleep N seconds); the
sync and async clients only carry those steps out with their own I/O.
"""

from __future__ import annotations

from collections.abc import Callable, Generator
from typing import NamedTuple

from visgate_sdk import exceptions as errors
from visgate_sdk._logging import redact
from visgate_sdk._retry import TLS_REJECTED
from visgate_sdk.exceptions import GenerationFailedError, VisgateError
from visgate_sdk.types import RequestStatusResult

FIRST_POLL = 0.25
TRANSIENT_STATUSES = frozenset({429, 500, 502, 503, 504})
GROWTH = 1.5


class Poll(NamedTuple):
    """Fetch the job's status; the poll itself must finish before ``deadline``."""

    deadline: float


class Sleep(NamedTuple):
    """Wait this many seconds before the next poll."""

    seconds: float


class Progress(NamedTuple):
    """Tell the caller's ``on_progress`` callback about a status."""

    status: RequestStatusResult


Step = Poll | Sleep | Progress
Observed = tuple["RequestStatusResult", float | None]
# What a poll gave back to the waiter: the status and its Retry-After, or the error it raised.
PollOutcome = Observed | VisgateError
Waiter = Generator[Step, PollOutcome | None, "RequestStatusResult"]


def next_delay(previous: float, poll_interval: float, retry_after: float | None) -> float:
    """Grow by half each time toward ``poll_interval``; never sooner than the server's hint."""
    delay = min(max(previous * GROWTH, FIRST_POLL), max(poll_interval, FIRST_POLL))
    if retry_after is not None:
        delay = max(delay, retry_after)
    return delay


def wait_for(
    request_id: str,
    *,
    timeout: float,
    poll_interval: float,
    clock: Callable[[], float],
    first_delay: float | None = None,
) -> Waiter:
    """Poll until the job is terminal; GenerationFailedError / TimeoutError otherwise."""
    deadline = clock() + timeout
    delay = FIRST_POLL if first_delay is None else max(first_delay, 0.0)
    last: RequestStatusResult | None = None
    if delay > 0:
        yield Sleep(min(delay, max(0.0, deadline - clock())))
    while True:
        outcome = yield Poll(deadline)
        if isinstance(outcome, VisgateError):
            if not is_transient(outcome):
                raise outcome
            # The job runs on server-side whatever happened to this poll: keep polling until
            # the deadline, then say how to resume.
            remaining = deadline - clock()
            if remaining <= 0:
                raise timed_out(request_id, timeout, last) from outcome
            delay = next_delay(delay, poll_interval, getattr(outcome, "retry_after", None))
            yield Sleep(min(delay, remaining))
            continue
        assert outcome is not None
        last, retry_after = outcome
        yield Progress(last)
        if last.status == "completed":
            return last
        if last.status == "failed":
            reason = redact(last.error_message or "no reason given")
            raise GenerationFailedError(
                f"job {request_id} failed: {reason}",
                request_id=request_id,
                status=last,
                details={"error_message": reason if last.error_message else None},
            )
        remaining = deadline - clock()
        if remaining <= 0:
            raise timed_out(request_id, timeout, last)
        delay = next_delay(delay, poll_interval, retry_after)
        yield Sleep(min(delay, remaining))


def is_transient(error: VisgateError) -> bool:
    """A poll failure worth polling again after: the network, a timeout, a 429 or a 5xx."""
    if error.status_code is None:
        fatal = error.error_code == TLS_REJECTED  # the same certificate will fail again
        return isinstance(error, errors.ConnectionError | errors.TimeoutError) and not fatal
    return error.status_code in TRANSIENT_STATUSES


def timed_out(
    request_id: str, timeout: float, last: RequestStatusResult | None
) -> errors.TimeoutError:
    """The error raised when a wait runs past its deadline; it says how to resume."""
    word = last.status if last is not None else "unknown"
    return errors.TimeoutError(
        f"job {request_id} still {word} after {timeout:g}s; resume with "
        f"client.requests.get({request_id!r}, wait=True)",
        request_id=request_id,
        last_status=last,
    )
