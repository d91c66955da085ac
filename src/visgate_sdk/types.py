"""Result types users see, each a thin view over a model of the generated client.

The generated models parse the wire; these classes give the published attribute names and
defaults, keep unknown server fields reachable (``result["new_field"]``,
``result.additional_properties``) and return the wire dict from ``to_dict()``.
"""

from __future__ import annotations

import copy
import datetime
import importlib
from collections.abc import Callable, Iterator, Mapping
from typing import TYPE_CHECKING, Any, ClassVar, Generic, Self, TypeVar, overload

from visgate_sdk.exceptions import ResponseParseError

if TYPE_CHECKING:
    from pathlib import Path

T = TypeVar("T")
W = TypeVar("W", bound="_Wire")
_PARSE_ERRORS = (KeyError, ValueError, TypeError, AttributeError)


_CLASSES: dict[str, tuple[Any, frozenset[str]]] = {}


def _generated_class(name: str) -> tuple[Any, frozenset[str]]:
    """The generated model class of a schema and its required fields (cached)."""
    found = _CLASSES.get(name)
    if found is None:
        import attrs

        module = importlib.import_module("visgate_api_client.models")
        cls = getattr(module, name)
        required = frozenset(
            f.name
            for f in attrs.fields(cls)
            if f.default is attrs.NOTHING and f.name != "additional_properties"
        )
        found = _CLASSES[name] = (cls, required)
    return found


def _is_unset(value: object) -> bool:
    return type(value).__name__ == "Unset"


class _Field(Generic[T]):
    """An attribute read from the generated model, with the published default when absent."""

    def __init__(
        self,
        default: T,
        *,
        wire: str | None = None,
        factory: Callable[[], T] | None = None,
        raw: bool = False,
    ) -> None:
        self.default, self.wire, self.factory, self.raw = default, wire, factory, raw
        self.name = ""

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name
        self.wire = self.wire or name

    @overload
    def __get__(self, obj: None, owner: type) -> _Field[T]: ...
    @overload
    def __get__(self, obj: _Wire, owner: type) -> T: ...
    def __get__(self, obj: _Wire | None, owner: type) -> T | _Field[T]:
        if obj is None:
            return self
        assert self.wire is not None
        if self.raw:  # timestamps the published SDK kept as the server's strings
            value = obj._raw.get(self.wire)
        else:
            value = getattr(obj._model, self.wire, None)
            if _is_unset(value):
                value = None
        if value is None:
            return self.factory() if self.factory is not None else self.default
        if isinstance(value, str) and type(value) is not str:  # an enum member
            return str(value)  # type: ignore[return-value]
        return value  # type: ignore[no-any-return]


def _enum_text(value: Any, default: str) -> str:
    if value is None or _is_unset(value):
        return default
    return str(value)


class _Wire:
    """Common behaviour: parsing through the generated model, raw access, ``to_dict()``.

    The wire dict is checked for required fields at once; the generated model is built on
    first attribute access, which keeps a call that only needs one field cheap.
    """

    _generated: ClassVar[str]
    __slots__ = ("_parsed", "_raw")

    def __init__(self, model: Any, raw: Mapping[str, Any]) -> None:
        self._parsed = model
        self._raw = raw

    @property
    def _model(self) -> Any:
        model = self._parsed
        if model is None:
            cls, _ = _generated_class(self._generated)
            try:
                model = cls.from_dict(dict(self._raw))
            except _PARSE_ERRORS as exc:
                raise ResponseParseError(
                    f"the server's answer is not a valid {type(self).__name__}: "
                    f"{type(exc).__name__} {exc}"
                ) from None
            self._parsed = model
        return model

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Self:
        """Wrap a wire dict; a body missing a required field raises ResponseParseError."""
        if not isinstance(data, dict) and not isinstance(data, Mapping):  # dict: skip the ABC
            raise ResponseParseError(
                f"expected a JSON object for {cls.__name__}, got {type(data).__name__}"
            )
        _, required = _generated_class(cls._generated)
        missing = required.difference(data)
        if missing:
            raise ResponseParseError(
                f"the server's answer is not a valid {cls.__name__}: missing "
                f"{', '.join(sorted(missing))}"
            )
        return cls(None, data)

    @classmethod
    def _list(cls: type[W], items: Any) -> list[W]:
        if not isinstance(items, list):
            return []
        return [cls.from_dict(item) for item in items if isinstance(item, Mapping)]

    def to_dict(self) -> dict[str, Any]:
        """The object as the server sent it (unknown fields included)."""
        return copy.deepcopy(dict(self._raw))

    @property
    def additional_properties(self) -> dict[str, Any]:
        """Fields the server sent that this SDK version does not know."""
        props = getattr(self._model, "additional_properties", {})
        return dict(props)

    def __getitem__(self, key: str) -> Any:
        return self._raw[key]

    def __contains__(self, key: object) -> bool:
        return key in self._raw

    def get(self, key: str, default: Any = None) -> Any:
        """A wire field by name, ``default`` when absent."""
        return self._raw.get(key, default)

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and dict(self._raw) == dict(other._raw)

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self._raw!r})"


