"""Generations: pricing, the cache, job timing and the result bodies the API returns."""

from __future__ import annotations

import datetime
import json
import math
import sqlite3
import time
import uuid
from typing import Any

import attrs

from visgate_sdk.sandbox import catalog, media
from visgate_sdk.sandbox.similarity import content_words, normalise, similar
from visgate_sdk.sandbox.store import Store

BASE_FEE_MICRO = 500
# Seconds at --speed 1; every duration is divided by the speed.
SYNC_SECONDS = {"image": 0.25, "video": 2.0}
JOB_SECONDS = {"image": 1.5, "video": 6.0}
CACHE_HIT_SECONDS = 0.05
PENDING_SHARE = 0.2
PROVIDER_HEADERS = {"fal": "X-Fal-Key", "replicate": "X-Replicate-Key", "runway": "X-Runway-Key"}


def iso(ts: float) -> str:
    """A timestamp as the live API writes it (microseconds, +00:00)."""
    return datetime.datetime.fromtimestamp(ts, datetime.UTC).isoformat(timespec="microseconds")


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
        entry = catalog.get_model(self.model)
        unit = (
            int(entry["base_cost_micro"])
            if entry
            else catalog.default_cost_micro(self.provider, self.media_type)
        )
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
        return {
            "prompt": self.prompt,
            "width": self.width,
            "height": self.height,
            "seed": self.seed,
            "num_images": self.num_images,
            "duration_seconds": self.duration,
            "include_steps": self.include_steps,
            **self.extra,
        }


def mode_for(provider: str, headers: Any) -> str:
    """``byok`` when this provider's key header came with the request."""
    return "byok" if headers.get(PROVIDER_HEADERS.get(provider, "")) else "managed"


def cache_lookup(store: Store, org: str, order: Order) -> sqlite3.Row | None:
    """An earlier generation this order can reuse: the same prompt, or a similar one."""
    seed = -1 if order.seed is None else order.seed
    rows = store.all(
        "SELECT * FROM cache WHERE org = ? AND model = ? AND width = ? AND height = ? AND seed = ?"
        " ORDER BY created_at",
        org,
        order.cache_model,
        order.width,
        order.height,
        seed,
    )
    prompt = normalise(order.prompt)
    for row in rows:
        if row["prompt"] == prompt:
            return row
    words = content_words(order.prompt)
    for row in rows:
        if similar(words, frozenset(str(row["words"]).split())):
            return row
    return None


def cache_store(store: Store, org: str, order: Order, source_id: str) -> None:
    store.run(
        "INSERT INTO cache VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        org,
        order.cache_model,
        order.width,
        order.height,
        -1 if order.seed is None else order.seed,
        normalise(order.prompt),
        " ".join(sorted(content_words(order.prompt))),
        source_id,
        order.provider_cost_micro,
        time.time(),
    )


def media_urls(origin: str, gen_id: str, media_type: str, count: int) -> list[str]:
    if media_type == "video":
        return [f"{origin}/media/{gen_id}/0.mp4"]
    return [f"{origin}/media/{gen_id}/{n}.png" for n in range(count)]


def output_size(row: sqlite3.Row | dict[str, Any]) -> int:
    params = json.loads(row["params"]) if isinstance(row["params"], str) else row["params"]
    if row["media_type"] == "video":
        return len(media.sample_mp4())
    return len(
        media.render_png(params["prompt"], params.get("seed"), params["width"], params["height"])
    )


def result_body(row: sqlite3.Row, origin: str, host: str) -> dict[str, Any]:
    """The finished ImageResult / VideoResult / GenerateResult body of a generation."""
    params = json.loads(row["params"])
    source = row["media_source"] or row["id"]
    urls = media_urls(origin, source, row["media_type"], int(params["num_images"]))
    cost = row["billed_micro"] / 1e6
    body: dict[str, Any] = {
        "id": row["id"],
        "model": row["model"],
        "provider": row["provider"],
        "mode": row["mode"],
        "cache_hit": bool(row["cache_hit"]),
        "latency_ms": row["latency_ms"],
        "created_at": iso(row["created_at"]),
        "output_storage": host,
    }
    if row["cache_hit"]:
        body["provider_cost_avoided_micro"] = row["avoided_micro"]
    if row["endpoint"] == "/generate":
        megapixels = params["width"] * params["height"] / 1e6
        body.update(
            images=urls,
            image_url=urls[0],
            estimated_cost_usd=cost,
            cost_per_megapixel_usd=round(row["provider_cost_micro"] / 1e6 / megapixels, 6),
            resolution={"width": params["width"], "height": params["height"]},
        )
        body.pop("output_storage")
        return body
    body["cost"] = cost
    body["output_size_bytes"] = output_size(row)
    if row["media_type"] == "video":
        body["video_url"] = urls[0]
    else:
        body["images"] = urls
        if params.get("include_steps"):
            body["steps"] = steps(row)
    return body


