"""Step 03: image generation on Fal, Replicate and Runway, each with your own provider key."""

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
# provider, model, env names of its key, output name, prompt
JOBS = [
    (
        "fal",
        "fal-ai/flux/schnell",
        ("VISGATE_FAL_API_KEY", "FAL_KEY"),
        "sunset_istanbul",
        "Sunset over Istanbul, cinematic, detailed, photorealistic",
    ),
    (
        "replicate",
        "replicate/black-forest-labs/flux-schnell",
        ("VISGATE_REPLICATE_API_KEY", "REPLICATE_API_KEY"),
        "galata_tower",
        "Galata Tower above the rooftops of Istanbul, detailed, photorealistic",
    ),
    (
        "runway",
        "runway/gen4_image",
        ("VISGATE_RUNWAY_API_KEY", "RUNWAY_API_KEY"),
        "bosphorus_night",
        "The Bosphorus at night with the bridge lit up, detailed, photorealistic",
    ),
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


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    with Client() as client:
        for provider, model, names, output, prompt in JOBS:
            key = env_key(*names)
            if key is None:
                print(f"{provider}_image_skipped=true")
                continue
            # Exactly one provider key at a time, so each call runs on that provider.
            client.set_provider_headers(**{f"{provider}_key": key})
            result = client.images.generate(model, prompt, width=1024, height=1024, num_images=1)
            if not isinstance(result, ImageResult):  # wait=True: never a job handle
                fail(f"{provider}: expected a finished image, got {result!r}")
            check(result.provider == provider, f"{model} ran on {result.provider!r}")
            check(len(result.images) == 1, f"{provider}: {len(result.images)} images for 1")
            # Older servers do not send `mode` on image results; check it when present.
            check(result.mode in ("", "byok"), f"{provider} call with a key ran {result.mode!r}")
            print(f"{provider}_image_id={result.id}")
            print(f"{provider}_provider={result.provider}")
            print(f"{provider}_mode={result.mode or '-'}")
            saved = result.save(OUT, name_hint=output, overwrite=True)
            print(f"{provider}_saved={saved.name}")
        client.set_provider_headers()  # back to managed mode
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except VisgateError as exc:
        print(f"FAIL: {exc}")
        sys.exit(1)
