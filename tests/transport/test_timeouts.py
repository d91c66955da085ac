"""Timeouts: one attempt is bounded as a whole, overrides work both ways, hints respect them.

These tests use real (short) waits where the point is the clock of a real socket; they assert
what the user sees (an error instead of a hang, which requests reached the server), never how
long something took.
"""

from __future__ import annotations

import asyncio
import math
import re
import socket
import time
from collections.abc import Iterator
from typing import Any

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from tests.conftest import FakeTime
from tests.transport.rawserver import RawServer
from tests.transport.test_async_transport import TRANSPORTS, inner
from tests.transport.test_retries import IMAGE, jresp, make_client
from visgate_sdk import AsyncClient, Client
from visgate_sdk.exceptions import ConnectionError, RateLimitError, TimeoutError, ValidationError

KEY = "vg-test-key-000"


def drip(conn: socket.socket, request: bytes) -> None:
    """A valid answer whose body arrives one byte every 50 ms (about 4 s in all)."""
    body = b'{"status": "ok", "pad": "' + b"x" * 60 + b'"}'
    conn.sendall(
        b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
        + f"Content-Length: {len(body)}\r\n\r\n".encode()
    )
    for byte in body:
        conn.sendall(bytes([byte]))
        time.sleep(0.05)


def slow(seconds: float, body: Any = None) -> Any:
    def handler(request: Request) -> Response:
        time.sleep(seconds)
        return jresp(body if body is not None else {"status": "ok"})

    return handler


@pytest.mark.parametrize("bad", [math.inf, math.nan, 0, -1, "10", True])
def test_timeout_must_be_positive_and_finite(bad: Any) -> None:
    with pytest.raises(ValidationError, match="timeout"):
        Client(KEY, base_url="http://127.0.0.1:9/api/v1", timeout=bad)
    with pytest.raises(ValidationError, match="timeout"):
        Client(KEY, base_url="http://127.0.0.1:9/api/v1").with_options(timeout=bad)


def test_a_dripping_answer_cannot_outlast_the_timeout() -> None:
    server = RawServer(drip)
    try:
        client = Client(KEY, base_url=server.url + "/api/v1", timeout=0.5, max_retries=0)
        with pytest.raises(TimeoutError):
            client.health()
    finally:
        server.close()


@pytest.mark.parametrize("kind", TRANSPORTS)
def test_a_dripping_answer_cannot_outlast_the_timeout_async(kind: str) -> None:
    server = RawServer(drip)

    async def run() -> None:
        async with AsyncClient(
            KEY, base_url=server.url + "/api/v1", timeout=0.5, max_retries=0, _transport=inner(kind)
        ) as client:
            await client.health()

    try:
        with pytest.raises(TimeoutError):
            asyncio.run(run())
    finally:
        server.close()


def test_with_options_can_raise_the_timeout_as_well_as_lower_it(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/api/v1/health").respond_with_handler(slow(0.6))
    client = Client(KEY, base_url=httpserver.url_for("/api/v1"), timeout=0.2, max_retries=0)
    with pytest.raises(TimeoutError):
        client.health()
    assert client.with_options(timeout=5).health() == {"status": "ok"}
    with pytest.raises(TimeoutError):
        Client(KEY, base_url=httpserver.url_for("/api/v1"), max_retries=0).with_options(
            timeout=0.2
        ).health()


@pytest.mark.parametrize("kind", TRANSPORTS)
def test_with_options_can_raise_the_timeout_async(httpserver: HTTPServer, kind: str) -> None:
    httpserver.expect_request("/api/v1/health").respond_with_handler(slow(0.6))

    async def run() -> Any:
        async with AsyncClient(
            KEY,
            base_url=httpserver.url_for("/api/v1"),
            timeout=0.2,
            max_retries=0,
            _transport=inner(kind),
        ) as client:
            return await client.with_options(timeout=5).health()

    assert asyncio.run(run()) == {"status": "ok"}


@pytest.fixture
def threaded_server() -> Iterator[HTTPServer]:
    """A server answering each request in its own thread: slow answers do not queue up."""
    server = HTTPServer(threaded=True)
    server.start()
    yield server
    server.clear()
    server.stop()


def test_read_timeouts_are_retried_only_when_a_resend_is_safe(
    threaded_server: HTTPServer, fake_time: FakeTime
) -> None:
    arrived: list[Request] = []

    def late(request: Request) -> Response:
        arrived.append(request)  # counted on arrival: the client has given up by the answer
        time.sleep(0.5)
        return jresp(IMAGE)

    threaded_server.expect_request(re.compile("/api/v1/.*")).respond_with_handler(late)
    client = make_client(threaded_server.url_for("/api/v1"), fake_time, timeout=0.2)

    with pytest.raises(TimeoutError):
        client.health()  # a GET: three attempts
    with pytest.raises(TimeoutError):
        client.images.generate("fal-ai/flux/schnell", "p")  # keyed POST: three, one key
    with pytest.raises(ConnectionError) as info:
        client.providers.validate_key("fal", "fal_12345678")  # no key: once, outcome unknown
    assert info.value.outcome_unknown

    paths = [request.path for request in arrived]
    assert paths.count("/api/v1/health") == 3
    assert paths.count("/api/v1/images/generate") == 3
    assert paths.count("/api/v1/providers/validate") == 1
    keys = {r.headers["Idempotency-Key"] for r in arrived if "images" in r.path}
    assert len(keys) == 1


@pytest.mark.parametrize(("timeout", "sleeps"), [(5.0, []), (120.0, [30.0, 30.0])])
def test_a_retry_after_hint_longer_than_the_timeout_fails_fast(
    httpserver: HTTPServer, fake_time: FakeTime, timeout: float, sleeps: list[float]
) -> None:
    httpserver.expect_request("/api/v1/health").respond_with_json(
        {"error": "RATE_LIMITED", "message": "later"}, status=429, headers={"Retry-After": "30"}
    )
    client = make_client(httpserver.url_for("/api/v1"), fake_time, timeout=timeout)
    with pytest.raises(RateLimitError) as info:
        client.health()
    assert info.value.retry_after == 30.0
    assert fake_time.sleeps == sleeps  # honoured only when the caller allows that long
