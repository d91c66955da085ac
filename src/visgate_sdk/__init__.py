"""Python SDK for the visgate API: image and video generation on Fal, Replicate and Runway.

Names are loaded on first use so that ``import visgate_sdk`` stays about as cheap as
``import httpx``.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from visgate_sdk.client import AsyncClient, Client
    from visgate_sdk.exceptions import (
        AuthenticationError,
        ConflictError,
        ConnectionError,
        GenerationFailedError,
        InsecureTransportWarning,
        NotFoundError,
        PaymentRequiredError,
        PermissionDeniedError,
        ProviderError,
        RateLimitError,
        RedirectError,
        ResponseParseError,
        ServerError,
        TimeoutError,
        ValidationError,
        VisgateError,
    )
    from visgate_sdk.resources.requests import AsyncGenerationRequest, GenerationRequest
    from visgate_sdk.types import (
        ApiKeyInfo,
        AuthIdentity,
        BillingInfo,
        BillingPricing,
        BillingStats,
        FeaturedSection,
        GenerateResult,
        ImageResult,
        ModelInfo,
        ModelsResponse,
        ProviderBalanceItem,
        ProviderBalancesResponse,
        ProviderKeyInfo,
        ProviderKeysResponse,
        ProviderValidationResult,
        RequestStatusResult,
        UsageSummary,
        VideoResult,
    )

_WHERE = {
    "Client": "client",
    "AsyncClient": "client",
    "GenerationRequest": "resources.requests",
    "AsyncGenerationRequest": "resources.requests",
    **dict.fromkeys(
        [
            "VisgateError",
            "AuthenticationError",
            "PermissionDeniedError",
            "ValidationError",
            "NotFoundError",
            "ConflictError",
            "PaymentRequiredError",
            "RateLimitError",
            "ProviderError",
            "ServerError",
            "TimeoutError",
            "ConnectionError",
            "GenerationFailedError",
            "ResponseParseError",
            "RedirectError",
            "InsecureTransportWarning",
        ],
        "exceptions",
    ),
    **dict.fromkeys(
        [
            "GenerateResult",
            "ImageResult",
            "VideoResult",
            "ModelInfo",
            "ModelsResponse",
            "FeaturedSection",
            "UsageSummary",
            "RequestStatusResult",
            "ProviderBalanceItem",
            "ProviderBalancesResponse",
            "ProviderKeyInfo",
            "ProviderKeysResponse",
            "ProviderValidationResult",
            "AuthIdentity",
            "ApiKeyInfo",
            "BillingStats",
            "BillingInfo",
            "BillingPricing",
        ],
        "types",
    ),
}

__all__ = [
    "ApiKeyInfo",
    "AsyncClient",
    "AsyncGenerationRequest",
    "AuthIdentity",
    "AuthenticationError",
    "BillingInfo",
    "BillingPricing",
    "BillingStats",
    "Client",
    "ConflictError",
    "ConnectionError",
    "FeaturedSection",
    "GenerateResult",
    "GenerationFailedError",
    "GenerationRequest",
    "ImageResult",
    "InsecureTransportWarning",
    "ModelInfo",
    "ModelsResponse",
    "NotFoundError",
    "PaymentRequiredError",
    "PermissionDeniedError",
    "ProviderBalanceItem",
    "ProviderBalancesResponse",
    "ProviderError",
    "ProviderKeyInfo",
    "ProviderKeysResponse",
    "ProviderValidationResult",
    "RateLimitError",
    "RedirectError",
    "RequestStatusResult",
    "ResponseParseError",
    "ServerError",
    "TimeoutError",
    "UsageSummary",
    "ValidationError",
    "VideoResult",
    "VisgateError",
    "__version__",
]


def __getattr__(name: str) -> Any:
    if name == "__version__":
        from visgate_sdk._version import __version__

        return __version__
    where = _WHERE.get(name)
    if where is None:
        raise AttributeError(f"module 'visgate_sdk' has no attribute {name!r}")
    value = getattr(import_module(f"visgate_sdk.{where}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
