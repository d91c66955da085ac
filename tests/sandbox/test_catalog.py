"""The sandbox model catalog: content, lookups and the filters behind ``GET /models``."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import httpx
import pytest

from visgate_sdk.sandbox import Sandbox, catalog
from visgate_sdk.sandbox.catalog import (
    CATALOG_LAST_UPDATED,
    MODELS,
    get_model,
    list_models,
    provider_for,
    unit_cost_micro,
)

from .test_contract import conforms

REQUIRED_IDS = [
    "fal-ai/flux/schnell",
    "fal-ai/flux-pro",
    "fal-ai/flux/dev",
    "fal-ai/veo3",
    "fal-ai/flux-pro/video",
    "replicate/black-forest-labs/flux-schnell",
    "replicate/lucataco/cogvideox-5b",
    "runway/gen4_image",
    "runway/gen4_turbo",
]

STR_FIELDS = ["id", "name", "provider", "media_type"]
OPTIONAL_STR_FIELDS = [
    "description",
    "category",
    "cover_image_url",
    "author",
    "url",
    "pricing",
    "pricing_unit",
    "output_type",
]
INT_FIELDS = ["base_cost_micro", "normalized_cost_micro", "run_count"]
LIST_FIELDS = ["tags", "input_types", "capabilities"]
TIME_FIELDS = ["first_seen_at", "provider_created_at", "last_synced_at"]
ALL_FIELDS = STR_FIELDS + OPTIONAL_STR_FIELDS + INT_FIELDS + LIST_FIELDS + TIME_FIELDS


def ids(models: list[dict[str, Any]]) -> list[str]:
    return [m["id"] for m in models]


# -- content ----------------------------------------------------------------------------------


def test_catalog_is_tens_of_models_with_unique_ids() -> None:
    assert 40 <= len(MODELS) <= 60
    assert len({m["id"] for m in MODELS}) == len(MODELS)
    assert isinstance(MODELS, tuple)


@pytest.mark.parametrize("model_id", REQUIRED_IDS)
def test_required_models_exist(model_id: str) -> None:
    model = get_model(model_id)
    assert model is not None
    assert model["id"] == model_id


@pytest.mark.parametrize("model", MODELS, ids=lambda m: str(m["id"]))
def test_every_model_has_every_field_with_the_right_type(model: dict[str, Any]) -> None:
    assert set(ALL_FIELDS) <= set(model)
    for field in STR_FIELDS:
        assert isinstance(model[field], str) and model[field], field
    for field in OPTIONAL_STR_FIELDS:
        assert model[field] is None or isinstance(model[field], str), field
    for field in INT_FIELDS:
        assert type(model[field]) is int and model[field] >= 0, field
    for field in LIST_FIELDS:
        assert isinstance(model[field], list), field
        assert all(isinstance(item, str) for item in model[field]), field
    for field in TIME_FIELDS:
        parsed = datetime.fromisoformat(model[field])
        assert parsed.utcoffset() is not None, field
    assert model["provider"] in {"fal", "replicate", "runway"}
    assert model["media_type"] in {"image", "video"}
    assert provider_for(model["id"]) == model["provider"]
    assert model["capabilities"], "every model can do something"
    assert model["output_type"] == model["media_type"]
    assert model["base_cost_micro"] > 0
    assert model["description"] and model["author"]


def test_catalog_covers_every_provider_and_media_type() -> None:
    pairs = {(m["provider"], m["media_type"]) for m in MODELS}
    for provider in ("fal", "replicate", "runway"):
        for media_type in ("image", "video"):
            assert (provider, media_type) in pairs
    capabilities = {c for m in MODELS for c in m["capabilities"]}
    assert {"text-to-image", "image-to-image", "text-to-video", "image-to-video"} <= capabilities


def test_known_models_carry_plausible_prices() -> None:
    schnell = get_model("fal-ai/flux/schnell")
    assert schnell is not None
    assert schnell["name"] == "FLUX Schnell"
    assert schnell["provider"] == "fal"
    assert schnell["media_type"] == "image"
    assert schnell["base_cost_micro"] == 3000
    pro = get_model("fal-ai/flux-pro")
    veo = get_model("fal-ai/veo3")
    turbo = get_model("runway/gen4_turbo")
    assert pro is not None and pro["base_cost_micro"] == 50_000
    assert veo is not None and veo["media_type"] == "video" and veo["base_cost_micro"] == 750_000
    assert turbo is not None and turbo["provider"] == "runway"
    assert turbo["base_cost_micro"] == 50_000


def test_last_updated_is_an_aware_timestamp() -> None:
    assert datetime.fromisoformat(CATALOG_LAST_UPDATED).utcoffset() is not None


# -- lookups ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("model_id", "provider"),
    [
        ("fal-ai/flux/schnell", "fal"),
        ("fal-ai/something-new", "fal"),
        ("replicate/owner/name", "replicate"),
        ("runway/gen4_turbo", "runway"),
        ("openai/dall-e-3", None),
        ("flux-schnell", None),
        ("", None),
        ("fal-ai/", None),
    ],
)
def test_provider_for(model_id: str, provider: str | None) -> None:
    assert provider_for(model_id) == provider


def test_provider_prefixes() -> None:
    assert dict(catalog.PROVIDER_PREFIXES) == {
        "fal-ai/": "fal",
        "replicate/": "replicate",
        "runway/": "runway",
    }


def test_get_model_needs_the_exact_id() -> None:
    assert get_model("fal-ai/flux/schnell/") is None
    assert get_model("FAL-AI/FLUX/SCHNELL") is None
    assert get_model("flux/schnell") is None  # only Replicate's owner/name form is an alias
    assert get_model("replicate/replicate/black-forest-labs/flux-schnell") is None
    assert get_model("nope") is None


def test_replicate_owner_name_finds_the_replicate_entry() -> None:
    model = get_model("black-forest-labs/flux-schnell")
    assert model is not None
    assert model == get_model("replicate/black-forest-labs/flux-schnell")
    assert model["provider"] == "replicate"
    assert model["id"] == "replicate/black-forest-labs/flux-schnell"  # the id generation takes


def test_default_cost_is_positive_for_every_provider_and_media() -> None:
    for provider in ("fal", "replicate", "runway"):
        for media_type in ("image", "video"):
            assert unit_cost_micro("unlisted/model", provider, media_type) > 0
    video, image = (unit_cost_micro("fal-ai/unlisted", "fal", m) for m in ("video", "image"))
    assert video > image
    flux = "fal-ai/flux/schnell"
    assert unit_cost_micro(flux, "fal", "image") == get_model(flux)["base_cost_micro"]


# -- copies -------------------------------------------------------------------------------------


def test_results_are_deep_copies() -> None:
    model = get_model("fal-ai/flux/schnell")
    assert model is not None
    model["name"] = "changed"
    model["tags"].append("changed")
    page, _, sections = query_models(featured=True)
    page[0]["capabilities"].clear()
    assert sections
    sections[0]["models"][0]["name"] = "changed"
    fresh = get_model("fal-ai/flux/schnell")
    assert fresh is not None
    assert fresh["name"] == "FLUX Schnell"
    assert "changed" not in fresh["tags"]
    assert all(m["capabilities"] for m in MODELS)
    assert all(m["name"] != "changed" for m in MODELS)


def query_models(**query: Any) -> tuple[list[dict[str, Any]], int, list[dict[str, Any]] | None]:
    """``list_models`` with its query given as keywords; its page, total and sections."""
    text = {name: str(value).lower() for name, value in query.items()}
    body = list_models(text)
    return body["models"], body["total_count"], body.get("featured")


# -- list_models --------------------------------------------------------------------------------


def test_defaults_return_everything_by_popularity() -> None:
    page, total, sections = query_models()
    assert total == len(MODELS)
    assert len(page) == len(MODELS)
    assert sections is None
    runs = [m["run_count"] for m in page]
    assert runs == sorted(runs, reverse=True)


def test_limit_caps_the_page_but_not_the_total() -> None:
    page, total, _ = query_models(limit=5)
    assert len(page) == 5
    assert total == len(MODELS)
    assert ids(page) == ids(query_models()[0])[:5]


@pytest.mark.parametrize("provider", ["fal", "replicate", "runway"])
def test_provider_filter(provider: str) -> None:
    page, total, _ = query_models(provider=provider)
    expected = [m for m in MODELS if m["provider"] == provider]
    assert page and total == len(expected) == len(page)
    assert all(m["provider"] == provider for m in page)


def test_media_type_and_capability_filters_combine() -> None:
    page, total, _ = query_models(provider="fal", media_type="video", limit=3)
    assert len(page) == 3
    assert total == sum(1 for m in MODELS if m["provider"] == "fal" and m["media_type"] == "video")
    assert all(m["provider"] == "fal" and m["media_type"] == "video" for m in page)

    page, total, _ = query_models(capability="image-to-video")
    assert total == len(page) > 0
    assert all("image-to-video" in m["capabilities"] for m in page)
    assert "runway/gen4_turbo" in ids(page)


def test_unknown_filter_values_give_an_empty_page() -> None:
    assert query_models(provider="runpod") == ([], 0, None)
    assert query_models(media_type="audio") == ([], 0, None)
    assert query_models(capability="text-to-audio") == ([], 0, None)


def test_search_is_case_insensitive_and_needs_every_word() -> None:
    page, total, _ = query_models(search="FLUX schnell")
    assert total == len(page)
    assert set(ids(page)) >= {"fal-ai/flux/schnell", "replicate/black-forest-labs/flux-schnell"}
    for model in page:
        text = " ".join([model["id"], model["name"], model["description"], model["author"]])
        assert "flux" in text.lower() and "schnell" in text.lower()


def test_search_matches_author_and_description() -> None:
    by_author, _, _ = query_models(search="black forest labs")
    assert "fal-ai/flux-pro" in ids(by_author)
    assert all("black forest labs" in m["author"].lower() for m in by_author)
    by_text, _, _ = query_models(search="upscale")
    assert by_text
    assert all("upscale" in (m["description"] + m["name"] + m["id"]).lower() for m in by_text)


def test_search_without_match() -> None:
    assert query_models(search="istanbul") == ([], 0, None)
    assert query_models(search="flux zebra")[1] == 0


def test_sort_by_name() -> None:
    page, _, _ = query_models(sort="name")
    names = [m["name"].casefold() for m in page]
    assert names == sorted(names)


def test_sort_by_cost() -> None:
    page, _, _ = query_models(sort="cost")
    costs = [m["base_cost_micro"] for m in page]
    assert costs == sorted(costs)
    cheapest, _, _ = query_models(sort="cost", media_type="video", limit=1)
    assert cheapest[0]["base_cost_micro"] == min(
        m["base_cost_micro"] for m in MODELS if m["media_type"] == "video"
    )


def test_sort_by_newest() -> None:
    page, _, _ = query_models(sort="newest")
    seen = [datetime.fromisoformat(m["first_seen_at"]) for m in page]
    assert seen == sorted(seen, reverse=True)


def test_sort_by_popularity_is_the_default() -> None:
    assert ids(query_models(sort="popular")[0]) == ids(query_models()[0])


def test_order_is_stable_between_calls() -> None:
    for sort in ("name", "cost", "newest", "popular"):
        assert ids(query_models(sort=sort)[0]) == ids(query_models(sort=sort)[0])


def test_featured_sections() -> None:
    page, total, sections = query_models(featured=True, limit=2)
    assert len(page) == 2 and total == len(MODELS)
    assert sections is not None and 2 <= len(sections) <= 3
    keys = [s["key"] for s in sections]
    assert "popular" in keys
    for section in sections:
        assert set(section) == {"title", "key", "models"}
        assert isinstance(section["title"], str) and section["title"]
        assert section["models"]
        assert all(set(ALL_FIELDS) <= set(m) for m in section["models"])
    popular = next(s for s in sections if s["key"] == "popular")
    assert popular["title"] == "Popular"
    assert popular["models"][0]["id"] == query_models(limit=1)[0][0]["id"]


def test_featured_sections_follow_the_filters() -> None:
    _, _, sections = query_models(featured=True, provider="runway")
    assert sections
    assert all(m["provider"] == "runway" for s in sections for m in s["models"])


# -- over HTTP: every id api-facts names, with its provider -----------------------------------

# Each model id ../shared/reference/api-facts.md names (§3.3, §3.4, §3.6, §3.7), and its provider.
API_FACTS_IDS = {
    "fal-ai/flux/schnell": "fal",
    "fal-ai/flux-pro": "fal",
    "fal-ai/veo3": "fal",
    "fal-ai/flux-pro/video": "fal",
    "replicate/black-forest-labs/flux-schnell": "replicate",
    "black-forest-labs/flux-schnell": "replicate",  # §3.7: the SDK docstring's form
    "replicate/lucataco/cogvideox-5b": "replicate",
    "runway/gen4_image": "runway",
    "runway/gen4_turbo": "runway",
}


@pytest.mark.parametrize(("model_id", "provider"), sorted(API_FACTS_IDS.items()))
def test_get_model_serves_every_id_api_facts_names(
    sandbox: Sandbox, model_id: str, provider: str
) -> None:
    response = httpx.get(f"{sandbox.base_url}/models/{model_id}", timeout=10)
    assert response.status_code == 200, response.text
    model = response.json()
    assert model["provider"] == provider
    assert model["id"].removeprefix("replicate/") == model_id.removeprefix("replicate/")
    conforms(response)


def test_the_data_file_matches_the_spec_model_info_schema() -> None:
    from jsonschema import Draft202012Validator

    from visgate_sdk.sandbox.spec import load_spec

    components = load_spec()["components"]
    validator = Draft202012Validator(
        {"$ref": "#/components/schemas/ModelInfo", "components": components}
    )
    for model in MODELS:
        errors = [e.message for e in validator.iter_errors(model)]
        assert errors == [], (model["id"], errors)
    properties = components["schemas"]["ModelInfo"]["properties"]
    assert all(set(model) == set(properties) for model in MODELS)
