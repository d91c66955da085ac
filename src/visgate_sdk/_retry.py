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

import random as _random
import ssl
import time
from collections.abc import Awaitable, Callable
from typing import Any, NamedTuple

import httpx

from visgate_sdk._context import current_call_options
from visgate_sdk._logging import logger
from visgate_sdk._retry_after import parse_retry_after
from visgate_sdk.exceptions import ConnectionError, ResponseParseError, TimeoutError

RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
_NOT_DONE_STATUSES = frozenset({429, 503})
_SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE"})
MAX_BODY_BYTES = 64 * 1024 * 1024
TLS_REJECTED = "TLS_CERTIFICATE_REJECTED"
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
        self.attempt_ends = float("inf")

    @classmethod
    def start(cls, request: httpx.Request, policy: RetryPolicy) -> _Attempts:
        options = current_call_options()
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

    def prepare(self) -> None:
        """Set this attempt's timeouts (the call's own, bounded by the time left)."""
        if self.timeout is not None or self.deadline is not None:
            phases: dict[str, Any] = dict(self.request.extensions.get("timeout") or {})
            if self.timeout is not None:
                phases = dict.fromkeys(("read", "write", "pool"), self.timeout)
                phases["connect"] = min(self.timeout, CONNECT_CAP)
            if self.deadline is not None:
                left = max(0.001, self.deadline - self.policy.clock())
                for phase in ("connect", "read", "write", "pool"):
                    value = phases.get(phase)
                    phases[phase] = left if value is None else min(value, left)
            self.request.extensions["timeout"] = phases
        # httpx bounds each socket read; this bounds the whole answer (a server dripping
        # bytes must not hold an attempt forever).
        self.attempt_ends = self.policy.clock() + self.attempt_timeout
        if self.deadline is not None:
            self.attempt_ends = min(self.attempt_ends, self.deadline)

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
        method, path = self.request.method, _path(self.request)
        if _is_tls_failure(exc):
            raise ConnectionError(
                f"TLS certificate of {self.request.url.host} was rejected; not retried "
                "(check the base URL, or pass a verify= SSL context trusting its CA)",
                error_code=TLS_REJECTED,
            ) from exc
        sent_maybe = not _nothing_sent(exc)
        key = self.request.headers.get("idempotency-key")
        if sent_maybe and not self.replay_safe:
            raise ConnectionError(
                f"{method} {path} failed after the request may have reached the server "
                f"({type(exc).__name__}); outcome unknown, so it was not retried. Retry with "
                "an Idempotency-Key to make a second attempt safe.",
                outcome_unknown=True,
            ) from exc
        delay = backoff_delay(self.retries, self.policy)
        if not self._fits(delay):
            attempts = self.retries + 1
            # A keyed POST may have been acted on: say how to collect it without paying twice.
            hint = (
                f"; it may have reached the server: call again with idempotency_key={key!r} "
                "to get its outcome without being charged twice"
                if key and sent_maybe and self.request.method == "POST"
                else ""
            )
            if isinstance(exc, httpx.TimeoutException):
                raise TimeoutError(
                    f"{method} {path} timed out after {attempts} attempt(s){hint}",
                    idempotency_key=key,
                ) from exc
            raise ConnectionError(
                f"{method} {path} failed after {attempts} attempt(s): {type(exc).__name__}{hint}",
                outcome_unknown=sent_maybe and self.request.method == "POST",
                idempotency_key=key,
            ) from exc
        self._log_retry(type(exc).__name__, delay)
        return delay

    def _log_retry(self, reason: str, delay: float) -> None:
        self.retries += 1
        if logger.isEnabledFor(20):
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
        if logger.isEnabledFor(10):
            logger.debug(
                "%s %s attempt %d", self.request.method, _path(self.request), self.retries + 1
            )


def _too_large(request: httpx.Request) -> ResponseParseError:
    return ResponseParseError(
        f"answer to {request.method} {_path(request)} exceeds {MAX_BODY_BYTES} bytes"
    )


