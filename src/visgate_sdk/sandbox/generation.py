"""Generations: pricing, the cache, job timing and the result bodies the API returns."""

from __future__ import annotations

import json
import math
import sqlite3
import time
import uuid
from collections.abc import Mapping
from typing import Any

import attrs

from visgate_sdk.sandbox import cache, catalog, media
from visgate_sdk.sandbox.spec import shaped
from visgate_sdk.sandbox.store import Store

BASE_FEE_MICRO = 500
# Seconds at --speed 1; every duration is divided by the speed.
SYNC_SECONDS = {"image": 0.25, "video": 2.0}
JOB_SECONDS = {"image": 1.5, "video": 6.0}
CACHE_HIT_SECONDS = 0.05
PENDING_SHARE = 0.2
PROVIDER_HEADERS = {"fal": "X-Fal-Key", "replicate": "X-Replicate-Key", "runway": "X-Runway-Key"}
RowLike = Any  # a generation row: a sqlite3.Row, or a dict planned in memory


@attrs.frozen
class Order:
    """A validated generation request."""

    endpoint: str
    media_type: str
    model: str
    provider: str
    mode: str
    prompt: str
    width: int
    height: int
    seed: int | None
    num_images: int
    duration: float
    include_steps: bool
    extra: dict[str, Any]

    @property
    def provider_cost_micro(self) -> int:
        unit = catalog.unit_cost_micro(self.model, self.provider, self.media_type)
        if self.media_type == "video":
            return round(unit * self.duration)
        return unit * self.num_images

    @property
    def billed_micro(self) -> int:
        if self.mode == "byok":  # the user pays the provider; visgate bills its base fee
            return BASE_FEE_MICRO
        return self.provider_cost_micro + BASE_FEE_MICRO

    @property
    def cache_model(self) -> str:
        """What the cache keys on besides prompt and size: a video also by length and input."""
        if self.media_type == "image":
            return self.model
        return f"{self.model}|{self.duration:g}s|{self.extra.get('image_url') or ''}"

    def params(self) -> dict[str, Any]:
        """What the generation row stores; model-specific extras never override the core."""
        return {
            **self.extra,
            "prompt": self.prompt,
            "width": self.width,
            "height": self.height,
            "seed": self.seed,
            "num_images": self.num_images,
            "duration_seconds": self.duration,
            "include_steps": self.include_steps,
        }


def mode_for(provider: str, headers: Any) -> str:
    """``byok`` when this provider's key header came with the request."""
    return "byok" if headers.get(PROVIDER_HEADERS.get(provider, "")) else "managed"


def media_urls(origin: str, gen_id: str, media_type: str, count: int) -> list[str]:
    if media_type == "video":
        return [f"{origin}/media/{gen_id}/0.mp4"]
    return [f"{origin}/media/{gen_id}/{n}.png" for n in range(count)]


def media_params(store: Store, row: RowLike) -> dict[str, Any]:
    """The params the served files are rendered from: the reused generation's on a cache hit."""
    if row["media_source"]:
        source = store.media_generation(row["media_source"])
        if source is not None:
            return dict(json.loads(source["params"]))
    return dict(json.loads(row["params"]))


def output_size(media_type: str, source: Mapping[str, Any]) -> int:
    """Bytes of the first file served from media params ``source`` (known before painting)."""
    if media_type == "video":
        return len(media.video_mp4(float(source["duration_seconds"])))
    return media.png_size(int(source["width"]), int(source["height"]))


def result_body(row: RowLike, origin: str, host: str, source: Mapping[str, Any]) -> dict[str, Any]:
    """The finished ImageResult / VideoResult / GenerateResult body of a generation
    (``source``: its :func:`media_params`, what its files are rendered from)."""
    params = json.loads(row["params"])
    owner = row["media_source"] or row["id"]
    urls = media_urls(origin, owner, row["media_type"], int(params["num_images"]))
    cost = row["billed_micro"] / 1e6
    given: dict[str, Any] = {}
    if row["cache_hit"]:
        given["provider_cost_avoided_micro"] = row["avoided_micro"]
    if row["endpoint"] == "/generate":
        width, height = params["width"], params["height"]
        per_megapixel = round(row["provider_cost_micro"] / 1e6 / (width * height / 1e6), 6)
        given.update(images=urls, image_url=urls[0], estimated_cost_usd=cost)
        given.update(cost_per_megapixel_usd=per_megapixel)
        return shaped("GenerateResult", row, resolution={"width": width, "height": height}, **given)
    given.update(cost=cost, output_storage=host)
    given["output_size_bytes"] = output_size(row["media_type"], source)
    if row["media_type"] == "video":
        duration = float(source["duration_seconds"])
        return shaped("VideoResult", row, video_url=urls[0], duration_seconds=duration, **given)
    if params.get("include_steps"):
        given["steps"] = steps(row)
    return shaped("ImageResult", row, images=urls, **given)