class _Saveable(_Wire):
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


class GenerateResult(_Saveable):
    """Result of ``client.generate()`` (``POST /generate``)."""

    __slots__ = ()
    _generated = "GenerateResult"
    id = _Field("")
    image_url: _Field[str | None] = _Field(None)
    images: _Field[list[str]] = _Field([], factory=list)
    model = _Field("")
    provider = _Field("")
    mode = _Field("")
    cost = _Field(0.0, wire="estimated_cost_usd")
    cost_per_megapixel = _Field(0.0, wire="cost_per_megapixel_usd")
    latency_ms = _Field(0)
    cache_hit = _Field(False)
    created_at: _Field[datetime.datetime | None] = _Field(None)

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

    def __repr__(self) -> str:
        return (
            f"GenerateResult(id={self.id!r}, model={self.model!r}, provider={self.provider!r}, "
            f"mode={self.mode!r}, cost={self.cost!r})"
        )


class ImageResult(_Saveable):
    """Result of ``client.images.generate()``."""

    __slots__ = ()
    _generated = "ImageResult"
    id = _Field("")
    images: _Field[list[str]] = _Field([], factory=list)
    model = _Field("")
    provider = _Field("")
    mode = _Field("")
    cost = _Field(0.0)
    cache_hit = _Field(False)
    provider_cost_avoided_micro: _Field[int | None] = _Field(None)
    latency_ms: _Field[int | None] = _Field(None)
    created_at: _Field[datetime.datetime | None] = _Field(None)
    output_storage: _Field[str | None] = _Field(None)
    output_size_bytes: _Field[int | None] = _Field(None)

    @property
    def steps(self) -> list[dict[str, Any]] | None:
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

    def __repr__(self) -> str:
        return (
            f"ImageResult(id={self.id!r}, model={self.model!r}, provider={self.provider!r}, "
            f"images={len(self.images)})"
        )


class VideoResult(_Saveable):
    """Result of ``client.videos.generate()``."""

    __slots__ = ()
    _generated = "VideoResult"
    _media_kind = "video"
    id = _Field("")
    video_url: _Field[str | None] = _Field(None)
    model = _Field("")
    provider = _Field("")
    mode = _Field("")
    cost = _Field(0.0)
    cache_hit = _Field(False)
    provider_cost_avoided_micro: _Field[int | None] = _Field(None)
    latency_ms: _Field[int | None] = _Field(None)
    created_at: _Field[datetime.datetime | None] = _Field(None)
    output_storage: _Field[str | None] = _Field(None)
    output_size_bytes: _Field[int | None] = _Field(None)

    def _media_url(self, index: int = 0) -> str:
        if not self.video_url:
            raise _no_output("video result", self.id)
        return self.video_url

    def __repr__(self) -> str:
        return f"VideoResult(id={self.id!r}, model={self.model!r}, provider={self.provider!r})"


TERMINAL_STATUSES = frozenset({"completed", "failed"})


