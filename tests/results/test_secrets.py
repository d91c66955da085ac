"""Keys the client knows never show, even when a server echoes them back anywhere."""

from __future__ import annotations

import gc
import json
from collections.abc import Iterator
from typing import Any

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from visgate_sdk import Client, _logging
from visgate_sdk.exceptions import VisgateError
from visgate_sdk.types import ImageResult, RequestStatusResult

API = "/api/v1"
API_KEY = "vg-echo-secret-0123456789"
PROVIDER_KEYS = {
    "fal": "fal-echo-secret-ABCDEF0123",
    "replicate": "r8-echo-secret-GHIJKL4567",
    "runway": "rw-echo-secret-MNOPQR8901",
}
HEADER_OF = {"fal": "X-Fal-Key", "replicate": "X-Replicate-Key", "runway": "X-Runway-Key"}


@pytest.fixture
def client(httpserver: HTTPServer) -> Iterator[Client]:
    with Client(
        API_KEY,
        base_url=httpserver.url_for(API),
        max_retries=0,
        fal_key=PROVIDER_KEYS["fal"],
        replicate_key=PROVIDER_KEYS["replicate"],
        runway_key=PROVIDER_KEYS["runway"],
    ) as c:
        yield c


def _sent_key(request: Request, which: str) -> str:
    if which == "api":
        return request.headers["Authorization"].removeprefix("Bearer ")
    return request.headers[HEADER_OF[which]]


def _every_text(exc: VisgateError) -> str:
    """Everything an error shows: texts, attributes, details (keys and values), args."""
    parts = [
        str(exc),
        repr(exc),
        exc.message,
        exc.error_code,
        str(exc.request_id),
        str(exc.body),
        json.dumps(exc.details),
        repr(exc.args),
        str(getattr(exc, "field", "")),
        str(getattr(exc, "provider", "")),
    ]
    return "\n".join(parts)


@pytest.mark.parametrize("which", ["api", "fal", "replicate", "runway"])
@pytest.mark.parametrize("status", [400, 401, 404, 429, 502, 503])
@pytest.mark.parametrize("vector", ["code", "request_id", "details_keys", "details_values"])
def test_an_echoed_key_never_shows_in_an_error(
    httpserver: HTTPServer, client: Client, which: str, status: int, vector: str
) -> None:
    def echo(request: Request) -> Response:
        key = _sent_key(request, which)
        body: dict[str, Any] = {"error": "BAD_REQUEST", "message": "refused"}
        headers = {"X-Request-Id": "req-1"}
        if vector == "code":
            body["error"] = f"PROVIDER_REJECTED_{key}" if status == 502 else f"BAD_{key}"
        elif vector == "request_id":
            headers["X-Request-Id"] = f"req-{key}"
        elif vector == "details_keys":
            body["details"] = {key: 1, "nested": {f"seen:{key}": {key: [key]}}, "field": key}
        else:
            body["details"] = {"provider": key, "echo": [key, {"deep": [f"k={key}"]}]}
        return Response(json.dumps(body), status, headers, content_type="application/json")

    httpserver.expect_request(API + "/usage").respond_with_handler(echo)
    with pytest.raises(VisgateError) as info:
        client.usage.get()
    assert info.value.status_code == status  # the server answered; the echo was scrubbed
    shown = _every_text(info.value)
    assert API_KEY not in shown
    for key in PROVIDER_KEYS.values():
        assert key not in shown
    if vector == "request_id":
        assert info.value.request_id == "req-***"


def test_a_validation_result_quoting_the_key_does_not_show_it(
    httpserver: HTTPServer, client: Client
) -> None:
    checked = "fal-to-validate-0011223344"

    def echo(request: Request) -> Response:
        sent = request.get_json()["api_key"]
        return Response(
            json.dumps({"valid": True, "message": f"key {sent} is valid", "echo": sent}),
            200,
            content_type="application/json",
        )

    httpserver.expect_request(API + "/providers/validate").respond_with_handler(echo)
    result = client.providers.validate_key("fal", checked)
    assert result.valid is True
    for text in (repr(result), str(result), result.message):
        assert checked not in text
    assert result.message == "key *** is valid"
    assert result["echo"] == checked  # the wire value itself stays the caller's to read


def test_any_result_quoting_a_key_prints_without_it(httpserver: HTTPServer, client: Client) -> None:
    def echo(request: Request) -> Response:
        key = _sent_key(request, "api")
        fal = _sent_key(request, "fal")
        body = {"id": key, "model": fal, "provider": f"p {key}", "note": key}
        return Response(json.dumps(body), 200, content_type="application/json")

    httpserver.expect_request(API + "/images/generate").respond_with_handler(echo)
    result = client.images.generate("m", "p")
    assert isinstance(result, ImageResult)
    for text in (repr(result), str(result), repr([result])):
        assert API_KEY not in text and PROVIDER_KEYS["fal"] not in text
    status = RequestStatusResult.from_dict(
        {"request_id": "r", "status": "failed", "error_message": f"bad key {API_KEY}"}
    )
    assert API_KEY not in repr(status) and status.error_message == "bad key ***"


def test_the_key_registry_is_bounded_and_keeps_live_clients_keys() -> None:
    keeper_key = "vg-live-keeper-key-424242"
    keeper = Client(keeper_key, base_url="http://127.0.0.1:9/api/v1", fal_key="fal-live-k-4242")
    base = "http://127.0.0.1:9/api/v1"
    for i in range(10_000):
        Client(f"vg-tenant-{i:05d}-abcdef", base_url=base, fal_key=f"fal-tenant-{i:05d}-xyz")
    for i in range(2_000):  # keys with no owning client (e.g. providers.validate_key)
        _logging.register_secret(f"ownerless-key-{i:05d}")
    gc.collect()
    # Live clients of other tests may still hold a few; 20,000+ were registered here.
    assert _logging.registered_secret_count() <= _logging.RECENT_SECRETS + 100
    assert _logging.redact(f"a {keeper_key} b fal-live-k-4242") == "a *** b ***"
    with_copy = keeper.with_options(timeout=5)
    del keeper
    gc.collect()
    assert _logging.redact(keeper_key) == "***"  # the copy still uses it
    with_copy.set_provider_headers(fal_key="fal-replaced-k-0001")
    assert _logging.redact("fal-replaced-k-0001") == "***"
