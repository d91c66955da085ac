"""Retries under httpx: which failures are retried, how long we wait, and no double billing."""

from __future__ import annotations

import email.utils
import gzip
import json
from collections.abc import Iterator
from typing import Any

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from tests.conftest import FakeTime
from tests.transport.rawserver import RawServer, reset, respond, self_signed_context, truncated
from visgate_sdk import Client
from visgate_sdk.exceptions import (
    AuthenticationError,
    ConflictError,
    ConnectionError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    ServerError,
    ValidationError,
)

IMAGE = {"id": "img-1", "model": "fal-ai/flux/schnell", "provider": "fal", "images": ["u"]}
HEALTH = {"status": "ok"}


def make_client(url: str, fake: FakeTime, **kw: Any) -> Client:
    return Client(
        "vg-test-key-000",
        base_url=url,
        _sleep=fake.sleep,
        _clock=fake.clock,
        _random=lambda: 1.0,
        **kw,
    )


def sequence(*answers: Response) -> Any:
    """A handler answering with each response in turn, the last one forever."""
    seen: list[int] = []

    def handler(request: Request) -> Response:
        seen.append(1)
        return answers[min(len(seen), len(answers)) - 1]

    return handler


def jresp(body: Any, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    return Response(json.dumps(body), status=status, headers=headers, mimetype="application/json")


@pytest.fixture
def api(httpserver: HTTPServer) -> Iterator[str]:
    yield httpserver.url_for("/api/v1")


def test_get_is_retried_on_503_until_success(
    httpserver: HTTPServer, api: str, fake_time: FakeTime
) -> None:
    httpserver.expect_request("/api/v1/health").respond_with_handler(
        sequence(jresp({}, 503), jresp({}, 503), jresp(HEALTH))
    )
    assert make_client(api, fake_time).health() == HEALTH
    assert len(httpserver.log) == 3
    # rand == 1: equal jitter gives the full ceiling, 0.5 then 1.0.
    assert fake_time.sleeps == [0.5, 1.0]


def test_backoff_stays_in_bounds_and_caps(fake_time: FakeTime) -> None:
    import random

    from visgate_sdk._retry import RetryPolicy, backoff_delay

    policy = RetryPolicy(random=random.Random(7).random)
    for k in range(10):
        ceiling = min(0.5 * 2**k, 8.0)
        for _ in range(200):
            assert ceiling / 2 <= backoff_delay(k, policy) <= ceiling


def test_persistent_503_gives_up_after_max_retries(
    httpserver: HTTPServer, api: str, fake_time: FakeTime
) -> None:
    httpserver.expect_request("/api/v1/health").respond_with_json(
        {"error": "SERVICE_UNAVAILABLE", "message": "down", "details": None}, status=503
    )
    with pytest.raises(ServerError) as info:
        make_client(api, fake_time, max_retries=3).health()
    assert len(httpserver.log) == 4
    assert info.value.status_code == 503 and info.value.error_code == "SERVICE_UNAVAILABLE"


@pytest.mark.parametrize(
    ("status", "error"),
    [
        (400, ValidationError),
        (401, AuthenticationError),
        (403, PermissionDeniedError),
        (404, NotFoundError),
        (422, ValidationError),
    ],
)
def test_client_errors_are_never_retried(
    httpserver: HTTPServer, api: str, fake_time: FakeTime, status: int, error: type[Exception]
) -> None:
    httpserver.expect_request("/api/v1/health").respond_with_json(
        {"error": "X", "message": "no"}, status=status
    )
    with pytest.raises(error):
        make_client(api, fake_time).health()
    assert len(httpserver.log) == 1


def test_max_retries_zero_sends_once(httpserver: HTTPServer, api: str, fake_time: FakeTime) -> None:
    httpserver.expect_request("/api/v1/health").respond_with_json({}, status=503)
    with pytest.raises(ServerError):
        make_client(api, fake_time, max_retries=0).health()
    assert len(httpserver.log) == 1


def test_generation_retry_reuses_the_same_idempotency_key(
    httpserver: HTTPServer, api: str, fake_time: FakeTime
) -> None:
    httpserver.expect_request("/api/v1/images/generate", method="POST").respond_with_handler(
        sequence(jresp({"error": "INTERNAL", "message": "x"}, 500), jresp(IMAGE))
    )
    client = make_client(api, fake_time)
    assert client.images.generate("fal-ai/flux/schnell", "a cat").id == "img-1"
    keys = [req.headers.get("Idempotency-Key") for req, _ in httpserver.log]
    assert len(keys) == 2 and keys[0] and keys[0] == keys[1]
    client.images.generate("fal-ai/flux/schnell", "a cat")
    assert httpserver.log[-1][0].headers["Idempotency-Key"] != keys[0]


def test_caller_idempotency_key_is_sent_verbatim(
    httpserver: HTTPServer, api: str, fake_time: FakeTime
) -> None:
    httpserver.expect_request("/api/v1/videos/generate").respond_with_handler(
        sequence(jresp({}, 502), jresp({**IMAGE, "video_url": "v"}))
    )
    make_client(api, fake_time).videos.generate("fal-ai/veo3", "p", idempotency_key="my-key-1")
    assert [r.headers["Idempotency-Key"] for r, _ in httpserver.log] == ["my-key-1"] * 2


def test_post_without_key_is_not_retried_after_a_500(
    httpserver: HTTPServer, api: str, fake_time: FakeTime
) -> None:
    httpserver.expect_request("/api/v1/providers/validate").respond_with_json({}, status=500)
    with pytest.raises(ServerError):
        make_client(api, fake_time).providers.validate_key("fal", "fal_12345678")
    assert len(httpserver.log) == 1


def test_post_without_key_is_retried_on_429(
    httpserver: HTTPServer, api: str, fake_time: FakeTime
) -> None:
    httpserver.expect_request("/api/v1/providers/validate").respond_with_handler(
        sequence(jresp({}, 429, {"Retry-After": "1"}), jresp({"valid": True, "message": "ok"}))
    )
    assert make_client(api, fake_time).providers.validate_key("fal", "fal_12345678").valid
    assert fake_time.sleeps == [1.0]


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        ({"Retry-After": "2"}, 2.0),
        ({"Retry-After": "1.5"}, 1.5),
        ({"retry-after-ms": "1500"}, 1.5),
        ({"retry-after-ms": "250", "Retry-After": "9"}, 0.25),
    ],
)
def test_retry_after_forms_are_obeyed(
    httpserver: HTTPServer, api: str, fake_time: FakeTime, headers: dict[str, str], expected: float
) -> None:
    httpserver.expect_request("/api/v1/health").respond_with_handler(
        sequence(jresp({}, 429, headers), jresp(HEALTH))
    )
    make_client(api, fake_time).health()
    assert fake_time.sleeps == [expected]


