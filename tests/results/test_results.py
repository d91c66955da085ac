"""Results never fail with a raw exception, and one bad field never hides the others."""

from __future__ import annotations

import asyncio
import inspect
import math
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from pytest_httpserver import HTTPServer

from visgate_sdk import AsyncClient, Client
from visgate_sdk import types as result_types
from visgate_sdk.exceptions import ResponseParseError, ValidationError
from visgate_sdk.resources._jobs import AsyncGenerationRequest, GenerationRequest
from visgate_sdk.sandbox import Sandbox

API = "/api/v1"
KEY = "vg-results-test-key-0001"


@pytest.fixture
def api(httpserver: HTTPServer) -> Iterator[Client]:
    with Client(KEY, base_url=httpserver.url_for(API), max_retries=0) as client:
        yield client


def _serve(httpserver: HTTPServer, method: str, path: str, body: Any) -> None:
    httpserver.expect_request(API + path, method=method).respond_with_json(body)


def _read_everything(value: Any, depth: int = 0) -> None:
    """Read every public attribute (and those of nested results), as a user might."""
    if depth > 2:
        return
    if isinstance(value, list):
        for item in value:
            _read_everything(item, depth + 1)
        return
    if not isinstance(value, result_types.Wire):
        return
    repr(value)
    value.to_dict()
    _ = value.additional_properties
    for name in dir(value):
        if name.startswith("_"):
            continue
        attr = getattr(value, name)
        if not inspect.ismethod(attr):
            _read_everything(attr, depth + 1)


# Each case: the call, its route, an answer with ONE malformed optional field, that field's
# wire name, and a check that the well-formed fields still read (and the bad one as default).
Case = tuple[
    str, str, Callable[[Client], Any], dict[str, Any] | list[Any], str, Callable[[Any], bool]
]
MALFORMED_OPTIONAL: list[Case] = [
    (
        "POST",
        "/images/generate",
        lambda c: c.images.generate("m", "p"),
        {
            "id": "i1",
            "model": "m",
            "provider": "fal",
            "images": ["http://h/a.png"],
            "created_at": "not-a-timestamp",
        },
        "created_at",
        lambda r: r.created_at is None and r.id == "i1" and r.image_url == "http://h/a.png",
    ),
    (
        "POST",
        "/videos/generate",
        lambda c: c.videos.generate("m", "p"),
        {
            "id": "v1",
            "model": "m",
            "provider": "fal",
            "video_url": "http://h/v.mp4",
            "latency_ms": "fast",
        },
        "latency_ms",
        lambda r: r.latency_ms is None and r.video_url == "http://h/v.mp4",
    ),
    (
        "POST",
        "/generate",
        lambda c: c.generate("p"),
        {"id": "g1", "model": "m", "image_url": "http://h/a.png", "created_at": "yesterday"},
        "created_at",
        lambda r: r.created_at is None and r.image_url == "http://h/a.png" and r.id == "g1",
    ),
    (
        "GET",
        "/requests/r1",
        lambda c: c.requests.get("r1"),
        {"request_id": "r1", "status": "processing", "cost": "a lot", "result": {"no": "id"}},
        "cost",
        lambda r: r.cost is None and r.result is None and r.status == "processing",
    ),
    (
        "GET",
        "/models/fal-ai/flux/schnell",
        lambda c: c.models.get("fal-ai/flux/schnell"),
        {"id": "fal-ai/flux/schnell", "run_count": "many", "tags": "oops", "provider": "fal"},
        "run_count",
        lambda r: r.run_count == 0 and r.tags == [] and r.provider == "fal",
    ),
    (
        "GET",
        "/models",
        lambda c: c.models.list(),
        {
            "models": [{"id": "a", "base_cost_micro": {"x": 1}}],
            "total_count": "lots",
            "featured": [{"key": "no-title"}],
        },
        "total_count",
        lambda r: r.total_count == 0 and r.models[0].id == "a" and r.featured is None,
    ),
    (
        "GET",
        "/usage",
        lambda c: c.usage.get(),
        {
            "total_requests": 12,
            "cached_requests": 3,
            "period_start": "not-a-date",
            "by_provider": [1],
        },
        "period_start",
        lambda r: r.period_start is None and r.by_provider == {} and r.cache_hit_rate == 25.0,
    ),
    (
        "GET",
        "/providers/keys",
        lambda c: c.providers.list_keys(),
        {"keys": [{"provider": "fal", "validated": "perhaps"}], "extra": None},
        "extra",
        lambda r: r.keys[0].provider == "fal" and r.keys[0].validated is False,
    ),
    (
        "GET",
        "/providers/balances",
        lambda c: c.providers.balances(),
        {"balances": [{"provider": "fal", "limit": "unlimited", "configured": True}]},
        "balances",
        lambda r: r.balances[0].limit is None and r.balances[0].configured is True,
    ),
    (
        "POST",
        "/providers/validate",
        lambda c: c.providers.validate_key("fal", "fal-key-123456"),
        {"valid": True, "message": {"nested": 1}},
        "message",
        lambda r: r.valid is True and r.message == "",
    ),
    (
        "GET",
        "/auth/me",
        lambda c: c.auth.me(),
        {"organization": {"id": "o1", "name": "Org"}, "role": ["admin"]},
        "role",
        lambda r: r.role == "" and r.organization.name == "Org",
    ),
    (
        "GET",
        "/billing/info",
        lambda c: c.billing.info(),
        {"balance_micro": "1000", "tier": ["gold"], "billing_status": "active"},
        "tier",
        lambda r: r.tier is None and r.balance_micro == 1000 and r.billing_status == "active",
    ),
    (
        "GET",
        "/billing/pricing",
        lambda c: c.billing.pricing(),
        {"pricing": "cheap", "last_updated": "2026-01-01T00:00:00Z"},
        "pricing",
        lambda r: r.pricing == {} and r.last_updated == "2026-01-01T00:00:00Z",
    ),
]