def steps(row: RowLike) -> list[dict[str, Any]]:
    latency = int(row["latency_ms"] or 0)
    hit = bool(row["cache_hit"])
    lookup = min(12, latency)
    call = 0 if hit else max(0, latency - lookup - 5)
    return [
        {"name": "cache_lookup", "duration_ms": lookup, "status": "hit" if hit else "miss"},
        {"name": "provider_call", "duration_ms": call, "status": "skipped" if hit else "ok"},
        {"name": "storage", "duration_ms": 0 if hit else min(5, latency), "status": "ok"},
    ]


def plan(
    store: Store, org: str, order: Order, speed: float, *, is_async: bool, fail: bool
) -> dict[str, Any]:
    """The pending generation row an order makes, in memory: the answer is built from it
    before :func:`commit`, so an error on the way leaves nothing recorded, billed or cached."""
    now = time.time()
    hit = None if fail else cache.lookup(store, org, order)
    table = JOB_SECONDS if is_async else SYNC_SECONDS
    duration = (CACHE_HIT_SECONDS if hit else table[order.media_type]) / speed
    return {
        "id": str(uuid.uuid4()),
        "org": org,
        "endpoint": order.endpoint,
        "media_type": order.media_type,
        "model": order.model,
        "provider": order.provider,
        "mode": order.mode,
        "params": json.dumps(order.params(), sort_keys=True),
        "status": "pending",
        "created_at": now,
        "completes_at": now + duration,
        "cache_hit": int(hit is not None),
        "provider_cost_micro": order.provider_cost_micro,
        "billed_micro": 0 if hit or fail else order.billed_micro,
        "avoided_micro": order.provider_cost_micro if hit else 0,
        "latency_ms": int(duration * 1000),
        "is_async": int(is_async),
        "will_fail": int(fail),
        "media_source": hit["source_id"] if hit else None,
    }


def _outcome(row: RowLike) -> dict[str, Any]:
    """The columns that change when a generation's job is over (a failure bills nothing)."""
    failed = bool(row["will_fail"])
    message = f"Provider {row['provider']} rejected the job (sandbox fault: job_fail)"
    return {
        "status": "failed" if failed else "completed",
        "completed_at": row["completes_at"],
        "error_message": message if failed else None,
        "recorded": 1,
        "billed_micro": 0 if failed else row["billed_micro"],
    }


def finished(row: dict[str, Any]) -> dict[str, Any]:
    """A planned row as it is once its job is over (a sync answer records this at once)."""
    return {**row, **_outcome(row)}


def commit(store: Store, order: Order, row: Mapping[str, Any]) -> None:
    """Write a planned generation and, if it made new files, its cache entry, atomically."""
    with store.transaction():
        store.insert_generation(row)
        if not row["cache_hit"] and not row["will_fail"]:
            cache.remember(store, str(row["org"]), order, str(row["id"]))


def state(row: RowLike, now: float) -> str:
    """The job's status word at ``now``, from its timestamps (no background workers)."""
    if row["recorded"]:
        return str(row["status"])
    if now >= row["completes_at"]:
        return "failed" if row["will_fail"] else "completed"
    pending_until = row["created_at"] + (row["completes_at"] - row["created_at"]) * PENDING_SHARE
    return "pending" if now < pending_until else "processing"


def finalise(store: Store, row: sqlite3.Row, now: float | None = None) -> sqlite3.Row:
    """Record a finished job once (status, completion time, usage)."""
    now = time.time() if now is None else now
    if row["recorded"] or state(row, now) not in ("completed", "failed"):
        return row
    done = _outcome(row)
    columns = ", ".join(f"{name} = ?" for name in done)
    sql = f"UPDATE generations SET {columns} WHERE id = ? AND recorded = 0"
    store.run(sql, *done.values(), row["id"])
    fresh = store.generation(row["org"], row["id"])
    assert fresh is not None
    return fresh


def finalise_due(store: Store, org: str) -> None:
    """Record every job whose time has come (usage reads call this first)."""
    sql = "SELECT * FROM generations WHERE org = ? AND recorded = 0 AND completes_at <= ?"
    for row in store.all(sql, org, time.time()):
        finalise(store, row)


def retry_after(row: RowLike, now: float) -> int:
    """Whole seconds until polling is useful again (0 at high speeds)."""
    return max(0, min(5, math.floor(float(row["completes_at"]) - now)))


def status_body(
    row: sqlite3.Row, origin: str, host: str, now: float, source: Mapping[str, Any]
) -> dict[str, Any]:
    """The RequestStatus body of a generation (``source``: its :func:`media_params`)."""
    word = state(row, now)
    done: dict[str, Any] = {"output_url": None}
    if word == "completed":
        result = result_body(row, origin, host, source)
        url = result.get("video_url") or result["images"][0]
        done = {"output_url": url, "cost": result["cost"], "result": result}
    return shaped("RequestStatus", row, request_id=row["id"], status=word, **done)
