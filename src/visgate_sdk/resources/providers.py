"""``client.providers``: stored BYOK provider keys and balances."""

from __future__ import annotations

from typing import Any

from visgate_sdk._calls import Answer, Call, request_kwargs
from visgate_sdk._logging import register_secret
from visgate_sdk.resources._base import AsyncResource, SyncResource, require_text
from visgate_sdk.types import (
    ProviderBalanceItem,
    ProviderBalancesResponse,
    ProviderKeyInfo,
    ProviderKeysResponse,
    ProviderValidationResult,
)

# The names 0.0.x code imported from this module (results were defined here then).
__all__ = [
    "AsyncProviders",
    "ProviderBalanceItem",
    "ProviderBalancesResponse",
    "ProviderKeyInfo",
    "ProviderKeysResponse",
    "ProviderValidationResult",
    "Providers",
]


def _key_request(provider: str, api_key: str, *, store: bool = False) -> Any:
    from visgate_api_client.models import ProviderKeyRequest, ProviderKeyStoreRequest, ProviderName

    key = require_text(api_key, "api_key")
    register_secret(key)  # an error that echoes it back, or a log line, must not show it
    model = ProviderKeyStoreRequest if store else ProviderKeyRequest
    # An open enum: a provider this client does not know yet is sent as given.
    return model(provider=ProviderName(require_text(provider, "provider")), api_key=key)


def _deleted(answer: Answer) -> dict[str, Any]:
    return dict(answer.data) if isinstance(answer.data, dict) else {}


def list_keys_call() -> Call[ProviderKeysResponse]:
    """Plan ``GET /providers/keys``."""
    from visgate_api_client.api.providers import list_provider_keys

    return Call(
        request_kwargs(list_provider_keys._get_kwargs()),
        lambda a: ProviderKeysResponse.from_dict(a.mapping("ProviderKeysResponse")),
    )


def set_key_call(provider: str, api_key: str) -> Call[ProviderKeyInfo]:
    """Plan ``PUT /providers/keys``."""
    from visgate_api_client.api.providers import set_provider_key

    return Call(
        request_kwargs(
            set_provider_key._get_kwargs(body=_key_request(provider, api_key, store=True))
        ),
        lambda a: ProviderKeyInfo.from_dict(a.mapping("ProviderKeyInfo")),
    )


def delete_key_call(provider: str) -> Call[dict[str, Any]]:
    """Plan ``DELETE /providers/keys/{provider}``; a 204 is plain success."""
    from visgate_api_client.api.providers import delete_provider_key

    return Call(
        request_kwargs(
            delete_provider_key._get_kwargs(provider=require_text(provider, "provider"))
        ),
        _deleted,
    )


def validate_call(provider: str, api_key: str) -> Call[ProviderValidationResult]:
    """Plan ``POST /providers/validate`` (the key is checked, not stored)."""
    from visgate_api_client.api.providers import validate_provider_key

    return Call(
        request_kwargs(validate_provider_key._get_kwargs(body=_key_request(provider, api_key))),
        lambda a: ProviderValidationResult.from_dict(a.mapping("ProviderValidationResult")),
    )


def balances_call() -> Call[ProviderBalancesResponse]:
    """Plan ``GET /providers/balances``."""
    from visgate_api_client.api.providers import get_provider_balances

    return Call(
        request_kwargs(get_provider_balances._get_kwargs()),
        lambda a: ProviderBalancesResponse.from_dict(a.mapping("ProviderBalancesResponse")),
    )


class Providers(SyncResource):
    """BYOK provider keys stored for the organisation."""

    def list_keys(self) -> ProviderKeysResponse:
        """Stored keys, masked."""
        return self._run(list_keys_call())

    def set_key(self, provider: str, api_key: str) -> ProviderKeyInfo:
        """Store (or replace) the key for ``provider``."""
        return self._run(set_key_call(provider, api_key))

    def delete_key(self, provider: str) -> dict[str, Any]:
        """Remove the stored key for ``provider``."""
        return self._run(delete_key_call(provider))

    def validate_key(self, provider: str, api_key: str) -> ProviderValidationResult:
        """Check a key without storing it."""
        return self._run(validate_call(provider, api_key))

    def balances(self) -> ProviderBalancesResponse:
        """Balances and limits at each provider."""
        return self._run(balances_call())


class AsyncProviders(AsyncResource):
    """BYOK provider keys (async)."""

    async def list_keys(self) -> ProviderKeysResponse:
        """Stored keys, masked."""
        return await self._run(list_keys_call())

    async def set_key(self, provider: str, api_key: str) -> ProviderKeyInfo:
        """Store (or replace) the key for ``provider``."""
        return await self._run(set_key_call(provider, api_key))

    async def delete_key(self, provider: str) -> dict[str, Any]:
        """Remove the stored key for ``provider``."""
        return await self._run(delete_key_call(provider))

    async def validate_key(self, provider: str, api_key: str) -> ProviderValidationResult:
        """Check a key without storing it."""
        return await self._run(validate_call(provider, api_key))

    async def balances(self) -> ProviderBalancesResponse:
        """Balances and limits at each provider."""
        return await self._run(balances_call())