class RequestStatusResult(_Saveable):
    """Status of a background job (``GET /requests/{id}``)."""

    __slots__ = ()
    _generated = "RequestStatus"
    provider = _Field("")
    model = _Field("")
    output_url: _Field[str | None] = _Field(None)
    error_message: _Field[str | None] = _Field(None)
    cost: _Field[float | None] = _Field(None)
    created_at: _Field[str | None] = _Field(None, raw=True)
    completed_at: _Field[str | None] = _Field(None, raw=True)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Self:
        """Parse a status; an old server's ``id`` stands in for a missing ``request_id``."""
        if isinstance(data, Mapping) and "request_id" not in data:
            data = {**data, "request_id": data.get("id") or ""}
        if isinstance(data, Mapping) and "status" not in data:
            data = {**data, "status": "pending"}
        return super().from_dict(data)

    @property
    def request_id(self) -> str:
        """The job's id."""
        return str(self._model.request_id)

    @property
    def status(self) -> str:
        """``pending``, ``processing``, ``completed``, ``failed`` or a newer word."""
        return _enum_text(self._model.status, "pending")

    @property
    def media_type(self) -> str:
        """``image`` or ``video`` (``video`` when the server did not say)."""
        return _enum_text(getattr(self._model, "media_type", None), "video")

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
        return kind.from_dict(body)

    @property
    def _media_kind(self) -> str:  # type: ignore[override]
        return "video" if self.media_type == "video" else "image"

    def _media_url(self, index: int = 0) -> str:
        if not self.output_url:
            raise _no_output(f"job {self.status}", self.request_id)
        return self.output_url

    def __repr__(self) -> str:
        return f"RequestStatusResult(request_id={self.request_id!r}, status={self.status!r})"


class ModelInfo(_Wire):
    """One model of the catalog."""

    __slots__ = ()
    _generated = "ModelInfo"
    id = _Field("")
    name = _Field("")
    provider = _Field("")
    media_type = _Field("image")
    description: _Field[str | None] = _Field(None)
    category: _Field[str | None] = _Field(None)
    tags: _Field[list[str]] = _Field([], factory=list)
    cover_image_url: _Field[str | None] = _Field(None)
    author: _Field[str | None] = _Field(None)
    url: _Field[str | None] = _Field(None)
    base_cost_micro = _Field(0)
    normalized_cost_micro = _Field(0)
    pricing: _Field[str | None] = _Field(None)
    pricing_unit: _Field[str | None] = _Field(None)
    run_count = _Field(0)
    input_types: _Field[list[str]] = _Field([], factory=list)
    output_type: _Field[str | None] = _Field(None)
    capabilities: _Field[list[str]] = _Field([], factory=list)
    first_seen_at: _Field[str | None] = _Field(None, raw=True)
    provider_created_at: _Field[str | None] = _Field(None, raw=True)
    last_synced_at: _Field[str | None] = _Field(None, raw=True)

    def __repr__(self) -> str:
        return (
            f"ModelInfo(id={self.id!r}, provider={self.provider!r}, media_type={self.media_type!r})"
        )


class FeaturedSection(_Wire):
    """A curated list of models."""

    __slots__ = ()
    _generated = "FeaturedSection"
    title = _Field("")
    key = _Field("")

    @property
    def models(self) -> list[ModelInfo]:
        """The section's models."""
        return ModelInfo._list(self._raw.get("models"))


class ModelsResponse(_Wire):
    """A page of the catalog; ``total_count`` is the size of the whole (filtered) catalog."""

    __slots__ = ()
    _generated = "ModelsResponse"
    total_count = _Field(0)
    last_updated: _Field[str | None] = _Field(None, raw=True)

    @property
    def models(self) -> list[ModelInfo]:
        """The models of this page."""
        return ModelInfo._list(self._raw.get("models"))

    @property
    def featured(self) -> list[FeaturedSection] | None:
        """Curated sections (``featured=True``), None when absent or empty."""
        return FeaturedSection._list(self._raw.get("featured")) or None

    def __iter__(self) -> Iterator[ModelInfo]:
        return iter(self.models)

    def __len__(self) -> int:
        return len(self.models)

    def __repr__(self) -> str:
        return f"ModelsResponse(models={len(self)}, total_count={self.total_count!r})"


class UsageSummary(_Wire):
    """Usage totals of the organisation for a period."""

    __slots__ = ()
    _generated = "UsageSummary"
    total_requests = _Field(0)
    successful_requests = _Field(0)
    failed_requests = _Field(0)
    cached_requests = _Field(0)
    total_provider_cost = _Field(0.0)
    total_savings = _Field(0.0)
    period = _Field("month")
    period_start: _Field[datetime.datetime | None] = _Field(None)
    period_end: _Field[datetime.datetime | None] = _Field(None)

    @property
    def total_billed_cost(self) -> float:
        """USD billed (falls back to the legacy ``total_cost_usd``)."""
        value = self._raw.get("total_billed_cost", self._raw.get("total_cost_usd"))
        return float(value) if isinstance(value, int | float) else 0.0

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

    def __repr__(self) -> str:
        return (
            f"UsageSummary(period={self.period!r}, requests={self.total_requests}, "
            f"cost=${self.total_billed_cost:.4f})"
        )


