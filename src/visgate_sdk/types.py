"""Result types users see, each a thin view over a schema of the generated client.

The generated models say which fields a result has and of which type; these classes give the
published attribute names and defaults, keep unknown server fields reachable
(``result["new_field"]``, ``result.additional_properties``) and return the wire dict from
``to_dict()``.

Each field is read on its own: a malformed optional field (``"created_at": "yesterday"``)
reads as its default while ``result["created_at"]`` still gives the server's value, and never
hides the other fields. Numbers sent as numeric strings (``"12"``) are read as numbers. A
missing or malformed required field fails at the call with ResponseParseError.
"""

from __future__ import annotations

import copy
import datetime
import enum
import importlib
import math
from collections.abc import Callable, Iterator, Mapping
from typing import TYPE_CHECKING, Any, ClassVar, Generic, Self, TypeVar, cast, overload

from visgate_sdk._logging import redact
from visgate_sdk.exceptions import ResponseParseError

if TYPE_CHECKING:
    from pathlib import Path

T = TypeVar("T")
W = TypeVar("W", bound="_Wire")


class _Malformed(ValueError):
    """A wire value that does not fit its schema type."""


Kinds = tuple[str, ...]  # the non-null alternatives of a field's type, e.g. ("int",)


class _Schema:
    """What the generated model of a result declares: field types and required fields."""

    __slots__ = ("fields", "required")

    def __init__(self, fields: dict[str, tuple[Kinds, bool]], required: frozenset[str]) -> None:
        self.fields = fields  # wire name -> (kinds, nullable)
        self.required = required


_SCHEMAS: dict[str, _Schema] = {}
_ENUM_KINDS: dict[str, bool] = {}


def _schema(name: str) -> _Schema:
    """The field types and required fields of a generated model (cached)."""
    found = _SCHEMAS.get(name)
    if found is None:
        import attrs

        cls = getattr(importlib.import_module("visgate_api_client.models"), name)
        fields: dict[str, tuple[Kinds, bool]] = {}
        required = set()
        for f in attrs.fields(cls):
            if f.name == "additional_properties":
                continue
            parts = [p.strip() for p in str(f.type).split("|")]
            kinds = tuple(p for p in parts if p not in ("Unset", "None"))
            fields[f.name] = (kinds, "None" in parts)
            if f.default is attrs.NOTHING:
                required.add(f.name)
        found = _SCHEMAS[name] = _Schema(fields, frozenset(required))
    return found


def _is_enum(kind: str) -> bool:
    known = _ENUM_KINDS.get(kind)
    if known is None:
        found = getattr(importlib.import_module("visgate_api_client.models"), kind, None)
        known = _ENUM_KINDS[kind] = isinstance(found, type) and issubclass(found, enum.Enum)
    return known


def _number(value: Any) -> float:
    if isinstance(value, bool):
        raise _Malformed
    if isinstance(value, int | float):
        return value
    if isinstance(value, str):
        try:
            number = float(value.strip())
        except ValueError:
            raise _Malformed from None
        if math.isfinite(number):
            return int(number) if number.is_integer() and "." not in value else number
    raise _Malformed


def _coerce_one(kind: str, value: Any) -> Any:
    if kind == "str":
        if isinstance(value, str):
            return value
        if isinstance(value, int | float) and not isinstance(value, bool):
            return str(value)
    elif kind == "int":
        number = _number(value)
        if isinstance(number, int) or (math.isfinite(number) and number.is_integer()):
            return int(number)
    elif kind == "float":
        return float(_number(value))
    elif kind == "bool":
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and value.strip().lower() in ("true", "false"):
            return value.strip().lower() == "true"
        if type(value) is int and value in (0, 1):
            return bool(value)
    elif kind == "datetime.datetime":
        if isinstance(value, str):
            try:
                return datetime.datetime.fromisoformat(value)
            except ValueError:
                pass
    elif kind == "list[str]":
        if isinstance(value, list):
            return [item for item in value if isinstance(item, str)]
    elif kind.startswith("list["):
        if isinstance(value, list):
            return value
    elif kind == "Any":
        return value
    elif _is_enum(kind):
        if isinstance(value, str):
            return str(value)
    elif isinstance(value, Mapping):  # a nested object: read by the result's own properties
        return value
    raise _Malformed


