"""Provider keys, balances, identity and billing bodies of the sandbox organisation."""

from __future__ import annotations

import time
from typing import Any

from visgate_sdk.sandbox import catalog
from visgate_sdk.sandbox.generation import BASE_FEE_MICRO, PROVIDER_HEADERS
from visgate_sdk.sandbox.spec import shaped
from visgate_sdk.sandbox.store import Store

PROVIDER_NAMES = {"fal": "Fal.ai", "replicate": "Replicate", "runway": "Runway"}
# Key shapes the sandbox accepts (it cannot ask the providers): prefix and a minimum length.
KEY_PREFIXES = {"fal": ("fal_", "fal-"), "replicate": ("r8_",), "runway": ("rw_", "key_")}
MIN_KEY_LENGTH = 8
RUNWAY_CREDITS = 10_000.0


def key_problem(provider: str, api_key: str) -> str | None:
    """Why a key cannot be valid for ``provider`` (one the spec allows) by its format, or None."""
    prefixes = KEY_PREFIXES[provider]
    fal_pair = provider == "fal" and ":" in api_key  # Fal also issues "<id>:<secret>" keys
    if (api_key.startswith(prefixes) or fal_pair) and len(api_key) >= MIN_KEY_LENGTH:
        return None
    return (
        f"Invalid {PROVIDER_NAMES[provider]} API key: expected a key starting with "
        f"{' or '.join(prefixes)} and at least {MIN_KEY_LENGTH} characters"
    )


def key_info(row: Any) -> dict[str, Any]:
    return shaped("ProviderKeyInfo", row, masked_key="****" + row["key"][-4:])


def store_key(store: Store, org: str, provider: str, api_key: str) -> dict[str, Any]:
    store.run(
        "INSERT INTO provider_keys VALUES (?, ?, ?, 1, ?) ON CONFLICT (org, provider) DO UPDATE"
        " SET key = excluded.key, validated = 1, validated_at = excluded.validated_at",
        *(org, provider, api_key, time.time()),
    )
    row = store.one("SELECT * FROM provider_keys WHERE org = ? AND provider = ?", org, provider)
    return key_info(row)


def list_keys(store: Store, org: str) -> dict[str, Any]:
    rows = store.all("SELECT * FROM provider_keys WHERE org = ? ORDER BY provider", org)
    return {"keys": [key_info(r) for r in rows]}


def balances(store: Store, org: str, headers: Any) -> dict[str, Any]:
    rows = store.all("SELECT provider FROM provider_keys WHERE org = ?", org)
    stored = {r["provider"] for r in rows}
    sql = "SELECT COALESCE(SUM(provider_cost_micro), 0) FROM generations WHERE org = ?"
    sql += " AND provider = 'runway' AND status = 'completed' AND cache_hit = 0"
    runway_used = round(store.all(sql, org)[0][0] / 10_000, 1)  # 1 credit = 0.01 USD
    out = []
    for provider in ("fal", "replicate", "runway"):
        configured = provider in stored or bool(headers.get(PROVIDER_HEADERS[provider]))
        runway = provider == "runway"  # the only balance the sandbox keeps (in credits)
        out.append(
            {
                "provider": provider,
                "configured": configured,
                "available": True,
                "limit": RUNWAY_CREDITS if runway else None,
                "remaining": max(0.0, RUNWAY_CREDITS - runway_used) if runway else None,
                "currency": "usd" if provider == "replicate" else "credits",
                "message": None if configured else "No key configured: managed mode is used",
            }
        )
    return {"balances": out}


def identity(store: Store, org: str) -> dict[str, Any]:
    return {
        "organization": {"id": org, "name": store.meta("org_name") or "Sandbox Org"},
        "role": "api-key",
        "sandbox": True,
    }


def api_keys(store: Store) -> list[dict[str, Any]]:
    rows = store.all("SELECT * FROM api_keys ORDER BY created_at")
    return [shaped("ApiKeyInfo", r, key_prefix=str(r["key"])[:10]) for r in rows]


def billing_stats(store: Store) -> dict[str, Any]:
    sql = "SELECT COUNT(*), COALESCE(SUM(avoided_micro), 0) FROM generations"
    requests, saved = store.all(sql)[0]
    videos = sum(1 for m in catalog.MODELS if m["media_type"] == "video")
    return {
        "active_users": 1,
        "avg_image_cost_micro": 3500,
        "avg_video_cost_micro": 250_000,
        "base_fee_micro": BASE_FEE_MICRO,
        "cache_hit_reduction_percent": 100.0,
        "competitor_markup_percent": 30.0,
        "image_mix_percent": round(100 - videos / len(catalog.MODELS) * 100, 1),
        "min_request_fee_micro": BASE_FEE_MICRO,
        "providers": ["fal", "replicate", "runway"],
        "request_fee_percent": 0.0,
        "savings_share_percent": 0.0,
        "total_models": len(catalog.MODELS),
        "total_requests": requests,
        "total_savings_micro": saved,
        "video_mix_percent": round(videos / len(catalog.MODELS) * 100, 1),
    }


def billing_info(store: Store, org: str) -> dict[str, Any]:
    sql = "SELECT COALESCE(SUM(billed_micro), 0) FROM generations WHERE org = ? AND created_at > ?"
    used_micro = int(store.all(sql, org, time.time() - 30 * 86_400)[0][0])
    return {
        "balance_micro": max(0, 25_000_000 - used_micro),
        "billing_status": "active",
        "company_name": store.meta("org_name"),
        "free_mode_enabled": False,
        "monthly_budget_cents": 5000,
        "support_email": "support@visgateai.com",
        "tier": "sandbox",
        "usage_this_month_cents": used_micro // 10_000,
    }


def billing_pricing() -> dict[str, Any]:
    return {
        "last_updated": catalog.CATALOG_LAST_UPDATED,
        "pricing": {
            "base_fee_micro": BASE_FEE_MICRO,
            "byok_base_fee_micro": BASE_FEE_MICRO,
            "cache_hit_cost_micro": 0,
            "models": {m["id"]: m["base_cost_micro"] for m in catalog.MODELS[:10]},
        },
    }
