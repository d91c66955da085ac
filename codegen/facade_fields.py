"""Write the typed field layer of the facade's results from the generated models.

Usage: ``python codegen/facade_fields.py <dir holding visgate_api_client> <output .py>``
(``make regen`` runs it after openapi-python-client). For every model of
``visgate_api_client.models`` it writes ``<Model>Fields``: one typed read-only attribute per
field of the model, read from the wire dict by ``visgate_sdk._wire.Field``, plus the schema
(field kinds, required fields) that ``from_dict`` checks. ``visgate_sdk.types`` subclasses
these and declares by hand only what the published surface renames, defaults differently or
adds, so a field added to the spec becomes a typed attribute after ``make regen``.

Defaults: a list reads as ``[]``; a nullable field, a timestamp or an object as ``None``;
any other scalar as its zero (``""``, ``0``, ``0.0``, ``False``).
"""

from __future__ import annotations

import datetime
import enum
import importlib
import inspect
import re
import subprocess
import sys
import typing
from pathlib import Path
from types import NoneType, UnionType

HEADER = '''"""Typed fields of the generated models, one class per model: GENERATED, do not edit.

Written by ``codegen/facade_fields.py`` from ``visgate_api_client.models`` (``make regen``).
"""

from __future__ import annotations

import datetime
from typing import Any

from visgate_sdk._wire import Field, Schema, Wire

'''

_SCALARS: dict[object, tuple[str, str]] = {
    str: ("str", '""'),
    int: ("int", "0"),
    float: ("float", "0.0"),
    bool: ("bool", "False"),
}


def _kind(arg: object, enums: set[str]) -> tuple[str, str]:
    """The kind name the runtime reads by, and the Python type users see."""
    if arg in _SCALARS:
        name = _SCALARS[arg][0]
        return name, name
    if arg is datetime.datetime:
        return "datetime.datetime", "datetime.datetime"
    if arg is typing.Any:
        return "Any", "Any"
    if typing.get_origin(arg) is list:
        (item,) = typing.get_args(arg)
        if item is str:
            return "list[str]", "list[str]"
        return f"list[{getattr(item, '__name__', 'Any')}]", "list[Any]"
    if isinstance(arg, type) and issubclass(arg, enum.Enum):
        enums.add(arg.__name__)
        return arg.__name__, "str"  # read as the server's word: a new value is carried
    if isinstance(arg, type):
        return arg.__name__, "Any"  # a nested object: the facade reads it by hand
    raise SystemExit(f"facade_fields: no reading for the type {arg!r}")


def _wire_names(model: type) -> dict[str, str]:
    """Python field name -> JSON key, from the generated ``from_dict``."""
    found = re.findall(r'(\w+) = d\.pop\("([^"]+)"', inspect.getsource(model.from_dict))
    return {local.lstrip("_"): wire for local, wire in found}


def _model_block(model: type, enums: set[str]) -> str:
    import attrs

    module = sys.modules[model.__module__]
    hints = typing.get_type_hints(model, vars(module) | vars(sys.modules[module.__package__]))
    unset = importlib.import_module("visgate_api_client.types").Unset
    wires = _wire_names(model)
    schema, required, lines = [], [], []
    for field in attrs.fields(model):
        if field.name == "additional_properties":
            continue
        hint = hints[field.name]
        args = typing.get_args(hint) if isinstance(hint, UnionType) else (hint,)
        nullable = NoneType in args
        kinds = [_kind(a, enums) for a in args if a is not unset and a is not NoneType]
        wire = wires.get(field.name, field.name)
        schema.append(f"        {wire!r}: ({tuple(k for k, _ in kinds)!r}, {nullable}),")
        if field.default is attrs.NOTHING:
            required.append(wire)
        shown = " | ".join(dict.fromkeys(t for _, t in kinds))
        extra = f", wire={wire!r}" if wire != field.name else ""
        if any(k.startswith("list[") for k, _ in kinds):
            default, extra = "[]", extra + ", factory=list"
        elif nullable or len(kinds) != 1 or kinds[0][1] not in ("str", "int", "float", "bool"):
            default = "None"
            shown = shown if shown == "Any" else f"{shown} | None"
        else:
            default = _SCALARS[{"str": str, "int": int, "float": float, "bool": bool}[kinds[0][1]]][1]
        kind_tuple = tuple(k for k, _ in kinds)
        lines.append(f"    {field.name}: Field[{shown}] = Field({default}, {kind_tuple!r}{extra})")
    body = "\n".join(lines) or "    pass"
    return (
        f"class {model.__name__}Fields(Wire):\n"
        f'    """The fields of ``visgate_api_client.models.{model.__name__}``."""\n\n'
        "    __slots__ = ()\n"
        "    _schema = Schema(\n"
        "        {\n" + "\n".join("    " + s for s in schema) + "\n        },\n"
        f"        frozenset({sorted(required)!r}),\n"
        "    )\n" + body + "\n"
    )


def render(package_dir: Path) -> str:
    """The module text for the generated package found in ``package_dir``."""
    sys.path.insert(0, str(package_dir))
    import attrs

    models = importlib.import_module("visgate_api_client.models")
    enums: set[str] = set()
    blocks = [
        _model_block(getattr(models, name), enums)
        for name in sorted(models.__all__)
        if attrs.has(getattr(models, name))
    ]
    return HEADER + f"ENUM_KINDS = frozenset({sorted(enums)!r})\n\n\n" + "\n\n".join(blocks)


def main() -> None:
    package_dir, output = Path(sys.argv[1]), Path(sys.argv[2])
    output.write_text(render(package_dir))
    ruff_config = Path(__file__).with_name("ruff.toml")
    subprocess.run(  # the same formatting as the generated client's
        [sys.executable, "-m", "ruff", "format", "--config", str(ruff_config), "--no-cache", "--quiet", str(output)],
        check=True,
    )


if __name__ == "__main__":
    main()