def _coerce(kinds: Kinds, value: Any) -> Any:
    """``value`` read as one of ``kinds``; _Malformed when it fits none."""
    for kind in kinds:
        try:
            return _coerce_one(kind, value)
        except _Malformed:
            continue
    raise _Malformed


class _Field(Generic[T]):
    """An attribute read from the wire dict by the generated schema's type.

    Absent, null or malformed values read as the published default.
    """

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
        self.kinds: Kinds | None = None

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
        value = obj._raw.get(self.wire)
        if value is not None:
            if self.raw:  # timestamps the published SDK kept as the server's strings
                value = value if isinstance(value, str) else None
            else:
                kinds = self.kinds
                if kinds is None:
                    entry = _schema(obj._generated).fields.get(self.wire)
                    kinds = self.kinds = entry[0] if entry else ("Any",)
                try:
                    value = _coerce(kinds, value)
                except _Malformed:
                    value = None
        if value is None:
            return self.factory() if self.factory is not None else self.default
        return cast(T, value)


def _read(obj: _Wire, wire: str, kinds: Kinds, default: T) -> T:
    """A wire field read as ``kinds``; ``default`` when absent, null or malformed."""
    value = obj._raw.get(wire)
    if value is None:
        return default
    try:
        return _coerce(kinds, value)  # type: ignore[no-any-return]
    except _Malformed:
        return default


def _copy_json(value: Any) -> Any:
    """A deep copy of decoded JSON without recursion (any nesting depth; cycles kept)."""

    def shell(item: Any) -> Any:
        if isinstance(item, Mapping):
            return {}
        if isinstance(item, list | tuple):
            return []
        return None

    top = shell(value)
    if top is None:
        return _copy_leaf(value)
    seen: dict[int, Any] = {id(value): top}
    stack = [(value, top)]
    while stack:
        source, target = stack.pop()
        pairs = source.items() if isinstance(source, Mapping) else enumerate(source)
        for key, item in pairs:
            copied = seen.get(id(item))
            if copied is None:
                copied = shell(item)
                if copied is None:
                    copied = _copy_leaf(item)
                else:
                    seen[id(item)] = copied
                    stack.append((item, copied))
            if isinstance(target, dict):
                target[key] = copied
            else:
                target.append(copied)
    return top


def _copy_leaf(value: Any) -> Any:
    if value is None or isinstance(value, str | int | float | bool):
        return value
    try:
        return copy.deepcopy(value)
    except RecursionError:
        raise ResponseParseError(
            f"a {type(value).__name__} in the answer is nested too deeply to copy"
        ) from None


def _json_equal(a: Any, b: Any) -> bool:
    """Equality of decoded JSON without recursion."""
    stack = [(a, b)]
    seen: set[tuple[int, int]] = set()
    while stack:
        x, y = stack.pop()
        x_map, y_map = isinstance(x, Mapping), isinstance(y, Mapping)
        x_seq, y_seq = isinstance(x, list | tuple), isinstance(y, list | tuple)
        if not (x_map or x_seq or y_map or y_seq):
            if x != y:
                return False
            continue
        if (x_map, x_seq) != (y_map, y_seq) or len(x) != len(y):
            return False
        if (id(x), id(y)) in seen:
            continue
        seen.add((id(x), id(y)))
        if x_map:
            if x.keys() != y.keys():
                return False
            stack.extend((x[k], y[k]) for k in x)
        else:
            stack.extend(zip(x, y, strict=True))
    return True


