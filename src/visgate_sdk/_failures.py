"""Every failure becomes an SDK error here; the transport, the client and the resources call it.

Three sources, one module:

- an answer: :func:`answer_error` (a redirect, a status >= 400 typed by
  :func:`~visgate_sdk.exceptions.error_from_parts`, a success that is not JSON);
- a transport exception: :func:`tls_rejected`, :func:`outcome_unknown`, :func:`gave_up`
  (once the retry loop has decided), :func:`transport_error` (anything else escaping httpx),
  :func:`closed` / :func:`client_closed`, :func:`download_failed`;
- a body the call cannot use: :func:`undecodable` (its Content-Encoding does not decode),
  :func:`too_large`, :func:`not_json`, :func:`unexpected` (JSON of the wrong shape),
  :func:`not_a_result` / :func:`not_an_object` / :func:`too_deep` (a result's wire object).

The functions return the error; the caller raises it. The retry policy
(:mod:`visgate_sdk._retry`) decides *whether* a failure is final; this module says *what* the
user sees. The error classes live in :mod:`visgate_sdk.exceptions`.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import httpx

from visgate_sdk import exceptions as errors
from visgate_sdk.exceptions import body_excerpt, error_from_parts

TLS_REJECTED = "TLS_CERTIFICATE_REJECTED"


def _where(request: httpx.Request) -> str:
    return f"{request.method} {request.url.path}"


# -- answers ---------------------------------------------------------------------------------


def answer_error(response: httpx.Response, content: bytes) -> errors.VisgateError | None:
    """The error an answer (its decoded body: ``content``) stands for, None for a success.

    A redirect is never followed (keys must not travel elsewhere); a status >= 400 is typed by
    its status and envelope and carries the call's idempotency key; a 2xx body that is neither
    empty nor JSON is a ResponseParseError.
    """
    status = response.status_code
    if status < 300:
        return _not_json_success(response, content)
    if status < 400:
        target = httpx.URL(response.headers.get("location", ""))
        where = f"{target.scheme}://{target.host}" if target.host else "another path"
        return errors.RedirectError(
            f"the API answered {status} redirecting to {where}; API calls do not follow "
            "redirects (keys must not travel elsewhere). Check base_url.",
            status_code=status,
            request_id=response.headers.get("x-request-id"),
        )
    error = from_response(response, content)
    error.idempotency_key = response.request.headers.get("idempotency-key")
    return error


def from_response(response: httpx.Response, content: bytes | None = None) -> errors.VisgateError:
    """Map a failed answer (>= 400) to one typed error. Never raises."""
    unreadable = False
    if content is None:
        try:
            content = response.content
        except Exception:  # never read, or its Content-Encoding does not decode
            content, unreadable = b"", True
    envelope = _envelope(content)
    excerpt = None if envelope else (body_excerpt(content) if content else None)
    return error_from_parts(
        response.status_code, response.headers, envelope, excerpt, unreadable=unreadable
    )


def _envelope(content: bytes) -> dict[str, Any] | None:
    try:
        data = json.loads(content)
    except (ValueError, RecursionError):
        return None
    return data if isinstance(data, dict) else None


def _not_json_success(response: httpx.Response, content: bytes) -> errors.ResponseParseError | None:
    if not content or response.status_code == 204 or content[:1] in (b"{", b"["):
        return None  # empty, or a JSON document (a broken one is reported when decoded)
    ctype = response.headers.get("content-type", "").lower()
    if "json" in ctype:
        return None
    try:
        json.loads(content)
    except (ValueError, RecursionError):
        return errors.ResponseParseError(
            f"expected JSON from {_where(response.request)}, got {ctype or 'no content type'}",
            status_code=response.status_code,
            request_id=response.headers.get("x-request-id"),
            body=body_excerpt(content),
        )
    return None


def undecodable(response: httpx.Response) -> errors.VisgateError:
    """The error of an answer whose Content-Encoding does not decode."""
    if response.status_code >= 400:
        return from_response(response)  # typed by status; says the body was unreadable
    encoding = response.headers.get("content-encoding", "")
    return errors.ResponseParseError(
        f"the answer to {_where(response.request)} could not be decoded "
        f"(Content-Encoding: {encoding or 'none'})",
        status_code=response.status_code,
        request_id=response.headers.get("x-request-id"),
    )


def not_json(response: httpx.Response, content: bytes) -> errors.ResponseParseError:
    """A success answer whose JSON does not parse (truncated, or not JSON at all)."""
    return errors.ResponseParseError(
        f"the answer to {_where(response.request)} is not valid JSON (truncated or not JSON)",
        status_code=response.status_code,
        request_id=response.headers.get("x-request-id"),
        body=body_excerpt(content),
    )


def unexpected(status: int, headers: Mapping[str, str], what: str) -> errors.ResponseParseError:
    """A JSON answer of the wrong shape; ``what`` says what was expected instead."""
    return errors.ResponseParseError(
        what, status_code=status, request_id=headers.get("x-request-id")
    )


def not_a_result(name: str, problem: str) -> errors.ResponseParseError:
    """A result (``name``: its class) whose wire object does not fit its schema."""
    return errors.ResponseParseError(f"the server's answer is not a valid {name}: {problem}")


def not_an_object(name: str, got: object) -> errors.ResponseParseError:
    """A result built from something that is not a JSON object."""
    return errors.ResponseParseError(f"expected a JSON object for {name}, got {type(got).__name__}")


def too_deep(value: object) -> errors.ResponseParseError:
    """A value in an answer nested too deeply to copy for ``to_dict()``."""
    return errors.ResponseParseError(
        f"a {type(value).__name__} in the answer is nested too deeply to copy"
    )


def too_large(request: httpx.Request, limit: int) -> errors.ResponseParseError:
    """An answer above the SDK's body cap (counted decoded)."""
    return errors.ResponseParseError(f"answer to {_where(request)} exceeds {limit} bytes")


