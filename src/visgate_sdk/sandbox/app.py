"""The sandbox's WSGI application: one handler per ``operationId`` of openapi.yaml.

Paths, security, request checks and idempotency (an ``Idempotency-Key`` header) come from the
spec (see ``validation``). Whatever goes wrong is an :class:`ApiError`, turned into the error
envelope in one place (``dispatch``).
"""

from __future__ import annotations

import contextlib
import hashlib
import http
import json
import logging
import math
import os
import re
import socket
import struct
import time
import uuid
from collections.abc import Callable, Iterable
from typing import Any

from werkzeug.wrappers import Request, Response

from visgate_sdk.sandbox import account, catalog, generation, media, orders, usage
from visgate_sdk.sandbox.errors import ApiError
from visgate_sdk.sandbox.faults import Fault, Faults
from visgate_sdk.sandbox.generation import Order
from visgate_sdk.sandbox.ratelimit import RateLimiter
from visgate_sdk.sandbox.spec import shaped
from visgate_sdk.sandbox.store import Store
from visgate_sdk.sandbox.validation import BadJson, Operation, operations, parse_json, route

PREFIX = "/api/v1"
log = logging.getLogger("visgate_sdk.sandbox")
Handler = Callable[["Context"], Any]  # returns a Response, or a body to answer 200 with
# A generation's files: 0.mp4, or <n>.png in ASCII digits (str.isdigit() also takes "²").
_MEDIA = re.compile(r"/media/(?P<id>[^/]+)/(?:(?P<clip>0\.mp4)|(?P<n>0|[1-9][0-9]{0,2})\.png)")
# An Idempotency-Key whose first request is still "in flight" after this long (plus the
# longest simulated answer) was abandoned by a crash: the next request with it takes it over.
IN_FLIGHT_GRACE = 60.0
# Test-only: exit the process where a generation is written but its key's outcome is not yet.
CRASH_ENV = "VISGATE_SANDBOX_CRASH_BEFORE_KEY_OUTCOME"
# A request holding no row for its key claims it; an in-flight row nobody will finish (its run
# of the sandbox is gone, or it is older than the grace) is dropped first, so it is taken over.
_DROP_ABANDONED = (
    "DELETE FROM idempotency WHERE org = ? AND key = ? AND state != 'done'"
    " AND (owner IS NOT ? OR created_at < ?)"
)
_CLAIM = (
    "INSERT OR IGNORE INTO idempotency (org, key, fingerprint, state, created_at, owner)"
    " VALUES (?, ?, ?, 'in_flight', ?, ?)"
)
_KEY_ROW = "SELECT * FROM idempotency WHERE org = ? AND key = ?"
_KEY_DONE = (
    "UPDATE idempotency SET state = 'done', status = ?, headers = ?, body = ?"
    " WHERE org = ? AND key = ?"
)
_FAULT_CODES = {429: "RATE_LIMITED", 502: "PROVIDER_FAILURE", 503: "SERVICE_UNAVAILABLE"}
_HTML_PAGE = (
    "<html><head><title>{0}</title></head><body>"
    "<center><h1>{0}</h1></center><hr><center>nginx</center></body></html>"
)


def envelope(error: ApiError) -> Response:
    body = {"error": error.code, "message": error.message, "details": error.details}
    return ok(body, error.status, error.headers)


