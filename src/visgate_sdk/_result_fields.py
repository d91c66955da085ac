"""Typed fields of the generated models, one class per model: GENERATED, do not edit.

Written by ``codegen/facade_fields.py`` from ``visgate_api_client.models`` (``make regen``).
"""

from __future__ import annotations

import datetime
from typing import Any

from visgate_sdk._wire import Field, Schema, Wire

ENUM_KINDS = frozenset(["JobStatus", "MediaType", "Mode", "ProviderName"])


class ApiErrorEnvelopeFields(Wire):
    """The fields of ``visgate_api_client.models.ApiErrorEnvelope``."""

    __slots__ = ()
    _schema = Schema(
        {
            "error": (("str",), False),
            "message": (("str",), False),
            "details": (("ApiErrorEnvelopeDetailsType0",), True),
        },
        frozenset(["error", "message"]),
    )
    error: Field[str] = Field("", ("str",))
    message: Field[str] = Field("", ("str",))
    details: Field[Any] = Field(None, ("ApiErrorEnvelopeDetailsType0",))


class ApiErrorEnvelopeDetailsType0Fields(Wire):
    """The fields of ``visgate_api_client.models.ApiErrorEnvelopeDetailsType0``."""

    __slots__ = ()
    _schema = Schema(
        {},
        frozenset([]),
    )
    pass


class ApiKeyInfoFields(Wire):
    """The fields of ``visgate_api_client.models.ApiKeyInfo``."""

    __slots__ = ()
    _schema = Schema(
        {
            "id": (("str",), False),
            "name": (("str",), False),
            "key_prefix": (("str",), False),
            "created_at": (("datetime.datetime",), True),
            "last_used_at": (("datetime.datetime",), True),
        },
        frozenset(["id"]),
    )
    id: Field[str] = Field("", ("str",))
    name: Field[str] = Field("", ("str",))
    key_prefix: Field[str] = Field("", ("str",))
    created_at: Field[datetime.datetime | None] = Field(None, ("datetime.datetime",))
    last_used_at: Field[datetime.datetime | None] = Field(None, ("datetime.datetime",))


class AuthIdentityFields(Wire):
    """The fields of ``visgate_api_client.models.AuthIdentity``."""

    __slots__ = ()
    _schema = Schema(
        {
            "organization": (("Organization",), False),
            "role": (("str",), False),
        },
        frozenset(["organization"]),
    )
    organization: Field[Any] = Field(None, ("Organization",))
    role: Field[str] = Field("", ("str",))


class BillingInfoFields(Wire):
    """The fields of ``visgate_api_client.models.BillingInfo``."""

    __slots__ = ()
    _schema = Schema(
        {
            "balance_micro": (("int",), False),
            "billing_status": (("str",), False),
            "company_name": (("str",), True),
            "free_mode_enabled": (("bool",), False),
            "monthly_budget_cents": (("int",), True),
            "support_email": (("str",), True),
            "tier": (("str",), False),
            "usage_this_month_cents": (("int",), False),
        },
        frozenset([]),
    )
    balance_micro: Field[int] = Field(0, ("int",))
    billing_status: Field[str] = Field("", ("str",))
    company_name: Field[str | None] = Field(None, ("str",))
    free_mode_enabled: Field[bool] = Field(False, ("bool",))
    monthly_budget_cents: Field[int | None] = Field(None, ("int",))
    support_email: Field[str | None] = Field(None, ("str",))
    tier: Field[str] = Field("", ("str",))
    usage_this_month_cents: Field[int] = Field(0, ("int",))


class BillingPricingFields(Wire):
    """The fields of ``visgate_api_client.models.BillingPricing``."""

    __slots__ = ()
    _schema = Schema(
        {
            "last_updated": (("datetime.datetime",), True),
            "pricing": (("BillingPricingPricing",), False),
        },
        frozenset([]),
    )
    last_updated: Field[datetime.datetime | None] = Field(None, ("datetime.datetime",))
    pricing: Field[Any] = Field(None, ("BillingPricingPricing",))


