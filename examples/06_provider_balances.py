"""Step 06: balance and limits at each provider, for the provider keys you would use."""

from __future__ import annotations

import os
import sys

from visgate_sdk import Client, VisgateError

PROVIDERS = {"fal", "replicate", "runway"}


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
    # Keys from the environment are sent as BYOK headers, so "configured" covers them too.
    with Client(
        fal_key=env_key("VISGATE_FAL_API_KEY", "FAL_KEY"),
        replicate_key=env_key("VISGATE_REPLICATE_API_KEY", "REPLICATE_API_KEY"),
        runway_key=env_key("VISGATE_RUNWAY_API_KEY", "RUNWAY_API_KEY"),
    ) as client:
        balances = client.providers.balances().balances

    print(f"provider_balance_items={len(balances)}")
    for item in balances:
        check(item.provider in PROVIDERS, f"unknown provider {item.provider!r}")
        if item.limit is not None and item.remaining is not None:
            check(
                0 <= item.remaining <= item.limit,
                f"{item.provider}: remaining {item.remaining} outside 0..{item.limit}",
            )
        print(
            f"{item.provider}: configured={item.configured} available={item.available} "
            f"remaining={item.remaining} limit={item.limit} currency={item.currency}"
        )
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except VisgateError as exc:
        print(f"FAIL: {exc}")
        sys.exit(1)
