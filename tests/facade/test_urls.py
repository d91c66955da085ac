"""Request URLs: every call reaches base_url + path exactly as httpx would join them.

The client resolves each path once and reuses the absolute URL; these tests pin that the
reuse never sends a request to a wrong or stale URL.
"""

from __future__ import annotations

import json
import re

import httpx
import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from visgate_sdk import AsyncClient, Client
from visgate_sdk._url_cache import MAX_ENTRIES


def echo_uri(request: Request) -> Response:
    return Response(
        json.dumps({"uri": request.environ["REQUEST_URI"]}), mimetype="application/json"
    )


def client(httpserver: HTTPServer, suffix: str) -> Client:
    return Client("vg-test-key-000", base_url=httpserver.url_for(suffix), max_retries=0)


@pytest.mark.parametrize("suffix", ["/api/v1", "/api/v1/"])
def test_paths_join_base_url_like_httpx(httpserver: HTTPServer, suffix: str) -> None:
    httpserver.expect_request(re.compile("/api/v1/.*")).respond_with_handler(echo_uri)
    reference = httpx.Client(base_url=httpserver.url_for(suffix))
    with client(httpserver, suffix) as sdk:
        for path in ("/health", "/models?limit=2", "/usage/logs?a=1&b=%20", "/x y/é"):
            sent = sdk.request("GET", path)["uri"]
            assert sent == reference.build_request("GET", path).url.raw_path.decode()
            assert sdk.request("GET", path)["uri"] == sent  # the second, cached, call agrees
        assert sdk.request("GET", "/models", params={"limit": 3})["uri"] == "/api/v1/models?limit=3"
    reference.close()


def test_more_distinct_paths_than_the_cache_holds_all_go_to_their_own_url(
    httpserver: HTTPServer,
) -> None:
    httpserver.expect_request(re.compile("/api/v1/requests/.*")).respond_with_handler(
        lambda request: Response(
            json.dumps({"request_id": request.path.rsplit("/", 1)[1], "status": "completed"}),
            mimetype="application/json",
        )
    )
    ids = [f"job-{n}" for n in range(MAX_ENTRIES + 40)]
    with client(httpserver, "/api/v1") as sdk:
        for request_id in ids + ids[:5]:  # the first ones again, after the cache was reset
            assert sdk.requests.get(request_id).request_id == request_id
        # A long batch job polling many ids must not grow the client's memory without bound.
        assert len(sdk._urls._urls) <= MAX_ENTRIES


def test_async_client_and_with_options_clone_reach_the_same_urls(httpserver: HTTPServer) -> None:
    import asyncio

    httpserver.expect_request(re.compile("/api/v1/.*")).respond_with_handler(echo_uri)

    async def run() -> list[str]:
        async with AsyncClient(
            "vg-test-key-000", base_url=httpserver.url_for("/api/v1"), max_retries=0
        ) as sdk:
            clone = sdk.with_options(timeout=5)
            return [
                (await sdk.request("GET", "/models/fal-ai/flux/schnell"))["uri"],
                (await clone.request("GET", "/models/fal-ai/flux/schnell"))["uri"],
            ]

    assert asyncio.run(run()) == ["/api/v1/models/fal-ai/flux/schnell"] * 2
