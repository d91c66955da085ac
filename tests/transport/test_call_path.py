"""The path of a call: its state travels on the request, failures are made in one module, the
transport hands back a fresh answer, a 202 is a job handle at once, and the async transport
choice is visible and selectable."""

from __future__ import annotations

import ast
import asyncio
import gzip
import json
import logging
import time
from pathlib import Path
from typing import Any

import httpx
import pytest
from pytest_httpserver import HTTPServer

from visgate_sdk import AsyncClient, Client
from visgate_sdk._calls import Answer
from visgate_sdk._context import BODY, CALL, AttemptTimeout, CallOptions
from visgate_sdk.exceptions import ValidationError
from visgate_sdk.resources.images import image_call
from visgate_sdk.resources.requests import GenerationRequest

KEY = "vg-call-path-key-01"
SRC = Path(__file__).resolve().parents[2] / "src" / "visgate_sdk"
IMAGE = {"id": "img-1", "images": ["https://cdn/x.png"], "model": "m", "provider": "fal"}


class Recording(httpx.BaseTransport):
    """httpx's own transport, keeping each request it sends and each answer it returns."""

    def __init__(self) -> None:
        self.inner = httpx.HTTPTransport()
        self.requests: list[httpx.Request] = []
        self.responses: list[httpx.Response] = []
        self.phases: list[dict[str, Any]] = []

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        self.phases.append(dict(request.extensions["timeout"]))
        response = self.inner.handle_request(request)
        self.responses.append(response)
        return response

    def close(self) -> None:
        self.inner.close()


def client_for(httpserver: HTTPServer, transport: Recording, **kw: Any) -> Client:
    return Client(KEY, base_url=httpserver.url_for("/api/v1"), _transport=transport, **kw)