# -- transport exceptions ------------------------------------------------------------------


def tls_rejected(request: httpx.Request) -> errors.ConnectionError:
    """The server's certificate was refused: never retried."""
    return errors.ConnectionError(
        f"TLS certificate of {request.url.host} was rejected; not retried "
        "(check the base URL, or pass a verify= SSL context trusting its CA)",
        error_code=TLS_REJECTED,
    )


def outcome_unknown(request: httpx.Request, exc: Exception) -> errors.ConnectionError:
    """A request that may have reached the server and cannot safely be sent again."""
    return errors.ConnectionError(
        f"{_where(request)} failed after the request may have reached the server "
        f"({type(exc).__name__}); outcome unknown, so it was not retried. Retry with "
        "an Idempotency-Key to make a second attempt safe.",
        outcome_unknown=True,
    )


def gave_up(
    request: httpx.Request, exc: Exception, attempts: int, sent_maybe: bool
) -> errors.VisgateError:
    """The last transport failure once retries are spent (or no time is left for one)."""
    key = request.headers.get("idempotency-key")
    keyed_post = bool(key) and sent_maybe and request.method == "POST"
    # A keyed POST may have been acted on: say how to collect it without paying twice.
    hint = (
        f"; it may have reached the server: call again with idempotency_key={key!r} "
        "to get its outcome without being charged twice"
        if keyed_post
        else ""
    )
    if isinstance(exc, httpx.TimeoutException):
        return errors.TimeoutError(
            f"{_where(request)} timed out after {attempts} attempt(s){hint}",
            idempotency_key=key,
        )
    return errors.ConnectionError(
        f"{_where(request)} failed after {attempts} attempt(s): {type(exc).__name__}{hint}",
        outcome_unknown=sent_maybe and request.method == "POST",
        idempotency_key=key,
    )


def closed(request: httpx.Request | None = None) -> errors.ConnectionError:
    """A call on (or caught in flight by the closing of) a closed client."""
    what = f"{_where(request)}: " if request is not None else ""
    return errors.ConnectionError(f"{what}the client was closed; create a new one")


def client_closed(client: object) -> errors.ConnectionError:
    """A call started on a client that was closed before."""
    return errors.ConnectionError(f"this {type(client).__name__} is closed; create a new one")


def transport_error(exc: httpx.HTTPError) -> errors.ConnectionError:
    """An httpx error that escaped the retry transport (e.g. from a custom transport)."""
    return errors.ConnectionError(f"{type(exc).__name__}: request could not be completed")


def download_failed(exc: httpx.HTTPError, where: str) -> errors.VisgateError:
    """A media download's transport failure (downloads are not retried)."""
    if isinstance(exc, httpx.TimeoutException):
        return errors.TimeoutError(f"download of {where} timed out")
    return errors.ConnectionError(f"download of {where} failed: {type(exc).__name__}")