class BillingPricingPricingFields(Wire):
    """The fields of ``visgate_api_client.models.BillingPricingPricing``."""

    __slots__ = ()
    _schema = Schema(
        {},
        frozenset([]),
    )
    pass


class BillingStatsFields(Wire):
    """The fields of ``visgate_api_client.models.BillingStats``."""

    __slots__ = ()
    _schema = Schema(
        {
            "active_users": (("int",), False),
            "avg_image_cost_micro": (("int",), False),
            "avg_video_cost_micro": (("int",), False),
            "base_fee_micro": (("int",), False),
            "cache_hit_reduction_percent": (("float",), False),
            "competitor_markup_percent": (("float",), False),
            "image_mix_percent": (("float",), False),
            "min_request_fee_micro": (("int",), False),
            "providers": (("Any",), False),
            "request_fee_percent": (("float",), False),
            "savings_share_percent": (("float",), False),
            "total_models": (("int",), False),
            "total_requests": (("int",), False),
            "total_savings_micro": (("int",), False),
            "video_mix_percent": (("float",), False),
        },
        frozenset([]),
    )
    active_users: Field[int] = Field(0, ("int",))
    avg_image_cost_micro: Field[int] = Field(0, ("int",))
    avg_video_cost_micro: Field[int] = Field(0, ("int",))
    base_fee_micro: Field[int] = Field(0, ("int",))
    cache_hit_reduction_percent: Field[float] = Field(0.0, ("float",))
    competitor_markup_percent: Field[float] = Field(0.0, ("float",))
    image_mix_percent: Field[float] = Field(0.0, ("float",))
    min_request_fee_micro: Field[int] = Field(0, ("int",))
    providers: Field[Any] = Field(None, ("Any",))
    request_fee_percent: Field[float] = Field(0.0, ("float",))
    savings_share_percent: Field[float] = Field(0.0, ("float",))
    total_models: Field[int] = Field(0, ("int",))
    total_requests: Field[int] = Field(0, ("int",))
    total_savings_micro: Field[int] = Field(0, ("int",))
    video_mix_percent: Field[float] = Field(0.0, ("float",))


class DashboardFields(Wire):
    """The fields of ``visgate_api_client.models.Dashboard``."""

    __slots__ = ()
    _schema = Schema(
        {
            "total_generations": (("int",), False),
            "total_cost_usd": (("float",), False),
            "period": (("str",), False),
            "cache_hits": (("int",), False),
            "cache_hit_rate": (("float",), False),
            "by_provider": (("DashboardByProvider",), False),
            "by_model": (("DashboardByModel",), False),
            "daily": (("list[DashboardDailyItem]",), False),
        },
        frozenset([]),
    )
    total_generations: Field[int] = Field(0, ("int",))
    total_cost_usd: Field[float] = Field(0.0, ("float",))
    period: Field[str] = Field("", ("str",))
    cache_hits: Field[int] = Field(0, ("int",))
    cache_hit_rate: Field[float] = Field(0.0, ("float",))
    by_provider: Field[Any] = Field(None, ("DashboardByProvider",))
    by_model: Field[Any] = Field(None, ("DashboardByModel",))
    daily: Field[list[Any]] = Field([], ("list[DashboardDailyItem]",), factory=list)


class DashboardByModelFields(Wire):
    """The fields of ``visgate_api_client.models.DashboardByModel``."""

    __slots__ = ()
    _schema = Schema(
        {},
        frozenset([]),
    )
    pass


class DashboardByProviderFields(Wire):
    """The fields of ``visgate_api_client.models.DashboardByProvider``."""

    __slots__ = ()
    _schema = Schema(
        {},
        frozenset([]),
    )
    pass


class DashboardDailyItemFields(Wire):
    """The fields of ``visgate_api_client.models.DashboardDailyItem``."""

    __slots__ = ()
    _schema = Schema(
        {},
        frozenset([]),
    )
    pass


