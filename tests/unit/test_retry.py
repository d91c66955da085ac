"""The retry decision, one attempt at a time: which failures are retried, how long we wait,
what each attempt may take, and what the final error carries."""

from __future__ import annotations

import gzip
import ssl
import time
from typing import Any

import httpx
import pytest
from hypothesis import given
from hypothesis import strategies as st
from pytest_httpserver import HTTPServer
from werkzeug import Response

from tests.conftest import FakeTime
from visgate_sdk import Client
from visgate_sdk._retry import (
    CONNECT_CAP,
    MAX_BODY_BYTES,
    TLS_REJECTED,
    RetryPolicy,
    _Attempts,
    backoff_delay,
)
from visgate_sdk.exceptions import ConnectionError, ResponseParseError, TimeoutError

URL = "http://127.0.0.1:9/api/v1/things"
KEY = "key-123"


def policy(fake: FakeTime, rand: float = 1.0, **kw: Any) -> RetryPolicy:
    return RetryPolicy(sleep=fake.sleep, clock=fake.clock, random=lambda: rand, **kw)


def attempts(
    method: str = "GET",
    *,
    key: str | None = None,
    max_retries: int = 2,
    timeout: float | None = None,
    deadline: float | None = None,
    fake: FakeTime | None = None,
    client_timeout: httpx.Timeout | None = None,
) -> _Attempts:
    headers = {"Idempotency-Key": key} if key else {}
    extensions = {"timeout": client_timeout.as_dict()} if client_timeout else {}
    request = httpx.Request(method, URL, headers=headers, extensions=extensions)
    return _Attempts(request, policy(fake or FakeTime()), max_retries, timeout, deadline)


def answer(status: int, headers: dict[str, str] | None = None) -> httpx.Response:
    return httpx.Response(status, headers=headers)


# -- backoff -------------------------------------------------------------------------------------
def test_backoff_is_equal_jitter_doubling_to_the_cap() -> None:
    fake = FakeTime()
    assert [backoff_delay(k, policy(fake, 1.0)) for k in range(6)] == [
        0.5,
        1.0,
        2.0,
        4.0,
        8.0,
        8.0,
    ]
    assert [backoff_delay(k, policy(fake, 0.0)) for k in range(6)] == [
        0.25,
        0.5,
        1.0,
        2.0,
        4.0,
        4.0,
    ]
    assert backoff_delay(1, policy(fake, 0.5)) == 0.75


def test_default_policy() -> None:
    assert RetryPolicy()[:4] == (2, 0.5, 8.0, 60.0)


@given(st.integers(0, 40), st.floats(0.0, 1.0))
def test_backoff_stays_between_half_and_all_of_its_ceiling(k: int, rand: float) -> None:
    ceiling = min(0.5 * 2**k, 8.0)
    assert ceiling / 2 <= backoff_delay(k, policy(FakeTime(), rand)) <= ceiling


# -- answers ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("method", ["GET", "HEAD", "OPTIONS", "PUT", "DELETE", "POST"])
@pytest.mark.parametrize("status", [429, 503])
def test_not_done_statuses_are_retried_for_every_method(method: str, status: int) -> None:
    assert attempts(method).after_response(answer(status)) == 0.5


@pytest.mark.parametrize("status", [500, 502, 504])
@pytest.mark.parametrize("method", ["GET", "HEAD", "OPTIONS", "PUT", "DELETE"])
def test_ambiguous_statuses_are_retried_when_a_resend_is_safe(method: str, status: int) -> None:
    assert attempts(method).after_response(answer(status)) == 0.5
    assert attempts("POST", key=KEY).after_response(answer(status)) == 0.5


@pytest.mark.parametrize("status", [500, 502, 504])
@pytest.mark.parametrize("method", ["POST", "PATCH"])
def test_ambiguous_statuses_are_final_for_an_unkeyed_unsafe_method(
    method: str, status: int
) -> None:
    assert attempts(method).after_response(answer(status)) is None


@pytest.mark.parametrize("status", [200, 202, 400, 401, 404, 409, 422, 430, 501, 505])
def test_other_statuses_are_handed_back(status: int) -> None:
    assert attempts("GET").after_response(answer(status)) is None


def test_409_is_waited_out_only_for_a_keyed_request() -> None:
    assert attempts("POST", key=KEY).after_response(answer(409)) == 0.5
    assert attempts("POST").after_response(answer(409)) is None
    assert attempts("GET").after_response(answer(409)) is None


