"""Step 10: the organisation's visgate API keys (id, name and prefix; never the key)."""

from __future__ import annotations

import sys

from visgate_sdk import Client, VisgateError


def check(ok: bool, message: str) -> None:
    """Stop with FAIL when the API broke a promise this example shows."""
    if not ok:
        print(f"FAIL: {message}", flush=True)
        raise SystemExit(1)


def main() -> int:
    with Client() as client:
        # The typed call; client._request("GET", "/api-keys") still returns the raw list.
        keys = client.api_keys.list()
        own_key = client.api_key
    print(f"api_keys_count={len(keys)}")
    for info in keys:
        check(own_key not in str(info.to_dict()), f"key {info.id} is listed in full")
        print(f"id={info.id} name={info.name} key_prefix={info.key_prefix}")
    # Whether the key in use shows up depends on the account; shown, not required.
    listed = any(k.key_prefix and own_key.startswith(k.key_prefix) for k in keys)
    print(f"current_key_listed={str(listed).lower()}")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except VisgateError as exc:
        print(f"FAIL: {exc}")
        sys.exit(1)
