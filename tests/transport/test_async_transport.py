"""The async client behaves like the sync one on both transports (aiohttp and stock httpx)."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
import pytest
from pytest_httpserver import HTTPServer

from tests.conftest import FakeTime
from tests.transport.rawserver import RawServer, reset, respond, self_signed_context
from tests.transport.test_retries import IMAGE, jresp, sequence
from visgate_sdk import AsyncClient
from visgate_sdk._http import async_transport_name
from visgate_sdk.exceptions import ConnectionError, RateLimitError, RedirectError

TRANSPORTS = ["aiohttp", "httpx"]


def inner(kind: str) -> httpx.AsyncBaseTransport:
    if kind == "aiohttp":  # the SDK's default: httpx-aiohttp behind httpx's contract
        from visgate_sdk._aiohttp_transport import AiohttpTransport

        return AiohttpTransport()
    # The SDK's route over httpx's own transport (its default without aiohttp).
    from visgate_sdk._http import PerLoopTransport

    return PerLoopTransport(httpx.AsyncHTTPTransport)


def make(url: str, fake: FakeTime, kind: str, **kw: Any) -> AsyncClient:
    return AsyncClient(
        "vg-test-key-000",
        base_url=url,
        _transport=inner(kind),
        _sleep=fake.async_sleep,
        _clock=fake.clock,
        _random=lambda: 1.0,
        **kw,
    )


def test_aiohttp_transport_is_the_default_when_installed() -> None:
    assert async_transport_name() == "aiohttp"


@pytest.mark.parametrize("kind", TRANSPORTS)
def test_async_retry_reuses_idempotency_key(
    httpserver: HTTPServer, fake_time: FakeTime, kind: str
) -> None:
    httpserver.expect_request("/api/v1/images/generate").respond_with_handler(
        sequence(jresp({}, 503), jresp(IMAGE))
    )

    async def run() -> str:
        async with make(httpserver.url_for("/api/v1"), fake_time, kind) as client:
            result = await client.images.generate("fal-ai/flux/schnell", "p")
            return result.id

    assert asyncio.run(run()) == "img-1"
    keys = {req.headers["Idempotency-Key"] for req, _ in httpserver.log}
    assert len(httpserver.log) == 2 and len(keys) == 1
    assert fake_time.sleeps == [0.5]


@pytest.mark.parametrize("kind", TRANSPORTS)
def test_async_rate_limit_hint_above_cap_fails_fast(
    httpserver: HTTPServer, fake_time: FakeTime, kind: str
) -> None:
    httpserver.expect_request("/api/v1/health").respond_with_json(
        {"error": "RATE_LIMITED", "message": "later"}, status=429, headers={"Retry-After": "600"}
    )

    async def run() -> None:
        async with make(httpserver.url_for("/api/v1"), fake_time, kind) as client:
            await client.health()

    with pytest.raises(RateLimitError) as info:
        asyncio.run(run())
    assert info.value.retry_after == 600.0 and len(httpserver.log) == 1


@pytest.mark.parametrize("kind", TRANSPORTS)
def test_async_post_without_key_is_not_resent_after_reset(fake_time: FakeTime, kind: str) -> None:
    server = RawServer(reset, respond(b'{"valid": true}'))

    async def run() -> None:
        async with make(server.url + "/api/v1", fake_time, kind) as client:
            await client.providers.validate_key("fal", "fal_12345678")

    try:
        with pytest.raises(ConnectionError) as info:
            asyncio.run(run())
        assert info.value.outcome_unknown and len(server.requests) == 1
    finally:
        server.close()


@pytest.mark.parametrize("kind", TRANSPORTS)
def test_async_get_retried_after_reset(fake_time: FakeTime, kind: str) -> None:
    server = RawServer(reset, respond(b'{"status": "ok"}'))

    async def run() -> dict[str, Any]:
        async with make(server.url + "/api/v1", fake_time, kind) as client:
            return await client.health()

    try:
        assert asyncio.run(run()) == {"status": "ok"}
        assert len(server.requests) == 2
    finally:
        server.close()


@pytest.mark.parametrize("kind", TRANSPORTS)
def test_async_redirect_is_refused(httpserver: HTTPServer, fake_time: FakeTime, kind: str) -> None:
    other = HTTPServer(host="127.0.0.1")
    other.start()
    try:
        httpserver.expect_request("/api/v1/health").respond_with_data(
            "", status=308, headers={"Location": other.url_for("/x")}
        )

        async def run() -> None:
            async with make(
                httpserver.url_for("/api/v1"), fake_time, kind, fal_key="fal_secret_99999"
            ) as client:
                await client.health()

        with pytest.raises(RedirectError):
            asyncio.run(run())
        assert other.log == []
    finally:
        other.stop()


@pytest.mark.parametrize("kind", TRANSPORTS)
def test_async_headers_are_identical(
    httpserver: HTTPServer, fake_time: FakeTime, kind: str
) -> None:
    httpserver.expect_request("/api/v1/health").respond_with_json({"status": "ok"})

    async def run() -> None:
        async with make(
            httpserver.url_for("/api/v1"), fake_time, kind, replicate_key="r8_abcdefgh"
        ) as client:
            await client.health()

    asyncio.run(run())
    headers = httpserver.log[0][0].headers
    assert headers["Authorization"] == "Bearer vg-test-key-000"
    assert headers["X-Replicate-Key"] == "r8_abcdefgh"
    assert headers["User-Agent"].startswith("visgate-sdk-python/")


@pytest.mark.parametrize("kind", TRANSPORTS)
def test_async_tls_certificate_failure_is_not_retried(
    tmp_path: Any, fake_time: FakeTime, kind: str
) -> None:
    server = RawServer(respond(b"{}"), tls=self_signed_context(tmp_path))

    async def run() -> None:
        async with make(server.url + "/api/v1", fake_time, kind) as client:
            await client.health()

    try:
        with pytest.raises(ConnectionError) as info:
            asyncio.run(run())
        assert "certificate" in str(info.value)
        assert server.connections == 1 and fake_time.sleeps == []
    finally:
        server.close()


USAGE = {"period": "month", "total_requests": 3}


def test_async_provider_headers_and_borrowed_transport(
    httpserver: HTTPServer, fake_time: FakeTime
) -> None:
    from visgate_api_client.api.usage import get_usage

    httpserver.expect_request("/api/v1/usage").respond_with_handler(
        sequence(jresp({}, 503), jresp(USAGE), jresp({}, 503), jresp(USAGE))
    )

    async def run() -> Any:
        async with make(httpserver.url_for("/api/v1"), fake_time, "httpx", timeout=7) as client:
            client.set_provider_headers(fal_key="fal_async_key_1")
            await client.usage.get()
            client.set_provider_headers()  # back to managed keys; the timeout stays
            assert client.timeout == 7
            # The generated client, borrowing the facade's transport: retried like the facade.
            return await get_usage.asyncio(client=client.api_client)

    usage = asyncio.run(run())
    assert usage is not None
    sent = [request.headers for request, _ in httpserver.log]
    assert sent[0].get("X-Fal-Key") == "fal_async_key_1"
    assert "X-Fal-Key" not in sent[-1] and sent[-1]["Authorization"] == "Bearer vg-test-key-000"
    assert len(sent) == 4  # each call met a 503 and was retried, the generated one too
