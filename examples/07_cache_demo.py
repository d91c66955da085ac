"""Step 07: exact cache. The same request twice: the second is served from cache, free."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import NoReturn

from visgate_sdk import Client, ImageResult, VisgateError

OUT = Path(
    os.environ.get("VISGATE_EXAMPLES_OUT")
    or Path(__file__).resolve().parent.parent / "demo-output" / "examples"
)
MODEL = "fal-ai/flux/schnell"
PROMPT = "Istanbul Bosphorus at golden hour, minarets visible, cinematic"


def fail(message: str) -> NoReturn:
    """Stop with FAIL: the API broke a promise this example shows."""
    print(f"FAIL: {message}", flush=True)
    raise SystemExit(1)


def generate(client: Client) -> ImageResult:
    # The cache key is model + prompt + size (+ seed), so both calls must match exactly.
    result = client.images.generate(MODEL, PROMPT, width=1024, height=1024, num_images=1)
    if not isinstance(result, ImageResult):  # wait=True: never a job handle
        fail(f"expected a finished image, got {result!r}")
    return result


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    with Client() as client:
        first = generate(client)
        # The first call may already hit on a re-run; only the second one is a promise.
        print(f"first_cache_hit={first.cache_hit}")
        print(f"first_latency_ms={first.latency_ms}")
        print(f"first_cost={first.cost}")
        saved = first.save(OUT, name_hint="cache_demo", overwrite=True)
        print(f"saved={saved.name}")

        second = generate(client)
        print(f"second_cache_hit={second.cache_hit}")
        print(f"second_latency_ms={second.latency_ms}")
        print(f"second_cost={second.cost}")
        print(f"second_provider_cost_avoided_micro={second.provider_cost_avoided_micro}")
    if not second.cache_hit:
        fail("the second identical request was not a cache hit")
    if second.cost != 0:
        fail(f"a cache hit was billed {second.cost}")
    print("exact_cache_ok=true")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except VisgateError as exc:
        print(f"FAIL: {exc}")
        sys.exit(1)
