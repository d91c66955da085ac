"""The published surface: constructor rules, names, result types, options, the escape hatches."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from pytest_httpserver import HTTPServer

import visgate_sdk
from tests.facade import RESOURCE_GROUPS
from visgate_sdk import AsyncClient, Client
from visgate_sdk.client import DEFAULT_BASE_URL, _handle_response, _resolve_api_key
from visgate_sdk.exceptions import (
    AuthenticationError,
    ConnectionError,
    RateLimitError,
    ValidationError,
)
from visgate_sdk.types import (
    GenerateResult,
    ImageResult,
    ModelsResponse,
    ProviderBalanceItem,
    ProviderKeyInfo,
    RequestStatusResult,
    UsageSummary,
    VideoResult,
)


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("VISGATE_API_KEY", raising=False)
    monkeypatch.delenv("VISGATE_BASE_URL", raising=False)


def test_version_and_exports() -> None:
    assert visgate_sdk.__version__.count(".") >= 2
    for name in (
        "Client",
        "AsyncClient",
        "ImageResult",
        "VisgateError",
        "TimeoutError",
        "GenerationFailedError",
        "NotFoundError",
    ):
        assert getattr(visgate_sdk, name) is not None
    with pytest.raises(AttributeError):
        visgate_sdk.NoSuchThing  # noqa: B018


def test_key_and_base_url_come_from_arguments_or_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    with pytest.raises(AuthenticationError, match="VISGATE_API_KEY") as info:
        Client()
    assert info.value.status_code is None  # no request was made
    monkeypatch.setenv("VISGATE_API_KEY", "vg-from-env-0001")
    monkeypatch.setenv("VISGATE_BASE_URL", "http://127.0.0.1:9/api/v1/")
    client = Client()
    assert client.api_key == "vg-from-env-0001" and client.base_url == "http://127.0.0.1:9/api/v1"
    assert Client("vg-arg-key-0002").api_key == "vg-arg-key-0002"
    assert _resolve_api_key("vg-x-123456") == "vg-x-123456"
    monkeypatch.delenv("VISGATE_BASE_URL")
    assert Client().base_url == DEFAULT_BASE_URL == "https://visgateai.com/api/v1"
    assert AsyncClient("vg-arg-key-0002").base_url == DEFAULT_BASE_URL


def test_headers_resources_repr_and_settings() -> None:
    client = Client(
        "vg-key-000001",
        fal_key="fal_k_123456",
        replicate_key="r8_k_1234",
        runway_key="rw_k_12345",
        timeout=30,
        max_retries=0,
    )
    headers = client._client.headers
    assert headers["x-fal-key"] == "fal_k_123456" and headers["x-runway-key"] == "rw_k_12345"
    assert headers["user-agent"].startswith("visgate-sdk-python/")
    for name in RESOURCE_GROUPS:
        assert getattr(client, name) is not None
    assert repr(client) == "Client(base_url='https://visgateai.com/api/v1')"
    assert (client.timeout, client.max_retries) == (30.0, 0)
    with pytest.raises(ValidationError):
        Client("vg-key-000001", timeout=0)
    with pytest.raises(ValidationError):
        Client("vg-key-000001", max_retries=-1)


def test_set_provider_headers_replaces_keys_and_keeps_settings() -> None:
    client = Client("vg-key-000001", timeout=7.5, fal_key="fal_k_123456")
    client.set_provider_headers(runway_key="rw_new_key_1")
    headers = client._client.headers
    assert "x-fal-key" not in headers and headers["x-runway-key"] == "rw_new_key_1"
    assert client.timeout == 7.5 and client._client.timeout.read == 7.5
    client.set_provider_headers()
    assert "x-runway-key" not in client._client.headers


def test_with_options_shares_the_pool_and_overrides_per_call(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/api/v1/health").respond_with_json({}, status=503)
    client = Client("vg-key-000001", base_url=httpserver.url_for("/api/v1"), _sleep=lambda s: None)
    quick = client.with_options(max_retries=0, timeout=3)
    assert quick.images._client is quick
    assert (client.max_retries, quick.max_retries, quick.timeout) == (2, 0, 3.0)
    with pytest.raises(Exception):  # noqa: B017 - the type is checked elsewhere
        quick.health()
    assert len(httpserver.log) == 1
    with pytest.raises(Exception):  # noqa: B017
        client.health()
    assert len(httpserver.log) == 4
    assert quick._routes is client._routes  # one set of connection pools


def test_with_options_copies_keep_their_settings_to_themselves(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/api/v1/usage").respond_with_json({"period": "month"})
    client = Client("vg-key-000001", base_url=httpserver.url_for("/api/v1"), fal_key="fal_parent_1")
    tenant = client.with_options(timeout=30)
    tenant.set_provider_headers(fal_key="fal_tenant_a_1")
    with client.with_options(max_retries=0) as scoped:
        scoped.usage.get()
    client.usage.get()  # the original still works: closing a copy left the pool open
    tenant.usage.get()
    sent = [r.headers.get("X-Fal-Key") for r, _ in httpserver.log]
    assert sent == ["fal_parent_1", "fal_parent_1", "fal_tenant_a_1"]
    client.close()
    with pytest.raises(ConnectionError, match="closed"):
        client.usage.get()


def test_escape_hatch_and_its_private_alias(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/api/v1/auth/me").respond_with_json({"role": "api-key"})
    httpserver.expect_request("/api/v1/custom", method="POST", json={"a": 1}).respond_with_json([1])
    client = Client("vg-key-000001", base_url=httpserver.url_for("/api/v1"))
    assert client._request("GET", "/auth/me") == {"role": "api-key"}
    assert client.request("POST", "/custom", json={"a": 1}) == [1]
    with pytest.raises(ValidationError):
        client.request("GET", "https://elsewhere.example/x")


def test_borrowed_transport_for_the_generated_client(httpserver: HTTPServer) -> None:
    from visgate_api_client.api.models import list_models

    answers = iter([({}, 503), ({"models": [{"id": "a/b"}], "total_count": 1}, 200)])

    def handler(request: Any) -> Any:
        from werkzeug import Response

        body, code = next(answers)
        import json

        return Response(json.dumps(body), status=code, mimetype="application/json")

    httpserver.expect_request("/api/v1/models").respond_with_handler(handler)
    client = Client("vg-key-000001", base_url=httpserver.url_for("/api/v1"), _sleep=lambda s: None)
    page = list_models.sync(client=client.api_client, limit=5)
    assert page is not None and page.total_count == 1  # retried by the facade's transport
    assert httpserver.log[-1][0].headers["Authorization"] == "Bearer vg-key-000001"


def test_models_get_sends_slashes_literally(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/api/v1/models/fal-ai/flux/schnell").respond_with_json(
        {"id": "fal-ai/flux/schnell", "provider": "fal", "first_seen_at": "2025-08-01T00:00:00Z"}
    )
    model = Client("vg-key-000001", base_url=httpserver.url_for("/api/v1")).models.get(
        "fal-ai/flux/schnell"
    )
    assert httpserver.log[0][0].environ["REQUEST_URI"] == "/api/v1/models/fal-ai/flux/schnell"
    assert model.first_seen_at == "2025-08-01T00:00:00Z"  # kept as the server's string


def test_wire_rules_of_the_published_sdk(httpserver: HTTPServer) -> None:
    image = {"id": "i", "model": "m", "provider": "fal"}
    httpserver.expect_request("/api/v1/images/generate").respond_with_json(image)
    httpserver.expect_request("/api/v1/generate").respond_with_json({"id": "g", "model": "m"})
    httpserver.expect_request("/api/v1/models").respond_with_json({"models": []})
    client = Client("vg-key-000001", base_url=httpserver.url_for("/api/v1"))
    client.images.generate(
        "m/x", "p", negative_prompt="", seed=0, params={"width": 512, "g": 3}, include_steps=True
    )
    client.generate("p", params={"num_images": 2})
    client.generate("p")
    client.models.list(model_type="video", provider="", featured=True)
    bodies = [r.get_json(silent=True) for r, _ in httpserver.log]
    assert bodies[0] == {
        "model": "m/x",
        "prompt": "p",
        "width": 512,
        "height": 1024,
        "num_images": 1,
        "seed": 0,
        "g": 3,
    }
    assert httpserver.log[0][0].args["include_steps"] == "true"
    assert bodies[1] == {"prompt": "p", "model": "fal-ai/flux/schnell", "params": {"num_images": 2}}
    assert bodies[2] == {"prompt": "p", "model": "fal-ai/flux/schnell"}
    assert dict(httpserver.log[3][0].args) == {
        "limit": "100",
        "media_type": "video",
        "featured": "true",
    }


def test_bad_arguments_raise_validation_errors_before_sending() -> None:
    client = Client("vg-key-000001", base_url="http://127.0.0.1:9/api/v1")
    cases = [
        (lambda: client.images.generate("", "p"), "model"),
        (lambda: client.images.generate("m", " "), "prompt"),
        (lambda: client.images.generate("m", "p", width=0), "width"),
        (lambda: client.images.generate("m", "p", num_images=0), "num_images"),
        (lambda: client.images.generate("m", "p", params=[1]), "params"),  # type: ignore[arg-type]
        (lambda: client.videos.generate("m", "p", duration_seconds=-1), "duration_seconds"),
        (lambda: client.requests.get(""), "request_id"),
        (lambda: client.requests.get("x", wait=True, timeout=0), "timeout"),
        (lambda: client.models.get("a//b"), "model_id"),
    ]
    for call, field in cases:
        with pytest.raises(ValidationError) as info:
            call()
        assert info.value.field == field


def test_handle_response_compat_helper() -> None:
    import httpx

    ok = httpx.Response(200, json={"a": 1}, request=httpx.Request("GET", "http://x"))
    assert _handle_response(ok) == {"a": 1}
    limited = httpx.Response(429, headers={"Retry-After": "30"}, request=ok.request)
    with pytest.raises(RateLimitError) as info:
        _handle_response(limited)
    assert info.value.retry_after == 30


def test_result_types_keep_published_names_defaults_and_types() -> None:
    gen = GenerateResult.from_dict(
        {
            "id": "1",
            "model": "m",
            "estimated_cost_usd": 0.003,
            "cost_per_megapixel_usd": 0.005,
            "image_url": "u",
            "resolution": {"width": 1024, "height": 1024},
            "created_at": "2026-01-01T00:00:00Z",
            "brand_new": 7,
        }
    )
    assert (gen.cost, gen.cost_per_megapixel, gen.image_url, gen.images) == (0.003, 0.005, "u", [])
    assert isinstance(gen.created_at, datetime.datetime) and gen["brand_new"] == 7
    assert gen.additional_properties == {"brand_new": 7} and gen.to_dict()["brand_new"] == 7
    img = ImageResult.from_dict({"id": "2", "model": "m", "provider": "fal"})
    assert (img.cost, img.cache_hit, img.images, img.provider_cost_avoided_micro) == (
        0.0,
        False,
        [],
        None,
    )
    assert not hasattr(img, "request_id") and not hasattr(gen, "request_id")
    vid = VideoResult.from_dict({"id": "3", "model": "m", "provider": "fal", "mode": "byok"})
    assert vid.video_url is None and vid.mode == "byok"
    status = RequestStatusResult.from_dict({"id": "old-4", "status": "brand_new_state"})
    assert (status.request_id, status.status, status.media_type) == (
        "old-4",
        "brand_new_state",
        "video",
    )
    assert not status.is_terminal and status.created_at is None
    usage = UsageSummary.from_dict(
        {
            "total_requests": 10,
            "cached_requests": 2,
            "total_cost_usd": 1.5,
            "provider_breakdown": {"fal": 10},
        }
    )
    assert (usage.cache_hit_rate, usage.total_billed_cost, usage.by_provider) == (
        20.0,
        1.5,
        {"fal": 10},
    )
    assert UsageSummary.from_dict({}).cache_hit_rate == 0.0
    key = ProviderKeyInfo.from_dict(
        {"provider": "fal", "validated": 1, "validated_at": "2026-02-10T15:26:01.772000+00:00"}
    )
    assert key.validated is True and key.validated_at == "2026-02-10T15:26:01.772000+00:00"
    bal = ProviderBalanceItem.from_dict(
        {"provider": "runway", "configured": True, "available": True, "remaining": 1880.0}
    )
    assert (bal.remaining, bal.limit) == (1880.0, None)
    page = ModelsResponse.from_dict(
        {
            "models": [{"id": "a", "name": "A"}],
            "total_count": 9,
            "featured": [{"title": "Popular", "key": "popular", "models": []}],
        }
    )
    assert page.models[0].name == "A" and page.featured is not None
    assert page.featured[0].key == "popular"
    assert ModelsResponse.from_dict({"models": [], "featured": []}).featured is None


def test_borrowed_api_client_follows_the_copy_and_hides_the_key(httpserver: HTTPServer) -> None:
    from visgate_api_client.api.system import get_health

    httpserver.expect_request("/api/v1/health").respond_with_json({}, status=503)
    client = Client("vg-borrowed-key-0001", base_url=httpserver.url_for("/api/v1"), max_retries=0)
    api = client.with_options(max_retries=3).api_client
    assert "vg-borrowed-key-0001" not in repr(api)
    with pytest.raises(Exception):  # noqa: B017 - the typed error is tested elsewhere
        get_health.sync_detailed(client=api)
    assert len(httpserver.log) == 4  # the copy's retry policy, not the original's


@pytest.mark.parametrize("kind", ["sync", "async"])
def test_proxy_variables_are_honoured(
    httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch, kind: str
) -> None:
    import asyncio
    import warnings

    from visgate_sdk import AsyncClient

    for name in ("NO_PROXY", "no_proxy", "ALL_PROXY", "all_proxy", "HTTPS_PROXY", "https_proxy"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HTTP_PROXY", httpserver.url_for("/"))
    # The pytest-httpserver plays the proxy: it sees the absolute-form request for the API host.
    httpserver.expect_request("/api/v1/health").respond_with_json({"status": "via proxy"})
    base = "http://visgate-api.invalid/api/v1"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # plain http to a remote host warns; not the point here
        if kind == "sync":
            assert Client("vg-proxy-key-0001", base_url=base).health() == {"status": "via proxy"}
        else:

            async def run() -> object:
                async with AsyncClient("vg-proxy-key-0001", base_url=base) as client:
                    return await client.health()

            assert asyncio.run(run()) == {"status": "via proxy"}
    assert len(httpserver.log) == 1


def test_private_names_of_0_0_x_still_work(httpserver: HTTPServer) -> None:
    import datetime

    from visgate_sdk._utils import parse_datetime

    answer = {"id": "g", "image_url": "u", "model": "m", "provider": "fal", "cost": 0.0}
    httpserver.expect_request("/api/v1/generate").respond_with_json(answer)
    client = Client("vg-key-000001", base_url=httpserver.url_for("/api/v1"))
    assert client._generate("a cat").image_url == "u"
    assert parse_datetime("2026-02-20T10:16:44Z") == datetime.datetime(
        2026, 2, 20, 10, 16, 44, tzinfo=datetime.UTC
    )
    assert parse_datetime("") is None and parse_datetime("not a date") is None