@pytest.mark.parametrize(
    ("method", "path", "call", "body", "field", "check"),
    MALFORMED_OPTIONAL,
    ids=[case[1] for case in MALFORMED_OPTIONAL],
)
def test_a_malformed_optional_field_reads_as_its_default_and_hides_nothing(
    httpserver: HTTPServer,
    api: Client,
    method: str,
    path: str,
    call: Callable[[Client], Any],
    body: dict[str, Any],
    field: str,
    check: Callable[[Any], bool],
) -> None:
    _serve(httpserver, method, path, body)
    result = call(api)
    _read_everything(result)
    assert check(result)
    assert result[field] == body[field]  # the server's value stays reachable


def test_api_keys_entries_with_malformed_optional_fields(
    httpserver: HTTPServer, api: Client
) -> None:
    _serve(httpserver, "GET", "/api-keys", [{"id": "k1", "created_at": 7, "name": {"x": 1}}])
    (key,) = api.api_keys.list()
    _read_everything(key)
    assert (key.id, key.name, key.created_at, key["created_at"]) == ("k1", "", None, 7)


def test_numbers_sent_as_numeric_strings_are_read_as_numbers(
    httpserver: HTTPServer, api: Client
) -> None:
    _serve(
        httpserver,
        "GET",
        "/usage",
        {
            "total_requests": "12",
            "successful_requests": "10",
            "failed_requests": " 2 ",
            "cached_requests": "3",
            "total_billed_cost": "0.25",
            "total_provider_cost": "1e-2",
            "total_savings": "NaN",
        },
    )
    usage = api.usage.get()
    assert usage.cache_hit_rate == 25.0
    assert (usage.total_requests, usage.failed_requests) == (12, 2)
    assert usage.total_billed_cost == 0.25 and usage.total_provider_cost == 0.01
    assert usage.total_savings == 0.0  # not a finite number: the default
    assert "cost=$0.2500" in repr(usage)
    _serve(
        httpserver,
        "POST",
        "/images/generate",
        {
            "id": "i",
            "model": "m",
            "provider": "p",
            "cost": "0.003",
            "latency_ms": "120",
            "cache_hit": "true",
            "output_size_bytes": 2048.0,
        },
    )
    image = api.images.generate("m", "p")
    assert (image.cost, image.latency_ms, image.cache_hit) == (0.003, 120, True)
    assert image.output_size_bytes == 2048 and isinstance(image.output_size_bytes, int)


def test_legacy_total_cost_usd_as_a_string(httpserver: HTTPServer, api: Client) -> None:
    _serve(httpserver, "GET", "/usage", {"total_cost_usd": "0.13", "total_billed_cost": "n/a"})
    assert api.usage.get().total_billed_cost == 0.13


@pytest.mark.parametrize(
    "case",
    [
        (
            "POST",
            "/images/generate",
            lambda c: c.images.generate("m", "p"),
            {"id": "i", "model": "m"},
        ),
        (
            "POST",
            "/images/generate",
            lambda c: c.images.generate("m", "p"),
            {"id": {"not": "an id"}, "model": "m", "provider": "fal"},
        ),
        (
            "POST",
            "/videos/generate",
            lambda c: c.videos.generate("m", "p"),
            {"id": "v", "model": None, "provider": "fal"},
        ),
        (
            "GET",
            "/providers/keys",
            lambda c: c.providers.list_keys(),
            {"keys": [{"provider": "fal"}, {"masked_key": "****1234"}]},
        ),
        ("GET", "/providers/keys", lambda c: c.providers.list_keys(), {"keys": "none"}),
        (
            "GET",
            "/providers/balances",
            lambda c: c.providers.balances(),
            {"balances": [{"provider": ["fal"]}]},
        ),
        ("GET", "/auth/me", lambda c: c.auth.me(), {"organization": {"id": "o"}}),
        (
            "POST",
            "/providers/validate",
            lambda c: c.providers.validate_key("fal", "fal-k-1234"),
            {"valid": "unknown"},
        ),
        ("GET", "/models", lambda c: c.models.list(), {"models": {"a": 1}}),
    ],
    ids=[
        "missing",
        "wrong-type",
        "null",
        "nested",
        "not-a-list",
        "nested-type",
        "org",
        "bool",
        "models",
    ],
)
def test_a_missing_or_malformed_required_field_fails_at_the_call(
    httpserver: HTTPServer, api: Client, case: tuple[str, str, Callable[[Client], Any], Any]
) -> None:
    method, path, call, body = case
    _serve(httpserver, method, path, body)
    with pytest.raises(ResponseParseError, match="not a valid"):
        call(api)


