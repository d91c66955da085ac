"""Step 05: usage totals, the request log and the dashboard, checked for consistency."""

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
        usage = client.usage.get(period="month")
        logs = client.usage.logs(limit=10)
        dashboard = client.usage.dashboard(period="month")

    counts = {
        "total_requests": usage.total_requests,
        "cached_requests": usage.cached_requests,
        "successful_requests": usage.successful_requests,
        "failed_requests": usage.failed_requests,
    }
    for name, value in counts.items():
        check(value >= 0, f"usage {name} is negative ({value})")
        print(f"usage_{name}={value}")
    check(
        usage.cached_requests <= usage.total_requests,
        f"cached_requests {usage.cached_requests} > total_requests {usage.total_requests}",
    )
    check(usage.total_billed_cost >= 0, f"total_billed_cost is {usage.total_billed_cost}")
    print(f"usage_total_billed_cost={usage.total_billed_cost}")
    print(f"usage_cache_hit_rate={usage.cache_hit_rate:.1f}")

    check(len(logs) <= 10, f"logs(limit=10) returned {len(logs)} entries")
    print(f"logs_returned={len(logs)}")

    generations = dashboard.get("total_generations", 0)
    cost = dashboard.get("total_cost_usd", 0)
    check(generations >= 0 and cost >= 0, f"dashboard shows {generations} / {cost}")
    print(f"dashboard_total_generations={generations}")
    print(f"dashboard_total_cost_usd={cost}")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except VisgateError as exc:
        print(f"FAIL: {exc}")
        sys.exit(1)
