"""Usage, logs and dashboard computed from the generations actually served."""

from __future__ import annotations

import datetime
import time
from collections import Counter
from collections.abc import Mapping
from typing import Any

from visgate_sdk.sandbox.generation import finalise_due
from visgate_sdk.sandbox.spec import iso, shaped
from visgate_sdk.sandbox.store import Store

PERIOD_DAYS = {"day": 1, "week": 7, "month": 30, "year": 365}


def _window(query: Mapping[str, str]) -> tuple[str, float, float]:
    """The ``period`` asked for (a month unless said) and its start and end."""
    period, end = query.get("period", "month"), time.time()
    return period, end - PERIOD_DAYS[period] * 86_400, end


def _rows(store: Store, org: str, start: float, end: float) -> list[Any]:
    finalise_due(store, org)
    sql = "SELECT * FROM generations WHERE org = ? AND recorded = 1 AND created_at BETWEEN ? AND ?"
    return store.all(sql + " ORDER BY created_at DESC", org, start, end)


def _usd(micro: int) -> float:
    return round(micro / 1e6, 6)


def summary(store: Store, org: str, query: Mapping[str, str]) -> dict[str, Any]:
    """The UsageSummary body."""
    period, start, end = _window(query)
    rows = _rows(store, org, start, end)
    served = [r for r in rows if r["status"] == "completed"]
    provider_micro = sum(r["provider_cost_micro"] for r in served if not r["cache_hit"])
    return {
        "total_requests": len(rows),
        "successful_requests": len(served),
        "failed_requests": len(rows) - len(served),
        "cached_requests": sum(1 for r in served if r["cache_hit"]),
        "total_provider_cost": _usd(provider_micro),
        "total_billed_cost": _usd(sum(r["billed_micro"] for r in rows)),
        "total_savings": _usd(sum(r["avoided_micro"] for r in served)),
        "by_provider": dict(Counter(r["provider"] for r in rows)),
        "by_model": dict(Counter(r["model"] for r in rows)),
        "period": period,
        "period_start": iso(start),
        "period_end": iso(end),
    }


def log_entry(row: Any) -> dict[str, Any]:
    provider_micro = 0 if row["cache_hit"] else row["provider_cost_micro"]
    billed = _usd(row["billed_micro"])
    return shaped("UsageLogEntry", row, billed_cost=billed, provider_cost=_usd(provider_micro))


def logs(store: Store, org: str, query: Mapping[str, str]) -> dict[str, Any]:
    """The UsageLogsPage body, newest first."""
    limit, offset = int(query.get("limit", 50)), int(query.get("offset", 0))
    rows = _rows(store, org, 0.0, time.time())
    return {
        "logs": [log_entry(r) for r in rows[offset : offset + limit]],
        "total": len(rows),
        "limit": limit,
        "offset": offset,
    }


def dashboard(store: Store, org: str, query: Mapping[str, str]) -> dict[str, Any]:
    """The Dashboard body."""
    period, start, end = _window(query)
    rows = _rows(store, org, start, end)
    groups: dict[str, dict[str, dict[str, Any]]] = {"provider": {}, "model": {}, "date": {}}
    for row in rows:
        day = datetime.datetime.fromtimestamp(row["created_at"], datetime.UTC).date().isoformat()
        for axis, key in (("provider", row["provider"]), ("model", row["model"]), ("date", day)):
            entry = groups[axis].setdefault(key, {"requests": 0, "billed_cost": 0.0})
            entry["requests"] += 1
            entry["billed_cost"] = round(entry["billed_cost"] + row["billed_micro"] / 1e6, 6)
    hits = sum(1 for r in rows if r["cache_hit"])
    return {
        "total_generations": len(rows),
        "total_cost_usd": _usd(sum(r["billed_micro"] for r in rows)),
        "period": period,
        "cache_hits": hits,
        "cache_hit_rate": round(hits / len(rows) * 100, 2) if rows else 0.0,
        "by_provider": groups["provider"],
        "by_model": groups["model"],
        "daily": [{"date": d, **v} for d, v in sorted(groups["date"].items())],
    }
