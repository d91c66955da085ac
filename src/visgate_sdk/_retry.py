"""Retries under httpx: one policy, one decision function, thin sync and async loops.

Which failures are retried:

=================================================  ==========================================
failure                                            retried for
=================================================  ==========================================
connect phase (refused, DNS, connect/pool timeout)  every request (nothing reached the server)
TLS certificate rejected                           never
read/write timeout, reset, truncated body          GET/HEAD/OPTIONS/PUT/DELETE, and POSTs
                                                   carrying an ``Idempotency-Key``
429, 503                                           every request (the server did not act)
500, 502, 504                                      as read failures (outcome unknown)
=================================================  ==========================================

A POST without a key that failed after it may have reached the server raises
``ConnectionError(outcome_unknown=True)`` instead of being sent twice.
"""

from __future__ import annotations

import builtins
import logging
import random as _random
import ssl
import threading
import time
from collections.abc import Awaitable, Callable
from typing import Any, NamedTuple

import httpx

from visgate_sdk import _failures as failures
from visgate_sdk._context import BODY, bound_phases, call_options
from visgate_sdk._decoding import BoundedDecoder, TooLarge, Undecodable
from visgate_sdk._failures import TLS_REJECTED as TLS_REJECTED
from visgate_sdk._logging import logger
from visgate_sdk._retry_after import parse_retry_after

RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
_NOT_DONE_STATUSES = frozenset({429, 503})
_SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE"})
MAX_BODY_BYTES = 64 * 1024 * 1024
# Connecting never needs the full (often long, generation-sized) timeout.
CONNECT_CAP = 10.0


async def _asyncio_sleep(seconds: float) -> None:
    import asyncio  # only async clients need it; keeps `import visgate_sdk` light

    await asyncio.sleep(seconds)


class RetryPolicy(NamedTuple):
    """Retry settings; ``sleep``/``clock``/``random`` are seams for tests."""

    max_retries: int = 2
    backoff_base: float = 0.5
    backoff_cap: float = 8.0
    max_retry_after: float = 60.0
    sleep: Callable[[float], None] = time.sleep
    async_sleep: Callable[[float], Awaitable[None]] = _asyncio_sleep
    clock: Callable[[], float] = time.monotonic
    wall_clock: Callable[[], float] = time.time
    random: Callable[[], float] = _random.random


def backoff_delay(retries_taken: int, policy: RetryPolicy) -> float:
    """Equal jitter: half of ``min(base * 2**k, cap)`` fixed, the other half random."""
    ceiling = min(policy.backoff_base * (2**retries_taken), policy.backoff_cap)
    return float(ceiling / 2 + policy.random() * ceiling / 2)


def _is_tls_failure(exc: BaseException) -> bool:
    seen: BaseException | None = exc
    for _ in range(8):
        if seen is None:
            return False
        if isinstance(seen, ssl.SSLError | ssl.CertificateError):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


def _nothing_sent(exc: httpx.TransportError) -> bool:
    # Both async transports raise these only before a request leaves (the aiohttp one is
    # wrapped in visgate_sdk._aiohttp_transport to keep httpx's meaning).
    return isinstance(exc, httpx.ConnectError | httpx.ConnectTimeout | httpx.PoolTimeout)


def _path(request: httpx.Request) -> str:
    return request.url.path


