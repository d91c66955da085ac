"""Step 12: pick the newest Veo model from the catalog, generate a clip and save it."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import NoReturn

from visgate_sdk import Client, VideoResult, VisgateError

OUT = Path(
    os.environ.get("VISGATE_EXAMPLES_OUT")
    or Path(__file__).resolve().parent.parent / "demo-output" / "examples"
)
FALLBACK = "fal-ai/veo3"
PROMPT = "Cinematic drone over Istanbul at golden hour, Bosphorus and minarets, 4k"


def fail(message: str) -> NoReturn:
    """Stop with FAIL: the API broke a promise this example shows."""
    print(f"FAIL: {message}", flush=True)
    raise SystemExit(1)


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    # A synchronous video can take minutes on the real API: allow it per attempt.
    with Client(timeout=600) as client:
        page = client.models.list(provider="fal", model_type="video", sort="newest", limit=100)
        veo = [m for m in page.models if "veo" in f"{m.id} {m.name}".lower()]
        print(f"fal_video_models={len(page.models)}")
        print(f"veo_candidates={len(veo)}")
        if any(m.media_type != "video" or m.provider != "fal" for m in page.models):
            fail("the provider/model_type filters let other models through")
        # Newest by first-seen date; ISO strings sort in time order.
        newest = max(veo, key=lambda m: m.first_seen_at or "", default=None)
        model = newest.id if newest is not None else FALLBACK
        print(f"veo_model={model}")
        print(f"veo_fallback_used={str(newest is None).lower()}")

        result = client.videos.generate(model, PROMPT, duration_seconds=6.0, skip_gcs_upload=True)
        if not isinstance(result, VideoResult):  # wait=True: never a job handle
            fail(f"expected a finished video, got {result!r}")
        if not result.video_url:
            fail(f"{model} returned no video_url")
        print(f"video_id={result.id}")
        print(f"video_provider={result.provider}")
        saved = result.save(OUT, name_hint="istanbul", overwrite=True)
        print(f"saved={saved.name}")
        print(f"saved_bytes={saved.stat().st_size}")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except VisgateError as exc:
        print(f"FAIL: {exc}")
        sys.exit(1)
