"""Closing a client ends the calls in flight: a typed error, nothing more sent, no socket left.

The server here keeps connections alive and counts them, so a socket or aiohttp session that
close() forgot shows up as a connection that stays open.
"""

from __future__ import annotations

import asyncio
import socket
import threading
from collections.abc import Iterator
from typing import Any

import pytest

from tests.transport.rawserver import _read_request
from tests.transport.test_async_transport import TRANSPORTS, inner
from visgate_sdk import AsyncClient, Client
from visgate_sdk.exceptions import ConnectionError

KEY = "vg-test-key-000"
ASYNC_KINDS = [*TRANSPORTS, "default"]
PROMPT = 3.0  # seconds a closed call may take to end; the retries it would make take far longer


class KeepAliveServer:
    """Answers every request on a kept-alive connection (``hold``: never answers)."""

    def __init__(self, status: int = 200, hold: bool = False) -> None:
        self.status, self.hold = status, hold
        self.requests = 0
        self.open = 0
        self.arrived = threading.Event()
        self.changed = threading.Condition()
        self._sock = socket.socket()
        self._sock.bind(("127.0.0.1", 0))
        self._sock.listen(16)
        self.url = f"http://127.0.0.1:{self._sock.getsockname()[1]}/api/v1"
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                conn, _ = self._sock.accept()
            except OSError:
                return
            threading.Thread(target=self._serve, args=(conn,), daemon=True).start()

    def _serve(self, conn: socket.socket) -> None:
        conn.settimeout(20)
        with self.changed:
            self.open += 1
        try:
            while _read_request(conn):
                with self.changed:
                    self.requests += 1
                self.arrived.set()
                if self.hold:
                    conn.recv(1)  # returns when the client hangs up
                    break
                body = b'{"status": "ok"}'
                conn.sendall(
                    f"HTTP/1.1 {self.status} X\r\nContent-Type: application/json\r\n"
                    f"Content-Length: {len(body)}\r\n\r\n".encode()
                    + body
                )
        except OSError:
            pass
        finally:
            conn.close()
            with self.changed:
                self.open -= 1
                self.changed.notify_all()

    def all_closed(self, timeout: float = PROMPT) -> bool:
        """True once the client has closed every connection it opened."""
        with self.changed:
            return self.changed.wait_for(lambda: self.open == 0, timeout)

    def close(self) -> None:
        self._sock.close()


@pytest.fixture
def retrying() -> Iterator[KeepAliveServer]:
    server = KeepAliveServer(status=503)
    yield server
    server.close()


@pytest.fixture
def holding() -> Iterator[KeepAliveServer]:
    server = KeepAliveServer(hold=True)
    yield server
    server.close()


def make_async(url: str, kind: str, **kw: Any) -> AsyncClient:
    transport = None if kind == "default" else inner(kind)
    return AsyncClient(KEY, base_url=url, _transport=transport, **kw)


async def _closing_ends_the_call(server: KeepAliveServer, kind: str) -> None:
    client = make_async(server.url, kind, max_retries=20, timeout=30)
    call = asyncio.create_task(client.health())
    assert await asyncio.to_thread(server.arrived.wait, 5)
    sent = server.requests
    await client.close()
    async with asyncio.timeout(PROMPT):
        with pytest.raises(ConnectionError, match="closed"):
            await call
    assert server.requests == sent
    with pytest.raises(ConnectionError, match="closed"):
        await client.health()  # and no new session or connection for it
    assert server.requests == sent


@pytest.mark.parametrize("kind", ASYNC_KINDS)
# retrying: the call is between attempts; holding: it is waiting for its answer.
@pytest.mark.parametrize("server_fixture", ["retrying", "holding"])
def test_async_close_ends_a_call_in_flight(
    request: pytest.FixtureRequest, server_fixture: str, kind: str
) -> None:
    server: KeepAliveServer = request.getfixturevalue(server_fixture)
    asyncio.run(_closing_ends_the_call(server, kind))
    assert server.all_closed()


@pytest.mark.parametrize("kind", ASYNC_KINDS)
def test_async_exit_of_with_block_ends_other_tasks_calls(
    retrying: KeepAliveServer, kind: str
) -> None:
    async def run() -> None:
        async with make_async(retrying.url, kind, max_retries=20) as client:
            call = asyncio.create_task(client.health())
            assert await asyncio.to_thread(retrying.arrived.wait, 5)
        async with asyncio.timeout(PROMPT):
            with pytest.raises(ConnectionError, match="closed"):
                await call

    asyncio.run(run())
    assert retrying.all_closed()


@pytest.mark.parametrize("kind", ASYNC_KINDS)
def test_one_client_on_two_event_loops_leaves_nothing_open(kind: str) -> None:
    server = KeepAliveServer()
    client = make_async(server.url, kind)

    async def call() -> Any:
        return await client.health()

    async def call_and_close() -> None:
        await client.health()
        await client.close()

    try:
        assert asyncio.run(call()) == {"status": "ok"}
        asyncio.run(call_and_close())
        assert server.all_closed()
        with pytest.raises(ConnectionError, match="closed"):
            asyncio.run(call())
        assert server.requests == 2
    finally:
        server.close()


def test_sync_close_from_another_thread_stops_a_retrying_call(
    retrying: KeepAliveServer,
) -> None:
    client = Client(KEY, base_url=retrying.url, max_retries=20, timeout=30)
    outcome: list[BaseException] = []

    def call() -> None:
        try:
            client.health()
        except BaseException as exc:  # handed to the test thread
            outcome.append(exc)

    worker = threading.Thread(target=call)
    worker.start()
    assert retrying.arrived.wait(5)
    sent = retrying.requests
    client.close()
    worker.join(PROMPT)
    assert not worker.is_alive()
    assert isinstance(outcome[0], ConnectionError) and "closed" in str(outcome[0])
    assert retrying.requests == sent
    assert retrying.all_closed()