class FeaturedSectionFields(Wire):
    """The fields of ``visgate_api_client.models.FeaturedSection``."""

    __slots__ = ()
    _schema = Schema(
        {
            "title": (("str",), False),
            "key": (("str",), False),
            "models": (("list[ModelInfo]",), False),
        },
        frozenset(["key", "title"]),
    )
    title: Field[str] = Field("", ("str",))
    key: Field[str] = Field("", ("str",))
    models: Field[list[Any]] = Field([], ("list[ModelInfo]",), factory=list)


class GenerateRequestFields(Wire):
    """The fields of ``visgate_api_client.models.GenerateRequest``."""

    __slots__ = ()
    _schema = Schema(
        {
            "prompt": (("str",), False),
            "model": (("str",), False),
            "params": (("GenerateRequestParams",), False),
        },
        frozenset(["model", "prompt"]),
    )
    prompt: Field[str] = Field("", ("str",))
    model: Field[str] = Field("", ("str",))
    params: Field[Any] = Field(None, ("GenerateRequestParams",))


class GenerateRequestParamsFields(Wire):
    """The fields of ``visgate_api_client.models.GenerateRequestParams``."""

    __slots__ = ()
    _schema = Schema(
        {},
        frozenset([]),
    )
    pass


class GenerateResultFields(Wire):
    """The fields of ``visgate_api_client.models.GenerateResult``."""

    __slots__ = ()
    _schema = Schema(
        {
            "id": (("str",), False),
            "model": (("str",), False),
            "image_url": (("str",), True),
            "images": (("list[str]",), False),
            "provider": (("str",), False),
            "mode": (("Mode",), False),
            "estimated_cost_usd": (("float",), False),
            "cost_per_megapixel_usd": (("float",), False),
            "latency_ms": (("int",), False),
            "resolution": (("Resolution",), False),
            "cache_hit": (("bool",), False),
            "created_at": (("datetime.datetime",), False),
        },
        frozenset(["id", "model"]),
    )
    id: Field[str] = Field("", ("str",))
    model: Field[str] = Field("", ("str",))
    image_url: Field[str | None] = Field(None, ("str",))
    images: Field[list[str]] = Field([], ("list[str]",), factory=list)
    provider: Field[str] = Field("", ("str",))
    mode: Field[str] = Field("", ("Mode",))
    estimated_cost_usd: Field[float] = Field(0.0, ("float",))
    cost_per_megapixel_usd: Field[float] = Field(0.0, ("float",))
    latency_ms: Field[int] = Field(0, ("int",))
    resolution: Field[Any] = Field(None, ("Resolution",))
    cache_hit: Field[bool] = Field(False, ("bool",))
    created_at: Field[datetime.datetime | None] = Field(None, ("datetime.datetime",))


class GenerationAcceptedFields(Wire):
    """The fields of ``visgate_api_client.models.GenerationAccepted``."""

    __slots__ = ()
    _schema = Schema(
        {
            "request_id": (("str",), False),
            "status": (("str",), False),
            "media_type": (("MediaType",), False),
            "model": (("str",), False),
            "provider": (("str",), False),
            "poll_url": (("str",), False),
            "created_at": (("datetime.datetime",), False),
        },
        frozenset(["request_id", "status"]),
    )
    request_id: Field[str] = Field("", ("str",))
    status: Field[str] = Field("", ("str",))
    media_type: Field[str] = Field("", ("MediaType",))
    model: Field[str] = Field("", ("str",))
    provider: Field[str] = Field("", ("str",))
    poll_url: Field[str] = Field("", ("str",))
    created_at: Field[datetime.datetime | None] = Field(None, ("datetime.datetime",))


class GenerationStepFields(Wire):
    """The fields of ``visgate_api_client.models.GenerationStep``."""

    __slots__ = ()
    _schema = Schema(
        {
            "name": (("str",), False),
            "duration_ms": (("int",), False),
            "status": (("str",), False),
        },
        frozenset([]),
    )
    name: Field[str] = Field("", ("str",))
    duration_ms: Field[int] = Field(0, ("int",))
    status: Field[str] = Field("", ("str",))


