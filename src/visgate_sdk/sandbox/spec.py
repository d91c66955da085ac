"""The contract (inside the wheel, or at the root of a checkout) and bodies shaped by it."""

from __future__ import annotations

import datetime
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

_IN_PACKAGE = Path(__file__).with_name("openapi.yaml")
_IN_CHECKOUT = Path(__file__).resolve().parents[3] / "openapi.yaml"


def spec_path() -> Path:
    """The openapi.yaml this sandbox implements (there is only one copy in the repository)."""
    for candidate in (_IN_PACKAGE, _IN_CHECKOUT):
        if candidate.is_file():
            return candidate
    raise FileNotFoundError("openapi.yaml not found next to the sandbox or at the repository root")


@lru_cache(maxsize=1)
def load_spec() -> dict[str, Any]:
    """The parsed spec (cached)."""
    import yaml  # type: ignore[import-untyped]

    # libyaml's loader when PyYAML has it: six times faster, and it runs at every start.
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    data: dict[str, Any] = yaml.load(spec_path().read_text(encoding="utf-8"), Loader=loader)
    return data


def iso(ts: float) -> str:
    """A timestamp as the live API writes it (microseconds, +00:00)."""
    return datetime.datetime.fromtimestamp(ts, datetime.UTC).isoformat(timespec="microseconds")


@cache
def _scalars(schema: str) -> tuple[tuple[str, str | None], ...]:
    """The properties of ``schema`` a table column can fill: (name, format or type)."""
    found = []
    for name, prop in load_spec()["components"]["schemas"][schema]["properties"].items():
        types = prop.get("type")
        types = types if isinstance(types, list) else [types]
        if "object" not in types and "array" not in types:
            found.append((name, prop.get("format") or types[0]))
    return tuple(found)


def shaped(schema: str, row: Any, **given: Any) -> dict[str, Any]:
    """A body of the spec's ``schema``: its scalar properties that are columns of ``row``, then
    ``given``. Date-times are written as :func:`iso` text (or null), booleans as booleans.
    """
    body, columns = {}, row.keys()  # a sqlite3.Row's ``in`` looks at values, not names
    for name, kind in _scalars(schema):
        if name in given or name not in columns:
            continue
        value = row[name]
        if kind == "date-time":
            value = iso(value) if value else None
        body[name] = bool(value) if kind == "boolean" else value
    return {**body, **given}