def test_hints_are_obeyed_up_to_the_allowed_wait() -> None:
    fake = FakeTime()
    assert attempts(fake=fake).after_response(answer(503, {"Retry-After": "3"})) == 3.0
    assert attempts().after_response(answer(503, {"Retry-After": "60"})) == 60.0
    assert attempts().after_response(answer(503, {"Retry-After": "61"})) is None
    # The caller allowed 5 s per attempt: a 5 s hint is fine, a longer one fails fast.
    assert attempts(timeout=5.0).after_response(answer(429, {"Retry-After": "5"})) == 5.0
    assert attempts(timeout=5.0).after_response(answer(429, {"Retry-After": "6"})) is None
    limited = attempts(client_timeout=httpx.Timeout(4.0))
    assert limited.after_response(answer(429, {"Retry-After": "5"})) is None
    unlimited = attempts(client_timeout=httpx.Timeout(None))
    assert unlimited.after_response(answer(429, {"Retry-After": "30"})) == 30.0


def test_retries_stop_at_max_retries() -> None:
    state = attempts(max_retries=2)
    assert state.after_response(answer(503)) == 0.5
    assert state.after_response(answer(503)) == 1.0
    assert state.after_response(answer(503)) is None
    assert state.retries == 2
    assert attempts(max_retries=0).after_response(answer(503)) is None


def test_a_retry_must_start_before_the_deadline() -> None:
    fake = FakeTime()  # now = 1000
    assert attempts(fake=fake, deadline=1000.6).after_response(answer(503)) == 0.5
    assert attempts(fake=fake, deadline=1000.5).after_response(answer(503)) is None
    hinted = answer(503, {"Retry-After": "2"})
    assert attempts(fake=fake, deadline=1001.0).after_response(hinted) is None


# -- transport errors ----------------------------------------------------------------------------
def request_for(state: _Attempts) -> httpx.Request:
    return state.request


NOT_SENT = [httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout]
MAYBE_SENT = [
    httpx.ReadTimeout,
    httpx.WriteTimeout,
    httpx.ReadError,
    httpx.WriteError,
    httpx.RemoteProtocolError,
]


# (error, method, Idempotency-Key): a failure before sending is retried for every method; one
# after sending only when a resend is safe (an idempotent method, or a keyed POST).
ANY_METHOD = ("GET", "PUT", "DELETE", "POST", "PATCH")
IDEMPOTENT = ("GET", "HEAD", "OPTIONS", "PUT", "DELETE")
RETRIED = [
    *((error, method, None) for error in NOT_SENT for method in ANY_METHOD),
    *((error, method, None) for error in MAYBE_SENT for method in IDEMPOTENT),
    *((error, "POST", KEY) for error in MAYBE_SENT),
]


@pytest.mark.parametrize(("error", "method", "key"), RETRIED)
def test_failures_are_retried_when_unsent_or_safe_to_resend(
    error: type[httpx.TransportError], method: str, key: str | None
) -> None:
    state = attempts(method, key=key)
    assert state.after_error(error("x", request=state.request)) == 0.5


@pytest.mark.parametrize("error", MAYBE_SENT)
@pytest.mark.parametrize("method", ["POST", "PATCH"])
def test_failures_after_sending_an_unkeyed_post_are_outcome_unknown(
    method: str, error: type[httpx.TransportError]
) -> None:
    state = attempts(method)
    with pytest.raises(ConnectionError) as info:
        state.after_error(error("x", request=state.request))
    assert info.value.outcome_unknown and state.retries == 0
    assert "Idempotency-Key" in info.value.message


def tls_error(via_context: bool) -> httpx.ConnectError:
    cause = ssl.SSLCertVerificationError("certificate verify failed")
    error = httpx.ConnectError("x")
    if via_context:
        error.__context__ = cause
    else:
        error.__cause__ = cause
    return error


@pytest.mark.parametrize("via_context", [False, True])
def test_a_rejected_certificate_is_never_retried(via_context: bool) -> None:
    state = attempts("GET")
    with pytest.raises(ConnectionError) as info:
        state.after_error(tls_error(via_context))
    assert info.value.error_code == TLS_REJECTED and not info.value.outcome_unknown
    assert state.retries == 0


def test_a_certificate_error_deep_in_the_chain_still_counts() -> None:
    error: BaseException = ssl.SSLCertVerificationError("bad")
    for _ in range(7):
        wrapper = httpx.ConnectError("x")
        wrapper.__cause__ = error
        error = wrapper
    assert isinstance(error, httpx.ConnectError)
    with pytest.raises(ConnectionError) as info:
        attempts().after_error(error)
    assert info.value.error_code == TLS_REJECTED


