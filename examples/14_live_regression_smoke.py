"""Step 14: assertive regression smoke of the live behaviour the other steps rely on.

Managed mode without provider keys; exact cache miss then hit; a reworded prompt hits the
semantic cache; async image and video jobs complete with an output URL. Prompts carry the
current unix time so every run starts from an empty cache entry.
"""

from __future__ import annotations

import sys
import time
from typing import NoReturn

from visgate_sdk import Client, GenerationRequest, ImageResult, VisgateError

MODEL = "fal-ai/flux/schnell"
SEMANTIC_TRIES = 3
SEMANTIC_PAUSE_SECONDS = 5.0


def fail(message: str) -> NoReturn:
    """Stop with FAIL: a promise of the API is broken."""
    print(f"FAIL: {message}", flush=True)
    raise SystemExit(1)


def image(client: Client, prompt: str) -> ImageResult:
    result = client.images.generate(MODEL, prompt, width=1024, height=1024, include_steps=True)
    if not isinstance(result, ImageResult):  # wait=True: never a job handle
        fail(f"expected a finished image, got {result!r}")
    return result


def main() -> int:
    run = int(time.time())
    # Short, unrelated scenes: a suffix differing between runs must not make them "similar".
    exact_prompt = f"Fishing boats near Eminonu pier, watercolor {run}"
    similar_prompt = f"Galata Tower at dawn, soft fog, photorealistic {run}"
    reworded_prompt = f"Galata Tower at dawn in soft fog {run}"
    print(f"run={run}")

    # No provider keys anywhere: everything below must run in managed mode.
    with Client() as client:
        unified = client.generate(f"Night tram on Istiklal Avenue, cinematic {run}", MODEL)
        print(f"generate_mode={unified.mode}")
        if unified.mode != "managed":
            fail(f"without provider keys the mode is {unified.mode!r}, not 'managed'")

        first, second = image(client, exact_prompt), image(client, exact_prompt)
        print(f"exact_first_cache_hit={first.cache_hit}")
        print(f"exact_second_cache_hit={second.cache_hit}")
        if first.cache_hit:
            fail("a never-seen prompt was a cache hit")
        if not second.cache_hit:
            fail("the identical second request missed the cache")

        image(client, similar_prompt)
        for attempt in range(1, SEMANTIC_TRIES + 1):
            hit = image(client, reworded_prompt).cache_hit
            print(f"semantic_attempt_{attempt}_cache_hit={hit}")
            if hit:
                break
            if attempt < SEMANTIC_TRIES:
                time.sleep(SEMANTIC_PAUSE_SECONDS)
        else:
            fail(f"the reworded prompt missed the semantic cache {SEMANTIC_TRIES} times")

        image_job = client.images.generate(MODEL, f"Lighthouse on a rocky coast {run}", wait=False)
        if not isinstance(image_job, GenerationRequest):
            fail(f"images.generate(wait=False) did not start a job: {image_job!r}")
        status = image_job.wait(timeout=120, poll_interval=3)
        print(f"async_image_status={status.status}")
        if status.status != "completed" or not status.output_url:
            fail(f"async image ended {status.status!r} without an output_url")

        video_job = client.videos.generate(
            "fal-ai/veo3",
            f"Slow pan across a snowy mountain village {run}",
            duration_seconds=4.0,
            skip_gcs_upload=True,
            wait=False,
        )
        if not isinstance(video_job, GenerationRequest):
            fail(f"videos.generate(wait=False) did not start a job: {video_job!r}")
        status = video_job.wait(timeout=300, poll_interval=4)
        print(f"async_video_status={status.status}")
        if status.status != "completed" or not status.output_url:
            fail(f"async video ended {status.status!r} without an output_url")
    print("live_regression_ok=true")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except VisgateError as exc:
        print(f"FAIL: {exc}")
        sys.exit(1)