class HealthResponseFields(Wire):
    """The fields of ``visgate_api_client.models.HealthResponse``."""

    __slots__ = ()
    _schema = Schema(
        {
            "status": (("str",), False),
            "version": (("str",), False),
            "database": (("Any",), False),
            "cache": (("Any",), False),
        },
        frozenset(["status"]),
    )
    status: Field[str] = Field("", ("str",))
    version: Field[str] = Field("", ("str",))
    database: Field[Any] = Field(None, ("Any",))
    cache: Field[Any] = Field(None, ("Any",))


class ImageGenerateRequestFields(Wire):
    """The fields of ``visgate_api_client.models.ImageGenerateRequest``."""

    __slots__ = ()
    _schema = Schema(
        {
            "model": (("str",), False),
            "prompt": (("str",), False),
            "negative_prompt": (("str",), False),
            "width": (("int",), False),
            "height": (("int",), False),
            "num_images": (("int",), False),
            "seed": (("int",), False),
        },
        frozenset(["model", "prompt"]),
    )
    model: Field[str] = Field("", ("str",))
    prompt: Field[str] = Field("", ("str",))
    negative_prompt: Field[str] = Field("", ("str",))
    width: Field[int] = Field(0, ("int",))
    height: Field[int] = Field(0, ("int",))
    num_images: Field[int] = Field(0, ("int",))
    seed: Field[int] = Field(0, ("int",))


class ImageResultFields(Wire):
    """The fields of ``visgate_api_client.models.ImageResult``."""

    __slots__ = ()
    _schema = Schema(
        {
            "id": (("str",), False),
            "model": (("str",), False),
            "provider": (("str",), False),
            "images": (("list[str]",), False),
            "mode": (("Mode",), False),
            "cost": (("float",), False),
            "cache_hit": (("bool",), False),
            "provider_cost_avoided_micro": (("int",), False),
            "latency_ms": (("int",), True),
            "created_at": (("datetime.datetime",), False),
            "output_storage": (("str",), True),
            "output_size_bytes": (("int",), True),
            "steps": (("list[GenerationStep]",), True),
        },
        frozenset(["id", "model", "provider"]),
    )
    id: Field[str] = Field("", ("str",))
    model: Field[str] = Field("", ("str",))
    provider: Field[str] = Field("", ("str",))
    images: Field[list[str]] = Field([], ("list[str]",), factory=list)
    mode: Field[str] = Field("", ("Mode",))
    cost: Field[float] = Field(0.0, ("float",))
    cache_hit: Field[bool] = Field(False, ("bool",))
    provider_cost_avoided_micro: Field[int] = Field(0, ("int",))
    latency_ms: Field[int | None] = Field(None, ("int",))
    created_at: Field[datetime.datetime | None] = Field(None, ("datetime.datetime",))
    output_storage: Field[str | None] = Field(None, ("str",))
    output_size_bytes: Field[int | None] = Field(None, ("int",))
    steps: Field[list[Any]] = Field([], ("list[GenerationStep]",), factory=list)


