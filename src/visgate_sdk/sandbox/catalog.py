"""Offline model catalog served by the sandbox (``data/catalog.json``).

Every entry carries every ``ModelInfo`` field of openapi.yaml (a test checks them against the
schema). Prices are plausible, not authoritative: ``base_cost_micro`` is the provider price of
one unit in micro-USD (an image, or a megapixel per ``pricing_unit``; a second of video), and
``normalized_cost_micro`` that of one typical output (a ~1 megapixel image, a 5-second clip).
"""

from __future__ import annotations

import copy
import json
from collections.abc import Mapping, Sequence
from importlib import resources
from typing import Any

_DATA = json.loads((resources.files("visgate_sdk.sandbox") / "data/catalog.json").read_bytes())
CATALOG_LAST_UPDATED: str = _DATA["last_updated"]
MODELS: tuple[dict[str, Any], ...] = tuple(_DATA["models"])
# Unit prices for ids the catalog does not list, which the live API still accepts.
_DEFAULT_COSTS: dict[str, dict[str, int]] = _DATA["default_costs_micro"]
_BY_ID = {m["id"]: m for m in MODELS}

PROVIDER_PREFIXES = {"fal-ai/": "fal", "replicate/": "replicate", "runway/": "runway"}


def provider_for(model_id: str) -> str | None:
    """Provider implied by a model id prefix (``fal-ai/`` -> ``fal``), or None if unknown."""
    for prefix, provider in PROVIDER_PREFIXES.items():
        if model_id.startswith(prefix) and len(model_id) > len(prefix):
            return provider
    return None


def get_model(model_id: str) -> dict[str, Any] | None:
    """A copy of the catalog entry with this id, or None; Replicate's own ``owner/name`` form
    (as in the SDK's docstrings) finds the ``replicate/owner/name`` entry too."""
    model = _BY_ID.get(model_id)
    if model is None and provider_for(model_id) is None:
        model = _BY_ID.get("replicate/" + model_id)
    return copy.deepcopy(model) if model is not None else None


def unit_cost_micro(model_id: str, provider: str, media_type: str) -> int:
    """Provider price of an image (or a second of video): the catalog's, else the default."""
    model = _BY_ID.get(model_id)
    return int(model["base_cost_micro"]) if model else _DEFAULT_COSTS[provider][media_type]


def _matches(model: Mapping[str, Any], words: Sequence[str]) -> bool:
    fields = ("id", "name", "description", "author")
    haystack = " ".join(str(model.get(field) or "") for field in fields).lower()
    return all(word in haystack for word in words)


def _sorted(models: list[dict[str, Any]], sort: str) -> list[dict[str, Any]]:
    # Every order ends on the id so that pages are stable between calls.
    if sort == "name":
        return sorted(models, key=lambda m: (str(m["name"]).casefold(), m["id"]))
    if sort == "cost":
        return sorted(models, key=lambda m: (m["base_cost_micro"], m["id"]))
    by_id = sorted(models, key=lambda m: m["id"])
    if sort == "newest":
        return sorted(by_id, key=lambda m: str(m["first_seen_at"]), reverse=True)
    return sorted(by_id, key=lambda m: int(m["run_count"]), reverse=True)


def _featured(models: list[dict[str, Any]], size: int = 6) -> list[dict[str, Any]]:
    popular = _sorted(models, "popular")
    sections = [
        ("Popular", "popular", popular),
        ("New arrivals", "newest", _sorted(models, "newest")),
        ("Popular video", "video", [m for m in popular if m["media_type"] == "video"]),
    ]
    return [
        {"title": title, "key": key, "models": copy.deepcopy(ranked[:size])}
        for title, key, ranked in sections
        if ranked
    ]


def list_models(query: Mapping[str, str]) -> dict[str, Any]:
    """The ``GET /models`` body for its query parameters (the spec has bounded their values).

    ``total_count`` counts the filtered models; the ``featured`` sections, when asked for, are
    drawn from them. Every word of ``search`` must appear, in any case, in the id, name,
    description or author; ``sort`` defaults to ``popular``.
    """
    provider, media_type, capability = (
        query.get(name, "").lower() for name in ("provider", "media_type", "capability")
    )
    words = query.get("search", "").lower().split()
    selected = [
        m
        for m in MODELS
        if (not provider or m["provider"] == provider)
        and (not media_type or m["media_type"] == media_type)
        and (not capability or capability in m["capabilities"])
        and _matches(m, words)
    ]
    page = _sorted(selected, query.get("sort", "popular"))[: int(query.get("limit", 100))]
    body = {"models": copy.deepcopy(page), "total_count": len(selected)}
    body["last_updated"] = CATALOG_LAST_UPDATED
    if query.get("featured") == "true":
        body["featured"] = _featured(selected)
    return body