def test_retry_after_http_date_is_measured_against_the_server_date(fake_time: FakeTime) -> None:
    # The server's clock is years behind ours: only Date -> Retry-After matters (3 s).
    server_now = 1_700_000_000.0
    date = email.utils.formatdate(server_now, usegmt=True)
    later = email.utils.formatdate(server_now + 3, usegmt=True)

    def busy(conn: Any, request: bytes) -> None:
        conn.sendall(
            f"HTTP/1.1 503 Service Unavailable\r\nDate: {date}\r\nRetry-After: {later}\r\n"
            "Content-Length: 2\r\nConnection: close\r\n\r\n{{}}".encode()
        )

    server = RawServer(busy, respond(json.dumps(HEALTH).encode()))
    try:
        make_client(server.url + "/api/v1", fake_time).health()
    finally:
        server.close()
    assert fake_time.sleeps == [3.0]


def test_garbage_retry_after_falls_back_to_backoff(
    httpserver: HTTPServer, api: str, fake_time: FakeTime
) -> None:
    httpserver.expect_request("/api/v1/health").respond_with_handler(
        sequence(jresp({}, 503, {"Retry-After": "soon"}), jresp(HEALTH))
    )
    make_client(api, fake_time).health()
    assert fake_time.sleeps == [0.5]


def test_hint_longer_than_allowed_fails_fast_with_retry_after(
    httpserver: HTTPServer, api: str, fake_time: FakeTime
) -> None:
    httpserver.expect_request("/api/v1/health").respond_with_json(
        {"error": "RATE_LIMITED", "message": "slow down"},
        status=429,
        headers={"Retry-After": "120"},
    )
    with pytest.raises(RateLimitError) as info:
        make_client(api, fake_time).health()
    assert info.value.retry_after == 120.0
    assert len(httpserver.log) == 1 and fake_time.sleeps == []


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2", 2.0),
        ("1.5", 1.5),
        ("0", 0.0),
        ("-10", None),
        ("inf", None),
        ("nan", None),
        ("9" * 40, None),
        ("Zun, 99 Foo 2026 00:00:00 GMT", None),
        ("", None),
    ],
)
def test_parse_retry_after_never_raises(value: str, expected: float | None) -> None:
    from visgate_sdk._retry_after import parse_retry_after

    assert parse_retry_after({"Retry-After": value}) == expected


