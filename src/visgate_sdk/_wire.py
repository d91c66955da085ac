"""How a result reads its wire dict: typed fields, schema checks, raw access, safe reprs.

``visgate_sdk._result_fields`` (generated from the generated models) declares every field of
every model as a :class:`Field`; ``visgate_sdk.types`` adds the published names, defaults and
conveniences. Unknown server fields stay reachable (``result["new_field"]``,
``result.additional_properties``) and ``to_dict()`` returns the wire dict.

Each field is read on its own: a malformed optional field (``"created_at": "yesterday"``)
reads as its default while ``result["created_at"]`` still gives the server's value, and never
hides the other fields. Numbers sent as numeric strings (``"12"``) are read as numbers. A
missing or malformed required field fails at the call with ResponseParseError.
"""

from __future__ import annotations

import copy
import datetime
import math
from collections.abc import Callable, Mapping
from typing import Any, ClassVar, Generic, Self, TypeVar, cast, overload

from visgate_sdk import _failures as failures
from visgate_sdk._jsontree import copy_tree
from visgate_sdk._logging import redact
from visgate_sdk.exceptions import ResponseParseError

T = TypeVar("T")
W = TypeVar("W", bound="Wire")


class _Malformed(ValueError):
    """A wire value that does not fit its schema type."""


Kinds = tuple[str, ...]  # the non-null alternatives of a field's type, e.g. ("int",)


class Schema:
    """What a generated model declares: each field's kinds and nullability, the required ones."""

    __slots__ = ("fields", "required")

    def __init__(self, fields: dict[str, tuple[Kinds, bool]], required: frozenset[str]) -> None:
        self.fields = fields  # wire name -> (kinds, nullable)
        self.required = required


def _enum_kinds() -> frozenset[str]:
    from visgate_sdk._result_fields import ENUM_KINDS

    return ENUM_KINDS


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
    elif kind in _enum_kinds():
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


class Field(Generic[T]):
    """A read-only attribute read from the wire dict as one of ``kinds``.

    Without ``kinds`` (a field declared by hand) it reads as the class's schema types the
    wire field. Absent, null or malformed values read as the default. ``raw`` keeps a string as sent
    (timestamps the published SDK returned as strings); ``redacted`` scrubs keys a server
    quoted back.
    """

    __slots__ = ("default", "factory", "kinds", "name", "raw", "redacted", "wire")

    def __init__(
        self,
        default: T,
        kinds: Kinds | None = None,
        *,
        wire: str | None = None,
        factory: Callable[[], T] | None = None,
        raw: bool = False,
        redacted: bool = False,
    ) -> None:
        self.default, self.kinds, self.wire, self.factory = default, kinds, wire, factory
        self.raw, self.redacted = raw, redacted
        self.name = ""

    def __set_name__(self, owner: type[Wire], name: str) -> None:
        self.name = name
        self.wire = self.wire or name
        if self.kinds is None:  # declared by hand: read as the generated model types it
            entry = owner._schema.fields.get(self.wire)
            self.kinds = entry[0] if entry else ("Any",)

    @overload
    def __get__(self, obj: None, owner: type) -> Field[T]: ...
    @overload
    def __get__(self, obj: Wire, owner: type) -> T: ...
    def __get__(self, obj: Wire | None, owner: type) -> T | Field[T]:
        if obj is None:
            return self
        assert self.wire is not None
        value = obj._raw.get(self.wire)
        if value is not None:
            if self.raw:
                value = value if isinstance(value, str) else None
            else:
                try:
                    value = _coerce(self.kinds or ("Any",), value)
                except _Malformed:
                    value = None
        if value is None:
            return self.factory() if self.factory is not None else self.default
        if self.redacted and isinstance(value, str):
            return cast(T, redact(value))
        return cast(T, value)


def read(obj: Wire, wire: str, kinds: Kinds, default: T) -> T:
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
    return copy_tree(value, _copy_leaf)


def _copy_leaf(value: Any) -> Any:
    if value is None or isinstance(value, str | int | float | bool):
        return value
    try:
        return copy.deepcopy(value)
    except RecursionError:
        raise failures.too_deep(value) from None


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


class Wire:
    """Common behaviour: schema checks, raw access, ``to_dict()``, a repr without secrets."""

    _schema: ClassVar[Schema] = Schema({}, frozenset())
    # Nested results whose required fields are checked with the parent (at the call).
    _children: ClassVar[dict[str, type[Wire]]] = {}
    _repr_fields: ClassVar[tuple[str, ...] | None] = None
    __slots__ = ("_raw",)

    def __init__(self, raw: Mapping[str, Any]) -> None:
        self._raw = raw

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Self:
        """Wrap a wire dict; a missing or malformed required field raises ResponseParseError."""
        if not isinstance(data, dict) and not isinstance(data, Mapping):  # dict: skip the ABC
            raise failures.not_an_object(cls.__name__, data)
        schema = cls._schema
        missing = schema.required.difference(data)
        if missing:
            raise failures.not_a_result(cls.__name__, f"missing {', '.join(sorted(missing))}")
        for name in schema.required:
            kinds, nullable = schema.fields[name]
            value = data[name]
            if value is None and nullable:
                continue
            try:
                _coerce(kinds, value)
            except _Malformed:
                raise failures.not_a_result(
                    cls.__name__, f"{name} is a {type(value).__name__}, not {' or '.join(kinds)}"
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
        known = self._schema.fields
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
            # The fields the published class names (generated field classes hold a schema).
            names = tuple(
                dict.fromkeys(
                    name
                    for klass in reversed(type(self).__mro__)
                    if "_schema" not in vars(klass)
                    for name, attr in vars(klass).items()
                    if isinstance(attr, Field)
                )
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
