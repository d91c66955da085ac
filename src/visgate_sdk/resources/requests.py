"""``client.requests``: status of background jobs, and waiting for them."""

from __future__ import annotations

import inspect
from math import inf
from typing import Any

from visgate_sdk._calls import Answer, Call, request_kwargs
from visgate_sdk._polling import Observed, Poll, PollOutcome, Sleep, Waiter, wait_for
from visgate_sdk._retry_after import parse_retry_after
from visgate_sdk.exceptions import ValidationError, VisgateError
from visgate_sdk.resources._base import AsyncResource, SyncResource, require_text
from visgate_sdk.resources._jobs import (
    AsyncGenerationRequest,
    GenerationRequest,
    ProgressCallback,
)
from visgate_sdk.types import RequestStatusResult

# The names 0.0.x code imported from this module (results were defined here then).
__all__ = [
    "AsyncGenerationRequest",
    "AsyncRequests",
    "GenerationRequest",
    "RequestStatusResult",
    "Requests",
]


def _parse(answer: Answer) -> Observed:
    status = RequestStatusResult.from_dict(answer.mapping("RequestStatus"))
    return status, parse_retry_after(answer.headers)


def status_call(request_id: str) -> Call[Observed]:
    """Plan ``GET /requests/{request_id}`` (the id travels as one encoded path segment)."""
    from visgate_api_client.api.generation import get_request

    return Call(
        request_kwargs(get_request._get_kwargs(request_id=require_text(request_id, "request_id"))),
        _parse,
    )


def _waiter(
    client: Any, request_id: str, timeout: float, poll_interval: float, first: float | None
) -> tuple[Call[Observed], Waiter]:
    """The status call and the polling plan, both written once for sync and async."""
    _check_wait(timeout, poll_interval)
    plan = wait_for(
        request_id,
        timeout=timeout,
        poll_interval=poll_interval,
        clock=client._policy.clock,
        first_delay=first,
    )
    return status_call(request_id), plan


def _finished(done: StopIteration) -> RequestStatusResult:
    result: RequestStatusResult = done.value
    return result


def _check_wait(timeout: float, poll_interval: float) -> None:
    # NaN compares false with everything and infinity never arrives: either would make the
    # wait unbounded, so both are refused like Client(timeout=...) refuses them.
    for name, value in (("timeout", timeout), ("poll_interval", poll_interval)):
        if isinstance(value, bool) or not isinstance(value, int | float) or not 0 < value < inf:
            raise ValidationError(
                f"{name} must be a finite positive number of seconds, got {value!r}", field=name
            )


class Requests(SyncResource):
    """Background jobs."""

    def get(
        self,
        request_id: str,
        *,
        wait: bool = False,
        timeout: float = 300.0,
        poll_interval: float = 2.0,
        on_progress: ProgressCallback | None = None,
    ) -> RequestStatusResult:
        """The job's status; with ``wait=True`` poll until it completes.

        Without ``wait`` a failed job is returned, not raised. With ``wait`` a failed job raises
        GenerationFailedError and the deadline raises visgate_sdk.TimeoutError.
        """
        if not wait:
            return self._run(status_call(request_id))[0]
        return self._wait(request_id, timeout, poll_interval, on_progress, None)

    def _wait(
        self,
        request_id: str,
        timeout: float,
        poll_interval: float,
        on_progress: ProgressCallback | None,
        first_delay: float | None,
    ) -> RequestStatusResult:
        call, waiter = _waiter(self._client, request_id, timeout, poll_interval, first_delay)
        outcome: PollOutcome | None = None
        while True:
            try:
                step = waiter.send(outcome)
            except StopIteration as done:
                return _finished(done)
            outcome = None
            if isinstance(step, Poll):
                try:
                    outcome = self._run(call, deadline=step.deadline)
                except VisgateError as exc:  # the waiter tells transient from final
                    outcome = exc
            elif isinstance(step, Sleep):
                self._client._policy.sleep(step.seconds)
            elif on_progress is not None:
                on_progress(step.status)


class AsyncRequests(AsyncResource):
    """Background jobs (async)."""

    async def get(
        self,
        request_id: str,
        *,
        wait: bool = False,
        timeout: float = 300.0,
        poll_interval: float = 2.0,
        on_progress: ProgressCallback | None = None,
    ) -> RequestStatusResult:
        """The job's status; see :meth:`Requests.get`. ``on_progress`` may be async."""
        if not wait:
            return (await self._run(status_call(request_id)))[0]
        return await self._wait(request_id, timeout, poll_interval, on_progress, None)

    async def _wait(
        self,
        request_id: str,
        timeout: float,
        poll_interval: float,
        on_progress: ProgressCallback | None,
        first_delay: float | None,
    ) -> RequestStatusResult:
        call, waiter = _waiter(self._client, request_id, timeout, poll_interval, first_delay)
        outcome: PollOutcome | None = None
        while True:
            try:
                step = waiter.send(outcome)
            except StopIteration as done:
                return _finished(done)
            outcome = None
            if isinstance(step, Poll):
                try:
                    outcome = await self._run(call, deadline=step.deadline)
                except VisgateError as exc:  # the waiter tells transient from final
                    outcome = exc
            elif isinstance(step, Sleep):
                await self._client._policy.async_sleep(step.seconds)
            elif on_progress is not None and inspect.isawaitable(shown := on_progress(step.status)):
                await shown
