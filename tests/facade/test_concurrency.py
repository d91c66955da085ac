"""One client shared by threads or tasks: per-call settings never cross between calls."""

from __future__ import annotations

import asyncio
import inspect
import json
import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from tests.facade import RESOURCE_GROUPS
from visgate_sdk import AsyncClient, Client
from visgate_sdk.resources._jobs import AsyncGenerationRequest
from visgate_sdk.sandbox import Sandbox

MODEL = "fal-ai/flux/schnell"


def echo_key(request: Request) -> Response:
    """An image result whose id is the Idempotency-Key the request carried."""
    key = request.headers.get("Idempotency-Key", "")
    body = {"id": key, "model": MODEL, "provider": "fal", "images": ["u"]}
    return Response(json.dumps(body), mimetype="application/json")


def test_threads_sharing_a_client_keep_their_own_idempotency_keys(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/api/v1/images/generate").respond_with_handler(echo_key)
    client = Client("vg-key-000001", base_url=httpserver.url_for("/api/v1"))
    start = threading.Barrier(16)

    def call(n: int) -> tuple[str, str]:
        start.wait()
        mine = f"order-{n}"
        result = client.images.generate(MODEL, "p", idempotency_key=mine if n % 2 else None)
        return mine if n % 2 else "", result.id

    with ThreadPoolExecutor(16) as pool:
        outcomes = list(pool.map(call, range(64)))
    for mine, seen in outcomes:
        assert seen == mine if mine else seen.count("-") == 4  # a minted uuid4 otherwise
    assert len({seen for _, seen in outcomes}) == 64  # no two calls shared a key


def test_tasks_sharing_an_async_client_keep_their_own_keys(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/api/v1/images/generate").respond_with_handler(echo_key)

    async def run() -> list[str]:
        async with AsyncClient("vg-key-000001", base_url=httpserver.url_for("/api/v1")) as client:
            calls = [
                client.images.generate(MODEL, "p", idempotency_key=f"task-{n}") for n in range(40)
            ]
            return [result.id for result in await asyncio.gather(*calls)]

    assert asyncio.run(run()) == [f"task-{n}" for n in range(40)]


def test_many_waits_at_once_all_complete(sandbox: Sandbox) -> None:
    async def run() -> list[str]:
        async with AsyncClient(sandbox.api_key, base_url=sandbox.base_url) as client:
            handles = await asyncio.gather(
                *(client.videos.generate("fal-ai/veo3", f"wave {n}", wait=False) for n in range(12))
            )
            assert all(isinstance(h, AsyncGenerationRequest) for h in handles)
            waits = [h.wait(timeout=60) for h in handles if isinstance(h, AsyncGenerationRequest)]
            return [status.status for status in await asyncio.gather(*waits)]

    assert asyncio.run(run()) == ["completed"] * 12


def _public_methods(owner: Any) -> dict[str, inspect.Signature]:
    return {
        name: inspect.signature(member)
        for name, member in inspect.getmembers(owner, inspect.isfunction)
        if not name.startswith("__")
    }


def test_every_sync_method_has_an_async_twin_with_the_same_signature() -> None:
    sync_client = Client("vg-key-000001", base_url="http://127.0.0.1:9/api/v1")
    async_client = AsyncClient("vg-key-000001", base_url="http://127.0.0.1:9/api/v1")
    pairs = [(Client, AsyncClient)] + [
        (type(getattr(sync_client, name)), type(getattr(async_client, name)))
        for name in RESOURCE_GROUPS
    ]
    for sync_type, async_type in pairs:
        sync_methods, async_methods = _public_methods(sync_type), _public_methods(async_type)
        for name, signature in sync_methods.items():
            if name.startswith("_") and name not in ("_request", "_generate"):
                continue
            assert name in async_methods, f"{async_type.__name__}.{name} is missing"
            twin = async_methods[name]
            assert list(twin.parameters) == list(signature.parameters), (sync_type, name)
            for param in signature.parameters.values():
                assert twin.parameters[param.name].default == param.default, (name, param.name)
                assert twin.parameters[param.name].kind == param.kind, (name, param.name)