class ModelInfoFields(Wire):
    """The fields of ``visgate_api_client.models.ModelInfo``."""

    __slots__ = ()
    _schema = Schema(
        {
            "id": (("str",), False),
            "name": (("str",), False),
            "provider": (("str",), False),
            "media_type": (("MediaType",), False),
            "description": (("str",), True),
            "category": (("str",), True),
            "tags": (("list[str]",), False),
            "cover_image_url": (("str",), True),
            "author": (("str",), True),
            "url": (("str",), True),
            "base_cost_micro": (("int",), False),
            "normalized_cost_micro": (("int",), False),
            "pricing": (("str",), True),
            "pricing_unit": (("str",), True),
            "run_count": (("int",), False),
            "input_types": (("list[str]",), False),
            "output_type": (("str",), True),
            "capabilities": (("list[str]",), False),
            "first_seen_at": (("datetime.datetime",), True),
            "provider_created_at": (("datetime.datetime",), True),
            "last_synced_at": (("datetime.datetime",), True),
        },
        frozenset([]),
    )
    id: Field[str] = Field("", ("str",))
    name: Field[str] = Field("", ("str",))
    provider: Field[str] = Field("", ("str",))
    media_type: Field[str] = Field("", ("MediaType",))
    description: Field[str | None] = Field(None, ("str",))
    category: Field[str | None] = Field(None, ("str",))
    tags: Field[list[str]] = Field([], ("list[str]",), factory=list)
    cover_image_url: Field[str | None] = Field(None, ("str",))
    author: Field[str | None] = Field(None, ("str",))
    url: Field[str | None] = Field(None, ("str",))
    base_cost_micro: Field[int] = Field(0, ("int",))
    normalized_cost_micro: Field[int] = Field(0, ("int",))
    pricing: Field[str | None] = Field(None, ("str",))
    pricing_unit: Field[str | None] = Field(None, ("str",))
    run_count: Field[int] = Field(0, ("int",))
    input_types: Field[list[str]] = Field([], ("list[str]",), factory=list)
    output_type: Field[str | None] = Field(None, ("str",))
    capabilities: Field[list[str]] = Field([], ("list[str]",), factory=list)
    first_seen_at: Field[datetime.datetime | None] = Field(None, ("datetime.datetime",))
    provider_created_at: Field[datetime.datetime | None] = Field(None, ("datetime.datetime",))
    last_synced_at: Field[datetime.datetime | None] = Field(None, ("datetime.datetime",))


class ModelsResponseFields(Wire):
    """The fields of ``visgate_api_client.models.ModelsResponse``."""

    __slots__ = ()
    _schema = Schema(
        {
            "models": (("list[ModelInfo]",), False),
            "total_count": (("int",), False),
            "last_updated": (("datetime.datetime",), True),
            "featured": (("list[FeaturedSection]",), False),
        },
        frozenset(["models"]),
    )
    models: Field[list[Any]] = Field([], ("list[ModelInfo]",), factory=list)
    total_count: Field[int] = Field(0, ("int",))
    last_updated: Field[datetime.datetime | None] = Field(None, ("datetime.datetime",))
    featured: Field[list[Any]] = Field([], ("list[FeaturedSection]",), factory=list)


class OrganizationFields(Wire):
    """The fields of ``visgate_api_client.models.Organization``."""

    __slots__ = ()
    _schema = Schema(
        {
            "id": (("str",), False),
            "name": (("str",), False),
        },
        frozenset(["id", "name"]),
    )
    id: Field[str] = Field("", ("str",))
    name: Field[str] = Field("", ("str",))


class ProviderBalanceFields(Wire):
    """The fields of ``visgate_api_client.models.ProviderBalance``."""

    __slots__ = ()
    _schema = Schema(
        {
            "provider": (("str",), False),
            "configured": (("bool",), False),
            "available": (("bool",), False),
            "limit": (("float",), True),
            "remaining": (("float",), True),
            "currency": (("str",), True),
            "message": (("str",), True),
        },
        frozenset(["provider"]),
    )
    provider: Field[str] = Field("", ("str",))
    configured: Field[bool] = Field(False, ("bool",))
    available: Field[bool] = Field(False, ("bool",))
    limit: Field[float | None] = Field(None, ("float",))
    remaining: Field[float | None] = Field(None, ("float",))
    currency: Field[str | None] = Field(None, ("str",))
    message: Field[str | None] = Field(None, ("str",))


class ProviderBalancesResponseFields(Wire):
    """The fields of ``visgate_api_client.models.ProviderBalancesResponse``."""

    __slots__ = ()
    _schema = Schema(
        {
            "balances": (("list[ProviderBalance]",), False),
        },
        frozenset(["balances"]),
    )
    balances: Field[list[Any]] = Field([], ("list[ProviderBalance]",), factory=list)


