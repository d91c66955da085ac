"""Request validation against openapi.yaml with openapi-core, mapped to the error envelope."""

from __future__ import annotations

import copy
import re
from functools import lru_cache
from typing import Any

from werkzeug.datastructures import Headers, ImmutableMultiDict

from visgate_sdk.sandbox.spec import load_spec

_REQUIRED = re.compile(r"'([^']+)' is a required property")


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
