"""Result types users see: the generated models' fields, plus what the published SDK adds.

Each class subclasses ``<Model>Fields`` of :mod:`visgate_sdk._result_fields`, generated from
the generated client's model (``make regen``), so every field of the spec is a typed
attribute. Declared here by hand: only what the published surface renames
(``GenerateResult.cost``), defaults differently, keeps as the server's string (timestamps of
the catalog and of jobs), scrubs of keys, or adds (``image_url``, ``cache_hit_rate``,
``save()``...).

Each field is read on its own: a malformed optional field (``"created_at": "yesterday"``)
reads as its default while ``result["created_at"]`` still gives the server's value, and never
hides the other fields. Numbers sent as numeric strings (``"12"``) are read as numbers. A
missing or malformed required field fails at the call with ResponseParseError.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any, ClassVar, Self

from visgate_sdk import _result_fields as fields
from visgate_sdk._wire import Field, Wire, read
from visgate_sdk.exceptions import ResponseParseError

if TYPE_CHECKING:
    from pathlib import Path


class _Saveable(Wire):
    """Results with media that can be written to disk."""

    __slots__ = ()
    _media_kind: ClassVar[str] = "image"

    def _media_url(self, index: int = 0) -> str:
        raise NotImplementedError

    def save(self, path: str | Path, *, index: int = 0, **options: Any) -> Path:
        """Download the output to ``path`` (a file, or a folder to pick a safe name in).

        Options of :func:`visgate_sdk.download.download`: ``overwrite``, ``max_bytes``,
        ``timeout`` and ``name_hint`` (the file name to use inside a folder).
        """
        from visgate_sdk.download import save_output

        return save_output(self._media_url(index), path, kind=self._media_kind, **options)

    async def asave(self, path: str | Path, *, index: int = 0, **options: Any) -> Path:
        """Async twin of :meth:`save`."""
        from visgate_sdk.download import asave_output

        return await asave_output(self._media_url(index), path, kind=self._media_kind, **options)


def _no_output(kind: str, ident: str) -> ResponseParseError:
    return ResponseParseError(f"{kind} {ident} has no output URL to save")


class GenerateResult(_Saveable, fields.GenerateResultFields):
    """Result of ``client.generate()`` (``POST /generate``)."""

    __slots__ = ()
    cost = Field(0.0, wire="estimated_cost_usd")
    cost_per_megapixel = Field(0.0, wire="cost_per_megapixel_usd")

    @property
    def resolution(self) -> dict[str, Any]:
        """``{"width": .., "height": ..}``, or ``{}`` when not sent."""
        value = self._raw.get("resolution")
        return dict(value) if isinstance(value, Mapping) else {}

    def _media_url(self, index: int = 0) -> str:
        urls = self.images or ([self.image_url] if self.image_url else [])
        if index >= len(urls):
            raise _no_output("generation", self.id)
        return urls[index]

    def _describe(self) -> str:
        return (
            f"GenerateResult(id={self.id!r}, model={self.model!r}, provider={self.provider!r}, "
            f"mode={self.mode!r}, cost={self.cost!r})"
        )


class ImageResult(_Saveable, fields.ImageResultFields):
    """Result of ``client.images.generate()``."""

    __slots__ = ()
    provider_cost_avoided_micro: Field[int | None] = Field(None)  # type: ignore[assignment]

    @property
    def steps(self) -> list[dict[str, Any]] | None:  # type: ignore[override]
        """Timing breakdown (only with ``include_steps=True``)."""
        steps = self._raw.get("steps")
        if not isinstance(steps, list):
            return None
        return [dict(s) for s in steps if isinstance(s, Mapping)]

    @property
    def image_url(self) -> str | None:
        """The first image, for symmetry with ``GenerateResult.image_url``."""
        return self.images[0] if self.images else None

    def _media_url(self, index: int = 0) -> str:
        if index >= len(self.images):
            raise _no_output("image result", self.id)
        return self.images[index]

    def _describe(self) -> str:
        return (
            f"ImageResult(id={self.id!r}, model={self.model!r}, provider={self.provider!r}, "
            f"images={len(self.images)})"
        )


class VideoResult(_Saveable, fields.VideoResultFields):
    """Result of ``client.videos.generate()``."""

    __slots__ = ()
    _media_kind = "video"
    provider_cost_avoided_micro: Field[int | None] = Field(None)  # type: ignore[assignment]

    def _media_url(self, index: int = 0) -> str:
        if not self.video_url:
            raise _no_output("video result", self.id)
        return self.video_url

    def _describe(self) -> str:
        return f"VideoResult(id={self.id!r}, model={self.model!r}, provider={self.provider!r})"


TERMINAL_STATUSES = frozenset({"completed", "failed"})


class RequestStatusResult(_Saveable, fields.RequestStatusFields):
    """Status of a background job (``GET /requests/{id}``)."""

    __slots__ = ()
    cost: Field[float | None] = Field(None)  # type: ignore[assignment]
    created_at: Field[str | None] = Field(None, raw=True)  # type: ignore[assignment]
    completed_at: Field[str | None] = Field(None, raw=True)  # type: ignore[assignment]
    status = Field("pending")  # ``pending``, ``processing``, ``completed``, ``failed`` or newer
    media_type = Field("video")  # when the server did not say
    error_message: Field[str | None] = Field(None, redacted=True)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Self:
        """Parse a status; an old server's ``id`` stands in for a missing ``request_id``."""
        if isinstance(data, Mapping) and "request_id" not in data:
            data = {**data, "request_id": data.get("id") or ""}
        if isinstance(data, Mapping) and "status" not in data:
            data = {**data, "status": "pending"}
        return super().from_dict(data)

    @property
    def is_terminal(self) -> bool:
        """True once the job is ``completed`` or ``failed``."""
        return self.status in TERMINAL_STATUSES

    @property
    def result(self) -> ImageResult | VideoResult | None:
        """The finished result when the server sent it, typed by ``media_type``."""
        body = self._raw.get("result")
        if not isinstance(body, Mapping):
            return None
        kind = VideoResult if self.media_type == "video" else ImageResult
        try:
            return kind.from_dict(body)
        except ResponseParseError:  # an optional field: malformed reads as absent
            return None

    @property
    def _media_kind(self) -> str:  # type: ignore[override]
        return "video" if self.media_type == "video" else "image"

    def _media_url(self, index: int = 0) -> str:
        if not self.output_url:
            raise _no_output(f"job {self.status}", self.request_id)
        return self.output_url

    def _describe(self) -> str:
        return f"RequestStatusResult(request_id={self.request_id!r}, status={self.status!r})"