class _Attempts:
    """The state of one call's retry loop and the decision after each attempt."""

    __slots__ = (
        "attempt_ends",
        "deadline",
        "ends_real",
        "max_retries",
        "policy",
        "request",
        "retries",
        "timeout",
    )

    def __init__(
        self,
        request: httpx.Request,
        policy: RetryPolicy,
        max_retries: int,
        timeout: float | None,
        deadline: float | None,
    ) -> None:
        self.request, self.policy, self.max_retries = request, policy, max_retries
        self.timeout, self.deadline, self.retries = timeout, deadline, 0
        self.attempt_ends = self.ends_real = float("inf")

    @classmethod
    def start(cls, request: httpx.Request, policy: RetryPolicy) -> _Attempts:
        """The loop of ``request``: its call's options, else the client's (a borrowed client)."""
        options = call_options(request)
        if options is None:
            return cls(request, policy, policy.max_retries, None, None)
        return cls(request, policy, options.max_retries, options.timeout, options.deadline)

    @property
    def replay_safe(self) -> bool:
        return self.request.method in _SAFE_METHODS or "idempotency-key" in self.request.headers

    @property
    def attempt_timeout(self) -> float:
        """Seconds one attempt may take: the call's timeout, else the client's."""
        if self.timeout is not None:
            return self.timeout
        phases = self.request.extensions.get("timeout") or {}
        read = phases.get("read")
        return float(read) if read is not None else float("inf")

    def prepare(self, bound_sockets: bool = True) -> None:
        """Set this attempt's timeouts on the request (the call's own, bounded by the time left).

        With ``bound_sockets`` each socket phase timeout also carries the attempt's end
        (:class:`AttemptTimeout`): httpx bounds each socket read, this bounds the whole answer
        (a server dripping bytes must not hold an attempt forever). The async loop bounds the
        whole attempt with an asyncio timer instead.
        """
        phases: dict[str, Any] = dict(self.request.extensions.get("timeout") or {})
        if self.timeout is not None:
            phases = dict.fromkeys(("read", "write", "pool"), self.timeout)
            phases["connect"] = min(self.timeout, CONNECT_CAP)
        if self.deadline is not None:
            left = max(0.001, self.deadline - self.policy.clock())
            for phase in ("connect", "read", "write", "pool"):
                value = phases.get(phase)
                phases[phase] = left if value is None else min(value, left)
        now = self.policy.clock()
        self.attempt_ends = now + self.attempt_timeout
        if self.deadline is not None:
            self.attempt_ends = min(self.attempt_ends, self.deadline)
        # The same end on the real clock (the policy's may be a test's fake): what sockets and
        # asyncio timers are bounded by, from connect to the last body byte.
        self.ends_real = time.monotonic() + (self.attempt_ends - now)
        if bound_sockets and self.ends_real != float("inf"):
            bound_phases(phases, self.ends_real)
        self.request.extensions["timeout"] = phases

    def ran_out(self) -> httpx.ReadTimeout:
        """The error of an attempt stopped at its end, classed as httpx would class it."""
        return httpx.ReadTimeout(
            f"the attempt took longer than {self.attempt_timeout:g}s", request=self.request
        )

    def check_time(self) -> None:
        """Raise a read timeout when this attempt has run past its time."""
        if self.policy.clock() > self.attempt_ends:
            raise httpx.ReadTimeout(
                f"the answer took longer than {self.attempt_timeout:g}s", request=self.request
            )

    def _fits(self, delay: float) -> bool:
        if self.retries >= self.max_retries:
            return False
        return self.deadline is None or self.policy.clock() + delay < self.deadline

    def after_response(self, response: httpx.Response) -> float | None:
        """Seconds to wait before retrying this answer, or None to hand it back."""
        status = response.status_code
        if status not in RETRY_STATUSES:
            # 409 on a keyed request: the same key is still being worked on (often our own
            # earlier attempt); waiting and asking again returns its outcome.
            if status != 409 or "idempotency-key" not in self.request.headers:
                return None
        elif status not in _NOT_DONE_STATUSES and not self.replay_safe:
            return None
        hint = parse_retry_after(response.headers, now=self.policy.wall_clock())
        # The caller allowed one attempt's timeout per wait (and 60 s at most): a longer hint
        # fails fast, the error carrying retry_after.
        if hint is not None and hint > min(self.policy.max_retry_after, self.attempt_timeout):
            return None
        delay = hint if hint is not None else backoff_delay(self.retries, self.policy)
        if not self._fits(delay):
            return None
        self._log_retry(f"HTTP {status}", delay)
        return delay

    def after_error(self, exc: httpx.TransportError) -> float:
        """Seconds to wait before retrying after a transport failure; raises when final."""
        if _is_tls_failure(exc):
            raise failures.tls_rejected(self.request) from exc
        sent_maybe = not _nothing_sent(exc)
        if sent_maybe and not self.replay_safe:
            raise failures.outcome_unknown(self.request, exc) from exc
        delay = backoff_delay(self.retries, self.policy)
        if not self._fits(delay):
            raise failures.gave_up(self.request, exc, self.retries + 1, sent_maybe) from exc
        self._log_retry(type(exc).__name__, delay)
        return delay

    def _log_retry(self, reason: str, delay: float) -> None:
        self.retries += 1
        if logger.isEnabledFor(logging.INFO):
            logger.info(
                "retrying %s %s after %s in %.2fs (retry %d of %d)",
                self.request.method,
                _path(self.request),
                reason,
                delay,
                self.retries,
                self.max_retries,
            )

    def log_attempt(self) -> None:
        if logger.isEnabledFor(logging.DEBUG):
            logger.debug(
                "%s %s attempt %d", self.request.method, _path(self.request), self.retries + 1
            )


