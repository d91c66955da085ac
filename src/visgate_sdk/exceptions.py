"""Typed errors raised by the SDK; every failure a user can meet is a :class:`VisgateError`."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

_EXCERPT_CHARS = 300


class VisgateError(Exception):
    """Base class of every SDK error.

    ``status_code`` is the HTTP status when the server answered, ``error_code`` the server's
    machine code (or one of the SDK's), ``details`` always a dict, ``request_id`` the
    ``X-Request-Id`` of the failed answer, ``body`` a short excerpt of a body that was not the
    documented JSON. ``idempotency_key`` is the key the failed call carried: call again with
    ``idempotency_key=`` set to it to get the outcome of the first attempt without paying twice.
    ``retry_after`` is the answer's ``Retry-After`` hint in seconds (a 429, or a 503 that says
    when to come back), else None: a wait's next poll honours it.
    """

    retry_after: float | None = None

    default_code = "VISGATE_ERROR"

    def __init__(
        self,
        message: str,
        error_code: str | None = None,
        details: dict[str, Any] | None = None,
        status_code: int | None = None,
        *,
        request_id: str | None = None,
        body: str | None = None,
        idempotency_key: str | None = None,
    ) -> None:
        from visgate_sdk._logging import redact

        # Every text an error shows may come from a server that echoes what it was sent (a
        # key in the code, the X-Request-Id, a details key): scrubbed here, whatever the path.
        message = redact(message) if isinstance(message, str) else message
        self.message = message
        self.error_code = redact(str(error_code or self.default_code))
        self.details: dict[str, Any] = scrub(details) if isinstance(details, dict) else {}
        self.status_code = status_code
        self.request_id = redact(request_id) if isinstance(request_id, str) else request_id
        self.body = redact(body) if isinstance(body, str) else body
        self.idempotency_key = idempotency_key
        super().__init__(message)

    def __str__(self) -> str:
        from visgate_sdk._logging import redact

        text = f"[{self.error_code}] {self.message}"
        extra = []
        if self.status_code is not None and not getattr(self, "_checked_locally", False):
            extra.append(f"HTTP {self.status_code}")
        if self.request_id:
            extra.append(f"request_id={self.request_id}")
        # Again at display time: a key registered after the error was made is hidden too.
        return redact(f"{text} ({', '.join(extra)})" if extra else text)

    def __repr__(self) -> str:
        from visgate_sdk._logging import redact

        return redact(
            f"{type(self).__name__}(message={self.message!r}, error_code={self.error_code!r})"
        )

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild, (type(self), self.__dict__.copy()))


def _rebuild(cls: type[VisgateError], state: dict[str, Any]) -> VisgateError:
    err = cls.__new__(cls)
    Exception.__init__(err, state.get("message", ""))
    err.__dict__.update(state)
    return err


class AuthenticationError(VisgateError):
    """The API key is missing, unknown or revoked (HTTP 401)."""

    default_code = "AUTHENTICATION_ERROR"

    def __init__(self, message: str = "Invalid or missing API key", **kw: Any) -> None:
        kw.setdefault("status_code", 401)
        super().__init__(message, **kw)


class PermissionDeniedError(AuthenticationError):
    """The key is valid but may not do this (HTTP 403)."""

    default_code = "PERMISSION_DENIED"


class ValidationError(VisgateError):
    """The request breaks a rule (HTTP 400/422), or an argument was rejected before sending."""

    default_code = "VALIDATION_ERROR"

    def __init__(self, message: str, field: str | None = None, **kw: Any) -> None:
        from visgate_sdk._logging import redact

        details = dict(kw.pop("details", None) or {})
        if field is None and isinstance(details.get("field"), str):
            field = details["field"]
        if field is not None:
            details.setdefault("field", field)
        self.field = redact(field) if isinstance(field, str) else field
        # 0.0.x reported 422 for every validation error, the SDK's own argument checks too;
        # their text does not claim an HTTP answer, though: nothing was sent.
        self._checked_locally = "status_code" not in kw
        kw.setdefault("status_code", 422)
        super().__init__(message, details=details, **kw)


class NotFoundError(VisgateError):
    """The model, job or key does not exist (HTTP 404)."""

    default_code = "NOT_FOUND"


class ConflictError(VisgateError):
    """A request with the same Idempotency-Key is still running (HTTP 409)."""

    default_code = "CONFLICT"


class PaymentRequiredError(VisgateError):
    """Balance or budget does not cover the request (HTTP 402)."""

    default_code = "PAYMENT_REQUIRED"


class RateLimitError(VisgateError):
    """Too many requests (HTTP 429); ``retry_after`` is the server's hint in seconds."""

    default_code = "RATE_LIMIT_ERROR"

    def __init__(
        self, message: str = "Rate limit exceeded", retry_after: float | None = None, **kw: Any
    ) -> None:
        kw.setdefault("status_code", 429)
        details = dict(kw.pop("details", None) or {})
        if retry_after is not None:
            details.setdefault("retry_after", retry_after)
        self.retry_after = retry_after
        super().__init__(message, details=details, **kw)


