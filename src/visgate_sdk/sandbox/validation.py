"""Routing and request checks compiled once from openapi.yaml: a table of operations.

Each operation's path template, security, parameters and body schema come from the spec, so a
new operation needs a handler and nothing else. Checks follow OpenAPI 3.1 (JSON Schema 2020-12):
query strings are cast to the parameter's type first, parameters are checked in the spec's
order, then the body; the first problem found is reported.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache, reduce
from typing import Any

import attrs
from jsonschema import Draft202012Validator  # type: ignore[import-untyped]

from visgate_sdk.sandbox.spec import load_spec

_REQUIRED = re.compile(r"'([^']+)' is a required property")
# Deeper than any request the contract describes; bounds the recursion of every later reader
# (the JSON Schema validator, json.dumps of stored params, the fingerprint of the body).
MAX_JSON_DEPTH = 64
_SURROGATE = re.compile("[\ud800-\udfff]")
_TRUE, _FALSE = ("y", "yes", "t", "true", "on", "1"), ("n", "no", "f", "false", "off", "0")
METHODS = ("get", "put", "post", "delete", "patch")


class BadJson(ValueError):
    """A body that is not the JSON text the contract means (answered 400 ``BAD_REQUEST``)."""


def _no_constants(name: str) -> Any:
    raise BadJson(f"{name} is not a JSON value")


def parse_json(body: bytes) -> Any:
    """Decode a request body strictly: RFC 8259 JSON in UTF-8, nothing Python adds to it.

    Python's decoder accepts ``NaN``/``Infinity`` and lone surrogates and recurses per level;
    each of those once reached the handlers as a crash. Raises :class:`BadJson` instead.
    """
    try:
        value = json.loads(body, parse_constant=_no_constants)
    except RecursionError:
        raise BadJson(f"nested deeper than {MAX_JSON_DEPTH} levels") from None
    except ValueError as exc:  # JSONDecodeError, UnicodeDecodeError, int digits, our BadJson
        raise BadJson(str(exc)[:200]) from None
    _check_tree(value, 1)
    return value


def _check_tree(value: Any, depth: int) -> None:
    """Refuse lone surrogates, and nesting past ``MAX_JSON_DEPTH`` (which bounds this recursion)."""
    if isinstance(value, str) and _SURROGATE.search(value):
        raise BadJson("a string holds a lone UTF-16 surrogate (\\ud800-\\udfff)")
    if isinstance(value, (dict, list)):
        if depth > MAX_JSON_DEPTH:
            raise BadJson(f"nested deeper than {MAX_JSON_DEPTH} levels")
        for item in [*value, *value.values()] if isinstance(value, dict) else value:
            _check_tree(item, depth + 1)


@attrs.frozen
class Param:
    name: str
    where: str  # path, query or header
    required: bool
    kind: str | None  # the schema's type, to cast query strings
    schema: Draft202012Validator


@attrs.frozen
class Operation:
    """One operation of the spec, ready to match and check requests."""

    id: str
    method: str
    path: str
    pattern: re.Pattern[str]
    public: bool  # its security allows no credentials
    lookup: bool  # lists no 422: a bad path parameter names nothing, so 404
    params: tuple[Param, ...]
    body: Draft202012Validator | None

    def header(self, name: str) -> bool:
        """Whether the operation takes this header (``Idempotency-Key`` marks generations)."""
        return any(p.where == "header" and p.name == name for p in self.params)

    def check(
        self, args: Any, query: Any, headers: Any, body: bytes, content_type: str, value: Any
    ) -> tuple[str, str] | None:
        """None, or (field, message) for the first way the request breaks the contract
        (``value``: the body, already decoded when it was sent as JSON)."""
        sources = {"path": args, "query": query, "header": headers}
        for param in self.params:
            raw = sources[param.where].get(param.name)
            problem = _param_problem(param, raw)
            if problem is not None:
                return param.name, f"{param.name}: {problem}"
        if self.body is None:
            return None
        if not body:
            return "body", "a JSON request body is required"
        if content_type.split(";")[0].strip().lower() != "application/json":
            got = content_type or "none"
            return "Content-Type", f"Content-Type: must be application/json, got {got}"
        error = next(iter(self.body.iter_errors(value)), None)
        if error is None:
            return None
        path = ".".join(str(p) for p in error.absolute_path)
        missing = _REQUIRED.search(error.message)
        if missing and not path:
            return missing.group(1), f"{missing.group(1)}: is required"
        field = "body" if error.validator == "additionalProperties" else path or "body"
        return field, f"{field}: {error.message}"


def _param_problem(param: Param, raw: str | None) -> str | None:
    if raw is None:
        return "is required" if param.required else None
    value: Any = raw
    if param.where == "query":
        if raw == "":
            return f"Value of {param.name} query parameter cannot be empty"
        if param.kind == "integer":
            try:
                value = int(raw)
            except ValueError:
                return f"{raw!r} is not a valid integer"
        elif param.kind == "boolean":
            if raw.lower() not in _TRUE + _FALSE:
                return f"{raw!r} is not a valid boolean"
            value = raw.lower() in _TRUE
    error = next(iter(param.schema.iter_errors(value)), None)
    return None if error is None else str(error.message)


@lru_cache(maxsize=1)
def operations() -> tuple[Operation, ...]:
    """Every operation of the spec, compiled."""
    spec = load_spec()

    def resolve(node: dict[str, Any]) -> dict[str, Any]:
        while "$ref" in node:
            node = reduce(lambda at, part: at[part], node["$ref"][2:].split("/"), spec)
        return node

    def validator(schema: dict[str, Any]) -> Draft202012Validator:
        # The components ride along so that "#/components/..." references resolve.
        return Draft202012Validator({**schema, "components": spec["components"]})

    found = []
    for template, item in spec["paths"].items():
        for method, op in item.items():
            if method not in METHODS:
                continue
            given = [resolve(p) for p in [*item.get("parameters", []), *op.get("parameters", [])]]
            regex = re.escape(template)
            params = []
            for p in given:
                required, kind = bool(p.get("required")), resolve(p["schema"]).get("type")
                params.append(Param(p["name"], p["in"], required, kind, validator(p["schema"])))
                if p["in"] == "path":  # a value the spec shows with slashes may hold them
                    capture = "[^/].*" if "/" in str(p.get("example", "")) else "[^/]+"
                    placeholder = re.escape("{" + p["name"] + "}")
                    regex = regex.replace(placeholder, f"(?P<{p['name']}>{capture})")
            content = op.get("requestBody", {}).get("content", {}).get("application/json")
            operation = Operation(
                id=op["operationId"],
                method=method.upper(),
                path=template,
                pattern=re.compile(regex),
                public={} in op.get("security", spec.get("security", [])),
                lookup="422" not in op["responses"],
                params=tuple(params),
                body=validator(content["schema"]) if content else None,
            )
            found.append(operation)
    return tuple(found)


def route(method: str, path: str) -> tuple[Operation | None, dict[str, str], list[str]]:
    """The operation for a request, its path arguments, and the methods the path allows."""
    method = "GET" if method == "HEAD" else method
    allowed: list[str] = []
    for op in operations():
        match = op.pattern.fullmatch(path)
        if match is None:
            continue
        if op.method == method:
            return op, match.groupdict(), []
        allowed.append(op.method)
    if "GET" in allowed:
        allowed.append("HEAD")
    return None, {}, sorted(allowed)