def steps(row: sqlite3.Row) -> list[dict[str, Any]]:
    latency = int(row["latency_ms"] or 0)
    hit = bool(row["cache_hit"])
    lookup = min(12, latency)
    return [
        {"name": "cache_lookup", "duration_ms": lookup, "status": "hit" if hit else "miss"},
        {
            "name": "provider_call",
            "duration_ms": 0 if hit else max(0, latency - lookup - 5),
            "status": "skipped" if hit else "ok",
        },
        {"name": "storage", "duration_ms": 0 if hit else min(5, latency), "status": "ok"},
    ]


def start(
    store: Store, org: str, order: Order, *, speed: float, is_async: bool, fail: bool
) -> sqlite3.Row:
    """Record a generation; a sync one is already complete, a job completes later."""
    gen_id = str(uuid.uuid4())
    now = time.time()
    hit = None if fail else cache_lookup(store, org, order)
    table = JOB_SECONDS if is_async else SYNC_SECONDS
    base = CACHE_HIT_SECONDS if hit else table[order.media_type]
    duration = base / speed
    store.insert_generation(
        {
            "id": gen_id,
            "org": org,
            "endpoint": order.endpoint,
            "media_type": order.media_type,
            "model": order.model,
            "provider": order.provider,
            "mode": order.mode,
            "params": order.params(),
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
    )
    if not hit and not fail:
        cache_store(store, org, order, gen_id)
    row = store.generation(org, gen_id)
    assert row is not None
    return row


def state(row: sqlite3.Row, now: float) -> str:
    """The job's status word at ``now``, from its timestamps (no background workers)."""
    if row["recorded"]:
        return str(row["status"])
    total = row["completes_at"] - row["created_at"]
    if now >= row["completes_at"]:
        return "failed" if row["will_fail"] else "completed"
    return "pending" if now < row["created_at"] + total * PENDING_SHARE else "processing"


def finalise(store: Store, row: sqlite3.Row, now: float | None = None) -> sqlite3.Row:
    """Record a finished generation once (status, completion time, usage)."""
    now = time.time() if now is None else now
    word = state(row, now)
    if row["recorded"] or word not in ("completed", "failed"):
        return row
    message = (
        f"Provider {row['provider']} rejected the job (sandbox fault: job_fail)"
        if word == "failed"
        else None
    )
    store.run(
        "UPDATE generations SET status = ?, completed_at = ?, error_message = ?, recorded = 1,"
        " billed_micro = CASE WHEN ? = 'failed' THEN 0 ELSE billed_micro END"
        " WHERE id = ? AND recorded = 0",
        word,
        row["completes_at"],
        message,
        word,
        row["id"],
    )
    fresh = store.generation(row["org"], row["id"])
    assert fresh is not None
    return fresh


def finalise_due(store: Store, org: str) -> None:
    """Record every job whose time has come (usage reads call this first)."""
    for row in store.all(
        "SELECT * FROM generations WHERE org = ? AND recorded = 0 AND completes_at <= ?",
        org,
        time.time(),
    ):
        finalise(store, row)


def retry_after(row: sqlite3.Row, now: float) -> int:
    """Whole seconds until polling is useful again (0 at high speeds)."""
    return max(0, min(5, math.floor(float(row["completes_at"]) - now)))


def status_body(row: sqlite3.Row, origin: str, host: str, now: float) -> dict[str, Any]:
    """The RequestStatus body of a generation."""
    word = state(row, now)
    body: dict[str, Any] = {
        "request_id": row["id"],
        "status": word,
        "media_type": row["media_type"],
        "provider": row["provider"],
        "model": row["model"],
        "output_url": None,
        "error_message": row["error_message"],
        "cache_hit": bool(row["cache_hit"]),
        "created_at": iso(row["created_at"]),
        "completed_at": iso(row["completed_at"]) if row["completed_at"] else None,
    }
    if word == "completed":
        result = result_body(row, origin, host)
        body["output_url"] = result.get("video_url") or result["images"][0]
        body["cost"] = result["cost"]
        body["result"] = result
    return body