class ProviderKeyDeletedFields(Wire):
    """The fields of ``visgate_api_client.models.ProviderKeyDeleted``."""

    __slots__ = ()
    _schema = Schema(
        {
            "provider": (("str",), False),
            "deleted": (("bool",), False),
        },
        frozenset([]),
    )
    provider: Field[str] = Field("", ("str",))
    deleted: Field[bool] = Field(False, ("bool",))


class ProviderKeyInfoFields(Wire):
    """The fields of ``visgate_api_client.models.ProviderKeyInfo``."""

    __slots__ = ()
    _schema = Schema(
        {
            "provider": (("str",), False),
            "validated": (("bool",), False),
            "validated_at": (("datetime.datetime",), True),
            "masked_key": (("str",), True),
        },
        frozenset(["provider"]),
    )
    provider: Field[str] = Field("", ("str",))
    validated: Field[bool] = Field(False, ("bool",))
    validated_at: Field[datetime.datetime | None] = Field(None, ("datetime.datetime",))
    masked_key: Field[str | None] = Field(None, ("str",))


class ProviderKeyRequestFields(Wire):
    """The fields of ``visgate_api_client.models.ProviderKeyRequest``."""

    __slots__ = ()
    _schema = Schema(
        {
            "provider": (("ProviderName",), False),
            "api_key": (("str",), False),
        },
        frozenset(["api_key", "provider"]),
    )
    provider: Field[str] = Field("", ("ProviderName",))
    api_key: Field[str] = Field("", ("str",))


class ProviderKeyStoreRequestFields(Wire):
    """The fields of ``visgate_api_client.models.ProviderKeyStoreRequest``."""

    __slots__ = ()
    _schema = Schema(
        {
            "provider": (("ProviderName",), False),
            "api_key": (("str",), False),
        },
        frozenset(["api_key", "provider"]),
    )
    provider: Field[str] = Field("", ("ProviderName",))
    api_key: Field[str] = Field("", ("str",))


class ProviderKeysResponseFields(Wire):
    """The fields of ``visgate_api_client.models.ProviderKeysResponse``."""

    __slots__ = ()
    _schema = Schema(
        {
            "keys": (("list[ProviderKeyInfo]",), False),
        },
        frozenset(["keys"]),
    )
    keys: Field[list[Any]] = Field([], ("list[ProviderKeyInfo]",), factory=list)


class ProviderValidationResultFields(Wire):
    """The fields of ``visgate_api_client.models.ProviderValidationResult``."""

    __slots__ = ()
    _schema = Schema(
        {
            "valid": (("bool",), False),
            "message": (("str",), False),
        },
        frozenset(["valid"]),
    )
    valid: Field[bool] = Field(False, ("bool",))
    message: Field[str] = Field("", ("str",))


class RequestStatusFields(Wire):
    """The fields of ``visgate_api_client.models.RequestStatus``."""

    __slots__ = ()
    _schema = Schema(
        {
            "request_id": (("str",), False),
            "status": (("JobStatus",), False),
            "media_type": (("MediaType",), False),
            "provider": (("str",), False),
            "model": (("str",), False),
            "output_url": (("str",), True),
            "error_message": (("str",), True),
            "cost": (("float",), False),
            "cache_hit": (("bool",), False),
            "created_at": (("datetime.datetime",), False),
            "completed_at": (("datetime.datetime",), True),
            "result": (("RequestStatusResultType0",), True),
        },
        frozenset([]),
    )
    request_id: Field[str] = Field("", ("str",))
    status: Field[str] = Field("", ("JobStatus",))
    media_type: Field[str] = Field("", ("MediaType",))
    provider: Field[str] = Field("", ("str",))
    model: Field[str] = Field("", ("str",))
    output_url: Field[str | None] = Field(None, ("str",))
    error_message: Field[str | None] = Field(None, ("str",))
    cost: Field[float] = Field(0.0, ("float",))
    cache_hit: Field[bool] = Field(False, ("bool",))
    created_at: Field[datetime.datetime | None] = Field(None, ("datetime.datetime",))
    completed_at: Field[datetime.datetime | None] = Field(None, ("datetime.datetime",))
    result: Field[Any] = Field(None, ("RequestStatusResultType0",))


