"""The SDK's aiohttp transport answers like stock httpx: same typed errors, headers, loops."""

from __future__ import annotations

import asyncio
import gc
import logging
import socket
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx
import pytest

from tests.conftest import FakeTime
from tests.transport.rawserver import Behaviour, RawServer, reset, truncated
from visgate_sdk import AsyncClient
from visgate_sdk import exceptions as errors
from visgate_sdk._aiohttp_transport import AiohttpTransport

KINDS = ["aiohttp", "httpx"]
OK = b'{"status": "ok"}'


def make(url: str, fake: FakeTime, kind: str, **kw: Any) -> AsyncClient:
    transport = AiohttpTransport() if kind == "aiohttp" else httpx.AsyncHTTPTransport()
    return AsyncClient(
        "vg-test-key-000",
        base_url=url + "/api/v1",
        _transport=transport,
        _sleep=fake.async_sleep,
        _clock=fake.clock,
        _random=lambda: 1.0,
        **kw,
    )


def send(*parts: bytes, pause: float = 0.0) -> Behaviour:
    """Write each part (pausing between them), then close."""

    def behaviour(conn: socket.socket, request: bytes) -> None:
        for index, part in enumerate(parts):
            if index:
                time.sleep(pause)
            conn.sendall(part)

    return behaviour


def ok_with(headers: bytes) -> Behaviour:
    return send(
        b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
        + headers
        + b"Content-Length: %d\r\nConnection: close\r\n\r\n%s" % (len(OK), OK)
    )


def outcome(url: str, kind: str, **kw: Any) -> tuple[type[BaseException], type[object]]:
    """The error class a GET meets, and the httpx class behind it."""

    async def run() -> None:
        async with make(url, FakeTime(), kind, **kw) as client:
            await asyncio.wait_for(client.health(), 10)  # a hang fails, it does not block

    try:
        asyncio.run(run())
    except Exception as exc:
        return type(exc), type(exc.__cause__)
    raise AssertionError("the call succeeded")


CHUNKED = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
FAULTS = {
    "bad status line": (send(b"HTTP/1.1 abc OK\r\nContent-Length: 2\r\n\r\n{}"), "protocol"),
    "not http": (send(b"SSH-2.0-OpenSSH_9.6\r\n\r\n"), "protocol"),
    "bad content-length": (send(b"HTTP/1.1 200 OK\r\nContent-Length: x\r\n\r\n{}"), "protocol"),
    "bad chunk size": (send(CHUNKED + b"zz\r\n{}\r\n0\r\n\r\n"), "protocol"),
    "empty reply": (send(b""), "protocol"),
    "truncated body": (truncated, "protocol"),  # fails while the body is read
    "reset": (reset, "read"),
}
HTTPX_CLASS = {"protocol": httpx.RemoteProtocolError, "read": httpx.ReadError}


@pytest.mark.parametrize("fault", FAULTS)
def test_faults_give_the_typed_errors_stock_httpx_gives(fault: str) -> None:
    behaviour, family = FAULTS[fault]
    server = RawServer(behaviour)
    try:
        seen = {kind: outcome(server.url, kind) for kind in KINDS}
    finally:
        server.close()
    assert seen["aiohttp"] == seen["httpx"] == (errors.ConnectionError, HTTPX_CLASS[family])


@pytest.mark.parametrize("kind", KINDS)
def test_chunk_header_broken_mid_body_fails_instead_of_hanging(kind: str) -> None:
    # aiohttp alone waits forever here: its parser fails after the reader started waiting.
    server = RawServer(send(CHUNKED + b"2\r\n{}\r\n", b"zz\r\n{}\r\n0\r\n\r\n", pause=0.2))
    try:
        error, _ = outcome(server.url, kind, timeout=0.5, max_retries=0)
    finally:
        server.close()
    assert error in (errors.ConnectionError, errors.TimeoutError)


LONG_HEADERS = {
    "10 KB header line": b"X-Big: " + b"a" * 10240 + b"\r\n",
    "130 header fields": b"".join(b"X-H%d: v\r\n" % i for i in range(130)),
}


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("shape", LONG_HEADERS)
def test_long_header_blocks_are_read(fake_time: FakeTime, kind: str, shape: str) -> None:
    server = RawServer(ok_with(LONG_HEADERS[shape]))

    async def run() -> dict[str, Any]:
        async with make(server.url, fake_time, kind) as client:
            return await client.health()

    try:
        assert asyncio.run(run()) == {"status": "ok"}
    finally:
        server.close()


@pytest.mark.parametrize("kind", KINDS)
def test_connection_refused_is_retried_as_nothing_sent(fake_time: FakeTime, kind: str) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]  # closed again: nothing listens there

    async def run() -> None:
        async with make(f"http://127.0.0.1:{port}", fake_time, kind) as client:
            await client.providers.validate_key("fal", "fal_12345678")  # a POST, no key

    with pytest.raises(errors.VisgateError) as info:
        asyncio.run(run())
    assert type(info.value) is errors.ConnectionError
    assert isinstance(info.value.__cause__, httpx.ConnectError)
    assert not info.value.outcome_unknown and fake_time.sleeps == [0.5, 1.0]


class _KeepAlive(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # connections stay open between requests

    def do_GET(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(OK)))
        self.end_headers()
        self.wfile.write(OK)

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def keepalive_url() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _KeepAlive)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_one_client_serves_two_event_loops(
    keepalive_url: str, fake_time: FakeTime, caplog: pytest.LogCaptureFixture
) -> None:
    client = make(keepalive_url, fake_time, "aiohttp")
    assert asyncio.run(client.health()) == {"status": "ok"}
    assert asyncio.run(client.health()) == {"status": "ok"}  # the first loop is closed now
    asyncio.run(client.close())
    del client
    gc.collect()
    unclosed = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert unclosed == []  # no "Unclosed client session" for either loop's session


@pytest.mark.parametrize("kind", KINDS)
def test_body_read_after_the_connection_died_is_a_protocol_error(kind: str) -> None:
    # aiohttp alone raises a bare RuntimeError("Connection closed.") here.
    server = RawServer(send(CHUNKED, b"2\r\n{}\r\nzz\r\n{}\r\n0\r\n\r\n", pause=0.2))
    transport = AiohttpTransport() if kind == "aiohttp" else httpx.AsyncHTTPTransport()

    async def run() -> None:
        client = httpx.AsyncClient(transport=transport, timeout=5)
        async with client, client.stream("GET", server.url) as response:
            await asyncio.sleep(0.5)  # the bad chunk header arrives meanwhile
            await response.aread()

    try:
        with pytest.raises(httpx.RemoteProtocolError):
            asyncio.run(run())
    finally:
        server.close()
