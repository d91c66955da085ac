"""Shared fixtures: a sandbox on a free port, SDK clients for it, and a fake clock."""

from __future__ import annotations

import http.client
import os
from collections.abc import Iterator

import pytest
from hypothesis import Phase, settings
from pytest_httpserver import HTTPServer

from visgate_sdk import Client
from visgate_sdk.sandbox import Sandbox

# Property tests are deterministic (same examples on every run and machine, no example
# database left behind) and quick; a failure prints the example to turn into a unit test.
settings.register_profile(
    "visgate", derandomize=True, database=None, deadline=None, max_examples=60
)
# scripts/mutation.py: a failure is all it needs to know, so skip shrinking it.
settings.register_profile(
    "mutation",
    parent=settings.get_profile("visgate"),
    max_examples=30,
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
)
settings.load_profile(os.environ.get("VISGATE_HYPOTHESIS_PROFILE", "visgate"))


class FakeTime:
    """A clock that only moves when the code under test sleeps; records every sleep."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.sleeps: list[float] = []

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        # time.sleep and asyncio.sleep refuse (or ignore) negative waits; a fake that accepted
        # them would let a broken deadline computation pass unnoticed.
        if seconds < 0:
            raise ValueError(f"sleep length must be non-negative, got {seconds!r}")
        self.sleeps.append(seconds)
        self.now += seconds

    async def async_sleep(self, seconds: float) -> None:
        self.sleep(seconds)


@pytest.fixture
def fake_time() -> FakeTime:
    return FakeTime()


# Long enough for any handler a test leaves running; a server still busy after it is hung.
_DRAIN_TIMEOUT = 15.0


def _drain(server: HTTPServer) -> None:
    """Return once every request sent so far has been answered.

    The shared server answers one request at a time, so the answer to this one comes only
    after a handler still running (its client gave up on a slow answer) has finished.
    """
    conn = http.client.HTTPConnection(server.host, server.port, timeout=_DRAIN_TIMEOUT)
    try:
        conn.request("GET", "/__drain__")
        conn.getresponse().read()
    except OSError as exc:
        pytest.fail(f"the test left {server!r} busy for more than {_DRAIN_TIMEOUT:g}s: {exc}")
    finally:
        conn.close()


@pytest.fixture
def httpserver(make_httpserver: HTTPServer) -> Iterator[HTTPServer]:
    """pytest-httpserver's shared server, fresh for each test.

    The plugin's own fixture only clears the server when the next test starts; a slow handler
    of the previous test still running then logs into the new test and delays its requests.
    Here the server is drained and cleared when the test ends, and an exception raised inside
    one of the test's handlers fails the test.
    """
    server = make_httpserver
    server.clear()
    yield server
    _drain(server)
    errors = list(server.handler_errors)
    server.clear()
    if errors:
        raise errors[0]


@pytest.fixture
def sandbox() -> Iterator[Sandbox]:
    """A fresh in-memory sandbox, fast enough that jobs finish in milliseconds."""
    with Sandbox(db=":memory:", speed=1000.0) as sb:
        yield sb


@pytest.fixture
def client(sandbox: Sandbox) -> Iterator[Client]:
    with Client(sandbox.api_key, base_url=sandbox.base_url) as c:
        yield c
