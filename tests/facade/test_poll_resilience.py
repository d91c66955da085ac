"""A wait survives what happens to single polls: the job runs on server-side regardless."""

from __future__ import annotations

import json
from typing import Any

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from tests.conftest import FakeTime
from tests.facade.test_jobs import make, status
from tests.transport.rawserver import RawServer, reset
from visgate_sdk import Client
from visgate_sdk.exceptions import AuthenticationError, TimeoutError


def answers(fake: FakeTime, *steps: tuple[int, Any]) -> Any:
    """Answer each poll with the next (status code, body); the last one repeats."""
    seen: list[float] = []

    def handler(request: Request) -> Response:
        seen.append(fake.now)
        code, body = steps[min(len(seen), len(steps)) - 1]
        return Response(json.dumps(body), status=code, mimetype="application/json")

    return handler


OUTAGE = {"error": "UNAVAILABLE", "message": "try later", "details": None}


def test_an_outage_longer_than_the_retries_does_not_end_the_wait(
    httpserver: HTTPServer, fake_time: FakeTime
) -> None:
    # Six 503s in a row: more than one call's two retries, fewer than the wait allows.
    steps = [(503, OUTAGE)] * 6 + [(200, status("completed"))]
    httpserver.expect_request("/api/v1/requests/job-1").respond_with_handler(
        answers(fake_time, *steps)
    )
    final = make(httpserver, fake_time).requests.get("job-1", wait=True, timeout=300)
    assert final.status == "completed"
    assert len(httpserver.log) == 7


def test_an_outage_past_the_deadline_is_a_resumable_timeout(
    httpserver: HTTPServer, fake_time: FakeTime
) -> None:
    httpserver.expect_request("/api/v1/requests/job-1").respond_with_handler(
        answers(fake_time, (200, status("processing")), (503, OUTAGE))
    )
    with pytest.raises(TimeoutError) as info:
        make(httpserver, fake_time).requests.get("job-1", wait=True, timeout=30)
    err = info.value
    assert err.request_id == "job-1"
    assert err.last_status is not None and err.last_status.status == "processing"
    assert "requests.get('job-1', wait=True)" in str(err)
    assert sum(fake_time.sleeps) <= 30 + 1e-9  # never waits past the deadline


def test_connection_resets_during_a_wait_are_polled_through(fake_time: FakeTime) -> None:
    done = json.dumps(status("completed")).encode()

    def ok(conn: Any, request: bytes) -> None:
        conn.sendall(
            b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n"
            + f"Content-Length: {len(done)}\r\n\r\n".encode()
            + done
        )

    server = RawServer(reset, reset, reset, reset, ok)
    try:
        client = Client(
            "vg-test-key-000",
            base_url=server.url + "/api/v1",
            max_retries=1,
            _sleep=fake_time.sleep,
            _clock=fake_time.clock,
        )
        assert client.requests.get("job-1", wait=True, timeout=300).status == "completed"
        assert len(server.requests) == 5
    finally:
        server.close()


def test_a_poll_answer_that_will_not_change_ends_the_wait_at_once(
    httpserver: HTTPServer, fake_time: FakeTime
) -> None:
    httpserver.expect_request("/api/v1/requests/job-1").respond_with_json(
        {"error": "AUTHENTICATION_ERROR", "message": "key revoked"}, status=401
    )
    with pytest.raises(AuthenticationError):
        make(httpserver, fake_time).requests.get("job-1", wait=True, timeout=300)
    assert len(httpserver.log) == 1  # not polled again