class ProviderError(VisgateError):
    """The upstream provider (Fal, Replicate, Runway) failed; the server's code is kept."""

    default_code = "PROVIDER_ERROR"

    def __init__(self, message: str, provider: str = "unknown", **kw: Any) -> None:
        from visgate_sdk._logging import redact

        details = dict(kw.pop("details", None) or {})
        details.setdefault("provider", provider)
        self.provider = redact(provider) if isinstance(provider, str) else provider
        super().__init__(message, details=details, **kw)


class ServerError(VisgateError):
    """The gateway failed (HTTP 5xx other than a provider failure)."""

    default_code = "SERVER_ERROR"


class TimeoutError(VisgateError):
    """A request or a job wait ran out of time.

    For job waits ``request_id`` names the job and ``last_status`` is the last status seen;
    resume with ``client.requests.get(request_id, wait=True)``.
    """

    default_code = "TIMEOUT_ERROR"

    def __init__(
        self, message: str = "Request timed out", *, last_status: Any = None, **kw: Any
    ) -> None:
        self.last_status = last_status
        super().__init__(message, **kw)


class ConnectionError(VisgateError):
    """The server could not be reached, or the connection broke.

    ``outcome_unknown`` is True when a POST without an idempotency key may have reached the
    server, so it was not retried automatically.
    """

    default_code = "CONNECTION_ERROR"

    def __init__(
        self, message: str = "Connection failed", *, outcome_unknown: bool = False, **kw: Any
    ) -> None:
        self.outcome_unknown = outcome_unknown
        super().__init__(message, **kw)


class GenerationFailedError(VisgateError):
    """A background job ended ``failed``; ``status`` is the final RequestStatusResult."""

    default_code = "GENERATION_FAILED"

    def __init__(self, message: str, *, request_id: str | None, status: Any = None, **kw: Any):
        self.status = status
        super().__init__(message, request_id=request_id, **kw)


class ResponseParseError(VisgateError):
    """A success answer whose body is not the documented JSON."""

    default_code = "RESPONSE_PARSE_ERROR"


class RedirectError(VisgateError):
    """The API answered with a redirect; API calls never follow one (keys stay home)."""

    default_code = "REDIRECT_NOT_FOLLOWED"


class InsecureTransportWarning(UserWarning):
    """Keys would travel in clear text (plain http to a non-loopback host)."""


def body_excerpt(content: bytes) -> str:
    """A bounded, printable excerpt of a response body, secrets scrubbed."""
    from visgate_sdk._logging import redact

    text = content[: _EXCERPT_CHARS * 4].decode("utf-8", errors="replace")
    text = " ".join(text.split())
    if len(text) > _EXCERPT_CHARS:
        text = text[:_EXCERPT_CHARS] + "..."
    return redact(text)


