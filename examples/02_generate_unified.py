"""Step 02: one-call image generation (``client.generate``), managed and bring-your-own-key."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from visgate_sdk import Client, VisgateError

OUT = Path(
    os.environ.get("VISGATE_EXAMPLES_OUT")
    or Path(__file__).resolve().parent.parent / "demo-output" / "examples"
)
PROMPT = "Istanbul skyline at sunset, realistic photo"
MODEL = "fal-ai/flux/schnell"


def check(ok: bool, message: str) -> None:
    """Stop with FAIL when the API broke a promise this example shows."""
    if not ok:
        print(f"FAIL: {message}", flush=True)
        raise SystemExit(1)


def env_key(*names: str) -> str | None:
    """The first non-empty variable of ``names``: provider keys are optional."""
    for name in names:
        value = os.environ.get(name, "").strip()
        if value:
            return value
    return None


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    with Client() as client:  # no provider keys: visgate's managed accounts are used
        result = client.generate(PROMPT, model=MODEL)
        check(result.mode == "managed", f"managed call came back in mode {result.mode!r}")
        check(bool(result.image_url), "generate returned no image_url")
        print(f"managed_generate_id={result.id}")
        print(f"managed_generate_mode={result.mode}")
        print(f"managed_generate_cost={result.cost}")
        # A folder target plus name_hint: the extension follows the served type (.png/.jpg).
        saved = result.save(OUT, name_hint="generate_unified", overwrite=True)
        print(f"saved={saved.name}")

        fal_key = env_key("VISGATE_FAL_API_KEY", "FAL_KEY")
        if fal_key is None:
            print("byok_generate_skipped=true")
            return 0
        # With the provider's key in a header the request runs on your Fal account (BYOK).
        client.set_provider_headers(fal_key=fal_key)
        byok = client.generate(PROMPT, model=MODEL)
        check(byok.mode == "byok", f"call with a Fal key came back in mode {byok.mode!r}")
        print(f"byok_generate_id={byok.id}")
        print(f"byok_generate_mode={byok.mode}")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except VisgateError as exc:
        print(f"FAIL: {exc}")
        sys.exit(1)
