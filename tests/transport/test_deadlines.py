"""A call never outlives its timeout: the attempt's clock starts with the attempt.

The servers drip one byte every 0.2 s for several seconds at one phase of the answer (before
the status line is complete, in the headers, in the body). Each byte restarts httpx's read
timer, so only a bound over the whole attempt stops the call; these tests fail (take the whole
drip) without it.
"""

from __future__ import annotations

import asyncio
import socket
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.transport.rawserver import RawServer
from tests.transport.test_async_transport import TRANSPORTS, inner
from visgate_sdk import AsyncClient, Client
from visgate_sdk.download import adownload, download
from visgate_sdk.exceptions import TimeoutError
from visgate_sdk.types import ImageResult

KEY = "vg-test-key-000"
TIMEOUT = 0.5
DRIP_FOR = 6.0  # far beyond TIMEOUT: a call that waits for the drip fails the time check
LIMIT = 3.0  # TIMEOUT plus generous slack for a loaded machine


def _drip(conn: socket.socket, data: bytes) -> None:
    ends = time.monotonic() + DRIP_FOR
    for byte in data:
        if time.monotonic() > ends:
            return
        try:
            conn.sendall(bytes([byte]))
        except OSError:  # the client hung up: what the test wants
            return
        time.sleep(0.2)


def status_line(ctype: str) -> Callable[[socket.socket, bytes], None]:
    def behaviour(conn: socket.socket, request: bytes) -> None:
        _drip(conn, b"HTTP/1.1 200 OK\r\nX-Pad: " + b"a" * 200)

    return behaviour


def headers(ctype: str) -> Callable[[socket.socket, bytes], None]:
    def behaviour(conn: socket.socket, request: bytes) -> None:
        conn.sendall(f"HTTP/1.1 200 OK\r\nContent-Type: {ctype}\r\n".encode())
        _drip(conn, b"X-Pad: " + b"a" * 200)

    return behaviour


def body(ctype: str) -> Callable[[socket.socket, bytes], None]:
    def behaviour(conn: socket.socket, request: bytes) -> None:
        conn.sendall(
            f"HTTP/1.1 200 OK\r\nContent-Type: {ctype}\r\nContent-Length: 200\r\n\r\n".encode()
        )
        _drip(conn, b"{" + b" " * 199)

    return behaviour


PHASES = {"status line": status_line, "headers": headers, "body": body}


@pytest.fixture(params=list(PHASES))
def dripping(request: pytest.FixtureRequest) -> Iterator[Callable[[str], RawServer]]:
    servers: list[RawServer] = []

    def make(ctype: str) -> RawServer:
        servers.append(RawServer(PHASES[request.param](ctype)))
        return servers[-1]

    yield make
    for server in servers:
        server.close()


def bounded(call: Callable[[], Any]) -> None:
    started = time.monotonic()
    with pytest.raises(TimeoutError):
        call()
    assert time.monotonic() - started < LIMIT


def test_sync_call(dripping: Callable[[str], RawServer]) -> None:
    server = dripping("application/json")
    client = Client(KEY, base_url=server.url + "/api/v1", timeout=TIMEOUT, max_retries=0)
    bounded(client.health)
    client.close()


@pytest.mark.parametrize("kind", [*TRANSPORTS, "default"])
def test_async_call(dripping: Callable[[str], RawServer], kind: str) -> None:
    server = dripping("application/json")

    async def run() -> None:
        transport = None if kind == "default" else inner(kind)
        async with AsyncClient(
            KEY, base_url=server.url + "/api/v1", timeout=TIMEOUT, max_retries=0,
            _transport=transport,
        ) as client:  # fmt: skip
            await client.health()

    bounded(lambda: asyncio.run(run()))


def test_downloads(dripping: Callable[[str], RawServer], tmp_path: Path) -> None:
    url = dripping("image/png").url + "/a.png"
    bounded(lambda: download(url, tmp_path / "1.png", timeout=TIMEOUT))
    bounded(lambda: asyncio.run(adownload(url, tmp_path / "2.png", timeout=TIMEOUT)))
    client = Client(KEY, base_url="http://127.0.0.1:9/api/v1")
    bounded(lambda: client.download(url, tmp_path / "3.png", timeout=TIMEOUT))
    result = ImageResult.from_dict(
        {"id": "img-1", "model": "m", "provider": "fal", "images": [url]}
    )
    bounded(lambda: result.save(tmp_path / "4.png", timeout=TIMEOUT))
    bounded(lambda: asyncio.run(result.asave(tmp_path / "5.png", timeout=TIMEOUT)))
    assert list(tmp_path.iterdir()) == []
