"""Generation options the spec leaves open, the cache's image counts and all-or-nothing writes."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest

from visgate_sdk.sandbox import Sandbox, generation

from .test_contract import conforms

MODEL = "fal-ai/flux/schnell"
MAX_SEED = 2**63 - 1


@pytest.fixture
def http(sandbox: Sandbox) -> Iterator[httpx.Client]:
    with httpx.Client(
        base_url=sandbox.base_url,
        headers={"Authorization": f"Bearer {sandbox.api_key}"},
        timeout=10,
    ) as client:
        yield client


def image(prompt: str, **options: Any) -> dict[str, Any]:
    return {"model": MODEL, "prompt": prompt, "width": 128, "height": 96, **options}


def served(urls: list[str]) -> list[bytes]:
    """Download every URL; each must be a real PNG."""
    files = [httpx.get(url, timeout=10) for url in urls]
    assert [f.status_code for f in files] == [200] * len(urls), urls
    assert all(f.content[:8] == b"\x89PNG\r\n\x1a\n" for f in files)
    return [f.content for f in files]


def paths(urls: list[str]) -> list[str]:
    return [urlsplit(url).path for url in urls]


def assert_nothing_recorded(sandbox: Sandbox, http: httpx.Client) -> None:
    usage = http.get("/usage").json()
    assert (usage["total_requests"], usage["total_billed_cost"]) == (0, 0.0)
    assert sandbox.app is not None
    for table in ("generations", "cache"):
        row = sandbox.app.store.one(f"SELECT COUNT(*) AS n FROM {table}")
        assert row is not None and row["n"] == 0, table


# -- 1 and 2: out-of-range options are a 422 before anything is written ------------------------


@pytest.mark.parametrize(
    ("path", "body", "field", "allowed"),
    [
        ("/generate", {"model": MODEL, "params": {"num_images": 0}}, "params.num_images", "1 to 8"),
        (
            "/generate",
            {"model": MODEL, "params": {"num_images": -2}},
            "params.num_images",
            "1 to 8",
        ),
        (
            "/generate",
            {"model": MODEL, "params": {"num_images": "two"}},
            "params.num_images",
            "1 to 8",
        ),
        ("/generate", {"model": MODEL, "params": {"num_images": 9}}, "params.num_images", "1 to 8"),
        (
            "/generate",
            {"model": MODEL, "params": {"num_images": 1.5}},
            "params.num_images",
            "1 to 8",
        ),
        (
            "/generate",
            {"model": MODEL, "params": {"num_images": True}},
            "params.num_images",
            "1 to 8",
        ),
        (
            "/generate",
            {"model": MODEL, "params": {"seed": 2**70}},
            "params.seed",
            f"0 to {MAX_SEED}",
        ),
        ("/generate", {"model": MODEL, "params": {"seed": -1}}, "params.seed", f"0 to {MAX_SEED}"),
        (
            "/generate",
            {"model": MODEL, "params": {"seed": "42"}},
            "params.seed",
            f"0 to {MAX_SEED}",
        ),
        ("/generate", {"model": MODEL, "params": {"width": 10}}, "params.width", "64 to 4096"),
        (
            "/generate",
            {"model": MODEL, "params": {"image_size": "10x10"}},
            "params.image_size",
            "64 to 4096",
        ),
        ("/images/generate", {"model": MODEL, "seed": 2**70}, "seed", f"0 to {MAX_SEED}"),
        ("/images/generate", {"model": MODEL, "seed": MAX_SEED + 1}, "seed", f"0 to {MAX_SEED}"),
        ("/videos/generate", {"model": "fal-ai/veo3", "seed": 2**64}, "seed", f"0 to {MAX_SEED}"),
    ],
)
def test_out_of_range_options_are_422_and_leave_no_trace(
    sandbox: Sandbox, http: httpx.Client, path: str, body: dict[str, Any], field: str, allowed: str
) -> None:
    response = http.post(path, json={"prompt": "poison", **body})
    assert response.status_code == 422, response.text
    error = response.json()
    assert error["error"] == "VALIDATION_ERROR" and error["details"] == {"field": field}
    # The contract's own bound (the spec's maximum) or the sandbox's range check names it.
    bound = allowed.split(" to ")[-1]
    assert field in error["message"] and (allowed in error["message"] or bound in error["message"])
    conforms(response)
    assert_nothing_recorded(sandbox, http)
    # Nothing was cached either: the same prompt is a fresh generation whose image exists.
    again = http.post("/generate", json={"model": MODEL, "prompt": "poison"}).json()
    assert again["cache_hit"] is False
    served(again["images"])


def test_the_largest_seed_and_integral_numbers_are_accepted(http: httpx.Client) -> None:
    big = http.post("/images/generate", json=image("big seed", seed=MAX_SEED))
    assert big.status_code == 200 and big.json()["cache_hit"] is False
    assert http.post("/images/generate", json=image("big seed", seed=MAX_SEED)).json()["cache_hit"]
    nested = http.post(
        "/generate", json={"model": MODEL, "prompt": "two", "params": {"num_images": 2.0}}
    )
    assert nested.status_code == 200 and len(nested.json()["images"]) == 2
    served(nested.json()["images"])


def test_a_failure_while_answering_records_and_caches_nothing(
    sandbox: Sandbox, http: httpx.Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: Any, **kwargs: Any) -> int:
        raise RuntimeError("storage fell over")

    monkeypatch.setattr(generation, "output_size", broken)
    sync = http.post("/images/generate", json=image("fragile"))
    job = http.post(
        "/images/generate", json=image("fragile job"), headers={"Prefer": "respond-async"}
    )
    assert (sync.status_code, job.status_code) == (500, 500)
    assert sync.json()["error"] == "INTERNAL_ERROR"
    assert_nothing_recorded(sandbox, http)
    monkeypatch.undo()
    for prompt in ("fragile", "fragile job"):
        again = http.post("/images/generate", json=image(prompt)).json()
        assert again["cache_hit"] is False
        served(again["images"])


# -- 3: the cache only reuses a generation with enough images ----------------------------------


def test_more_images_than_cached_is_a_miss_and_every_url_serves_a_png(
    http: httpx.Client,
) -> None:
    one = http.post("/images/generate", json=image("three pears", num_images=1)).json()
    two = http.post("/images/generate", json=image("three pears", num_images=2)).json()
    assert one["cache_hit"] is False and two["cache_hit"] is False
    assert len(two["images"]) == 2
    first, second = served(two["images"])
    assert first != second
    # Fewer or as many images as a cached generation made: a hit on its files.
    again = http.post("/images/generate", json=image("three pears", num_images=2)).json()
    fewer = http.post("/images/generate", json=image("three pears", num_images=1)).json()
    assert again["cache_hit"] and fewer["cache_hit"]
    assert len(again["images"]) == 2 and len(fewer["images"]) == 1
    served(again["images"] + fewer["images"])
    usage = http.get("/usage").json()
    assert (usage["total_requests"], usage["cached_requests"]) == (4, 2)


def test_the_similar_prompt_cache_counts_images_too(http: httpx.Client) -> None:
    http.post("/images/generate", json=image("Istanbul Bosphorus at golden hour, minarets"))
    reordered = "Bosphorus Istanbul golden hour with minarets"
    more = http.post("/images/generate", json=image(reordered, num_images=3)).json()
    assert more["cache_hit"] is False and len(served(more["images"])) == 3
    same = http.post("/images/generate", json=image(reordered.upper(), num_images=2)).json()
    assert same["cache_hit"] and len(served(same["images"])) == 2


def test_generate_params_num_images_is_part_of_the_cache_key(http: httpx.Client) -> None:
    http.post(
        "/generate", json={"model": MODEL, "prompt": "a lighthouse", "params": {"num_images": 1}}
    )
    two = http.post(
        "/generate", json={"model": MODEL, "prompt": "a lighthouse", "params": {"num_images": 2}}
    )
    assert two.json()["cache_hit"] is False
    served(two.json()["images"])


def test_a_similar_prompt_hit_reports_the_size_of_the_file_it_serves(http: httpx.Client) -> None:
    first = http.post("/images/generate", json=image("red fox in snowy forest at dawn")).json()
    similar = http.post("/images/generate", json=image("dawn, snowy forest, a red fox")).json()
    assert similar["cache_hit"]
    (data,) = served(similar["images"])
    assert similar["output_size_bytes"] == len(data) == first["output_size_bytes"]
