"""``client.requests``: status of background jobs, and waiting for them."""

from __future__ import annotations

from visgate_sdk._calls import Answer, Call, operation_kwargs
from visgate_sdk._polling import Observed, Poll, deadline_passed, timed_out, wait_for
from visgate_sdk._retry_after import parse_retry_after
from visgate_sdk.exceptions import ConnectionError, TimeoutError, ValidationError
from visgate_sdk.resources._base import AsyncResource, SyncResource, require_text
from visgate_sdk.resources._jobs import (
    AsyncGenerationRequest,
    GenerationRequest,
    ProgressCallback,
)
from visgate_sdk.types import RequestStatusResult

__all__ = ["AsyncGenerationRequest", "AsyncRequests", "GenerationRequest", "Requests"]


def _parse(answer: Answer) -> Observed:
    status = RequestStatusResult.from_dict(answer.mapping("RequestStatus"))
    return status, parse_retry_after(answer.headers)


def status_call(request_id: str) -> Call[Observed]:
    """Plan ``GET /requests/{request_id}`` (the id travels as one encoded path segment)."""
    return Call(
        operation_kwargs(
            "generation.get_request", request_id=require_text(request_id, "request_id")
        ),
        _parse,
    )


def _check_wait(timeout: float, poll_interval: float) -> None:
    if not isinstance(timeout, int | float) or timeout <= 0:
        raise ValidationError(
            f"timeout must be a positive number, got {timeout!r}", field="timeout"
        )
    if not isinstance(poll_interval, int | float) or poll_interval <= 0:
        raise ValidationError(
            f"poll_interval must be a positive number, got {poll_interval!r}", field="poll_interval"
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
        _check_wait(timeout, poll_interval)
        call = status_call(request_id)
        clock, sleep = self._client._policy.clock, self._client._policy.sleep
        waiter = wait_for(
            request_id,
            timeout=timeout,
            poll_interval=poll_interval,
            clock=clock,
            first_delay=first_delay,
        )
        last: RequestStatusResult | None = None
        try:
            step = next(waiter)
            while True:
                if isinstance(step, Poll):
                    try:
                        observed = self._run(call, deadline=step.deadline)
                    except (TimeoutError, ConnectionError) as exc:
                        if deadline_passed(exc, step.deadline, clock):
                            raise timed_out(request_id, timeout, last) from exc
                        raise
                    last = observed[0]
                    if on_progress is not None:
                        on_progress(last)
                    step = waiter.send(observed)
                else:
                    sleep(step.seconds)
                    step = waiter.send(None)
        except StopIteration as done:
            result: RequestStatusResult = done.value
            return result


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
        import inspect

        _check_wait(timeout, poll_interval)
        call = status_call(request_id)
        clock, sleep = self._client._policy.clock, self._client._policy.async_sleep
        waiter = wait_for(
            request_id,
            timeout=timeout,
            poll_interval=poll_interval,
            clock=clock,
            first_delay=first_delay,
        )
        last: RequestStatusResult | None = None
        try:
            step = next(waiter)
            while True:
                if isinstance(step, Poll):
                    try:
                        observed = await self._run(call, deadline=step.deadline)
                    except (TimeoutError, ConnectionError) as exc:
                        if deadline_passed(exc, step.deadline, clock):
                            raise timed_out(request_id, timeout, last) from exc
                        raise
                    last = observed[0]
                    if on_progress is not None:
                        outcome = on_progress(last)
                        if inspect.isawaitable(outcome):
                            await outcome
                    step = waiter.send(observed)
                else:
                    await sleep(step.seconds)
                    step = waiter.send(None)
        except StopIteration as done:
            result: RequestStatusResult = done.value
            return result