class ProviderKeyInfo(_Wire):
    """A provider key stored for the organisation (masked)."""

    __slots__ = ()
    _generated = "ProviderKeyInfo"
    provider = _Field("")
    masked_key: _Field[str | None] = _Field(None)
    validated_at: _Field[str | None] = _Field(None, raw=True)

    @property
    def validated(self) -> bool:
        """Whether the key passed the provider's check."""
        return bool(self._raw.get("validated"))


class ProviderKeysResponse(_Wire):
    """All stored provider keys."""

    __slots__ = ()
    _generated = "ProviderKeysResponse"

    @property
    def keys(self) -> list[ProviderKeyInfo]:
        """One entry per provider."""
        return ProviderKeyInfo._list(self._raw.get("keys"))


class ProviderValidationResult(_Wire):
    """Whether a provider key is valid."""

    __slots__ = ()
    _generated = "ProviderValidationResult"

    @property
    def valid(self) -> bool:
        """True when the provider accepted the key."""
        return bool(self._raw.get("valid"))

    @property
    def message(self) -> str:
        """The server's explanation."""
        value = self._raw.get("message")
        return "" if value is None else str(value)


class ProviderBalanceItem(_Wire):
    """Balance and limit at one provider."""

    __slots__ = ()
    _generated = "ProviderBalance"
    provider = _Field("")
    limit: _Field[float | None] = _Field(None)
    remaining: _Field[float | None] = _Field(None)
    currency: _Field[str | None] = _Field(None)
    message: _Field[str | None] = _Field(None)

    @property
    def configured(self) -> bool:
        """A key is configured for this provider."""
        return bool(self._raw.get("configured"))

    @property
    def available(self) -> bool:
        """The provider can take requests."""
        return bool(self._raw.get("available"))


class ProviderBalancesResponse(_Wire):
    """Balances at every provider."""

    __slots__ = ()
    _generated = "ProviderBalancesResponse"

    @property
    def balances(self) -> list[ProviderBalanceItem]:
        """One entry per provider."""
        return ProviderBalanceItem._list(self._raw.get("balances"))


class Organization(_Wire):
    """The caller's organisation."""

    __slots__ = ()
    _generated = "Organization"
    id = _Field("")
    name = _Field("")


class AuthIdentity(_Wire):
    """Who is calling (``client.auth.me()``)."""

    __slots__ = ()
    _generated = "AuthIdentity"
    role = _Field("")

    @property
    def organization(self) -> Organization:
        """The organisation the key belongs to."""
        return Organization.from_dict(self._raw.get("organization") or {})


class ApiKeyInfo(_Wire):
    """An API key of the organisation (never the full key)."""

    __slots__ = ()
    _generated = "ApiKeyInfo"
    id = _Field("")
    name = _Field("")
    key_prefix = _Field("")
    created_at: _Field[str | None] = _Field(None, raw=True)
    last_used_at: _Field[str | None] = _Field(None, raw=True)


class BillingStats(_Wire):
    """Platform-wide pricing statistics; read fields with ``stats["name"]`` or ``to_dict()``."""

    __slots__ = ()
    _generated = "BillingStats"


class BillingInfo(_Wire):
    """The organisation's billing account (micro-USD balance, cents for budget and usage)."""

    __slots__ = ()
    _generated = "BillingInfo"
    balance_micro = _Field(0)
    tier: _Field[str | None] = _Field(None)
    billing_status: _Field[str | None] = _Field(None)


class BillingPricing(_Wire):
    """The current price list."""

    __slots__ = ()
    _generated = "BillingPricing"
    last_updated: _Field[str | None] = _Field(None, raw=True)

    @property
    def pricing(self) -> dict[str, Any]:
        """The price list as sent."""
        value = self._raw.get("pricing")
        return dict(value) if isinstance(value, Mapping) else {}