def error_from_parts(
    status: int,
    headers: Mapping[str, str],
    envelope: dict[str, Any] | None,
    excerpt: str | None,
    *,
    unreadable: bool = False,
) -> VisgateError:
    """The typed error of a failed answer given its status, headers and decoded body.

    ``envelope`` is the body when it was a JSON object, ``excerpt`` a printable excerpt of a
    body that was not. The table of statuses to classes; :mod:`visgate_sdk._failures` (the
    transport) and the 0.0.x ``_handle_response`` helper both read answers through it.
    """
    error = _classify(status, headers, envelope, excerpt, unreadable)
    if status == 503 and error.retry_after is None:
        # A 503 that says when to come back (a 429's hint is read by RateLimitError itself).
        from visgate_sdk._retry_after import parse_retry_after

        error.retry_after = parse_retry_after(headers)
    return error


def _classify(
    status: int,
    headers: Mapping[str, str],
    envelope: dict[str, Any] | None,
    excerpt: str | None,
    unreadable: bool,
) -> VisgateError:
    envelope = envelope or {}
    request_id = _header(headers, "x-request-id")
    code = envelope.get("error") if isinstance(envelope.get("error"), str) else None
    message = envelope.get("message") if isinstance(envelope.get("message"), str) else None
    raw_details = envelope.get("details")
    details: dict[str, Any] = dict(raw_details) if isinstance(raw_details, dict) else {}
    if message is None:
        message = _fastapi_message(envelope, details) or (
            f"HTTP {status}: {excerpt}"
            if excerpt
            else f"HTTP {status} with an unreadable body"
            if unreadable
            else f"HTTP {status} with an empty body"
        )
    common: dict[str, Any] = {"status_code": status, "request_id": request_id, "body": excerpt}
    if code is None:
        code = f"HTTP_{status}"

    if "PROVIDER" in code:
        provider = details.get("provider")
        return ProviderError(
            message,
            provider=provider if isinstance(provider, str) else "unknown",
            error_code=code,
            details=details,
            **common,
        )
    kind = _BY_STATUS.get(status)
    if kind is not None:
        return kind(message, error_code=code, details=details, **common)
    if status == 429:
        from visgate_sdk._retry_after import parse_retry_after

        return RateLimitError(
            message,
            retry_after=parse_retry_after(headers),
            error_code=code,
            details=details,
            **common,
        )
    if status >= 500:
        return ServerError(message, error_code=code, details=details, **common)
    return VisgateError(message, error_code=code, details=details, **common)


_BY_STATUS: dict[int, type[VisgateError]] = {
    401: AuthenticationError,
    403: PermissionDeniedError,
    400: ValidationError,
    422: ValidationError,
    404: NotFoundError,
    409: ConflictError,
    402: PaymentRequiredError,
}


def _header(headers: Mapping[str, str], name: str) -> str | None:
    value = headers.get(name)
    if value is None and not hasattr(headers, "raw"):  # a plain dict: any capitalisation
        value = next((v for k, v in headers.items() if str(k).lower() == name), None)
    return value if isinstance(value, str) else None


def scrub(value: Any) -> Any:
    """A copy of server-sent data with every echoed secret replaced, in keys and values.

    Iterative, so a hostile nesting depth cannot raise RecursionError; a container seen twice
    (or a cycle) is copied once.
    """
    from visgate_sdk._jsontree import copy_tree
    from visgate_sdk._logging import redact

    def clean(item: Any) -> Any:
        return redact(item) if isinstance(item, str) else item

    return copy_tree(value, clean, key=clean, mapping=dict)


def _fastapi_message(envelope: dict[str, Any], details: dict[str, Any]) -> str | None:
    """FastAPI's default ``{"detail": [...]}`` body: keep its text and the offending field."""
    detail = envelope.get("detail")
    if isinstance(detail, str):
        return detail
    if isinstance(detail, list) and detail and isinstance(detail[0], dict):
        first = detail[0]
        loc = first.get("loc")
        if isinstance(loc, list) and loc:
            details.setdefault("field", str(loc[-1]))
        msg = first.get("msg")
        return str(msg) if msg else None
    return None
