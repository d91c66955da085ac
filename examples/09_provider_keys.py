"""Step 09: provider keys stored for the organisation (masked), and checking your own keys."""

from __future__ import annotations

import os
import sys

from visgate_sdk import Client, VisgateError

ENV_NAMES = {
    "fal": ("VISGATE_FAL_API_KEY", "FAL_KEY"),
    "replicate": ("VISGATE_REPLICATE_API_KEY", "REPLICATE_API_KEY"),
    "runway": ("VISGATE_RUNWAY_API_KEY", "RUNWAY_API_KEY"),
}


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
    mine = {p: key for p, names in ENV_NAMES.items() if (key := env_key(*names)) is not None}
    with Client() as client:
        stored = client.providers.list_keys().keys
        print(f"provider_keys_stored={len(stored)}")
        for info in stored:
            # Stored keys only ever come back masked; never the key itself.
            check(
                not any(key in str(info.to_dict()) for key in mine.values()),
                f"{info.provider}: the listing reveals a full key",
            )
            print(
                f"{info.provider}: validated={info.validated} "
                f"validated_at={info.validated_at or '-'} masked_key={info.masked_key or '-'}"
            )

        for provider in ENV_NAMES:
            key = mine.get(provider)
            if key is None:
                print(f"validate_skipped_{provider}=no_env_key")
                continue
            # Validation asks the provider about the key; it does not store it.
            result = client.providers.validate_key(provider, key)
            check(isinstance(result.valid, bool), f"{provider}: `valid` is not a boolean")
            print(f"validate_{provider}: valid={result.valid} message={result.message}")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except VisgateError as exc:
        print(f"FAIL: {exc}")
        sys.exit(1)