def _rebuild(response: httpx.Response, body: bytes, request: httpx.Request) -> httpx.Response:
    # Raw (still encoded) bytes: httpx decodes Content-Encoding once, later.
    # Reusing the answer object is cheaper than building a new one on every success.
    response.stream = httpx.ByteStream(body)
    response.is_closed = False
    encoding = response.headers.get("content-encoding", "").strip().lower()
    if not encoding or encoding == "identity":
        # Nothing to decode: hand httpx the body so reading it again costs nothing.
        response._content = body
    elif encoding in _ZLIB_WBITS:
        decoded = _inflate(body, _ZLIB_WBITS[encoding], request)
        if decoded is not None:  # else httpx reports the broken body as it reads it
            response._content = decoded
    return response


# The size cap holds for the decoded body too: a small gzip answer can inflate to gigabytes.
_ZLIB_WBITS = {"gzip": 16 + 15, "x-gzip": 16 + 15, "deflate": 15}


def _inflate(body: bytes, wbits: int, request: httpx.Request) -> bytes | None:
    import zlib

    inflater = zlib.decompressobj(wbits)
    try:
        decoded = inflater.decompress(body, MAX_BODY_BYTES + 1)
    except zlib.error:
        return None
    if len(decoded) > MAX_BODY_BYTES or inflater.unconsumed_tail:
        raise _too_large(request)
    return decoded


class RetryTransport(httpx.BaseTransport):
    """Wraps a transport with the SDK's retry policy; reads each body inside the loop."""

    def __init__(self, inner: httpx.BaseTransport, policy: RetryPolicy) -> None:
        self.inner = inner
        self.policy = policy

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        state = _Attempts.start(request, self.policy)
        while True:
            state.prepare()
            state.log_attempt()
            try:
                response = self.inner.handle_request(request)
                try:
                    body = self._read(response, state)
                finally:
                    response.close()
            except httpx.TransportError as exc:
                self.policy.sleep(state.after_error(exc))
                continue
            delay = state.after_response(response)
            if delay is None:
                return _rebuild(response, body, request)
            self.policy.sleep(delay)

    @staticmethod
    def _read(response: httpx.Response, state: _Attempts) -> bytes:
        state.check_time()
        chunks, size = [], 0
        for chunk in response.stream:  # type: ignore[union-attr]
            size += len(chunk)
            if size > MAX_BODY_BYTES:
                raise _too_large(state.request)
            chunks.append(chunk)
            state.check_time()
        return b"".join(chunks)

    def close(self) -> None:
        self.inner.close()


class AsyncRetryTransport(httpx.AsyncBaseTransport):
    """The async twin of :class:`RetryTransport`; decisions come from the same code."""

    def __init__(self, inner: httpx.AsyncBaseTransport, policy: RetryPolicy) -> None:
        self.inner = inner
        self.policy = policy

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        state = _Attempts.start(request, self.policy)
        while True:
            state.prepare()
            state.log_attempt()
            try:
                response = await self.inner.handle_async_request(request)
                try:
                    body = await self._read(response, state)
                finally:
                    await response.aclose()
            except httpx.TransportError as exc:
                await self.policy.async_sleep(state.after_error(exc))
                continue
            delay = state.after_response(response)
            if delay is None:
                return _rebuild(response, body, request)
            await self.policy.async_sleep(delay)

    @staticmethod
    async def _read(response: httpx.Response, state: _Attempts) -> bytes:
        state.check_time()
        chunks, size = [], 0
        async for chunk in response.stream:  # type: ignore[union-attr]
            size += len(chunk)
            if size > MAX_BODY_BYTES:
                raise _too_large(state.request)
            chunks.append(chunk)
            state.check_time()
        return b"".join(chunks)

    async def aclose(self) -> None:
        await self.inner.aclose()