def test_past_http_date_means_no_wait() -> None:
    from visgate_sdk._retry_after import parse_retry_after

    past = email.utils.formatdate(1_000_000_000, usegmt=True)
    assert parse_retry_after({"Retry-After": past}, now=1_700_000_000) == 0.0


# --- socket faults -----------------------------------------------------------------------------


def test_get_is_retried_after_a_reset_and_a_truncated_body(fake_time: FakeTime) -> None:
    server = RawServer(reset, truncated, respond(json.dumps(HEALTH).encode()))
    try:
        assert make_client(server.url + "/api/v1", fake_time).health() == HEALTH
        assert len(server.requests) == 3
    finally:
        server.close()


def test_post_without_idempotency_key_is_not_resent_after_a_reset(fake_time: FakeTime) -> None:
    server = RawServer(reset, respond(b'{"valid": true}'))
    try:
        client = make_client(server.url + "/api/v1", fake_time)
        with pytest.raises(ConnectionError) as info:
            client.providers.validate_key("fal", "fal_12345678")
        assert info.value.outcome_unknown is True
        assert "Idempotency-Key" in str(info.value)
        assert len(server.requests) == 1
    finally:
        server.close()


def test_generation_post_is_resent_after_a_reset_with_the_same_key(fake_time: FakeTime) -> None:
    server = RawServer(reset, respond(json.dumps(IMAGE).encode()))
    try:
        client = make_client(server.url + "/api/v1", fake_time)
        assert client.images.generate("fal-ai/flux/schnell", "p").id == "img-1"
        keys = [
            line.split(b":", 1)[1].strip()
            for request in server.requests
            for line in request.split(b"\r\n")
            if line.lower().startswith(b"idempotency-key:")
        ]
        assert len(keys) == 2 and keys[0] == keys[1]
    finally:
        server.close()


def test_a_keyed_post_that_keeps_failing_says_how_to_collect_its_outcome(
    fake_time: FakeTime,
) -> None:
    server = RawServer(reset)
    try:
        client = make_client(server.url + "/api/v1", fake_time)
        with pytest.raises(ConnectionError) as info:
            client.images.generate("fal-ai/flux/schnell", "p", idempotency_key="order-7")
        err = info.value
        assert len(server.requests) == 3  # sent, so possibly acted on
        assert err.outcome_unknown is True and err.idempotency_key == "order-7"
        assert "idempotency_key='order-7'" in str(err)
    finally:
        server.close()


def test_409_on_a_keyed_retry_waits_for_the_first_attempts_outcome(
    httpserver: HTTPServer, api: str, fake_time: FakeTime
) -> None:
    busy = {"error": "IDEMPOTENCY_KEY_IN_USE", "message": "still running", "details": None}
    httpserver.expect_request("/api/v1/images/generate").respond_with_handler(
        sequence(jresp(busy, 409, {"Retry-After": "1"}), jresp(IMAGE))
    )
    assert make_client(api, fake_time).images.generate("fal-ai/flux/schnell", "p").id == "img-1"
    keys = {request.headers["Idempotency-Key"] for request, _ in httpserver.log}
    assert len(httpserver.log) == 2 and len(keys) == 1 and fake_time.sleeps == [1.0]


def test_409_without_a_key_is_final_and_errors_carry_the_calls_key(
    httpserver: HTTPServer, api: str, fake_time: FakeTime
) -> None:
    busy = {"error": "CONFLICT", "message": "busy", "details": None}
    httpserver.expect_request("/api/v1/providers/keys").respond_with_json(busy, status=409)
    httpserver.expect_request("/api/v1/videos/generate").respond_with_json(
        {"error": "VALIDATION_ERROR", "message": "bad", "details": None}, status=422
    )
    client = make_client(api, fake_time)
    with pytest.raises(ConflictError):
        client.providers.set_key("fal", "fal_12345678")
    with pytest.raises(ValidationError) as info:
        client.videos.generate("fal-ai/veo3", "p", idempotency_key="order-8")
    assert info.value.idempotency_key == "order-8"
    assert len(httpserver.log) == 2 and fake_time.sleeps == []


