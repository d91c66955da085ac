"""Step 01: the public endpoints answer (health and the model catalog need no real key)."""

from __future__ import annotations

import sys

from visgate_sdk import Client, VisgateError


def check(ok: bool, message: str) -> None:
    """Stop with FAIL when the API broke a promise this example shows."""
    if not ok:
        print(f"FAIL: {message}", flush=True)
        raise SystemExit(1)


def main() -> int:
    # /health and /models are public, so a placeholder key works; the base URL still comes
    # from VISGATE_BASE_URL when set (production otherwise).
    with Client(api_key="not-used") as client:
        health = client.health()
        check(health.get("status") == "ok", f"health status is {health.get('status')!r}")
        print(f"health_status={health['status']}")
        print(f"health_version={health.get('version', '-')}")

        page = client.models.list(limit=5)
        check(0 < len(page.models) <= 5, f"limit=5 returned {len(page.models)} models")
        check(page.total_count >= len(page.models), "total_count smaller than the page")
        print(f"models_returned={len(page.models)}")
        print(f"models_total={page.total_count}")
    print("live_api_smoke_ok=true")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except VisgateError as exc:
        print(f"FAIL: {exc}")
        sys.exit(1)
