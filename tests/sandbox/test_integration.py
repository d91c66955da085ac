"""The SDK against the sandbox: what a user does, end to end, sync and async."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

import httpx
import pytest

from visgate_sdk import AsyncClient, Client
from visgate_sdk.exceptions import (
    AuthenticationError,
    ConflictError,
    GenerationFailedError,
    NotFoundError,
    ValidationError,
)
from visgate_sdk.resources.requests import AsyncGenerationRequest, GenerationRequest
from visgate_sdk.sandbox import Sandbox
from visgate_sdk.types import ImageResult

MODEL = "fal-ai/flux/schnell"


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")


def test_quick_start_generates_a_real_png(client: Client, tmp_path: Path) -> None:
    result = client.generate("a sunset over Istanbul")
    assert result.image_url and result.mode == "managed" and result.cost > 0
    saved = result.save(tmp_path)
    assert saved.parent == tmp_path and saved.suffix == ".png"
    assert png_size(saved.read_bytes()) == (1024, 1024)


def test_images_have_the_requested_size_and_depend_on_prompt_and_seed(client: Client) -> None:
    a = client.images.generate(MODEL, "a red fox", width=320, height=192, seed=1)
    b = client.images.generate(MODEL, "a red fox", width=320, height=192, seed=2)
    data_a, data_b = (httpx.get(r.images[0]).content for r in (a, b))
    assert png_size(data_a) == (320, 192) and data_a != data_b
    assert a.output_size_bytes == len(data_a) and a.output_storage


def test_exact_and_similar_prompts_hit_the_cache_and_a_new_subject_misses(client: Client) -> None:
    first = client.images.generate(MODEL, "Istanbul Bosphorus at golden hour, minarets visible")
    again = client.images.generate(MODEL, "Istanbul Bosphorus at golden hour, minarets visible")
    similar = client.images.generate(MODEL, "Bosphorus Istanbul golden hour with minarets visible")
    other = client.images.generate(MODEL, "a bowl of ramen on a wooden table")
    assert not first.cache_hit and first.provider_cost_avoided_micro is None
    assert again.cache_hit and again.cost == 0.0 and again.provider_cost_avoided_micro == 3000
    assert similar.cache_hit and not other.cache_hit
    assert again.images == first.images  # the cached output itself
    usage = client.usage.get()
    assert (usage.total_requests, usage.cached_requests) == (4, 2)
    assert usage.cache_hit_rate == 50.0


def test_byok_mode_bills_only_the_base_fee(sandbox: Sandbox) -> None:
    managed = Client(sandbox.api_key, base_url=sandbox.base_url)
    byok = Client(sandbox.api_key, base_url=sandbox.base_url, fal_key="fal_user_key_123")
    m = managed.images.generate("fal-ai/flux-pro", "a lighthouse in fog")
    b = byok.images.generate("fal-ai/flux-pro", "a lighthouse in the rain")
    assert (m.mode, b.mode) == ("managed", "byok")
    assert b.cost == pytest.approx(0.0005) and m.cost > b.cost
    byok.set_provider_headers()
    assert byok.generate("a cat").mode == "managed"


def test_async_job_moves_to_completed_with_a_playable_video(client: Client, tmp_path: Path) -> None:
    handle = client.videos.generate(
        "fal-ai/veo3", "drone over hills", duration_seconds=4, wait=False
    )
    assert isinstance(handle, GenerationRequest)
    seen: list[str] = []
    status = handle.wait(timeout=30, on_progress=lambda s: seen.append(s.status))
    assert status.status == "completed" and seen[-1] == "completed"
    assert status.result is not None and status.result.video_url == status.output_url
    video = status.save(tmp_path / "clip.mp4")
    assert video.read_bytes()[4:8] == b"ftyp"


def test_failed_job_raises_and_is_not_charged(sandbox: Sandbox, client: Client) -> None:
    sandbox.inject_fault("job_fail")
    handle = client.images.generate(MODEL, "will fail", wait=False)
    assert isinstance(handle, GenerationRequest)
    with pytest.raises(GenerationFailedError) as info:
        handle.wait(timeout=30)
    assert info.value.request_id == handle.request_id
    assert client.requests.get(handle.request_id).status == "failed"
    usage = client.usage.get()
    assert usage.failed_requests == 1 and usage.total_billed_cost == 0.0


def test_idempotent_retry_after_a_lost_answer_is_charged_once(
    sandbox: Sandbox, client: Client
) -> None:
    # The first attempt is processed and billed, then the connection drops before the answer.
    sandbox.inject_fault("reset", path="/images/generate", after_processing=True)
    result = client.images.generate(MODEL, "one charge only please")
    assert sandbox.usage_records() == 1
    assert client.usage.get().total_requests == 1
    assert client.usage.logs(limit=10)[0]["id"] == result.id


def test_rate_limit_then_success_through_the_sandbox(sandbox: Sandbox, client: Client) -> None:
    sandbox.inject_fault("status", status=429, count=2, retry_after="0")
    assert client.models.list(limit=3).total_count > 3


def test_idempotency_key_reuse_rules(sandbox: Sandbox) -> None:
    client = Client(sandbox.api_key, base_url=sandbox.base_url, max_retries=0)
    first = client.images.generate(MODEL, "same body", idempotency_key="k-1")
    replay = client.images.generate(MODEL, "same body", idempotency_key="k-1")
    assert isinstance(first, ImageResult) and isinstance(replay, ImageResult)
    assert replay.id == first.id and sandbox.usage_records() == 1
    with pytest.raises(ValidationError) as info:
        client.images.generate(MODEL, "another body", idempotency_key="k-1")
    assert info.value.error_code == "IDEMPOTENCY_KEY_REUSED"
    slow = Sandbox(speed=1.0).start()  # a sync image takes 0.25 s here
    try:
        slow_client = Client(slow.api_key, base_url=slow.base_url, max_retries=0)
        from concurrent.futures import ThreadPoolExecutor

        # Both leave together (no sleep guessing which arrives first): whichever the server
        # takes first runs, the other finds its key in flight.
        together = threading.Barrier(2)

        def send() -> ImageResult | ConflictError:
            together.wait(timeout=10)
            try:
                return slow_client.images.generate(MODEL, "x", idempotency_key="k-2")
            except ConflictError as exc:
                return exc

        with ThreadPoolExecutor(2) as pool:
            outcomes = list(pool.map(lambda _: send(), range(2)))
        assert sorted(type(o).__name__ for o in outcomes) == ["ConflictError", "ImageResult"]
    finally:
        slow.stop()


def test_async_replay_of_a_202_returns_the_same_job(client: Client) -> None:
    a = client.images.generate(MODEL, "async replay", wait=False, idempotency_key="job-key")
    b = client.images.generate(MODEL, "async replay", wait=False, idempotency_key="job-key")
    assert isinstance(a, GenerationRequest) and isinstance(b, GenerationRequest)
    assert a.request_id == b.request_id


def test_usage_logs_and_dashboard_add_up(client: Client) -> None:
    for prompt in ("one", "two", "three"):
        client.images.generate(MODEL, f"{prompt} apples", num_images=2)
    client.videos.generate("runway/gen4_turbo", "waves", duration_seconds=2)
    usage = client.usage.get("day")
    logs = client.usage.logs(limit=2, offset=1)
    dashboard = client.usage.dashboard("week")
    assert usage.total_requests == 4 and usage.by_provider == {"fal": 3, "runway": 1}
    billed = (3 * (2 * 3000 + 500) + 2 * 50_000 + 500) / 1e6
    assert usage.total_billed_cost == pytest.approx(billed)
    assert len(logs) == 2 and logs[0]["model"] == MODEL  # newest first, offset 1
    assert dashboard["total_generations"] == 4
    assert dashboard["total_cost_usd"] == pytest.approx(billed)


def test_catalog_provider_keys_and_account(client: Client) -> None:
    page = client.models.list(provider="runway", media_type="video", sort="cost", limit=50)
    costs = [m.base_cost_micro for m in page.models]
    assert page.models and costs == sorted(costs)
    assert {m.provider for m in page.models} == {"runway"}
    assert client.models.search("veo", limit=5).models
    assert client.models.get("replicate/black-forest-labs/flux-schnell").provider == "replicate"
    with pytest.raises(NotFoundError) as info:
        client.models.get("fal-ai/does-not-exist")
    assert info.value.error_code == "MODEL_NOT_FOUND"
    with pytest.raises(NotFoundError):
        client.images.generate("acme/model", "p")
    stored = client.providers.set_key("replicate", "r8_abcdefghijkl")
    assert stored.masked_key == "****ijkl" and stored.validated
    assert [k.provider for k in client.providers.list_keys().keys] == ["replicate"]
    assert not client.providers.validate_key("runway", "nope").valid
    assert client.providers.validate_key("fal", "fal_123456789").message == "Valid Fal.ai API key"
    balances = {b.provider: b for b in client.providers.balances().balances}
    assert balances["replicate"].configured and balances["runway"].limit == 10000.0
    assert client.providers.delete_key("replicate") == {"provider": "replicate", "deleted": True}
    me = client.auth.me()
    assert me.role == "api-key" and len(me.organization.id) == 20
    assert client.api_keys.list()[0].key_prefix.startswith("vg-")
    assert client.billing.stats()["total_models"] >= 40
    assert client.billing.info().balance_micro > 0 and client.billing.pricing().pricing


def test_bad_key_and_bad_input(sandbox: Sandbox) -> None:
    with pytest.raises(AuthenticationError):
        Client("vg-not-a-real-key", base_url=sandbox.base_url).usage.get()
    public = Client("vg-not-a-real-key", base_url=sandbox.base_url)
    assert public.health()["status"] == "ok" and public.models.list(limit=1).models
    client = Client(sandbox.api_key, base_url=sandbox.base_url)
    with pytest.raises(ValidationError) as info:
        client.images.generate(MODEL, "p", width=5000)
    assert info.value.field == "width" and info.value.status_code == 422
    with pytest.raises(ValidationError) as info:
        client.usage.get("decade")
    assert info.value.field == "period"


def test_async_client_end_to_end(sandbox: Sandbox) -> None:
    async def run() -> None:
        async with AsyncClient(sandbox.api_key, base_url=sandbox.base_url) as client:
            results = await asyncio.gather(
                *(client.images.generate(MODEL, f"async scene {i}") for i in range(10))
            )
            assert len({r.id for r in results}) == 10
            handle = await client.videos.generate("fal-ai/veo3", "waves", wait=False)
            assert isinstance(handle, AsyncGenerationRequest)
            assert (await handle.wait(timeout=30)).status == "completed"
            assert (await client.usage.get()).total_requests == 11

    asyncio.run(run())


def test_state_survives_a_restart(tmp_path: Path) -> None:
    db = str(tmp_path / "state.db")
    with Sandbox(db=db, speed=1000) as first:
        key = first.api_key
        client = Client(key, base_url=first.base_url)
        client.images.generate(MODEL, "persisted prompt")
        handle = client.videos.generate("fal-ai/veo3", "persisted job", wait=False)
        assert isinstance(handle, GenerationRequest)
        job_id = handle.request_id
    with Sandbox(db=db, speed=1000) as second:
        assert second.api_key == key  # the same key works after a restart
        client = Client(key, base_url=second.base_url)
        assert client.requests.get(job_id, wait=True, timeout=30).status == "completed"
        assert client.images.generate(MODEL, "persisted prompt").cache_hit
        assert client.usage.get().total_requests == 3


def test_concurrent_requests_are_all_served_and_recorded(sandbox: Sandbox) -> None:
    from concurrent.futures import ThreadPoolExecutor

    client = Client(sandbox.api_key, base_url=sandbox.base_url)
    with ThreadPoolExecutor(8) as pool:
        ids = list(pool.map(lambda i: client.images.generate(MODEL, f"crowd {i}").id, range(20)))
    assert len(set(ids)) == 20 and client.usage.get().total_requests == 20


def test_command_prints_one_json_line_and_stops_on_sigterm(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "visgate_sdk.sandbox",
            "--port",
            "0",
            "--db",
            str(tmp_path / "s.db"),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        assert proc.stdout is not None
        line = json.loads(proc.stdout.readline())
        assert line["base_url"].startswith("http://127.0.0.1:") and line["api_key"].startswith(
            "vg-"
        )
        client = Client(line["api_key"], base_url=line["base_url"])
        assert client.auth.me().role == "api-key"
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=10) == 0
    finally:
        proc.kill()
