"""``client.auth``, ``client.api_keys`` and ``client.billing``: account information."""

from __future__ import annotations

from visgate_sdk._calls import Answer, Call, request_kwargs
from visgate_sdk.resources._base import AsyncResource, SyncResource
from visgate_sdk.types import (
    ApiKeyInfo,
    AuthIdentity,
    BillingInfo,
    BillingPricing,
    BillingStats,
    Organization,
)

__all__ = [
    "ApiKeyInfo",
    "ApiKeys",
    "AsyncApiKeys",
    "AsyncAuth",
    "AsyncBilling",
    "Auth",
    "AuthIdentity",
    "Billing",
    "BillingInfo",
    "BillingPricing",
    "BillingStats",
    "Organization",
]


def _api_keys(answer: Answer) -> list[ApiKeyInfo]:
    return ApiKeyInfo._list(answer.data)


def me_call() -> Call[AuthIdentity]:
    """Plan ``GET /auth/me``."""
    from visgate_api_client.api.account import get_me

    return Call(
        request_kwargs(get_me._get_kwargs()),
        lambda a: AuthIdentity.from_dict(a.mapping("AuthIdentity")),
    )


def api_keys_call() -> Call[list[ApiKeyInfo]]:
    """Plan ``GET /api-keys`` (a bare JSON array)."""
    from visgate_api_client.api.account import list_api_keys

    return Call(request_kwargs(list_api_keys._get_kwargs()), _api_keys)


def stats_call() -> Call[BillingStats]:
    """Plan ``GET /billing/stats``."""
    from visgate_api_client.api.billing import get_billing_stats

    return Call(
        request_kwargs(get_billing_stats._get_kwargs()),
        lambda a: BillingStats.from_dict(a.mapping("BillingStats")),
    )


def info_call() -> Call[BillingInfo]:
    """Plan ``GET /billing/info``."""
    from visgate_api_client.api.billing import get_billing_info

    return Call(
        request_kwargs(get_billing_info._get_kwargs()),
        lambda a: BillingInfo.from_dict(a.mapping("BillingInfo")),
    )


def pricing_call() -> Call[BillingPricing]:
    """Plan ``GET /billing/pricing``."""
    from visgate_api_client.api.billing import get_billing_pricing

    return Call(
        request_kwargs(get_billing_pricing._get_kwargs()),
        lambda a: BillingPricing.from_dict(a.mapping("BillingPricing")),
    )


class Auth(SyncResource):
    """The caller's identity."""

    def me(self) -> AuthIdentity:
        """Organisation and role of the API key in use."""
        return self._run(me_call())


class ApiKeys(SyncResource):
    """The organisation's API keys."""

    def list(self) -> list[ApiKeyInfo]:
        """Keys with id, name and ``key_prefix`` (never the full key)."""
        return self._run(api_keys_call())


class Billing(SyncResource):
    """Read-only billing information."""

    def stats(self) -> BillingStats:
        """Platform-wide pricing statistics."""
        return self._run(stats_call())

    def info(self) -> BillingInfo:
        """The organisation's billing account."""
        return self._run(info_call())

    def pricing(self) -> BillingPricing:
        """The current price list."""
        return self._run(pricing_call())


class AsyncAuth(AsyncResource):
    """The caller's identity (async)."""

    async def me(self) -> AuthIdentity:
        """Organisation and role of the API key in use."""
        return await self._run(me_call())


class AsyncApiKeys(AsyncResource):
    """The organisation's API keys (async)."""

    async def list(self) -> list[ApiKeyInfo]:
        """Keys with id, name and ``key_prefix``."""
        return await self._run(api_keys_call())


class AsyncBilling(AsyncResource):
    """Read-only billing information (async)."""

    async def stats(self) -> BillingStats:
        """Platform-wide pricing statistics."""
        return await self._run(stats_call())

    async def info(self) -> BillingInfo:
        """The organisation's billing account."""
        return await self._run(info_call())

    async def pricing(self) -> BillingPricing:
        """The current price list."""
        return await self._run(pricing_call())
