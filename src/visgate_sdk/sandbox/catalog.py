"""Offline model catalog served by the sandbox (``data/catalog.json``).

The entries imitate what ``GET /models`` returns on the live API: every ``ModelInfo`` field of
``openapi.yaml`` is present on every model (a test checks them against the schema). Prices are
plausible, not authoritative:

* ``base_cost_micro`` is the provider price of one unit in micro-USD: one image (or one
  megapixel, see ``pricing_unit``) for image models, one second of output for video models.
* ``normalized_cost_micro`` is the price of one typical output, so models compare directly:
  a ~1 megapixel image, or a 5-second clip.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Mapping, Sequence
from importlib import resources
from types import MappingProxyType
from typing import Any

__all__ = [
    "CATALOG_LAST_UPDATED",
    "MODELS",
    "PROVIDER_PREFIXES",
    "REPLICATE_PREFIX",
    "SORT_KEYS",
    "default_cost_micro",
    "get_model",
    "provider_for",
    "query_models",
]

_DATA = json.loads(
    resources.files("visgate_sdk.sandbox").joinpath("data/catalog.json").read_text("utf-8")
)
CATALOG_LAST_UPDATED: str = _DATA["last_updated"]
MODELS: tuple[dict[str, Any], ...] = tuple(_DATA["models"])
_BY_ID: Mapping[str, dict[str, Any]] = MappingProxyType({m["id"]: m for m in MODELS})
del _DATA

PROVIDER_PREFIXES: Mapping[str, str] = MappingProxyType(
    {"fal-ai/": "fal", "replicate/": "replicate", "runway/": "runway"}
)

REPLICATE_PREFIX = "replicate/"

SORT_KEYS: tuple[str, ...] = ("name", "cost", "newest", "popular")

# Prices for ids the catalog does not list; the live API still accepts them.
_DEFAULT_COSTS: Mapping[tuple[str, str], int] = MappingProxyType(
    {
        ("fal", "image"): 25_000,
        ("fal", "video"): 100_000,
        ("replicate", "image"): 10_000,
        ("replicate", "video"): 50_000,
        ("runway", "image"): 50_000,
        ("runway", "video"): 50_000,
    }
)
_FALLBACK_COSTS: Mapping[str, int] = MappingProxyType(
    {"image": 25_000, "video": 100_000, "audio": 10_000}
)


def provider_for(model_id: str) -> str | None:
    """Provider implied by a model id prefix (``fal-ai/`` -> ``fal``), or None if unknown."""
    for prefix, provider in PROVIDER_PREFIXES.items():
        if model_id.startswith(prefix) and len(model_id) > len(prefix):
            return provider
    return None


def get_model(model_id: str) -> dict[str, Any] | None:
    """A copy of the catalog entry with this id, or None.

    Replicate names its models ``owner/name``: that form, without our ``replicate/`` prefix,
    finds the Replicate entry too (``black-forest-labs/flux-schnell``, as in the SDK's own
    docstrings). The entry keeps its canonical id, the one generation endpoints accept.
    """
    model = _BY_ID.get(model_id)
    if model is None and provider_for(model_id) is None:
        model = _BY_ID.get(REPLICATE_PREFIX + model_id)
    return copy.deepcopy(model) if model is not None else None


def default_cost_micro(provider: str, media_type: str) -> int:
    """Unit price (micro-USD) for a model id that has a known prefix but no catalog entry.

    Per image for image models, per second for video models.
    """
    cost = _DEFAULT_COSTS.get((provider, media_type))
    if cost is not None:
        return cost
    return _FALLBACK_COSTS.get(media_type, _FALLBACK_COSTS["image"])


def _matches(model: Mapping[str, Any], words: Sequence[str]) -> bool:
    haystack = " ".join(
        str(model.get(field) or "") for field in ("id", "name", "description", "author")
    ).lower()
    return all(word in haystack for word in words)


def _sorted(models: list[dict[str, Any]], sort: str) -> list[dict[str, Any]]:
    # Every order ends on the id so that pages are stable between calls.
    if sort == "name":
        return sorted(models, key=lambda m: (str(m["name"]).casefold(), m["id"]))
    if sort == "cost":
        return sorted(models, key=lambda m: (m["base_cost_micro"], m["id"]))
    if sort == "newest":
        by_id = sorted(models, key=lambda m: m["id"])
        return sorted(by_id, key=lambda m: str(m["first_seen_at"]), reverse=True)
    by_id = sorted(models, key=lambda m: m["id"])
    return sorted(by_id, key=lambda m: int(m["run_count"]), reverse=True)


def _featured(models: list[dict[str, Any]], size: int = 6) -> list[dict[str, Any]]:
    sections = [
        ("Popular", "popular", _sorted(models, "popular")),
        ("New arrivals", "newest", _sorted(models, "newest")),
        (
            "Popular video",
            "video",
            [m for m in _sorted(models, "popular") if m["media_type"] == "video"],
        ),
    ]
    return [
        {"title": title, "key": key, "models": copy.deepcopy(ranked[:size])}
        for title, key, ranked in sections
        if ranked
    ]


def query_models(
    *,
    provider: str | None = None,
    media_type: str | None = None,
    capability: str | None = None,
    search: str | None = None,
    sort: str | None = None,
    limit: int = 100,
    featured: bool = False,
) -> tuple[list[dict[str, Any]], int, list[dict[str, Any]] | None]:
    """Filter, sort and page the catalog like ``GET /models``.

    Returns ``(page, total_count, featured_sections)``: ``total_count`` is the size of the
    filtered set, not of the page; ``featured_sections`` is None unless ``featured`` is true,
    and is then drawn from the filtered set. Every word of ``search`` must appear
    (case-insensitively) in the id, name, description or author. ``sort`` is one of
    :data:`SORT_KEYS`; None means ``popular``. Raises ValueError for an unknown sort or a
    limit below 1.
    """
    if sort is not None and sort not in SORT_KEYS:
        raise ValueError(f"unknown sort {sort!r}; expected one of {', '.join(SORT_KEYS)}")
    if limit < 1:
        raise ValueError("limit must be at least 1")
    words = search.lower().split() if search else []
    selected = [
        m
        for m in MODELS
        if (not provider or m["provider"] == provider.lower())
        and (not media_type or m["media_type"] == media_type.lower())
        and (not capability or capability.lower() in m["capabilities"])
        and _matches(m, words)
    ]
    ordered = _sorted(selected, sort or "popular")
    sections = _featured(selected) if featured else None
    return copy.deepcopy(ordered[:limit]), len(selected), sections
