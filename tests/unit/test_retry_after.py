"""Retry-After parsing: every form a server may send, its bounds, and what must not count."""

from __future__ import annotations

import time
from email.utils import formatdate

import httpx
import pytest
from hypothesis import given
from hypothesis import strategies as st

from visgate_sdk._retry_after import parse_retry_after

NOW = 1_699_272_000.0  # Mon, 06 Nov 2023 12:00:00 GMT: a whole second, a one-digit day
DAY = 86_400.0


def date(at: float) -> str:
    return formatdate(at, usegmt=True)


SOON = date(NOW + 20)  # "Mon, 06 Nov 2023 12:00:20 GMT"


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        ({"Retry-After": "2"}, 2.0),
        ({"Retry-After": " 1.5 "}, 1.5),
        ({"Retry-After": "0"}, 0.0),
        ({"Retry-After": "0.5"}, 0.5),
        ({"Retry-After": "86400"}, DAY),  # a day is the longest hint believed
        ({"Retry-After": "86400.5"}, None),
        ({"Retry-After": "-1"}, None),
        ({"Retry-After": "-0.5"}, None),
        ({"Retry-After": "nan"}, None),
        ({"Retry-After": "inf"}, None),
        ({"Retry-After": "1" * 40}, None),
        ({"Retry-After": ""}, None),
        ({"Retry-After": "soon"}, None),
        ({}, None),
        ({"retry-after-ms": "1500"}, 1.5),
        ({"retry-after-ms": "1500", "Retry-After": "9"}, 1.5),  # the precise form wins
        ({"retry-after-ms": "90000", "Retry-After": "9"}, 90.0),  # not a broken hint
        ({"retry-after-ms": "86400000"}, DAY),
        ({"retry-after-ms": "86400001", "Retry-After": "9"}, 9.0),
        ({"retry-after-ms": "", "Retry-After": "9"}, 9.0),
        ({"retry-after-ms": "soon", "Retry-After": "3"}, 3.0),
        ({"retry-after-ms": "-5", "Retry-After": "3"}, 3.0),
        ({"RETRY-AFTER": "4"}, 4.0),  # a plain dict: header names in any case
    ],
)
def test_seconds_and_milliseconds(headers: dict[str, str], expected: float | None) -> None:
    assert parse_retry_after(headers, now=NOW) == expected
    assert parse_retry_after(httpx.Headers(headers), now=NOW) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (date(NOW + 20), 20.0),
        (date(NOW + DAY), DAY),
        (date(NOW + DAY + 1), None),  # absurdly far: no plan, back off instead
        (date(NOW - 30), 0.0),  # already past: no wait
        (SOON.replace("GMT", "-0000"), None),  # no usable zone: cannot measure it
        (SOON.replace(" GMT", ""), None),
        ("Mon, 06 Nov 2023 25:00:20 GMT", None),
        ("Mon, 06 Nov 99999 12:00:20 GMT", None),
        ("Zun, 06 Nov", None),
        # A number-like start is a broken number, never a date (even one that would parse).
        (SOON[5:], None),  # "06 Nov 2023 ..."
        (SOON[6:], None),  # "6 Nov 2023 ..."
        ("-" + SOON, None),
        ("+" + SOON, None),
    ],
)
def test_http_dates(value: str, expected: float | None) -> None:
    assert parse_retry_after({"Retry-After": value}, now=NOW) == expected


def test_an_http_date_is_measured_against_the_servers_own_date() -> None:
    # The local clock is an hour fast: the server's Date keeps the wait at 30 s.
    headers = {"Date": date(NOW), "Retry-After": date(NOW + 30)}
    assert parse_retry_after(headers, now=NOW + 3600) == 30.0
    assert parse_retry_after(httpx.Headers(headers), now=NOW + 3600) == 30.0


def test_an_unreadable_server_date_falls_back_to_the_local_clock() -> None:
    headers = {"Date": "yesterday", "Retry-After": date(NOW + 20)}
    assert parse_retry_after(headers, now=NOW) == 20.0
    assert parse_retry_after({"Date": "", "Retry-After": date(NOW + 20)}, now=NOW) == 20.0


def test_an_http_date_without_now_is_measured_against_the_wall_clock() -> None:
    # Callers reading a 202's or an error's hint pass no `now`.
    hint = parse_retry_after({"Retry-After": date(time.time() + 30)})
    assert hint is not None and 28.0 <= hint <= 30.0
    hint = parse_retry_after(httpx.Headers({"Retry-After": date(time.time() + 30)}))
    assert hint is not None and 28.0 <= hint <= 30.0


# -- properties --------------------------------------------------------------------------------
header_names = st.sampled_from(["Retry-After", "retry-after", "retry-after-ms", "Date", "X-Other"])


@given(st.dictionaries(header_names, st.text(max_size=40), max_size=4), st.floats(0, 4e9))
def test_never_raises_and_stays_within_a_day(headers: dict[str, str], now: float) -> None:
    hint = parse_retry_after(headers, now=now)
    assert hint is None or 0.0 <= hint <= DAY


@given(st.integers(0, 86_400))
def test_whole_seconds_are_read_exactly(seconds: int) -> None:
    assert parse_retry_after({"Retry-After": str(seconds)}) == seconds


@given(st.floats(0, DAY, allow_nan=False))
def test_fractional_seconds_are_read_exactly(seconds: float) -> None:
    assert parse_retry_after({"Retry-After": repr(seconds)}) == seconds


@given(st.integers(0, 86_400_000))
def test_milliseconds_are_read_as_seconds(ms: int) -> None:
    assert parse_retry_after({"retry-after-ms": str(ms)}) == ms / 1000.0


@given(st.integers(-(10**6), 86_400), st.integers(-7200, 7200))
def test_dates_give_the_servers_delay_whatever_the_local_clock(offset: int, skew: int) -> None:
    headers = {"Date": date(NOW), "Retry-After": date(NOW + offset)}
    assert parse_retry_after(headers, now=NOW + skew) == max(0.0, float(offset))


@given(st.integers(-(10**6), 86_400))
def test_dates_without_a_server_date_use_now(offset: int) -> None:
    assert parse_retry_after({"Retry-After": date(NOW + offset)}, now=NOW) == max(0.0, offset)
