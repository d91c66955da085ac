"""Step 04: video generation, managed on Fal Veo 3 and then with each provider key you have."""

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
PROMPT = "Short cinematic drone shot over Istanbul at golden hour"
# provider, model, seconds, env names of its key
BYOK_JOBS = [
    ("fal", "fal-ai/veo3", 6.0, ("VISGATE_FAL_API_KEY", "FAL_KEY")),
    (
        "replicate",
        "replicate/lucataco/cogvideox-5b",
        5.0,
        ("VISGATE_REPLICATE_API_KEY", "REPLICATE_API_KEY"),
    ),
    ("runway", "runway/gen4_turbo", 5.0, ("VISGATE_RUNWAY_API_KEY", "RUNWAY_API_KEY")),
]


def fail(message: str) -> NoReturn:
    """Stop with FAIL: the API broke a promise this example shows."""
    print(f"FAIL: {message}", flush=True)
    raise SystemExit(1)


def check(ok: bool, message: str) -> None:
    if not ok:
        fail(message)


def env_key(*names: str) -> str | None:
    """The first non-empty variable of ``names``: provider keys are optional."""
    for name in names:
        value = os.environ.get(name, "").strip()
        if value:
            return value
    return None


def video(client: Client, model: str, seconds: float) -> VideoResult:
    # skip_gcs_upload: take the provider's URL as is instead of waiting for a copy.
    result = client.videos.generate(model, PROMPT, duration_seconds=seconds, skip_gcs_upload=True)
    if not isinstance(result, VideoResult):  # wait=True: never a job handle
        fail(f"{model}: expected a finished video, got {result!r}")
    check(bool(result.video_url), f"{model}: no video_url")
    return result


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    # A synchronous video can take minutes on the real API: allow it per attempt.
    with Client(timeout=600) as client:
        managed = video(client, "fal-ai/veo3", 6.0)
        print(f"managed_video_id={managed.id}")
        print(f"managed_video_provider={managed.provider}")
        saved = managed.save(OUT, name_hint="04_videos_sample", overwrite=True)
        print(f"saved={saved.name}")

        for provider, model, seconds, names in BYOK_JOBS:
            key = env_key(*names)
            if key is None:
                print(f"{provider}_video_skipped=true")
                continue
            client.set_provider_headers(**{f"{provider}_key": key})
            result = video(client, model, seconds)
            check(result.provider == provider, f"{model} ran on {result.provider!r}")
            print(f"{provider}_video_id={result.id}")
            print(f"{provider}_video_mode={result.mode or '-'}")
            print(f"{provider}_video_cache_hit={result.cache_hit}")
        client.set_provider_headers()
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except VisgateError as exc:
        print(f"FAIL: {exc}")
        sys.exit(1)
