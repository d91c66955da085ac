"""Step 00: the SDK imports and builds a client with every resource; no network at all.

Runs anywhere (no API key needed) and is the first thing CI runs.
"""

from __future__ import annotations

import sys

import visgate_sdk
from visgate_sdk import Client

RESOURCES = (
    "images",
    "videos",
    "requests",
    "models",
    "usage",
    "providers",
    "auth",
    "api_keys",
    "billing",
)


def check(ok: bool, message: str) -> None:
    """Stop with FAIL when the SDK broke a promise this example shows."""
    if not ok:
        print(f"FAIL: {message}", flush=True)
        raise SystemExit(1)


def main() -> int:
    check(bool(visgate_sdk.__version__), "visgate_sdk.__version__ is empty")
    print(f"sdk_version={visgate_sdk.__version__}")

    # A placeholder key is enough: constructing a client never touches the network.
    with Client(api_key="placeholder") as client:
        missing = [name for name in RESOURCES if getattr(client, name, None) is None]
        check(not missing, f"client lacks resources {missing}")
        check(callable(client.generate) and callable(client.health), "generate/health missing")
        # Keys never show up in reprs (or errors and logs).
        check("placeholder" not in repr(client), "the client's repr shows its API key")
        print(f"resources={','.join(RESOURCES)}")
    print("smoke_ok=true")
    return 0


if __name__ == "__main__":
    sys.exit(main())