def _shown(value: Any) -> str:
    """A short repr of one field for a result's repr."""
    text = repr(value)
    return text if len(text) <= 120 else text[:117] + "..."


class _Wire:
    """Common behaviour: schema checks, raw access, ``to_dict()``, a repr without secrets."""

    _generated: ClassVar[str]
    # Nested results whose required fields are checked with the parent (at the call).
    _children: ClassVar[dict[str, type[_Wire]]] = {}
    _repr_fields: ClassVar[tuple[str, ...] | None] = None
    __slots__ = ("_raw",)

    def __init__(self, raw: Mapping[str, Any]) -> None:
        self._raw = raw

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Self:
        """Wrap a wire dict; a missing or malformed required field raises ResponseParseError."""
        if not isinstance(data, dict) and not isinstance(data, Mapping):  # dict: skip the ABC
            raise ResponseParseError(
                f"expected a JSON object for {cls.__name__}, got {type(data).__name__}"
            )
        schema = _schema(cls._generated)
        missing = schema.required.difference(data)
        if missing:
            raise ResponseParseError(
                f"the server's answer is not a valid {cls.__name__}: missing "
                f"{', '.join(sorted(missing))}"
            )
        for name in schema.required:
            kinds, nullable = schema.fields[name]
            value = data[name]
            if value is None and nullable:
                continue
            try:
                _coerce(kinds, value)
            except _Malformed:
                raise ResponseParseError(
                    f"the server's answer is not a valid {cls.__name__}: {name} is a "
                    f"{type(value).__name__}, not {' or '.join(kinds)}"
                ) from None
        for name, child in cls._children.items():
            if name in schema.required:
                value = data[name]
                for item in value if isinstance(value, list) else [value]:
                    if isinstance(item, Mapping):
                        child.from_dict(item)
        return cls(data)

    @classmethod
    def _list(cls: type[W], items: Any) -> list[W]:
        """The well-formed entries of a wire list (entries that are not results are skipped)."""
        if not isinstance(items, list):
            return []
        out = []
        for item in items:
            if isinstance(item, Mapping):
                try:
                    out.append(cls.from_dict(item))
                except ResponseParseError:
                    continue
        return out

    def to_dict(self) -> dict[str, Any]:
        """The object as the server sent it (unknown fields included), as a fresh copy."""
        copied: dict[str, Any] = _copy_json(dict(self._raw))
        return copied

    @property
    def additional_properties(self) -> dict[str, Any]:
        """Fields the server sent that this SDK version does not know."""
        known = _schema(self._generated).fields
        return {k: v for k, v in self._raw.items() if k not in known}

    def __getitem__(self, key: str) -> Any:
        return self._raw[key]

    def __contains__(self, key: object) -> bool:
        return key in self._raw

    def get(self, key: str, default: Any = None) -> Any:
        """A wire field by name, ``default`` when absent."""
        return self._raw.get(key, default)

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and _json_equal(dict(self._raw), dict(other._raw))

    __hash__ = None  # type: ignore[assignment]

    def _describe(self) -> str:
        """The repr before secrets are scrubbed: the published fields, kept short."""
        names = self._repr_fields
        if names is None:
            names = tuple(
                name
                for klass in reversed(type(self).__mro__)
                for name, attr in vars(klass).items()
                if isinstance(attr, _Field)
            )
        if names:
            shown = ", ".join(f"{n}={_shown(getattr(self, n))}" for n in names)
        else:  # an open object: its top-level plain values
            shown = ", ".join(
                f"{k}={_shown(v)}"
                for k, v in self._raw.items()
                if v is None or isinstance(v, str | int | float | bool)
            )
        return f"{type(self).__name__}({shown})"

    def __repr__(self) -> str:
        # A server may quote a key back in any text field: reprs never show it.
        return redact(self._describe())


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

    def _describe(self) -> str:
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

    def _describe(self) -> str:
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

    def _describe(self) -> str:
        return f"VideoResult(id={self.id!r}, model={self.model!r}, provider={self.provider!r})"