class ModelInfo(fields.ModelInfoFields):
    """One model of the catalog."""

    __slots__ = ()
    media_type = Field("image")
    first_seen_at: Field[str | None] = Field(None, raw=True)  # type: ignore[assignment]
    provider_created_at: Field[str | None] = Field(None, raw=True)  # type: ignore[assignment]
    last_synced_at: Field[str | None] = Field(None, raw=True)  # type: ignore[assignment]

    def _describe(self) -> str:
        return (
            f"ModelInfo(id={self.id!r}, provider={self.provider!r}, media_type={self.media_type!r})"
        )


class FeaturedSection(fields.FeaturedSectionFields):
    """A curated list of models."""

    __slots__ = ()
    _repr_fields = ("title", "key")

    @property
    def models(self) -> list[ModelInfo]:  # type: ignore[override]
        """The section's models."""
        return ModelInfo._list(self._raw.get("models"))


class ModelsResponse(fields.ModelsResponseFields):
    """A page of the catalog; ``total_count`` is the size of the whole (filtered) catalog."""

    __slots__ = ()
    _children: ClassVar[dict[str, type[Wire]]] = {"models": ModelInfo}
    last_updated: Field[str | None] = Field(None, raw=True)  # type: ignore[assignment]

    @property
    def models(self) -> list[ModelInfo]:  # type: ignore[override]
        """The models of this page."""
        return ModelInfo._list(self._raw.get("models"))

    @property
    def featured(self) -> list[FeaturedSection] | None:  # type: ignore[override]
        """Curated sections (``featured=True``), None when absent or empty."""
        return FeaturedSection._list(self._raw.get("featured")) or None

    def __iter__(self) -> Iterator[ModelInfo]:
        return iter(self.models)

    def __len__(self) -> int:
        return len(self.models)

    def _describe(self) -> str:
        return f"ModelsResponse(models={len(self)}, total_count={self.total_count!r})"