class Lifecycle:
    """Open or closed, for the pools of a client and its ``with_options`` copies.

    Closing wakes calls sleeping between attempts and cancels async calls in flight (on
    whichever event loop runs them), so they end at once with ``_failures.closed`` and
    nothing more is sent.
    """

    __slots__ = ("_cancelled", "_tasks", "_wake", "closed")

    def __init__(self) -> None:
        self.closed = False
        self._wake = threading.Event()
        self._tasks: dict[Any, None] = {}  # asyncio tasks inside an async retry loop
        self._cancelled: set[Any] = set()

    def check(self, request: httpx.Request) -> None:
        """Raise :func:`~visgate_sdk._failures.closed` once closed."""
        if self.closed:
            raise failures.closed(request)

    def sleep(self, seconds: float, policy: RetryPolicy) -> None:
        """The policy's sleep; the real one returns early when the client is closed."""
        if policy.sleep is time.sleep:
            self._wake.wait(seconds)
        else:
            policy.sleep(seconds)

    def enter(self, task: Any) -> None:
        if task is not None:
            self._tasks[task] = None

    def leave(self, task: Any) -> None:
        self._tasks.pop(task, None)
        if self._cancelled:
            self._cancelled.discard(task)

    def cancelled_by_close(self, task: Any) -> bool:
        """True when ``task``'s cancellation came from :meth:`close` (and is now withdrawn)."""
        if task not in self._cancelled:
            return False
        self._cancelled.discard(task)
        return bool(task.uncancel() == 0)  # else someone else cancelled it too

    def close(self) -> None:
        """Refuse new attempts; wake sleepers; cancel async calls in flight."""
        self.closed = True
        self._wake.set()
        if not self._tasks:
            return
        import asyncio

        try:
            running: asyncio.AbstractEventLoop | None = asyncio.get_running_loop()
        except RuntimeError:
            running = None
        for task in list(self._tasks):
            loop = task.get_loop()
            if task.done() or loop.is_closed():
                continue
            self._cancelled.add(task)
            if loop is running:
                task.cancel()
            else:
                try:
                    loop.call_soon_threadsafe(task.cancel)
                except RuntimeError:  # that loop closed meanwhile
                    self._cancelled.discard(task)

    async def aclose(self) -> None:
        """:meth:`close`, then let this loop's cancelled calls unwind (their sockets close)."""
        import asyncio

        self.close()
        loop = asyncio.get_running_loop()
        mine = [t for t in self._tasks if t.get_loop() is loop and t is not asyncio.current_task()]
        for _ in range(100):  # bounded: a call that swallows cancellation cannot hold close()
            if not any(t in self._tasks for t in mine):
                return
            await asyncio.sleep(0)


class _Body:
    """An answer's body as read inside the retry loop: raw bytes, and decoded when encoded."""

    __slots__ = ("chunks", "decoded", "decoder", "size", "state")

    def __init__(self, response: httpx.Response, state: _Attempts) -> None:
        self.state = state
        self.chunks: list[bytes] = []
        self.size = 0
        headers = response.headers
        self.decoder = (
            BoundedDecoder.for_headers(headers.get_list("content-encoding"), MAX_BODY_BYTES)
            if "content-encoding" in headers
            else None
        )
        self.decoded: list[bytes] | None = [] if self.decoder is not None else None

    def add(self, chunk: bytes) -> None:
        self.size += len(chunk)
        if self.size > MAX_BODY_BYTES:
            raise failures.too_large(self.state.request, MAX_BODY_BYTES)
        self.chunks.append(chunk)
        self._decode(chunk, final=False)
        self.state.check_time()

    def end(self) -> None:
        self._decode(b"", final=True)

    def _decode(self, chunk: bytes, final: bool) -> None:
        # The cap holds for the decoded body: a small gzip answer can inflate to gigabytes.
        if self.decoder is None or self.decoded is None:
            return
        try:
            pieces = self.decoder.flush() if final else self.decoder.decode(chunk)
            self.decoded.extend(pieces)
        except TooLarge:
            raise failures.too_large(self.state.request, MAX_BODY_BYTES) from None
        except Undecodable:
            self.decoded = None  # no BODY: httpx reports the broken body when it decodes it

    def answer(self, response: httpx.Response) -> httpx.Response:
        """A new answer: its stream replays the raw bytes read, ``extensions[BODY]`` holds them
        decoded (the one read from is closed and left as is)."""
        raw = b"".join(self.chunks)
        answer = httpx.Response(
            response.status_code,
            headers=response.headers,
            stream=httpx.ByteStream(raw),
            request=self.state.request,
            extensions=response.extensions,
        )
        if self.decoder is None:
            answer.extensions[BODY] = raw  # nothing httpx would decode
        elif self.decoded is not None:
            answer.extensions[BODY] = b"".join(self.decoded)
        return answer