class RequestStatusResultType0Fields(Wire):
    """The fields of ``visgate_api_client.models.RequestStatusResultType0``."""

    __slots__ = ()
    _schema = Schema(
        {},
        frozenset([]),
    )
    pass


class ResolutionFields(Wire):
    """The fields of ``visgate_api_client.models.Resolution``."""

    __slots__ = ()
    _schema = Schema(
        {
            "width": (("int",), False),
            "height": (("int",), False),
        },
        frozenset(["height", "width"]),
    )
    width: Field[int] = Field(0, ("int",))
    height: Field[int] = Field(0, ("int",))


class UsageLogEntryFields(Wire):
    """The fields of ``visgate_api_client.models.UsageLogEntry``."""

    __slots__ = ()
    _schema = Schema(
        {
            "id": (("str",), False),
            "created_at": (("datetime.datetime",), False),
            "endpoint": (("str",), False),
            "model": (("str",), False),
            "provider": (("str",), False),
            "media_type": (("MediaType",), False),
            "mode": (("Mode",), False),
            "status": (("str",), False),
            "cache_hit": (("bool",), False),
            "billed_cost": (("float",), False),
            "provider_cost": (("float",), False),
            "latency_ms": (("int",), True),
        },
        frozenset([]),
    )
    id: Field[str] = Field("", ("str",))
    created_at: Field[datetime.datetime | None] = Field(None, ("datetime.datetime",))
    endpoint: Field[str] = Field("", ("str",))
    model: Field[str] = Field("", ("str",))
    provider: Field[str] = Field("", ("str",))
    media_type: Field[str] = Field("", ("MediaType",))
    mode: Field[str] = Field("", ("Mode",))
    status: Field[str] = Field("", ("str",))
    cache_hit: Field[bool] = Field(False, ("bool",))
    billed_cost: Field[float] = Field(0.0, ("float",))
    provider_cost: Field[float] = Field(0.0, ("float",))
    latency_ms: Field[int | None] = Field(None, ("int",))


class UsageLogsPageFields(Wire):
    """The fields of ``visgate_api_client.models.UsageLogsPage``."""

    __slots__ = ()
    _schema = Schema(
        {
            "logs": (("list[UsageLogEntry]",), False),
            "total": (("int",), False),
            "limit": (("int",), False),
            "offset": (("int",), False),
        },
        frozenset(["logs"]),
    )
    logs: Field[list[Any]] = Field([], ("list[UsageLogEntry]",), factory=list)
    total: Field[int] = Field(0, ("int",))
    limit: Field[int] = Field(0, ("int",))
    offset: Field[int] = Field(0, ("int",))


class UsageSummaryFields(Wire):
    """The fields of ``visgate_api_client.models.UsageSummary``."""

    __slots__ = ()
    _schema = Schema(
        {
            "total_requests": (("int",), False),
            "successful_requests": (("int",), False),
            "failed_requests": (("int",), False),
            "cached_requests": (("int",), False),
            "total_provider_cost": (("float",), False),
            "total_billed_cost": (("float",), False),
            "total_savings": (("float",), False),
            "by_provider": (("UsageSummaryByProvider",), False),
            "by_model": (("UsageSummaryByModel",), False),
            "period": (("str",), False),
            "period_start": (("datetime.datetime",), False),
            "period_end": (("datetime.datetime",), False),
            "total_cost_usd": (("float",), False),
            "provider_breakdown": (("UsageSummaryProviderBreakdown",), False),
        },
        frozenset([]),
    )
    total_requests: Field[int] = Field(0, ("int",))
    successful_requests: Field[int] = Field(0, ("int",))
    failed_requests: Field[int] = Field(0, ("int",))
    cached_requests: Field[int] = Field(0, ("int",))
    total_provider_cost: Field[float] = Field(0.0, ("float",))
    total_billed_cost: Field[float] = Field(0.0, ("float",))
    total_savings: Field[float] = Field(0.0, ("float",))
    by_provider: Field[Any] = Field(None, ("UsageSummaryByProvider",))
    by_model: Field[Any] = Field(None, ("UsageSummaryByModel",))
    period: Field[str] = Field("", ("str",))
    period_start: Field[datetime.datetime | None] = Field(None, ("datetime.datetime",))
    period_end: Field[datetime.datetime | None] = Field(None, ("datetime.datetime",))
    total_cost_usd: Field[float] = Field(0.0, ("float",))
    provider_breakdown: Field[Any] = Field(None, ("UsageSummaryProviderBreakdown",))