def test_a_request_carries_everything_about_its_call(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/api/v1/images/generate").respond_with_json(IMAGE)
    recording = Recording()
    with client_for(httpserver, recording) as client:
        before = time.monotonic()
        client.with_options(timeout=3).images.generate("m", "p", idempotency_key="key-1")
    request = recording.requests[0]
    assert request.headers["idempotency-key"] == "key-1"
    # A copy's settings are its own httpx client's: no per-call options to carry.
    assert CALL not in request.extensions
    read = recording.phases[0]["read"]
    assert isinstance(read, AttemptTimeout) and read == 3.0
    # The attempt's end rides on every phase: what the sockets are bounded by.
    assert before + 3.0 <= read.ends <= time.monotonic() + 3.0


def test_a_job_waits_deadline_travels_on_each_poll(httpserver: HTTPServer) -> None:
    done = {"request_id": "job-1", "status": "completed", "media_type": "image"}
    httpserver.expect_request("/api/v1/requests/job-1").respond_with_json(done)
    recording = Recording()
    with client_for(httpserver, recording) as client:
        client.with_options(max_retries=1).requests.get("job-1", wait=True, timeout=30)
    options = recording.requests[0].extensions[CALL]
    assert isinstance(options, CallOptions) and options.max_retries == 1
    assert options.timeout is None  # the client's own
    assert options.deadline is not None and options.deadline <= time.monotonic() + 30
    read = recording.phases[0]["read"]
    assert isinstance(read, AttemptTimeout) and read <= 30


def test_a_call_with_the_clients_settings_adds_no_options(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/api/v1/health").respond_with_json({"status": "ok"})
    recording = Recording()
    with client_for(httpserver, recording, timeout=7) as client:
        client.health()
    request = recording.requests[0]
    assert CALL not in request.extensions  # the client's own settings apply, as when borrowed
    assert recording.phases[0]["read"] == 7.0 and recording.phases[0]["connect"] == 7.0


def test_no_context_variable_carries_call_state() -> None:
    users = [p.name for p in SRC.rglob("*.py") if "ContextVar" in p.read_text()]
    assert users == []


# Argument checks at the entry points are not failures; every other SDK error is made by
# visgate_sdk._failures.
_ARGUMENT_ERRORS = {"ValidationError", "AuthenticationError"}
# _wire.py: a result whose wire object does not fit its schema is a failure too.
_CALL_PATH = ["_http.py", "_retry.py", "client.py", "_calls.py", "resources/_jobs.py", "_wire.py"]


def _raised_sdk_errors(path: Path) -> list[str]:
    import visgate_sdk.exceptions as errors

    sdk = {n for n, v in vars(errors).items() if isinstance(v, type) and issubclass(v, Exception)}
    found = []
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call):
            func = node.exc.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if name in sdk and name not in _ARGUMENT_ERRORS:
                found.append(f"{path.name}:{node.lineno} {name}")
    return found


def test_failures_become_sdk_errors_in_one_module() -> None:
    made_elsewhere = [hit for name in _CALL_PATH for hit in _raised_sdk_errors(SRC / name)]
    assert made_elsewhere == []
    assert _raised_sdk_errors(SRC / "_failures.py") == []  # it returns them; callers raise


@pytest.mark.parametrize("encoded", [False, True])
def test_the_transport_hands_back_a_new_answer(httpserver: HTTPServer, encoded: bool) -> None:
    body = json.dumps(IMAGE).encode()
    headers = {"Content-Type": "application/json"}
    if encoded:
        body, headers["Content-Encoding"] = gzip.compress(body), "gzip"
    httpserver.expect_request("/api/v1/things").respond_with_data(body, headers=headers)
    recording = Recording()
    with client_for(httpserver, recording) as client:
        answer = client._client.get("/things")
    inner = recording.responses[0]
    # The answer read from is closed and untouched; the one handed back is httpx's own,
    # built from the bytes read (decoded by httpx like any answer), the decoded body in
    # extensions[BODY] for the SDK (no second pass through httpx's reader).
    assert answer is not inner and inner.is_closed
    assert answer.extensions[BODY] == json.dumps(IMAGE).encode()
    assert answer.json() == IMAGE
    assert answer.headers.get("content-encoding") == ("gzip" if encoded else None)


def test_a_202_is_the_job_handle_in_one_step() -> None:
    with Client(KEY, base_url="http://127.0.0.1:9/api/v1") as client:
        call = image_call(
            "m",
            "p",
            negative_prompt=None,
            width=8,
            height=8,
            num_images=1,
            seed=None,
            params=None,
            include_steps=False,
            wait=False,
            key=None,
            job=GenerationRequest.of(client),
        )
        answer = Answer(202, {"request_id": "job-9"}, httpx.Headers({"Retry-After": "3"}))
        handle = call.parse(answer)
        assert isinstance(handle, GenerationRequest)
        assert (handle.request_id, handle.status, handle._retry_after) == ("job-9", "pending", 3)
        assert handle._client is client


# -- the async transport: visible and selectable --------------------------------------------


def test_the_async_transport_is_chosen_visibly(
    httpserver: HTTPServer, caplog: pytest.LogCaptureFixture
) -> None:
    from visgate_sdk._aiohttp_transport import AiohttpTransport
    from visgate_sdk._http import PerLoopTransport

    httpserver.expect_request("/api/v1/health").respond_with_json({"status": "ok"})
    url = httpserver.url_for("/api/v1")
    caplog.set_level(logging.DEBUG, logger="visgate_sdk")

    async def run(client: AsyncClient) -> Any:
        async with client:
            return await client.health()

    auto = AsyncClient(KEY, base_url=url)
    assert auto.http_transport == "aiohttp" and isinstance(auto._routes.default, AiohttpTransport)
    assert repr(auto) == f"AsyncClient(base_url={url!r}, http_transport='aiohttp')"
    assert asyncio.run(run(auto)) == {"status": "ok"}
    stock = AsyncClient(KEY, base_url=url, http_transport="httpx")
    assert isinstance(stock._routes.default, PerLoopTransport)
    assert "http_transport='httpx'" in repr(stock)
    assert asyncio.run(run(stock)) == {"status": "ok"}
    lines = [r.getMessage() for r in caplog.records if "transport" in r.getMessage()]
    assert lines == [
        "AsyncClient sends through the aiohttp transport (default: httpx-aiohttp is installed)",
        "AsyncClient sends through the httpx transport (chosen with http_transport=)",
    ]


def test_an_unknown_or_missing_transport_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    url = "http://127.0.0.1:9/api/v1"
    with pytest.raises(ValidationError) as info:
        AsyncClient(KEY, base_url=url, http_transport="requests")
    assert info.value.field == "http_transport"
    with pytest.raises(ValidationError, match="AsyncClient"):
        Client(KEY, base_url=url, http_transport="aiohttp")
    assert Client(KEY, base_url=url, http_transport="httpx").http_transport == "httpx"
    # Without httpx-aiohttp the default falls back to httpx, and asking for aiohttp says why.
    monkeypatch.setattr("visgate_sdk._http._aiohttp_installed", lambda: False)
    assert AsyncClient(KEY, base_url=url).http_transport == "httpx"
    with pytest.raises(ValidationError, match=r"visgate-sdk\[aiohttp\]"):
        AsyncClient(KEY, base_url=url, http_transport="aiohttp")