class RetryTransport(httpx.BaseTransport):
    """Wraps a transport with the SDK's retry policy; reads each body inside the loop."""

    def __init__(
        self, inner: httpx.BaseTransport, policy: RetryPolicy, life: Lifecycle | None = None
    ) -> None:
        self.inner = inner
        self.policy = policy
        self.life = life if life is not None else Lifecycle()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        state = _Attempts.start(request, self.policy)
        life = self.life
        while True:
            life.check(request)
            state.prepare()
            state.log_attempt()
            try:
                response = self.inner.handle_request(request)
                try:
                    body = self._read(response, state)
                finally:
                    response.close()
            except httpx.TransportError as exc:
                life.check(request)  # closed meanwhile: say so, never retry
                life.sleep(state.after_error(exc), self.policy)
                continue
            delay = state.after_response(response)
            if delay is None:
                return body.answer(response)
            life.sleep(delay, self.policy)

    @staticmethod
    def _read(response: httpx.Response, state: _Attempts) -> _Body:
        state.check_time()
        body = _Body(response, state)
        # The transport's stream itself (httpx's iter_raw would add its bookkeeping for an
        # answer that is closed right after).
        for chunk in response.stream:  # type: ignore[union-attr]
            body.add(chunk)
        body.end()
        return body

    def close(self) -> None:
        self.inner.close()


# An attempt's asyncio timer fires a little after its end, so that a connect timeout of the
# same length (timeout below the connect cap) is still reported as one: nothing was sent.
_ASYNC_GRACE = 0.05


class AsyncRetryTransport(httpx.AsyncBaseTransport):
    """The async twin of :class:`RetryTransport`; decisions come from the same code."""

    def __init__(
        self, inner: httpx.AsyncBaseTransport, policy: RetryPolicy, life: Lifecycle | None = None
    ) -> None:
        self.inner = inner
        self.policy = policy
        self.life = life if life is not None else Lifecycle()

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        import asyncio

        life = self.life
        life.check(request)
        task = asyncio.current_task()
        life.enter(task)
        try:
            return await self._attempts(request, asyncio.get_running_loop())
        except asyncio.CancelledError:
            if life.cancelled_by_close(task):
                raise failures.closed(request) from None
            raise
        finally:
            life.leave(task)

    async def _attempts(self, request: httpx.Request, loop: Any) -> httpx.Response:
        import asyncio

        state = _Attempts.start(request, self.policy)
        life = self.life
        while True:
            life.check(request)
            state.prepare(bound_sockets=False)
            state.log_attempt()
            ends = state.ends_real
            when = None if ends == float("inf") else loop.time() + ends - time.monotonic()
            try:
                # The whole attempt (connect, headers, body) is bounded, not each read.
                async with asyncio.timeout_at(None if when is None else when + _ASYNC_GRACE):
                    response = await self.inner.handle_async_request(request)
                    try:
                        body = await self._read(response, state)
                    finally:
                        await response.aclose()
            except builtins.TimeoutError:
                await self.policy.async_sleep(state.after_error(state.ran_out()))
                continue
            except httpx.TransportError as exc:
                life.check(request)
                await self.policy.async_sleep(state.after_error(exc))
                continue
            delay = state.after_response(response)
            if delay is None:
                return body.answer(response)
            await self.policy.async_sleep(delay)

    @staticmethod
    async def _read(response: httpx.Response, state: _Attempts) -> _Body:
        state.check_time()
        body = _Body(response, state)
        async for chunk in response.stream:  # type: ignore[union-attr]
            body.add(chunk)
        body.end()
        return body

    async def aclose(self) -> None:
        await self.inner.aclose()
