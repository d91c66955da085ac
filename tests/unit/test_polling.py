"""The polling policy, driven step by step with a fake clock: delays, hints, deadline, errors."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.conftest import FakeTime
from visgate_sdk._polling import (
    FIRST_POLL,
    Poll,
    PollOutcome,
    Progress,
    Sleep,
    next_delay,
    wait_for,
)
from visgate_sdk._retry import TLS_REJECTED
from visgate_sdk.exceptions import (
    ConnectionError,
    GenerationFailedError,
    ResponseParseError,
    TimeoutError,
    VisgateError,
    error_from_parts,
)
from visgate_sdk.types import RequestStatusResult

JOB = "req-1"


def status(word: str, error: str | None = None) -> RequestStatusResult:
    return RequestStatusResult.from_dict(
        {"request_id": JOB, "status": word, "error_message": error}
    )


def seen(word: str, retry_after: float | None = None) -> PollOutcome:
    return status(word), retry_after


def http_error(code: int, retry_after: str | None = None) -> VisgateError:
    """The typed error the transport raises for a failed poll answer."""
    headers = {"Retry-After": retry_after} if retry_after is not None else {}
    return error_from_parts(code, headers, {"error": f"E{code}", "message": "no"}, None)


@dataclass
class Run:
    """What a wait did: its steps in order, and how it ended."""

    sleeps: list[float] = field(default_factory=list)
    polls: list[float] = field(default_factory=list)  # each poll's deadline
    progress: list[str] = field(default_factory=list)
    steps: list[str] = field(default_factory=list)
    result: RequestStatusResult | None = None
    error: VisgateError | None = None


def drive(
    outcomes: list[PollOutcome],
    *,
    timeout: float = 60.0,
    poll_interval: float = 2.0,
    first_delay: float | None = None,
    poll_cost: float = 0.0,
    fake: FakeTime | None = None,
) -> Run:
    """Carry out the waiter's steps: sleeps on the fake clock (which refuses negative waits),
    polls answered from ``outcomes`` (the last one repeated), each taking ``poll_cost``."""
    fake = fake or FakeTime()
    waiter = wait_for(
        JOB, timeout=timeout, poll_interval=poll_interval, clock=fake.clock, first_delay=first_delay
    )
    run = Run()
    answer: PollOutcome | None = None
    for _ in range(10_000):  # a wait that never ends is a failure, not a hang
        try:
            step = waiter.send(answer)
        except StopIteration as done:
            run.result = done.value
            return run
        except VisgateError as exc:
            run.error = exc
            return run
        answer = None
        if isinstance(step, Sleep):
            run.steps.append("sleep")
            fake.sleep(step.seconds)
            run.sleeps.append(step.seconds)
        elif isinstance(step, Poll):
            run.steps.append("poll")
            run.polls.append(step.deadline)
            answer = outcomes[min(len(run.polls), len(outcomes)) - 1]
            fake.now += poll_cost
        else:
            assert isinstance(step, Progress)
            run.steps.append("progress")
            run.progress.append(step.status.status)
    raise AssertionError(f"the wait did not end: {run.steps[-6:]}")


# -- delays ------------------------------------------------------------------------------------
def test_delays_grow_by_half_from_a_quarter_second_to_the_interval() -> None:
    run = drive([seen("processing")] * 8 + [seen("completed")], poll_interval=2.0)
    assert run.sleeps == [0.25, 0.375, 0.5625, 0.84375, 1.265625, 1.8984375, 2.0, 2.0, 2.0]
    assert run.result is not None and run.result.status == "completed"
    assert len(run.polls) == 9


def test_next_delay_bounds() -> None:
    assert next_delay(0.25, 2.0, None) == 0.375
    assert next_delay(0.0, 2.0, None) == FIRST_POLL  # never below the first poll's delay
    assert next_delay(10.0, 2.0, None) == 2.0  # capped by the interval
    assert next_delay(0.25, 0.1, None) == FIRST_POLL  # a tiny interval does not make a storm
    assert next_delay(0.25, 2.0, 5.0) == 5.0  # never sooner than the server asks
    assert next_delay(1.0, 2.0, 0.1) == 1.5  # a short hint does not hurry us either


def test_the_first_poll_waits_a_quarter_second_or_the_202s_hint() -> None:
    assert drive([seen("completed")]).steps[:2] == ["sleep", "poll"]
    assert drive([seen("completed")]).sleeps == [0.25]
    assert drive([seen("completed")], first_delay=3.0).sleeps == [3.0]
    assert drive([seen("completed")], first_delay=0.5).sleeps == [0.5]


@pytest.mark.parametrize("first_delay", [0.0, -1.0])
def test_a_zero_or_negative_first_hint_polls_at_once(first_delay: float) -> None:
    run = drive([seen("completed")], first_delay=first_delay)
    assert run.steps == ["poll", "progress"] and run.sleeps == []


@pytest.mark.parametrize(("timeout", "first"), [(10.0, 100.0), (0.5, 100.0), (0.2, 0.25)])
def test_the_first_sleep_never_overshoots_the_deadline(timeout: float, first: float) -> None:
    run = drive([seen("processing")], timeout=timeout, first_delay=first)
    assert run.sleeps[0] == pytest.approx(min(timeout, first))
    assert isinstance(run.error, TimeoutError)


def test_every_poll_is_bounded_by_the_waits_deadline() -> None:
    fake = FakeTime()
    run = drive([seen("processing")] * 3 + [seen("completed")], timeout=30.0, fake=fake)
    assert run.polls == [1000.0 + 30.0] * 4


def test_a_polls_retry_after_sets_the_next_delay() -> None:
    run = drive([seen("processing", 3.0), seen("processing", 0.1), seen("completed")])
    assert run.sleeps == [0.25, 3.0, 2.0]


def test_after_a_failed_poll_the_next_delay_obeys_its_retry_after() -> None:
    run = drive([http_error(429, "7"), http_error(429, "4"), seen("completed")])
    assert run.sleeps == [0.25, 7.0, 4.0]
    run = drive([http_error(503), seen("completed")])
    assert run.sleeps == [0.25, 0.375]


def test_a_503_that_says_when_to_come_back_is_obeyed_too() -> None:
    run = drive([http_error(503, "6"), http_error(503, "2"), seen("completed")])
    assert run.sleeps == [0.25, 6.0, 2.0]
    # Any 5xx but a 503 carries no hint worth trusting: the usual backoff applies.
    run = drive([http_error(502, "6"), seen("completed")])
    assert run.sleeps == [0.25, 0.375]


# -- the deadline ----------------------------------------------------------------------------------
def test_the_wait_ends_at_the_deadline_with_a_resumable_timeout() -> None:
    run = drive([seen("processing")], timeout=1.0)
    # 0.25 + 0.375 + 0.375 (trimmed): the deadline is reached exactly, then no more polls.
    assert run.sleeps == [0.25, 0.375, 0.375]
    assert len(run.polls) == 3
    error = run.error
    assert isinstance(error, TimeoutError)
    assert error.request_id == JOB and error.last_status.status == "processing"
    assert "still processing after 1s" in error.message
    assert f"client.requests.get({JOB!r}, wait=True)" in error.message


def test_polls_that_take_time_never_lead_to_a_negative_sleep() -> None:
    # The fake clock refuses negative sleeps like time.sleep: the deadline must raise first.
    run = drive([seen("processing")], timeout=1.0, poll_cost=0.4)
    assert isinstance(run.error, TimeoutError)
    assert sum(run.sleeps) + 0.4 * len(run.polls) <= 1.0 + 0.4 + 1e-9
    run = drive([http_error(503)], timeout=1.0, poll_cost=0.4)
    assert isinstance(run.error, TimeoutError) and isinstance(run.error.__cause__, VisgateError)


def test_an_outage_to_the_deadline_is_a_timeout_naming_what_was_last_seen() -> None:
    run = drive([seen("pending"), http_error(502)], timeout=1.0)
    assert run.sleeps == [0.25, 0.375, 0.375] and len(run.polls) == 3
    error = run.error
    assert isinstance(error, TimeoutError) and error.last_status.status == "pending"
    assert isinstance(error.__cause__, VisgateError) and error.__cause__.status_code == 502


def test_an_outage_from_the_start_says_the_status_is_unknown() -> None:
    run = drive([http_error(503)], timeout=1.0)
    assert isinstance(run.error, TimeoutError) and run.error.last_status is None
    assert "still unknown" in run.error.message


# -- poll failures -------------------------------------------------------------------------------
@pytest.mark.parametrize("code", [429, 500, 502, 503, 504])
def test_transient_statuses_are_polled_through(code: int) -> None:
    run = drive([http_error(code), http_error(code), seen("completed")])
    assert run.result is not None and len(run.polls) == 3


@pytest.mark.parametrize("code", [400, 401, 403, 404, 409, 422, 430, 501, 505])
def test_other_statuses_end_the_wait_at_once(code: int) -> None:
    error = http_error(code)
    run = drive([error, seen("completed")])
    assert run.error is error and len(run.polls) == 1


@pytest.mark.parametrize(
    "error",
    [ConnectionError("reset"), TimeoutError("slow"), ConnectionError("down", outcome_unknown=True)],
)
def test_network_failures_are_polled_through(error: VisgateError) -> None:
    run = drive([error, seen("completed")])
    assert run.result is not None and len(run.polls) == 2


@pytest.mark.parametrize(
    "error",
    [
        ConnectionError("TLS certificate rejected", error_code=TLS_REJECTED),
        ResponseParseError("not JSON"),
        VisgateError("odd"),
    ],
)
def test_status_less_fatal_failures_end_the_wait_at_once(error: VisgateError) -> None:
    run = drive([error, seen("completed")], timeout=300.0)
    assert run.error is error and len(run.polls) == 1 and run.sleeps == [0.25]


# -- outcomes ----------------------------------------------------------------------------------
def test_every_status_seen_is_reported_and_completed_ends_the_wait() -> None:
    run = drive([seen("pending"), seen("queued_v2"), seen("processing"), seen("completed")])
    assert run.progress == ["pending", "queued_v2", "processing", "completed"]
    assert run.result is not None and run.result.status == "completed"
    assert run.steps[-2:] == ["poll", "progress"]  # nothing after the last status


@pytest.mark.parametrize(
    ("message", "shown", "detail"),
    [("out of memory", "out of memory", "out of memory"), (None, "no reason given", None)],
)
def test_a_failed_job_raises_with_its_reason(
    message: str | None, shown: str, detail: str | None
) -> None:
    run = drive([seen("processing"), (status("failed", message), None)])
    error = run.error
    assert isinstance(error, GenerationFailedError)
    assert error.request_id == JOB and error.status.status == "failed"
    assert error.message == f"job {JOB} failed: {shown}"
    assert error.details == {"error_message": detail}
    assert run.progress == ["processing", "failed"] and len(run.polls) == 2


# -- properties --------------------------------------------------------------------------------
intervals = st.floats(0.01, 60.0)
hints = st.none() | st.floats(0.0, 120.0)


@given(st.floats(0.0, 100.0), intervals, hints)
def test_next_delay_is_bounded_and_obeys_the_hint(
    previous: float, interval: float, hint: float | None
) -> None:
    delay = next_delay(previous, interval, hint)
    cap = max(interval, FIRST_POLL)
    assert delay >= FIRST_POLL
    if hint is None:
        assert delay <= cap
    else:
        assert delay >= hint and delay <= max(cap, hint)


@given(intervals)
def test_without_hints_delays_never_shrink_and_reach_the_interval(interval: float) -> None:
    delays = [FIRST_POLL]
    for _ in range(30):
        delays.append(next_delay(delays[-1], interval, None))
    assert delays == sorted(delays)
    assert delays[-1] == max(interval, FIRST_POLL)


words = st.sampled_from(["pending", "processing", "queued_v2", "completed", "failed"])
poll_outcomes = st.one_of(
    st.tuples(words.map(status), hints),
    st.sampled_from([429, 500, 502, 503, 504]).map(http_error),
    st.just(ConnectionError("reset")),
)


@given(
    st.lists(poll_outcomes, min_size=1, max_size=12),
    st.floats(0.1, 120.0),
    intervals,
    st.none() | st.floats(-5.0, 200.0),
    st.sampled_from([0.0, 0.05, 0.5]),
)
def test_any_wait_ends_by_its_deadline_and_obeys_every_hint(
    outcomes: list[PollOutcome],
    timeout: float,
    interval: float,
    first: float | None,
    cost: float,
) -> None:
    run = drive(
        outcomes, timeout=timeout, poll_interval=interval, first_delay=first, poll_cost=cost
    )
    assert run.result is not None or isinstance(run.error, TimeoutError | GenerationFailedError)
    assert all(s >= 0 for s in run.sleeps)
    # Sleeping never takes the wait past its deadline (polls may, by their own cost).
    assert sum(run.sleeps) <= timeout + 1e-9
    assert all(deadline == pytest.approx(1000.0 + timeout) for deadline in run.polls)