def test_deeply_nested_unknown_field_copies_compares_and_prints(
    httpserver: HTTPServer, api: Client
) -> None:
    depth = 900  # decodes with json (its limit is ~1000); copy.deepcopy needs ~2 frames a level
    text = '{"id": "i", "model": "m", "provider": "p", "trace": ' + "[" * depth + "]" * depth + "}"
    httpserver.expect_request(API + "/images/generate").respond_with_data(
        text, content_type="application/json"
    )
    result = api.images.generate("m", "p")
    copied = result.to_dict()
    level, seen = copied["trace"], 1
    while level:
        level, seen = level[0], seen + 1
    assert seen == depth
    assert result == result_types.ImageResult.from_dict(copied)
    assert "ImageResult(id='i'" in repr(result)


def test_to_dict_of_thousands_of_levels_and_of_a_cycle() -> None:
    deep: list[Any] = []
    node = deep
    for _ in range(5000):
        child: list[Any] = []
        node.append({"n": child})
        node = child
    result = result_types.GenerateResult.from_dict({"id": "1", "model": "m", "deep": deep})
    copied = result.to_dict()
    assert copied["deep"] is not deep and result == result_types.GenerateResult.from_dict(copied)
    loop: dict[str, Any] = {}
    loop["self"] = loop
    looped = result_types.GenerateResult.from_dict({"id": "1", "model": "m", "loop": loop})
    again = looped.to_dict()["loop"]
    assert again["self"] is again and again is not loop


HOSTILE = [[1], {"a": 1}, "x", True, 1.5, "12", -3, "2026-13-45", ""]


@pytest.mark.parametrize(
    "cls",
    [
        c
        for c in vars(result_types).values()
        if isinstance(c, type)
        and issubclass(c, result_types.Wire)
        and c.__module__ == result_types.__name__
        and c._schema.fields
    ],
    ids=lambda c: c.__name__,
)
@pytest.mark.parametrize("hostile", HOSTILE, ids=repr)
def test_every_property_of_every_result_survives_any_optional_value(
    cls: type[result_types.Wire], hostile: Any
) -> None:
    schema = cls._schema
    valid = {"str": "s", "bool": True, "Organization": {"id": "o", "name": "n"}}
    body: dict[str, Any] = {}
    for name, (kinds, _) in schema.fields.items():
        if name in schema.required:
            body[name] = [] if kinds[0].startswith("list[") else valid.get(kinds[0], "s")
        else:
            body[name] = hostile
    _read_everything(cls.from_dict(body))


@pytest.mark.parametrize(
    "bad",
    [math.nan, math.inf, -math.inf, -1, 0, True, "10"],
    ids=repr,
)
def test_waits_refuse_timeouts_that_are_not_finite_positive_seconds(
    sandbox: Sandbox, client: Client, bad: Any
) -> None:
    job = client.images.generate("fal-ai/flux/schnell", "a lighthouse", wait=False)
    assert isinstance(job, GenerationRequest)
    for attempt in (
        lambda: job.wait(timeout=bad),
        lambda: job.wait(timeout=5, poll_interval=bad),
        lambda: client.requests.get(job.request_id, wait=True, timeout=bad),
    ):
        with pytest.raises(ValidationError, match="finite positive number of seconds"):
            attempt()
    assert job.wait(timeout=30).status == "completed"  # sane values still wait


def test_async_waits_refuse_nan_and_infinity(sandbox: Sandbox) -> None:
    async def run() -> None:
        async with AsyncClient(sandbox.api_key, base_url=sandbox.base_url) as client:
            job = await client.videos.generate(
                "fal-ai/veo3", "waves", duration_seconds=4.0, wait=False
            )
            assert isinstance(job, AsyncGenerationRequest)
            for bad in (math.nan, math.inf):
                with pytest.raises(ValidationError, match="finite positive") as info:
                    await job.wait(timeout=bad)
                assert info.value.field == "timeout"
                with pytest.raises(ValidationError, match="finite positive"):
                    await client.requests.get(job.request_id, wait=True, poll_interval=bad)

    asyncio.run(run())
