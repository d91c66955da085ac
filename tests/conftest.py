"""Shared fixtures: a sandbox on a free port, SDK clients for it, and a fake clock."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from visgate_sdk import Client
from visgate_sdk.sandbox import Sandbox


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


@pytest.fixture
def sandbox() -> Iterator[Sandbox]:
    """A fresh in-memory sandbox, fast enough that jobs finish in milliseconds."""
    with Sandbox(db=":memory:", speed=1000.0) as sb:
        yield sb


@pytest.fixture
def client(sandbox: Sandbox) -> Iterator[Client]:
    with Client(sandbox.api_key, base_url=sandbox.base_url) as c:
        yield c
