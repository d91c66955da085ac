"""Step 08: semantic cache. A reworded prompt with the same meaning is served from cache."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path
from typing import NoReturn

from visgate_sdk import Client, ImageResult, VisgateError

OUT = Path(
    os.environ.get("VISGATE_EXAMPLES_OUT")
    or Path(__file__).resolve().parent.parent / "demo-output" / "examples"
)
MODEL = "fal-ai/flux/schnell"
PROMPT = "Istanbul Bosphorus at golden hour, minarets visible, cinematic"
REWORDED = "Bosphorus Istanbul golden hour with minarets, cinematic"
TRIES = 3
PAUSE_SECONDS = 3.0


def fail(message: str) -> NoReturn:
    """Stop with FAIL: the API broke a promise this example shows."""
    print(f"FAIL: {message}", flush=True)
    raise SystemExit(1)


def generate(client: Client, prompt: str) -> ImageResult:
    # include_steps adds the timing breakdown, which names the cache lookup's outcome.
    result = client.images.generate(MODEL, prompt, width=1024, height=1024, include_steps=True)
    if not isinstance(result, ImageResult):  # wait=True: never a job handle
        fail(f"expected a finished image, got {result!r}")
    return result


def lookup(result: ImageResult) -> str:
    return next((s.get("status", "-") for s in result.steps or [] if "cache" in s["name"]), "-")


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    with Client() as client:
        exact = generate(client, PROMPT)
        print(f"exact_cache_hit={exact.cache_hit}")
        print(f"exact_latency_ms={exact.latency_ms}")
        print(f"exact_cost={exact.cost}")
        print(f"saved={exact.save(OUT, name_hint='semantic_exact', overwrite=True).name}")

        # The live semantic index is eventually consistent: a fresh entry can take a moment.
        for attempt in range(1, TRIES + 1):
            similar = generate(client, REWORDED)
            if similar.cache_hit:
                break
            if attempt < TRIES:
                time.sleep(PAUSE_SECONDS)
        print(f"similar_attempts={attempt}")
        print(f"similar_cache_hit={similar.cache_hit}")
        print(f"similar_cache_lookup={lookup(similar)}")
        print(f"similar_latency_ms={similar.latency_ms}")
        print(f"similar_cost={similar.cost}")
        print(f"saved={similar.save(OUT, name_hint='semantic_similar', overwrite=True).name}")
    if not similar.cache_hit:
        fail(f"the reworded prompt missed the cache {TRIES} times")
    print("semantic_cache_ok=true")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except VisgateError as exc:
        print(f"FAIL: {exc}")
        sys.exit(1)