def test_connection_refused_is_retried_then_reported(fake_time: FakeTime) -> None:
    import socket

    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()  # nothing listens there now
    client = make_client(f"http://127.0.0.1:{port}/api/v1", fake_time)
    with pytest.raises(ConnectionError) as info:
        client.images.generate("fal-ai/flux/schnell", "p")
    assert info.value.outcome_unknown is False
    assert len(fake_time.sleeps) == 2  # connect failures are safe to retry, even for POST


def test_tls_certificate_failure_is_not_retried(tmp_path: Any, fake_time: FakeTime) -> None:
    server = RawServer(respond(b"{}"), tls=self_signed_context(tmp_path))
    try:
        with pytest.raises(ConnectionError) as info:
            make_client(server.url + "/api/v1", fake_time).health()
        assert "certificate" in str(info.value)
        assert server.connections == 1 and fake_time.sleeps == []
    finally:
        server.close()


# -- what the retry transport reads from, and leaves on, the request and the answer ----------


def _retry_transport(fake: FakeTime) -> Any:
    import httpx

    from visgate_sdk._retry import RetryPolicy, RetryTransport

    policy = RetryPolicy(sleep=fake.sleep, clock=fake.clock, random=lambda: 1.0)
    return RetryTransport(httpx.HTTPTransport(), policy)


def test_the_calls_options_on_the_request_set_its_retries(
    httpserver: HTTPServer, fake_time: FakeTime
) -> None:
    import httpx

    from visgate_sdk._context import CALL, CallOptions

    httpserver.expect_request("/x").respond_with_handler(
        sequence(jresp({}, 503), jresp({}, 503), jresp({}))
    )
    transport = _retry_transport(fake_time)
    once = httpx.Request("GET", httpserver.url_for("/x"))
    once.extensions[CALL] = CallOptions(None, 0, None)
    assert transport.handle_request(once).status_code == 503  # no retry: its own max_retries
    twice = httpx.Request("GET", httpserver.url_for("/x"))  # none: the policy's two retries
    assert transport.handle_request(twice).status_code == 200
    assert len(httpserver.log) == 3


def test_each_socket_phase_carries_the_attempts_end(
    httpserver: HTTPServer, fake_time: FakeTime
) -> None:
    import time

    import httpx

    from visgate_sdk._context import AttemptTimeout

    httpserver.expect_request("/x").respond_with_json({})
    timeouts = httpx.Timeout(4.0, connect=2.0).as_dict()
    request = httpx.Request("GET", httpserver.url_for("/x"), extensions={"timeout": timeouts})
    before = time.monotonic()
    _retry_transport(fake_time).handle_request(request)
    phases = request.extensions["timeout"]
    for phase in ("connect", "read", "write"):
        assert isinstance(phases[phase], AttemptTimeout)
        assert before + 4.0 <= phases[phase].ends <= time.monotonic() + 4.0
    assert (phases["connect"], phases["read"], phases["pool"]) == (2.0, 4.0, 4.0)
    assert type(phases["pool"]) is float  # waiting for a pooled connection is no socket call


def test_the_async_loop_leaves_phase_timeouts_plain(httpserver: HTTPServer) -> None:
    import asyncio

    import httpx

    from visgate_sdk._retry import AsyncRetryTransport, RetryPolicy

    httpserver.expect_request("/x").respond_with_json({})
    request = httpx.Request("GET", httpserver.url_for("/x"))
    request.extensions["timeout"] = httpx.Timeout(4.0).as_dict()

    async def run() -> None:
        transport = AsyncRetryTransport(httpx.AsyncHTTPTransport(), RetryPolicy())
        await transport.handle_async_request(request)
        await transport.aclose()

    asyncio.run(run())
    assert all(type(v) is float for v in request.extensions["timeout"].values())


@pytest.mark.parametrize(
    ("encoding", "wire", "body"),
    [
        (None, b'{"a": 1}', b'{"a": 1}'),
        ("gzip", gzip.compress(b'{"a": 1}'), b'{"a": 1}'),
        ("gzip", b"not gzip at all, but long enough to fail", None),  # httpx will say so
    ],
)
def test_the_answer_carries_its_decoded_body(
    httpserver: HTTPServer,
    fake_time: FakeTime,
    encoding: str | None,
    wire: bytes,
    body: bytes | None,
) -> None:
    import httpx

    from visgate_sdk._context import BODY

    headers = {"Content-Encoding": encoding} if encoding else {}
    httpserver.expect_request("/x").respond_with_data(wire, headers=headers)
    answer = _retry_transport(fake_time).handle_request(
        httpx.Request("GET", httpserver.url_for("/x"))
    )
    assert answer.extensions.get(BODY) == body