def ok(body: Any, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    return Response(json.dumps(body), status=status, mimetype="application/json", headers=headers)


class Context:
    """One API request as the handlers see it."""

    def __init__(self, app: SandboxApp, request: Request, op: Operation, args: dict[str, str]):
        self.app, self.request, self.op, self.args = app, request, op, args
        self.store: Store = app.store
        self.org: str = app.org
        self.body: Any = None  # the JSON body, decoded once (strictly) by the gate
        self.key: str | None = None  # the Idempotency-Key this request holds, if any
        self.key_done = False

    @property
    def origin(self) -> str:
        return self.request.host_url.rstrip("/")

    def json(self) -> dict[str, Any]:
        return self.body if isinstance(self.body, dict) else {}

    def save(self, order: Order, row: dict[str, Any], response: Response) -> Response:
        """Write the generation and its Idempotency-Key's outcome in one transaction: a crash
        leaves neither (the retry generates once) or both (it replays), never half."""
        with self.store.transaction():
            generation.commit(self.store, order, row)
            if self.key is not None and self.app.crash_before_key_outcome:
                os._exit(70)
            return self.finish(response)

    def finish(self, response: Response) -> Response:
        """Record ``response`` as the outcome of the Idempotency-Key held (once)."""
        if self.key is not None and not self.key_done:
            keep = {k: v for k, v in response.headers.items() if k in ("Retry-After", "Location")}
            outcome = (response.status_code, json.dumps(keep), response.get_data())
            self.store.run(_KEY_DONE, *outcome, self.org, self.key)
            self.key_done = True
        return response


class SandboxApp:
    """The application object; one per running sandbox."""

    def __init__(
        self, store: Store, *, org: str, speed: float, rate_limit: float | None = None
    ) -> None:
        self.store: Store = store
        self.org, self.speed = org, speed
        self.faults = Faults()
        self.limiter = RateLimiter(rate_limit) if rate_limit else None
        missing = {op.id for op in operations()} - set(_HANDLERS)
        if missing:
            raise RuntimeError(f"no sandbox handler for operations: {sorted(missing)}")
        # Idempotency rows written by another run of the sandbox (one killed mid-request)
        # can never finish: this id tells them apart from this run's own requests.
        self.boot = uuid.uuid4().hex
        self.in_flight_ttl = IN_FLIGHT_GRACE + generation.SYNC_SECONDS["video"] / speed
        self.crash_before_key_outcome = os.environ.get(CRASH_ENV) == "1"

    def __call__(
        self, environ: dict[str, Any], start_response: Callable[..., Any]
    ) -> Iterable[bytes]:
        request = Request(environ)
        try:
            response = self.dispatch(request)
        except _Reset:
            _abort_connection(environ)
            response = Response(b"", status=500)
        except Exception:  # never a stack trace to the client
            log.exception("sandbox error on %s %s", request.method, request.path)
            response = envelope(ApiError(500, "INTERNAL_ERROR", "Sandbox internal error"))
        response.headers.setdefault("X-Request-Id", uuid.uuid4().hex)
        return response(environ, start_response)

    def dispatch(self, request: Request) -> Response:
        try:
            return self.route(request)
        except ApiError as error:
            return envelope(error)

    def route(self, request: Request) -> Response:
        path = request.path
        if path.startswith("/media/"):
            return self.serve_media(request)
        if path.startswith("/_sandbox/"):
            return self.admin(request)
        if not path.startswith(PREFIX + "/"):
            raise ApiError(404, "NOT_FOUND", f"No such path: {path}")
        api_path = path[len(PREFIX) :]
        op, args, allowed = route(request.method, api_path)
        if op is None and allowed:
            message, allow = f"{request.method} is not allowed on {api_path}", ", ".join(allowed)
            raise ApiError(405, "METHOD_NOT_ALLOWED", message, headers={"Allow": allow})
        if op is None:
            raise ApiError(404, "NOT_FOUND", f"No such endpoint: {api_path}")
        ctx = Context(self, request, op, args)
        self.gate(ctx)
        fault = self.faults.take(request.method, api_path)
        if fault is not None and not fault.after_processing:
            return misbehave(fault)
        response = self.handle(ctx)
        return response if fault is None else misbehave(fault)

    # --- gates -------------------------------------------------------------------------------

    def gate(self, ctx: Context) -> None:
        """Authenticate, rate-limit and validate; what they cannot read is a 400, never a 500."""
        request = ctx.request
        try:
            self.authenticate(request, ctx.op.public)
            self.throttle(request, ctx.op.public)
            validate(ctx)
        except (ValueError, UnicodeError, RecursionError, OverflowError) as exc:
            log.info("unreadable request on %s %s: %s", request.method, request.path, exc)
            raise ApiError(400, "BAD_REQUEST", "The request could not be read") from None

    def throttle(self, request: Request, public: bool) -> None:
        """429 with Retry-After once an API key exceeds ``--rate-limit`` requests a second."""
        if self.limiter is None or public:
            return
        wait = self.limiter.take(request.headers.get("Authorization", "")[7:].strip())
        if wait > 0:
            seconds = max(1, math.ceil(wait))
            message = f"Too many requests: at most {self.limiter.rate:g} per second per API key"
            details, headers = {"retry_after": seconds}, {"Retry-After": str(seconds)}
            raise ApiError(429, "RATE_LIMITED", message, details, headers)

    def authenticate(self, request: Request, public: bool) -> None:
        header = request.headers.get("Authorization", "")
        token = header[7:].strip() if header[:7].lower() == "bearer " else ""
        if not public and (not token or not self.store.key_known(token)):
            raise ApiError(401, "AUTHENTICATION_ERROR", "Invalid or missing API key")

    # --- handlers ----------------------------------------------------------------------------

    def handle(self, ctx: Context) -> Response:
        """Run the handler, or replay the first answer of a repeated Idempotency-Key (422 if
        it came with another request, 409 while that one still runs)."""
        key = ctx.request.headers.get("Idempotency-Key") if ctx.op.header("Idempotency-Key") else ""
        if not key:
            return _answer(ctx)
        canonical = json.dumps(ctx.body, sort_keys=True, separators=(",", ":"))
        parts = [ctx.request.method, ctx.request.full_path, canonical]
        fingerprint = hashlib.sha256("|".join(parts).encode()).hexdigest()
        now = time.time()
        with self.store.transaction() as db:
            db.execute(_DROP_ABANDONED, (ctx.org, key, self.boot, now - self.in_flight_ttl))
            claimed = db.execute(_CLAIM, (ctx.org, key, fingerprint, now, self.boot)).rowcount
            row = None if claimed else db.execute(_KEY_ROW, (ctx.org, key)).fetchone()
        if row is not None:
            if row["fingerprint"] != fingerprint:
                message = "This Idempotency-Key was used with a different request body"
                message += "; use a new key"
                raise ApiError(422, "IDEMPOTENCY_KEY_REUSED", message, {"field": "Idempotency-Key"})
            if row["state"] != "done":
                message = "A request with this Idempotency-Key is still in progress"
                raise ApiError(409, "IDEMPOTENCY_KEY_IN_USE", message, headers={"Retry-After": "1"})
            headers = {"Idempotent-Replayed": "true", **json.loads(row["headers"])}
            return Response(row["body"], row["status"], headers, mimetype="application/json")
        ctx.key = key
        try:
            response = _answer(ctx)
        except BaseException:
            self.store.run("DELETE FROM idempotency WHERE org = ? AND key = ?", ctx.org, key)
            raise
        return ctx.finish(response)  # a no-op when saving the generation recorded it

    # --- media and admin ---------------------------------------------------------------------

    def serve_media(self, request: Request) -> Response:
        found = _MEDIA.fullmatch(request.path) if request.method in ("GET", "HEAD") else None
        row = self.store.media_generation(found["id"]) if found else None
        if found is None or row is None:
            raise ApiError(404, "NOT_FOUND", "No such media file")
        params, video, image = json.loads(row["params"]), row["media_type"] == "video", found["n"]
        if video and found["clip"]:
            clip = media.video_mp4(float(params["duration_seconds"]))
            return Response(clip, mimetype=media.MP4_CONTENT_TYPE)
        if video or image is None or int(image) >= params["num_images"]:
            raise ApiError(404, "NOT_FOUND", "No such media file")
        seed, n = params.get("seed"), int(image)
        # Each image of a batch differs; the first is the one a single-image request gets.
        variant = seed if n == 0 else (seed or 0) + n * 7919
        png = media.render_png(params["prompt"], variant, params["width"], params["height"])
        return Response(png, mimetype=media.PNG_CONTENT_TYPE)

    def admin(self, request: Request) -> Response:
        if request.path != "/_sandbox/faults" or request.method not in ("GET", "POST", "DELETE"):
            raise ApiError(404, "NOT_FOUND", f"No such admin path: {request.path}")
        self.authenticate(request, public=False)
        if request.method == "DELETE":
            self.faults.clear()
        if request.method != "POST":
            return ok({"faults": self.faults.pending()})
        spec = request.get_json(silent=True)
        if not isinstance(spec, dict):
            raise ApiError(400, "BAD_REQUEST", "send the fault as a JSON object")
        try:
            fault = self.faults.add(**spec)
        except (TypeError, ValueError) as exc:
            raise ApiError(422, "VALIDATION_ERROR", str(exc), {"field": "fault"}) from None
        return ok(fault.as_dict(), status=201)


def validate(ctx: Context) -> None:
    """Check the request against its operation; a lookup's bad path parameter is its 404."""
    request = ctx.request
    raw = request.get_data(cache=True)
    if raw and request.mimetype == "application/json" and ctx.op.body is not None:
        try:
            ctx.body = parse_json(raw)
        except BadJson as exc:
            raise ApiError(400, "BAD_REQUEST", f"Request body is not valid JSON: {exc}") from None
    sources = (ctx.args, request.args, request.headers)
    problem = ctx.op.check(*sources, raw, request.content_type or "", ctx.body)
    if problem is not None and ctx.op.lookup:
        raise not_found(ctx.op.id, ctx.args)
    if problem is not None:
        raise ApiError(422, "VALIDATION_ERROR", problem[1], {"field": problem[0]})


def misbehave(fault: Fault) -> Response:
    """The answer an armed fault gives instead of (or in place of) the real one."""
    given = {"Retry-After": fault.retry_after, "retry-after-ms": fault.retry_after_ms}
    headers = {k: v for k, v in given.items() if v is not None}
    if fault.kind == "slow":
        time.sleep(fault.delay)
        raise ApiError(504, "GATEWAY_TIMEOUT", "sandbox fault: slow answer cut off")
    if fault.kind == "reset":
        raise _Reset()
    if fault.kind == "html":
        phrases = {s.value: s.phrase for s in http.HTTPStatus}
        page = _HTML_PAGE.format(f"{fault.status} {phrases.get(fault.status, 'Error')}")
        return Response(page, status=fault.status, mimetype="text/html", headers=headers)
    other = "INTERNAL_ERROR" if fault.status >= 500 else "SANDBOX_FAULT"
    code = _FAULT_CODES.get(fault.status, other)
    details = {"provider": "fal"} if code == "PROVIDER_FAILURE" else None
    raise ApiError(fault.status, code, f"sandbox fault: HTTP {fault.status}", details, headers)


class _Reset(Exception):
    """Drop the connection without an answer."""


def _abort_connection(environ: dict[str, Any]) -> None:
    sock = environ.get("werkzeug.socket")
    if isinstance(sock, socket.socket):
        # SO_LINGER 0: close sends RST, so the client sees a reset, not a clean end.
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        with contextlib.suppress(OSError):
            sock.shutdown(socket.SHUT_RDWR)
        sock.close()


# --- endpoint handlers -----------------------------------------------------------------------


def _answer(ctx: Context) -> Response:
    answer = _HANDLERS[ctx.op.id](ctx)
    return answer if isinstance(answer, Response) else ok(answer)


def not_found(operation: str, args: dict[str, str]) -> ApiError:
    """The 404 of a lookup operation for the thing named in its path."""
    if operation == "get_request":
        return ApiError(404, "REQUEST_NOT_FOUND", f"No job {args['request_id']}")
    if operation == "get_model":
        model = str(args["model_id"])
        return ApiError(404, "MODEL_NOT_FOUND", f"Model not found: {model}", {"model": model})
    provider = str(args["provider"])
    message = f"No stored key for provider {provider}"
    return ApiError(404, "KEY_NOT_FOUND", message, {"provider": provider})


def _generate(ctx: Context) -> Response:
    query, headers = ctx.request.args, ctx.request.headers
    order = orders.build(ctx.op.path, ctx.json(), headers, query.get("include_steps") == "true")
    # /generate always waits: its contract has no 202.
    is_async = "respond-async" in headers.get("Prefer", "") and ctx.op.header("Prefer")
    fail = ctx.app.faults.take(ctx.request.method, order.endpoint, job=True) is not None
    row = generation.plan(ctx.store, ctx.org, order, ctx.app.speed, is_async=is_async, fail=fail)
    source = generation.media_params(ctx.store, row)
    # Every answer is built before the generation is written, so a failure on the way
    # leaves nothing recorded, billed or cached.
    if is_async:
        if not fail:  # the result a poll will show must be buildable too
            generation.result_body(generation.finished(row), ctx.origin, ctx.request.host, source)
        poll = f"{ctx.origin}{PREFIX}/requests/{row['id']}"
        body = shaped("GenerationAccepted", row, request_id=row["id"], poll_url=poll)
        wait = str(generation.retry_after(row, time.time()))
        return ctx.save(order, row, ok(body, 202, {"Location": poll, "Retry-After": wait}))
    time.sleep(max(0.0, row["completes_at"] - time.time()))
    done = generation.finished(row)
    if done["status"] == "failed":
        # Returned, not raised: the failure is this request's outcome (recorded, not
        # billed), so a retry with the same Idempotency-Key replays it.
        details = {"provider": done["provider"]}
        error = ApiError(502, "PROVIDER_FAILURE", done["error_message"], details)
        return ctx.save(order, done, envelope(error))
    body = generation.result_body(done, ctx.origin, ctx.request.host, source)
    return ctx.save(order, done, ok(body))


def _get_request(ctx: Context) -> Response:
    row = ctx.store.generation(ctx.org, ctx.args["request_id"])
    if row is None:
        raise not_found("get_request", ctx.args)
    now = time.time()
    row = generation.finalise(ctx.store, row, now)
    source = generation.media_params(ctx.store, row)
    body = generation.status_body(row, ctx.origin, ctx.request.host, now, source)
    done = body["status"] in ("completed", "failed")
    return ok(body, headers={} if done else {"Retry-After": str(generation.retry_after(row, now))})


def _get_model(ctx: Context) -> dict[str, Any]:
    found = catalog.get_model(str(ctx.args["model_id"]))
    if found is None:
        raise not_found("get_model", ctx.args)
    return found


def _set_key(ctx: Context) -> dict[str, Any]:
    provider, key = ctx.json()["provider"], ctx.json()["api_key"]  # the spec checked both
    problem = account.key_problem(provider, key)
    if problem:
        raise ApiError(422, "VALIDATION_ERROR", problem, {"field": "api_key"})
    return account.store_key(ctx.store, ctx.org, provider, key)


def _validate_key(ctx: Context) -> dict[str, Any]:
    provider = ctx.json()["provider"]
    problem = account.key_problem(provider, ctx.json()["api_key"])
    name = account.PROVIDER_NAMES[provider]
    return {"valid": problem is None, "message": problem or f"Valid {name} API key"}


def _delete_key(ctx: Context) -> dict[str, Any]:
    provider = str(ctx.args["provider"])
    sql = "DELETE FROM provider_keys WHERE org = ? AND provider = ?"
    if not ctx.store.run(sql, ctx.org, provider):
        raise not_found("delete_provider_key", ctx.args)
    return {"provider": provider, "deleted": True}


_HEALTH = {"status": "ok", "version": "0.2.0", "database": "ok", "cache": "ok", "sandbox": True}
# One handler per operationId of openapi.yaml.
_HANDLERS: dict[str, Handler] = {
    "get_health": lambda ctx: _HEALTH,
    "generate": _generate,
    "generate_image": _generate,
    "generate_video": _generate,
    "get_request": _get_request,
    "list_models": lambda ctx: catalog.list_models(ctx.request.args),
    "get_model": _get_model,
    "get_usage": lambda ctx: usage.summary(ctx.store, ctx.org, ctx.request.args),
    "list_usage_logs": lambda ctx: usage.logs(ctx.store, ctx.org, ctx.request.args),
    "get_dashboard": lambda ctx: usage.dashboard(ctx.store, ctx.org, ctx.request.args),
    "list_provider_keys": lambda ctx: account.list_keys(ctx.store, ctx.org),
    "set_provider_key": _set_key,
    "delete_provider_key": _delete_key,
    "validate_provider_key": _validate_key,
    "get_provider_balances": lambda ctx: account.balances(ctx.store, ctx.org, ctx.request.headers),
    "get_me": lambda ctx: account.identity(ctx.store, ctx.org),
    "list_api_keys": lambda ctx: account.api_keys(ctx.store),
    "get_billing_stats": lambda ctx: account.billing_stats(ctx.store),
    "get_billing_info": lambda ctx: account.billing_info(ctx.store, ctx.org),
    "get_billing_pricing": lambda ctx: account.billing_pricing(),
}
