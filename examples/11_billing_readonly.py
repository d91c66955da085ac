"""Step 11: read-only billing: platform stats, the account, and the price list."""

from __future__ import annotations

import sys

from visgate_sdk import Client, VisgateError


def check(ok: bool, message: str) -> None:
    """Stop with FAIL when the API broke a promise this example shows."""
    if not ok:
        print(f"FAIL: {message}", flush=True)
        raise SystemExit(1)


def main() -> int:
    # Typed calls; client._request("GET", "/billing/stats") etc. still return plain dicts.
    with Client() as client:
        stats = client.billing.stats()
        info = client.billing.info()
        pricing = client.billing.pricing()

    stats_keys = sorted(stats.to_dict())
    check(bool(stats_keys), "/billing/stats is empty")
    print(f"billing_stats_keys={','.join(stats_keys)}")

    # Keys starting with "_" are server internals, not part of the account view.
    info_keys = sorted(k for k in info.to_dict() if not k.startswith("_"))
    check("balance_micro" in info_keys, "/billing/info has no balance_micro")
    check(isinstance(info.balance_micro, int), "balance_micro is not an integer")
    print(f"billing_info_keys={','.join(info_keys)}")
    print(f"billing_balance_micro={info.balance_micro}")
    print(f"billing_tier={info.tier or '-'}")

    check("pricing" in pricing, "/billing/pricing has no price list")
    print(f"billing_pricing_keys={','.join(sorted(pricing.to_dict()))}")
    print(f"billing_pricing_entries={len(pricing.pricing)}")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except VisgateError as exc:
        print(f"FAIL: {exc}")
        sys.exit(1)