class UsageSummaryByModelFields(Wire):
    """The fields of ``visgate_api_client.models.UsageSummaryByModel``."""

    __slots__ = ()
    _schema = Schema(
        {},
        frozenset([]),
    )
    pass


class UsageSummaryByProviderFields(Wire):
    """The fields of ``visgate_api_client.models.UsageSummaryByProvider``."""

    __slots__ = ()
    _schema = Schema(
        {},
        frozenset([]),
    )
    pass


class UsageSummaryProviderBreakdownFields(Wire):
    """The fields of ``visgate_api_client.models.UsageSummaryProviderBreakdown``."""

    __slots__ = ()
    _schema = Schema(
        {},
        frozenset([]),
    )
    pass


class VideoGenerateRequestFields(Wire):
    """The fields of ``visgate_api_client.models.VideoGenerateRequest``."""

    __slots__ = ()
    _schema = Schema(
        {
            "model": (("str",), False),
            "prompt": (("str",), False),
            "duration_seconds": (("float",), False),
            "image_url": (("str",), False),
            "skip_gcs_upload": (("bool",), False),
        },
        frozenset(["model", "prompt"]),
    )
    model: Field[str] = Field("", ("str",))
    prompt: Field[str] = Field("", ("str",))
    duration_seconds: Field[float] = Field(0.0, ("float",))
    image_url: Field[str] = Field("", ("str",))
    skip_gcs_upload: Field[bool] = Field(False, ("bool",))


class VideoResultFields(Wire):
    """The fields of ``visgate_api_client.models.VideoResult``."""

    __slots__ = ()
    _schema = Schema(
        {
            "id": (("str",), False),
            "model": (("str",), False),
            "provider": (("str",), False),
            "video_url": (("str",), True),
            "duration_seconds": (("float",), False),
            "mode": (("Mode",), False),
            "cost": (("float",), False),
            "cache_hit": (("bool",), False),
            "provider_cost_avoided_micro": (("int",), False),
            "latency_ms": (("int",), True),
            "created_at": (("datetime.datetime",), False),
            "output_storage": (("str",), True),
            "output_size_bytes": (("int",), True),
        },
        frozenset(["id", "model", "provider"]),
    )
    id: Field[str] = Field("", ("str",))
    model: Field[str] = Field("", ("str",))
    provider: Field[str] = Field("", ("str",))
    video_url: Field[str | None] = Field(None, ("str",))
    duration_seconds: Field[float] = Field(0.0, ("float",))
    mode: Field[str] = Field("", ("Mode",))
    cost: Field[float] = Field(0.0, ("float",))
    cache_hit: Field[bool] = Field(False, ("bool",))
    provider_cost_avoided_micro: Field[int] = Field(0, ("int",))
    latency_ms: Field[int | None] = Field(None, ("int",))
    created_at: Field[datetime.datetime | None] = Field(None, ("datetime.datetime",))
    output_storage: Field[str | None] = Field(None, ("str",))
    output_size_bytes: Field[int | None] = Field(None, ("int",))
