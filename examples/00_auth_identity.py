"""Step 00 (auth): who the API key belongs to (``GET /auth/me``)."""

from __future__ import annotations

import sys

from visgate_sdk import Client, VisgateError


def check(ok: bool, message: str) -> None:
    """Stop with FAIL when the API broke a promise this example shows."""
    if not ok:
        print(f"FAIL: {message}", flush=True)
        raise SystemExit(1)


def main() -> int:
    with Client() as client:  # VISGATE_API_KEY (and VISGATE_BASE_URL) from the environment
        # The typed call; the 0.0.x spelling client._request("GET", "/auth/me") still works
        # and returns the same data as a plain dict.
        me = client.auth.me()
        check(bool(me.organization.id), "/auth/me returned no organization id")
        check(bool(me.role), "/auth/me returned no role")
        print("auth_ok=true")
        print(f"organization_id={me.organization.id}")
        print(f"organization_name={me.organization.name}")
        print(f"role={me.role}")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except VisgateError as exc:
        print(f"FAIL: {exc}")
        sys.exit(1)