def test_a_plain_connect_error_with_unrelated_causes_is_retried() -> None:
    error = httpx.ConnectError("refused")
    error.__cause__ = OSError("refused")
    assert attempts().after_error(error) == 0.5


def test_an_exhausted_get_timeout_carries_no_key() -> None:
    state = attempts("GET", max_retries=1)
    assert state.after_error(httpx.ReadTimeout("x", request=state.request)) == 0.5
    with pytest.raises(TimeoutError) as info:
        state.after_error(httpx.ReadTimeout("x", request=state.request))
    assert info.value.idempotency_key is None
    assert info.value.message == "GET /api/v1/things timed out after 2 attempt(s)"


def test_an_exhausted_keyed_post_timeout_carries_its_key_and_says_how_to_collect_it() -> None:
    state = attempts("POST", key=KEY, max_retries=0)
    with pytest.raises(TimeoutError) as info:
        state.after_error(httpx.ReadTimeout("x", request=state.request))
    assert info.value.idempotency_key == KEY
    assert f"idempotency_key={KEY!r}" in info.value.message


def test_an_exhausted_keyed_post_that_never_left_is_not_outcome_unknown() -> None:
    state = attempts("POST", key=KEY, max_retries=0)
    with pytest.raises(ConnectionError) as info:
        state.after_error(httpx.ConnectError("x", request=state.request))
    assert not info.value.outcome_unknown and info.value.idempotency_key == KEY
    assert "idempotency_key=" not in info.value.message
    assert "failed after 1 attempt(s): ConnectError" in info.value.message
    with pytest.raises(ConnectionError) as info:
        state.after_error(httpx.ReadError("x", request=state.request))
    assert info.value.outcome_unknown and f"idempotency_key={KEY!r}" in info.value.message


def test_an_exhausted_keyed_put_is_not_outcome_unknown() -> None:
    state = attempts("PUT", key=KEY, max_retries=0)
    with pytest.raises(ConnectionError) as info:
        state.after_error(httpx.ReadError("x", request=state.request))
    assert not info.value.outcome_unknown
    assert "idempotency_key=" not in info.value.message


def test_transport_retries_also_stop_at_the_deadline() -> None:
    fake = FakeTime()
    state = attempts(fake=fake, deadline=1000.5)
    with pytest.raises(ConnectionError):
        state.after_error(httpx.ConnectError("x", request=state.request))


# -- each attempt's time ---------------------------------------------------------------------------
def phases(state: _Attempts) -> dict[str, float]:
    return dict(state.request.extensions["timeout"])


def test_a_calls_timeout_sets_every_phase_and_connect_is_capped() -> None:
    state = attempts(timeout=5.0)
    state.prepare()
    assert phases(state) == {"connect": 5.0, "read": 5.0, "write": 5.0, "pool": 5.0}
    state = attempts(timeout=30.0)
    state.prepare()
    assert phases(state) == {"connect": CONNECT_CAP, "read": 30.0, "write": 30.0, "pool": 30.0}


def test_every_phase_is_clamped_to_the_time_left_before_the_deadline() -> None:
    fake = FakeTime()
    state = attempts(fake=fake, deadline=1002.0, client_timeout=httpx.Timeout(5.0, connect=1.0))
    state.prepare()
    assert phases(state) == {"connect": 1.0, "read": 2.0, "write": 2.0, "pool": 2.0}
    state = attempts(fake=fake, timeout=30.0, deadline=1003.0)
    state.prepare()
    assert phases(state) == {"connect": 3.0, "read": 3.0, "write": 3.0, "pool": 3.0}
    unbounded = attempts(fake=fake, deadline=1004.0, client_timeout=httpx.Timeout(None))
    unbounded.prepare()
    assert phases(unbounded) == {"connect": 4.0, "read": 4.0, "write": 4.0, "pool": 4.0}
    late = attempts(fake=fake, deadline=990.0, client_timeout=httpx.Timeout(5.0))
    late.prepare()
    assert phases(late) == dict.fromkeys(("connect", "read", "write", "pool"), 0.001)


def test_without_a_call_timeout_or_deadline_the_clients_timeouts_stay() -> None:
    state = attempts(client_timeout=httpx.Timeout(5.0, connect=1.0))
    state.prepare()
    assert phases(state) == {"connect": 1.0, "read": 5.0, "write": 5.0, "pool": 5.0}


