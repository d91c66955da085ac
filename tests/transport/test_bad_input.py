"""Bad input and malformed answers become typed errors, never raw exceptions."""

from __future__ import annotations

import asyncio
import gzip
from typing import Any

import pytest
from pytest_httpserver import HTTPServer

from tests.conftest import FakeTime
from tests.transport.test_retries import IMAGE, make_client
from visgate_sdk import AsyncClient, Client
from visgate_sdk.exceptions import ResponseParseError, ServerError, ValidationError

BASE = "http://127.0.0.1:9/api/v1"  # nothing listens: these errors come before any request
PASTED = "vg-key-with-\u00e9-inside"


@pytest.mark.parametrize(
    "build",
    [
        lambda: Client(PASTED, base_url=BASE),
        lambda: Client("vg-good-key-01", base_url=BASE, fal_key="fal_key\nX-Injected: 1"),
        lambda: Client("vg-good-key-01", base_url=BASE).set_provider_headers(runway_key="r\u2028"),
    ],
    ids=["api_key", "fal_key", "set_provider_headers"],
)
def test_keys_that_cannot_travel_in_a_header_are_refused_without_echoing_them(build: Any) -> None:
    with pytest.raises(ValidationError) as info:
        build()
    assert "printable ASCII" in str(info.value)
    assert PASTED not in str(info.value) and "fal_key\n" not in str(info.value)


def test_per_call_values_that_cannot_travel_are_refused() -> None:
    client = Client("vg-good-key-01", base_url=BASE, max_retries=0)
    with pytest.raises(ValidationError, match="idempotency_key"):
        client.images.generate("fal-ai/flux/schnell", "p", idempotency_key="k\u00fcy")
    with pytest.raises(ValidationError, match="idempotency_key"):
        client.generate("p", idempotency_key="")
    with pytest.raises(ValidationError, match="header"):
        client.request("GET", "/health", headers={"X-Trace": "a\r\nb"})
    with pytest.raises(ValidationError, match="path"):
        client.request("GET", "/health\x01")


def test_generate_sends_the_callers_idempotency_key(
    httpserver: HTTPServer, fake_time: FakeTime
) -> None:
    answer = {"id": "g", "image_url": "u", "model": "m", "provider": "fal", "cost": 0.0}
    httpserver.expect_request("/api/v1/generate").respond_with_json(answer)
    api = httpserver.url_for("/api/v1")
    make_client(api, fake_time).generate("a cat", idempotency_key="order-42")

    async def run() -> None:
        async with AsyncClient("vg-test-key-000", base_url=api) as client:
            await client.generate("a cat", idempotency_key="order-43")

    asyncio.run(run())
    keys = [request.headers["Idempotency-Key"] for request, _ in httpserver.log]
    assert keys == ["order-42", "order-43"]


def test_a_malformed_optional_field_reads_as_absent(
    httpserver: HTTPServer, fake_time: FakeTime
) -> None:
    httpserver.expect_request("/api/v1/images/generate").respond_with_json({**IMAGE, "steps": 5})
    result = make_client(httpserver.url_for("/api/v1"), fake_time).images.generate("m/x", "p")
    assert result.steps is None and result.images == ["u"]


@pytest.mark.parametrize(("status", "error"), [(500, ServerError), (200, ResponseParseError)])
def test_a_body_that_does_not_decode_keeps_its_status(
    httpserver: HTTPServer, fake_time: FakeTime, status: int, error: type[Exception]
) -> None:
    corrupt = gzip.compress(b'{"status": "ok"}')[:10] + b"not deflate data at all"
    httpserver.expect_request("/api/v1/health").respond_with_data(
        corrupt,
        status=status,
        headers={"Content-Encoding": "gzip", "X-Request-Id": "req-9"},
        content_type="application/json",
    )
    client = make_client(httpserver.url_for("/api/v1"), fake_time, max_retries=0)
    with pytest.raises(error) as info:
        client.health()
    assert info.value.status_code == status and info.value.request_id == "req-9"


def test_the_size_cap_holds_for_the_decoded_body(
    httpserver: HTTPServer, fake_time: FakeTime
) -> None:
    from visgate_sdk._retry import MAX_BODY_BYTES

    small = gzip.compress(b'{"status": "ok", "region": "eu"}')
    bomb = gzip.compress(b'{"pad": "' + b"0" * (MAX_BODY_BYTES + 10) + b'"}', compresslevel=9)
    assert len(bomb) < 1024 * 1024  # under a megabyte on the wire
    for path, body in (("/api/v1/health", small), ("/api/v1/usage", bomb)):
        httpserver.expect_request(path).respond_with_data(
            body, headers={"Content-Encoding": "gzip"}, content_type="application/json"
        )
    client = make_client(httpserver.url_for("/api/v1"), fake_time, max_retries=0)
    assert client.health() == {"status": "ok", "region": "eu"}
    with pytest.raises(ResponseParseError, match="exceeds"):
        client.usage.get()


def test_absurdly_nested_json_is_a_parse_error(httpserver: HTTPServer, fake_time: FakeTime) -> None:
    httpserver.expect_request("/api/v1/health").respond_with_data(
        "[" * 100_000, content_type="application/json"
    )
    client = make_client(httpserver.url_for("/api/v1"), fake_time)
    with pytest.raises(ResponseParseError) as info:
        client.health()
    assert info.value.status_code == 200
