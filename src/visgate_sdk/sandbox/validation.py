"""Request validation against openapi.yaml with openapi-core, mapped to the error envelope."""

from __future__ import annotations

import copy
import json
import re
from functools import lru_cache
from typing import Any

from werkzeug.datastructures import Headers, ImmutableMultiDict

from visgate_sdk.sandbox.spec import load_spec

_REQUIRED = re.compile(r"'([^']+)' is a required property")
# Deeper than any request the contract describes; bounds the recursion of every later reader
# (the JSON Schema validator, json.dumps of stored params, the fingerprint of the body).
MAX_JSON_DEPTH = 64
_SURROGATE = re.compile("[\ud800-\udfff]")


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
    except BadJson:
        raise
    except RecursionError:
        raise BadJson(f"nested deeper than {MAX_JSON_DEPTH} levels") from None
    except ValueError as exc:  # JSONDecodeError, UnicodeDecodeError, int digit limits
        raise BadJson(str(exc)[:200]) from None
    _check_tree(value)
    return value


def _check_tree(value: Any) -> None:
    """Depth and text checks without recursion (the tree may be as deep as the decoder allows)."""
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, str):
            if _SURROGATE.search(item):
                raise BadJson("a string holds a lone UTF-16 surrogate (\\ud800-\\udfff)")
            continue
        if not isinstance(item, (dict, list)):
            continue
        if depth > MAX_JSON_DEPTH:
            raise BadJson(f"nested deeper than {MAX_JSON_DEPTH} levels")
        if isinstance(item, dict):
            stack.extend((k, depth) for k in item)
            stack.extend((v, depth + 1) for v in item.values())
        else:
            stack.extend((v, depth + 1) for v in item)


class _Request:
    """The request protocol openapi-core reads (attributes only)."""

    def __init__(
        self, method: str, path: str, query: Any, headers: Any, body: bytes, content_type: str
    ) -> None:
        from openapi_core.datatypes import RequestParameters

        self.host_url = "http://sandbox/"
        self.path = path
        self.method = method.lower()
        self.body = body
        self.content_type = content_type or "application/octet-stream"
        self.parameters = RequestParameters(
            query=ImmutableMultiDict(query), header=Headers(headers), cookie=ImmutableMultiDict()
        )


@lru_cache(maxsize=1)
def _openapi() -> Any:
    from openapi_core import OpenAPI

    spec = copy.deepcopy(load_spec())
    # The sandbox listens on any host and port: match on the path prefix only.
    spec["servers"] = [{"url": "/api/v1"}]
    return OpenAPI.from_dict(spec)


class Validator:
    """Checks one request; returns None or (field, message) for the 422 envelope."""

    def __init__(self) -> None:
        self._api = _openapi()

    def check(
        self, method: str, path: str, query: Any, headers: Any, body: bytes, content_type: str
    ) -> tuple[str, str] | None:
        from openapi_core.validation.request.exceptions import (
            MissingRequestBodyError,
            ParameterValidationError,
            RequestBodyValidationError,
        )

        request = _Request(method, path, query, headers, body, content_type)
        try:
            self._api.validate_request(request)
        except ParameterValidationError as exc:
            name = getattr(exc, "name", None) or "parameter"
            return name, f"{name}: {_reason(exc)}"
        except MissingRequestBodyError:
            return "body", "a JSON request body is required"
        except RequestBodyValidationError as exc:
            field, reason = _body_reason(exc, content_type)
            return field, f"{field}: {reason}"
        except Exception as exc:  # security errors are handled before; anything else is a 422
            return "request", f"request does not match the API contract: {type(exc).__name__}"
        return None


def _schema_errors(exc: BaseException) -> list[Any]:
    cause = exc.__cause__
    return list(getattr(cause, "schema_errors", None) or [])


def _reason(exc: BaseException) -> str:
    from openapi_core.casting.schemas.exceptions import CastError

    errors = _schema_errors(exc)
    if errors:
        return str(errors[0].message)
    cause = exc.__cause__
    if isinstance(cause, CastError):
        return f"{cause.value!r} is not a valid {cause.type}"
    if cause is None and "Missing" in type(exc).__name__:
        return "is required"
    return str(cause or exc) or type(exc).__name__


def _body_reason(exc: BaseException, content_type: str) -> tuple[str, str]:
    from openapi_core.templating.media_types.exceptions import MediaTypeNotFound

    errors = _schema_errors(exc)
    if isinstance(exc.__cause__, MediaTypeNotFound):
        return "Content-Type", f"must be application/json, got {content_type or 'none'}"
    if not errors:
        cause = exc.__cause__
        return "body", f"body must be a JSON object matching the schema ({cause or exc})"
    first = errors[0]
    message = str(first.message)
    path = [str(p) for p in getattr(first, "absolute_path", [])]
    missing = _REQUIRED.search(message)
    if missing and not path:
        return missing.group(1), "is required"
    if first.validator == "additionalProperties":
        return "body", message
    return (".".join(path) or "body"), message