class UsageSummary(fields.UsageSummaryFields):
    """Usage totals of the organisation for a period."""

    __slots__ = ()
    period = Field("month")

    @property
    def total_billed_cost(self) -> float:  # type: ignore[override]
        """USD billed (falls back to the legacy ``total_cost_usd``)."""
        for wire in ("total_billed_cost", "total_cost_usd"):
            value = read(self, wire, ("float",), None)
            if value is not None:
                return value
        return 0.0

    @property
    def by_provider(self) -> dict[str, int]:
        """Requests per provider (falls back to the legacy ``provider_breakdown``)."""
        value = self._raw.get("by_provider", self._raw.get("provider_breakdown"))
        return dict(value) if isinstance(value, Mapping) else {}

    @property
    def by_model(self) -> dict[str, int]:
        """Requests per model."""
        value = self._raw.get("by_model")
        return dict(value) if isinstance(value, Mapping) else {}

    @property
    def cache_hit_rate(self) -> float:
        """Cached requests as a percentage (0-100) of all requests; 0.0 when there were none."""
        total = self.total_requests
        return self.cached_requests / total * 100 if total else 0.0

    def _describe(self) -> str:
        return (
            f"UsageSummary(period={self.period!r}, requests={self.total_requests}, "
            f"cost=${self.total_billed_cost:.4f})"
        )


class ProviderKeyInfo(fields.ProviderKeyInfoFields):
    """A provider key stored for the organisation (masked)."""

    __slots__ = ()
    _repr_fields = ("provider", "validated", "masked_key", "validated_at")
    validated_at: Field[str | None] = Field(None, raw=True)  # type: ignore[assignment]


class ProviderKeysResponse(fields.ProviderKeysResponseFields):
    """All stored provider keys."""

    __slots__ = ()
    _children: ClassVar[dict[str, type[Wire]]] = {"keys": ProviderKeyInfo}

    @property
    def keys(self) -> list[ProviderKeyInfo]:  # type: ignore[override]
        """One entry per provider."""
        return ProviderKeyInfo._list(self._raw.get("keys"))


class ProviderValidationResult(fields.ProviderValidationResultFields):
    """Whether a provider key is valid."""

    __slots__ = ()

    _repr_fields = ("valid", "message")

    message = Field("", redacted=True)


class ProviderBalanceItem(fields.ProviderBalanceFields):
    """Balance and limit at one provider."""

    __slots__ = ()
    _repr_fields = ("provider", "configured", "available", "remaining", "limit", "currency")

    message: Field[str | None] = Field(None, redacted=True)


class ProviderBalancesResponse(fields.ProviderBalancesResponseFields):
    """Balances at every provider."""

    __slots__ = ()
    _children: ClassVar[dict[str, type[Wire]]] = {"balances": ProviderBalanceItem}

    @property
    def balances(self) -> list[ProviderBalanceItem]:  # type: ignore[override]
        """One entry per provider."""
        return ProviderBalanceItem._list(self._raw.get("balances"))


class Organization(fields.OrganizationFields):
    """The caller's organisation."""

    __slots__ = ()
    _repr_fields = ("id", "name")


class AuthIdentity(fields.AuthIdentityFields):
    """Who is calling (``client.auth.me()``)."""

    __slots__ = ()
    _repr_fields = ("role",)
    _children: ClassVar[dict[str, type[Wire]]] = {"organization": Organization}

    @property
    def organization(self) -> Organization:
        """The organisation the key belongs to."""
        return Organization.from_dict(self._raw.get("organization") or {})


class ApiKeyInfo(fields.ApiKeyInfoFields):
    """An API key of the organisation (never the full key)."""

    __slots__ = ()
    _repr_fields = ("id", "name", "key_prefix", "created_at", "last_used_at")
    created_at: Field[str | None] = Field(None, raw=True)  # type: ignore[assignment]
    last_used_at: Field[str | None] = Field(None, raw=True)  # type: ignore[assignment]


class BillingStats(fields.BillingStatsFields):
    """Platform-wide pricing statistics; read fields with ``stats["name"]`` or ``to_dict()``."""

    __slots__ = ()


class BillingInfo(fields.BillingInfoFields):
    """The organisation's billing account (micro-USD balance, cents for budget and usage)."""

    __slots__ = ()
    _repr_fields = ("balance_micro", "tier", "billing_status")
    tier: Field[str | None] = Field(None)  # type: ignore[assignment]
    billing_status: Field[str | None] = Field(None)  # type: ignore[assignment]


class BillingPricing(fields.BillingPricingFields):
    """The current price list."""

    __slots__ = ()
    last_updated: Field[str | None] = Field(None, raw=True)  # type: ignore[assignment]

    @property
    def pricing(self) -> dict[str, Any]:
        """The price list as sent."""
        value = self._raw.get("pricing")
        return dict(value) if isinstance(value, Mapping) else {}