TERMINAL_STATUSES = frozenset({"completed", "failed"})


class RequestStatusResult(_Saveable):
    """Status of a background job (``GET /requests/{id}``)."""

    __slots__ = ()
    _generated = "RequestStatus"
    provider = _Field("")
    model = _Field("")
    output_url: _Field[str | None] = _Field(None)
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
        return _read(self, "request_id", ("str",), "")

    @property
    def status(self) -> str:
        """``pending``, ``processing``, ``completed``, ``failed`` or a newer word."""
        return _read(self, "status", ("str",), "pending")

    @property
    def media_type(self) -> str:
        """``image`` or ``video`` (``video`` when the server did not say)."""
        return _read(self, "media_type", ("str",), "video")

    @property
    def error_message(self) -> str | None:
        """Why the job failed (a key the server quotes back is scrubbed)."""
        value = _read(self, "error_message", ("str",), None)
        return None if value is None else redact(value)

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

    def _describe(self) -> str:
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
    _children: ClassVar[dict[str, type[_Wire]]] = {"models": ModelInfo}
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

    def _describe(self) -> str:
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
        for wire in ("total_billed_cost", "total_cost_usd"):
            value = _read(self, wire, ("float",), None)
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


class ProviderKeyInfo(_Wire):
    """A provider key stored for the organisation (masked)."""

    __slots__ = ()
    _generated = "ProviderKeyInfo"
    _repr_fields = ("provider", "validated", "masked_key", "validated_at")
    provider = _Field("")
    masked_key: _Field[str | None] = _Field(None)
    validated_at: _Field[str | None] = _Field(None, raw=True)

    @property
    def validated(self) -> bool:
        """Whether the key passed the provider's check."""
        return _read(self, "validated", ("bool",), False)


class ProviderKeysResponse(_Wire):
    """All stored provider keys."""

    __slots__ = ()
    _generated = "ProviderKeysResponse"
    _children: ClassVar[dict[str, type[_Wire]]] = {"keys": ProviderKeyInfo}

    @property
    def keys(self) -> list[ProviderKeyInfo]:
        """One entry per provider."""
        return ProviderKeyInfo._list(self._raw.get("keys"))


class ProviderValidationResult(_Wire):
    """Whether a provider key is valid."""

    __slots__ = ()
    _generated = "ProviderValidationResult"

    _repr_fields = ("valid", "message")

    @property
    def valid(self) -> bool:
        """True when the provider accepted the key."""
        return _read(self, "valid", ("bool",), False)

    @property
    def message(self) -> str:
        """The server's explanation (a key it quotes back is scrubbed)."""
        return redact(_read(self, "message", ("str",), ""))


class ProviderBalanceItem(_Wire):
    """Balance and limit at one provider."""

    __slots__ = ()
    _generated = "ProviderBalance"
    provider = _Field("")
    limit: _Field[float | None] = _Field(None)
    remaining: _Field[float | None] = _Field(None)
    currency: _Field[str | None] = _Field(None)
    _repr_fields = ("provider", "configured", "available", "remaining", "limit", "currency")

    @property
    def message(self) -> str | None:
        """The provider's note (a key it quotes back is scrubbed)."""
        value = _read(self, "message", ("str",), None)
        return None if value is None else redact(value)

    @property
    def configured(self) -> bool:
        """A key is configured for this provider."""
        return _read(self, "configured", ("bool",), False)

    @property
    def available(self) -> bool:
        """The provider can take requests."""
        return _read(self, "available", ("bool",), False)


class ProviderBalancesResponse(_Wire):
    """Balances at every provider."""

    __slots__ = ()
    _generated = "ProviderBalancesResponse"
    _children: ClassVar[dict[str, type[_Wire]]] = {"balances": ProviderBalanceItem}

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
    _children: ClassVar[dict[str, type[_Wire]]] = {"organization": Organization}
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
