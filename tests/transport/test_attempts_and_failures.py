"""The SDK alone decides how many attempts a call makes, and every failure is typed.

A raw server that reads the request and drops the connection: ``max_retries`` N means N+1
requests on every transport (aiohttp would otherwise re-send GET/PUT/DELETE once by itself).
URLs httpx cannot build and unsolicited ``101`` answers are typed SDK errors everywhere.
"""

from __future__ import annotations

import asyncio
import socket
from typing import Any

import pytest
from pytest_httpserver import HTTPServer

from tests.conftest import FakeTime
from tests.transport.rawserver import RawServer
from tests.transport.test_async_transport import TRANSPORTS, inner
from tests.transport.test_retries import make_client
from visgate_sdk import AsyncClient, Client
from visgate_sdk.exceptions import ConnectionError, ValidationError

KEY = "vg-test-key-000"


def drop(conn: socket.socket, request: bytes) -> None:
    """Read the request, answer nothing, close."""


def switching(conn: socket.socket, request: bytes) -> None:
    conn.sendall(
        b"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n"
    )


def async_client(url: str, fake: FakeTime, kind: str, **kw: Any) -> AsyncClient:
    return AsyncClient(
        KEY,
        base_url=url,
        _transport=None if kind == "default" else inner(kind),
        _sleep=fake.async_sleep,
        _clock=fake.clock,
        **kw,
    )


ASYNC_KINDS = [*TRANSPORTS, "default"]


@pytest.mark.parametrize("retries", [0, 2])
def test_sync_attempts_are_max_retries_plus_one(fake_time: FakeTime, retries: int) -> None:
    server = RawServer(drop)
    try:
        client = make_client(server.url + "/api/v1", fake_time, max_retries=retries)
        with pytest.raises(ConnectionError):
            client.health()
        with pytest.raises(ConnectionError):
            client.request("DELETE", "/api-keys/k1")
        assert len(server.requests) == 2 * (retries + 1)
    finally:
        server.close()


@pytest.mark.parametrize("kind", ASYNC_KINDS)
@pytest.mark.parametrize("retries", [0, 2])
def test_async_attempts_are_max_retries_plus_one(
    fake_time: FakeTime, retries: int, kind: str
) -> None:
    server = RawServer(drop)

    async def run() -> None:
        async with async_client(
            server.url + "/api/v1", fake_time, kind, max_retries=retries
        ) as client:
            with pytest.raises(ConnectionError):
                await client.health()
            with pytest.raises(ConnectionError):
                await client.request("PUT", "/providers/keys/fal", json={})

    try:
        asyncio.run(run())
        assert len(server.requests) == 2 * (retries + 1)
        assert server.connections == 2 * (retries + 1)
    finally:
        server.close()


def test_unbuildable_url_is_a_validation_error_sync(httpserver: HTTPServer) -> None:
    client = Client(KEY, base_url=httpserver.url_for("/api/v1"), max_retries=0)
    with pytest.raises(ValidationError, match="URL could not be built"):
        client.models.list(search="x" * 70000)
    with pytest.raises(ValidationError, match="URL could not be built"):
        client.request("GET", "/models", params={"q": "x" * 70000})
    from visgate_api_client.api.models import list_models

    with pytest.raises(ValidationError):
        list_models.sync(client=client.api_client, search="x" * 70000)
    assert httpserver.log == []


@pytest.mark.parametrize("kind", ASYNC_KINDS)
def test_unbuildable_url_is_a_validation_error_async(
    httpserver: HTTPServer, fake_time: FakeTime, kind: str
) -> None:
    async def run() -> None:
        async with async_client(httpserver.url_for("/api/v1"), fake_time, kind) as client:
            with pytest.raises(ValidationError, match="URL could not be built"):
                await client.models.list(search="x" * 70000)

    asyncio.run(run())
    assert httpserver.log == []


def test_unsolicited_101_is_a_typed_error_on_every_transport(fake_time: FakeTime) -> None:
    server = RawServer(switching)
    try:
        client = make_client(server.url + "/api/v1", fake_time, max_retries=0)
        with pytest.raises(ConnectionError):
            client.health()

        async def run(kind: str) -> Any:
            async with async_client(
                server.url + "/api/v1", fake_time, kind, max_retries=0
            ) as client:
                return await client.health()

        for kind in ASYNC_KINDS:
            with pytest.raises(ConnectionError):
                asyncio.run(run(kind))
    finally:
        server.close()