def test_an_attempt_ends_at_its_timeout_or_the_deadline() -> None:
    fake = FakeTime()
    state = attempts(fake=fake, timeout=5.0)
    state.prepare()
    assert state.attempt_ends == 1005.0
    fake.now = 1005.0
    state.check_time()  # exactly on time is still in time
    fake.now = 1005.5
    with pytest.raises(httpx.ReadTimeout):
        state.check_time()

    fake = FakeTime()
    state = attempts(fake=fake, timeout=5.0, deadline=1002.0)
    state.prepare()
    assert state.attempt_ends == 1002.0
    state = attempts(fake=fake, client_timeout=httpx.Timeout(3.0))
    state.prepare()
    assert state.attempt_ends == 1003.0


# -- property: the decision ----------------------------------------------------------------------
methods = st.sampled_from(["GET", "HEAD", "OPTIONS", "PUT", "DELETE", "POST", "PATCH"])
failures = st.one_of(
    st.sampled_from([429, 500, 502, 503, 504, 409, 400, 404]),
    st.sampled_from(NOT_SENT + MAYBE_SENT),
)


@given(methods, st.booleans(), st.integers(0, 5), st.lists(failures, min_size=1, max_size=12))
def test_retries_are_bounded_and_never_resend_an_unkeyed_post(
    method: str, keyed: bool, max_retries: int, sequence: list[Any]
) -> None:
    state = attempts(method, key=KEY if keyed else None, max_retries=max_retries)
    unsafe = method in ("POST", "PATCH") and not keyed
    for failure in sequence:
        if isinstance(failure, int):
            delay = state.after_response(answer(failure))
            if unsafe and failure in (500, 502, 504):
                assert delay is None
        else:
            try:
                delay = state.after_error(failure("x", request=state.request))
            except (ConnectionError, TimeoutError) as exc:
                delay = None
                if unsafe and failure in MAYBE_SENT:
                    assert isinstance(exc, ConnectionError) and exc.outcome_unknown
            else:
                assert not (unsafe and failure in MAYBE_SENT)
        assert state.retries <= max_retries
        if delay is None:
            break
        assert 0 < delay <= 8.0


# -- the decoded-size cap, on a real server ------------------------------------------------------
@pytest.mark.parametrize("encoding", ["gzip", "GZIP", " Gzip "])
def test_the_decoded_size_cap_holds_whatever_the_encodings_case(
    httpserver: HTTPServer, encoding: str
) -> None:
    bomb = gzip.compress(b"\0" * (MAX_BODY_BYTES + 1), compresslevel=9)
    httpserver.expect_request("/api/v1/health").respond_with_response(
        Response(bomb, headers={"Content-Encoding": encoding, "Content-Type": "application/json"})
    )
    fake = FakeTime()
    client = Client(
        "vg-test-key-000",
        base_url=httpserver.url_for("/api/v1"),
        _sleep=fake.sleep,
        _clock=fake.clock,
        max_retries=0,
    )
    with pytest.raises(ResponseParseError, match="exceeds"):
        client.health()
    client.close()


def test_published_limits() -> None:
    assert MAX_BODY_BYTES == 64 * 1024 * 1024  # README: "a 64 MiB cap"
    assert CONNECT_CAP == 10.0


def test_a_long_chain_without_a_certificate_error_is_an_ordinary_connect_failure() -> None:
    error: BaseException = OSError("refused")
    for _ in range(12):
        wrapper = httpx.ConnectError("x")
        wrapper.__cause__ = error
        error = wrapper
    assert isinstance(error, httpx.ConnectError)
    assert attempts().after_error(error) == 0.5


def test_the_attempts_end_on_the_real_clock_matches_the_policys() -> None:
    # Sockets and asyncio timers run on time.monotonic(), whatever clock the policy uses.
    fake = FakeTime()
    state = attempts(fake=fake, timeout=5.0, deadline=1003.0)
    before = time.monotonic()
    state.prepare()
    assert before + 3.0 <= state.ends_real <= time.monotonic() + 3.0
    stopped = state.ran_out()
    assert isinstance(stopped, httpx.ReadTimeout) and stopped.request is state.request
    assert "longer than 5s" in str(stopped)


@pytest.mark.parametrize(("size", "fails"), [(MAX_BODY_BYTES, False), (MAX_BODY_BYTES + 1, True)])
def test_the_raw_size_cap_is_exact(httpserver: HTTPServer, size: int, fails: bool) -> None:
    httpserver.expect_request("/api/v1/health").respond_with_response(
        Response(b" " * (size - 2) + b"{}", content_type="application/json")
    )
    with Client("vg-test-key-000", base_url=httpserver.url_for("/api/v1"), max_retries=0) as c:
        if fails:
            with pytest.raises(ResponseParseError, match="exceeds"):
                c.health()
        else:
            assert c.health() == {}
