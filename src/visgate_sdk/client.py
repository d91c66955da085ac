"""``Client`` and ``AsyncClient``: configuration written once, two thin I/O shells.

Each call is a :class:`~visgate_sdk._calls.Call` run by ``_execute``: :meth:`_ClientBase._prepare`
builds the ``httpx.Request`` (the call's options in its extensions, its headers on it), httpx
sends it through the transport built in :mod:`visgate_sdk._http`, and the call's ``parse``
turns the decoded answer into the result.
"""

from __future__ import annotations

import math
import os
import ssl
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Self, TypeVar

import httpx

from visgate_sdk import _failures as failures
from visgate_sdk import exceptions as errors
from visgate_sdk._calls import Call, decode, raw_json
from visgate_sdk._compat import ClientAliases
from visgate_sdk._compat import backoff as _backoff  # noqa: F401  (0.0.x names, see _compat)
from visgate_sdk._compat import build_headers as _build_headers  # noqa: F401
from visgate_sdk._compat import get_version as _get_version  # noqa: F401
from visgate_sdk._compat import handle_response as _handle_response  # noqa: F401
from visgate_sdk._compat import retry_wait as _retry_wait  # noqa: F401
from visgate_sdk._context import BODY, CALL, CallOptions
from visgate_sdk._http import (
    HttpSettings,
    Routes,
    async_routes,
    async_transport_name,
    build_async_client,
    build_sync_client,
    check_base_url,
    log_transport,
    sync_routes,
)
from visgate_sdk._logging import configure_from_env, install_log_redaction, register_secret
from visgate_sdk._retry import RetryPolicy
from visgate_sdk._url_cache import UrlCache
from visgate_sdk._version import __version__
from visgate_sdk.resources import account as _account
from visgate_sdk.resources import images as _images
from visgate_sdk.resources import models as _models
from visgate_sdk.resources import providers as _providers
from visgate_sdk.resources import requests as _requests
from visgate_sdk.resources import usage as _usage
from visgate_sdk.resources import videos as _videos
from visgate_sdk.resources._base import require_header_value
from visgate_sdk.resources.generate import DEFAULT_MODEL, generate_call

if TYPE_CHECKING:
    from pathlib import Path

    from visgate_api_client import AuthenticatedClient

    from visgate_sdk.batch import AsyncBatch, Batch
    from visgate_sdk.types import GenerateResult

DEFAULT_BASE_URL = "https://visgateai.com/api/v1"
DEFAULT_TIMEOUT = 120.0
DEFAULT_MAX_RETRIES = 2
API_KEY_ENV = "VISGATE_API_KEY"
BASE_URL_ENV = "VISGATE_BASE_URL"
PROVIDER_HEADERS = {"fal": "X-Fal-Key", "replicate": "X-Replicate-Key", "runway": "X-Runway-Key"}

T = TypeVar("T")


def _resolve_api_key(api_key: str | None) -> str:
    """The key passed in, else ``$VISGATE_API_KEY``; AuthenticationError when neither is set."""
    key = (api_key or os.environ.get(API_KEY_ENV, "")).strip()
    if not key:
        raise errors.AuthenticationError(
            f"No API key provided. Pass api_key= or set the {API_KEY_ENV} environment variable.",
            status_code=None,
        )
    return require_header_value(key, "api_key")


def _resolve_base_url(base_url: str | None) -> str:
    return check_base_url(base_url or os.environ.get(BASE_URL_ENV, "").strip() or DEFAULT_BASE_URL)


def _check_timeout(timeout: Any) -> float:
    if (
        isinstance(timeout, bool)
        or not isinstance(timeout, int | float)
        or not 0 < timeout < math.inf  # also refuses NaN: a timeout is never unbounded
    ):
        raise errors.ValidationError(
            f"timeout must be a positive, finite number of seconds, got {timeout!r}",
            field="timeout",
        )
    return float(timeout)


def _check_retries(max_retries: Any) -> int:
    if isinstance(max_retries, bool) or not isinstance(max_retries, int) or max_retries < 0:
        raise errors.ValidationError(
            f"max_retries must be an integer >= 0, got {max_retries!r}", field="max_retries"
        )
    return max_retries


def _provider_headers(
    fal: str | None, replicate: str | None, runway: str | None, owner: object = None
) -> dict[str, str]:
    given = {"fal": fal, "replicate": replicate, "runway": runway}
    headers = {}
    for provider, key in given.items():
        # The owning client keeps its keys redacted while it lives (one slot per provider).
        register_secret(key if isinstance(key, str) else None, owner=owner, slot=provider)
        if key:
            headers[PROVIDER_HEADERS[provider]] = require_header_value(key, f"{provider}_key")
    return headers


def _as_dict(data: Any) -> dict[str, Any]:
    return data if isinstance(data, dict) else {}


class _ClientBase(ClientAliases):
    """Settings, resources and everything else that does no I/O, shared by both clients."""

    _policy: RetryPolicy
    _client: Any
    _is_async = False

    def __init__(
        self,
        api_key: str | None = None,
        *,
        base_url: str | None = None,
        timeout: float = DEFAULT_TIMEOUT,
        max_retries: int = DEFAULT_MAX_RETRIES,
        fal_key: str | None = None,
        replicate_key: str | None = None,
        runway_key: str | None = None,
        verify: ssl.SSLContext | bool = True,
        http_transport: str | None = None,
        _transport: Any = None,
        _sleep: Any = None,
        _clock: Callable[[], float] | None = None,
        _random: Callable[[], float] | None = None,
    ) -> None:
        install_log_redaction()
        configure_from_env()
        self.api_key = _resolve_api_key(api_key)
        register_secret(self.api_key, owner=self, slot="api_key")
        self.base_url = _resolve_base_url(base_url)
        self.timeout = _check_timeout(timeout)
        self.max_retries = _check_retries(max_retries)
        self._fal_key, self._replicate_key, self._runway_key = fal_key, replicate_key, runway_key
        self.http_transport = self._transport_name(http_transport, _transport)
        seams: dict[str, Any] = {
            "async_sleep" if self._is_async else "sleep": _sleep,
            "clock": _clock,
            "random": _random,
        }
        self._policy = RetryPolicy(
            max_retries=self.max_retries, **{k: v for k, v in seams.items() if v is not None}
        )
        self._settings = HttpSettings(
            base_url=self.base_url,
            api_key=self.api_key,
            provider_headers=_provider_headers(fal_key, replicate_key, runway_key, self),
            timeout=self.timeout,
            user_agent=f"visgate-sdk-python/{__version__}",
            retry=self._policy,
            verify=verify,
            http_transport=self.http_transport,
        )
        log_transport(type(self).__name__, self.http_transport, http_transport)
        self._routes = self._make_routes(self._settings, _transport)
        self._client = self._build(self._settings, self._routes)
        self._owns_pool = True
        self._urls = UrlCache(self._client.base_url)
        self._attach_resources()

    @staticmethod
    def _transport_name(wanted: str | None, transport: Any) -> str:
        """The HTTP transport this client sends through (``custom``: the test seam's)."""
        raise NotImplementedError

    @staticmethod
    def _make_routes(settings: HttpSettings, transport: Any) -> Routes:
        raise NotImplementedError

    @staticmethod
    def _build(settings: HttpSettings, routes: Routes) -> Any:
        raise NotImplementedError

    def _attach_resources(self) -> None:
        """Create the resource groups (again for a ``with_options`` copy, bound to it)."""
        raise NotImplementedError

    def _options(self, deadline: float | None) -> CallOptions | None:
        # The httpx client already carries the constructor's settings; only overrides travel.
        timeout = None if self.timeout == self._settings.timeout else self.timeout
        if timeout is None and deadline is None and self.max_retries == self._policy.max_retries:
            return None
        return CallOptions(timeout, self.max_retries, deadline)

    def _replace_provider_keys(
        self, headers: httpx.Headers, fal: str | None, replicate: str | None, runway: str | None
    ) -> None:
        for name in PROVIDER_HEADERS.values():
            headers.pop(name, None)
        headers.update(_provider_headers(fal, replicate, runway, self))
        self._fal_key, self._replicate_key, self._runway_key = fal, replicate, runway

    def _copy_with(self, timeout: float | None, max_retries: int | None) -> Self:
        import copy

        clone = copy.copy(self)
        if timeout is not None:
            clone.timeout = _check_timeout(timeout)
        if max_retries is not None:
            clone.max_retries = _check_retries(max_retries)
        # Its own httpx client (headers, timeout, retry policy) over this client's pools: a
        # copy's settings and provider keys never leak into this client or other copies, and
        # closing a copy leaves the pools to their owner.
        register_secret(clone.api_key, owner=clone, slot="api_key")
        clone._policy = self._policy._replace(max_retries=clone.max_retries)
        clone._settings = self._settings._replace(
            timeout=clone.timeout,
            retry=clone._policy,
            provider_headers=_provider_headers(
                self._fal_key, self._replicate_key, self._runway_key, clone
            ),
        )
        clone._client = clone._build(clone._settings, self._routes)
        clone._owns_pool = False
        clone._attach_resources()
        return clone

    def _request_call(
        self,
        method: str,
        path: str,
        params: dict[str, Any] | None,
        json: Any,
        headers: dict[str, str] | None,
    ) -> Call[Any]:
        if not isinstance(path, str) or not path.startswith("/") or "://" in path:
            raise errors.ValidationError(
                f"path must start with '/' and be relative to base_url, got {path!r}",
                field="path",
            )
        request: dict[str, Any] = {"method": method.upper(), "url": path}
        if params is not None:
            request["params"] = params
        if json is not None:
            request["json"] = json
        if headers is not None:
            for name, value in headers.items():
                require_header_value(name, "header name")
                require_header_value(value, f"the value of header {name}")
            request["headers"] = headers
        return Call(request, raw_json)

    def set_provider_headers(
        self,
        *,
        fal_key: str | None = None,
        replicate_key: str | None = None,
        runway_key: str | None = None,
    ) -> None:
        """Replace all three BYOK keys (omitted ones: managed mode); other settings stay."""
        self._replace_provider_keys(self._client.headers, fal_key, replicate_key, runway_key)

    def with_options(self, *, timeout: float | None = None, max_retries: int | None = None) -> Self:
        """A client with other per-call settings sharing this one's connection pool."""
        return self._copy_with(timeout, max_retries)

    @property
    def api_client(self) -> AuthenticatedClient:
        """The generated low-level client, sending through this client's transport.

        Calls made with it (``sync*`` functions with ``Client``, ``asyncio*`` with
        ``AsyncClient``) get the same retries, headers, typed errors and secret hygiene.
        """
        from visgate_sdk._borrowed import borrowed_client_class

        api = borrowed_client_class()(
            base_url=self.base_url, token=self.api_key, timeout=httpx.Timeout(self.timeout)
        )
        if self._is_async:
            return api.set_async_httpx_client(self._client)
        return api.set_httpx_client(self._client)

    def _prepare(self, call: Call[Any], deadline: float | None) -> httpx.Request:
        """The request of ``call``: everything about the call travels on it.

        Its options (timeout, retries, deadline) go in ``extensions[CALL]`` when they differ
        from the client's, its headers (``Idempotency-Key``) on the request itself, added
        after httpx built it (passing them to httpx would merge a whole new header set).
        """
        if self._client.is_closed:
            raise failures.client_closed(self)
        kwargs = dict(call.request)
        kwargs["url"] = self._urls.resolve(kwargs["url"])
        headers = kwargs.pop("headers", None)
        options = self._options(deadline)
        if options is not None:
            kwargs["extensions"] = {CALL: options}
        request: httpx.Request = self._client.build_request(**kwargs)
        if headers:
            for name, value in headers.items():
                if name.lower() != "content-type":  # httpx sets it for a JSON body
                    request.headers[name] = value
        return request


class Client(_ClientBase):
    """Synchronous client of the visgate API.

    ``api_key`` defaults to ``$VISGATE_API_KEY`` and ``base_url`` to ``$VISGATE_BASE_URL`` or
    production. ``timeout`` bounds each HTTP attempt; ``max_retries`` retries transient
    failures (429, 5xx, connection problems) with backoff. ``fal_key``/``replicate_key``/
    ``runway_key`` switch generations to bring-your-own-key mode. ``verify`` takes an
    ``ssl.SSLContext`` for a private CA. Keys never appear in reprs, errors or logs.

    Private test seams: ``_transport`` (an httpx transport to send through), ``_sleep``,
    ``_clock`` and ``_random`` (used by retries and polling).
    """

    _client: httpx.Client

    _make_routes = staticmethod(sync_routes)
    _build = staticmethod(build_sync_client)

    @staticmethod
    def _transport_name(wanted: str | None, transport: Any) -> str:
        if wanted not in (None, "httpx"):
            raise errors.ValidationError(
                f"Client always sends through httpx; http_transport={wanted!r} is for AsyncClient",
                field="http_transport",
            )
        return "custom" if transport is not None else "httpx"

    def __repr__(self) -> str:
        return f"{type(self).__name__}(base_url={self.base_url!r})"

    def _attach_resources(self) -> None:
        self.images = _images.Images(self)
        self.videos = _videos.Videos(self)
        self.requests = _requests.Requests(self)
        self.models = _models.Models(self)
        self.usage = _usage.Usage(self)
        self.providers = _providers.Providers(self)
        self.auth = _account.Auth(self)
        self.api_keys = _account.ApiKeys(self)
        self.billing = _account.Billing(self)

    @property
    def batch(self) -> Batch:
        """Bulk generation: ``client.batch.run("rows.jsonl", "out/")`` (see docs/batch.md)."""
        from visgate_sdk.batch import Batch

        return Batch(self)

    def _execute(self, call: Call[T], *, deadline: float | None = None) -> T:
        request = self._prepare(call, deadline)
        try:
            # stream=True: the retry transport read the body (extensions[BODY]); its socket is
            # released already, so only a response without it needs reading and closing.
            response = self._client.send(request, stream=True)
            content = response.extensions.get(BODY)
            if content is None:
                try:
                    content = response.read()
                finally:
                    response.close()
        except httpx.HTTPError as exc:
            raise failures.transport_error(exc) from exc
        return call.parse(decode(response, content))

    def generate(
        self,
        prompt: str,
        model: str = DEFAULT_MODEL,
        params: dict[str, Any] | None = None,
        *,
        idempotency_key: str | None = None,
    ) -> GenerateResult:
        """Generate an image in one call (``POST /generate``); ``result.image_url`` is the image.

        Carries an ``Idempotency-Key`` (yours, or one minted for the call), so a retry is never
        billed twice.
        """
        return self._execute(generate_call(prompt, model, params, idempotency_key))

    def health(self) -> dict[str, Any]:
        """Service health, e.g. ``{"status": "ok", "version": "0.2.0"}``."""
        return _as_dict(self.request("GET", "/health"))

    def request(
        self,
        method: str,
        path: str,
        *,
        params: dict[str, Any] | None = None,
        json: Any = None,
        headers: dict[str, str] | None = None,
    ) -> Any:
        """Call any endpoint (path relative to ``base_url``) and return its parsed JSON.

        Goes through the same retries, typed errors and secret hygiene as every method.
        """
        return self._execute(self._request_call(method, path, params, json, headers))

    def download(self, url: str, path: str | Path, **options: Any) -> Path:
        """Save a media URL to ``path`` without sending any key to the media host."""
        from visgate_sdk.download import download

        return download(url, path, **options)

    def close(self) -> None:
        """Close the connection pool (a ``with_options`` copy leaves it to its original).

        Calls in flight in other threads send nothing more: they end with ``ConnectionError``.
        """
        if self._owns_pool:
            self._routes.life.close()
            self._client.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


class AsyncClient(_ClientBase):
    """Asynchronous client of the visgate API; same settings as :class:`Client`.

    ``http_transport`` picks what sends the requests: ``"aiohttp"`` (httpx-aiohttp, several
    times faster under concurrency; ``pip install visgate-sdk[aiohttp]``), ``"httpx"``
    (httpx's own pool), or None: aiohttp when httpx-aiohttp is installed, else httpx. The
    choice shows in ``repr(client)``, ``client.http_transport`` and a DEBUG log line. Retries,
    headers and errors are the same on both (the README lists the few differences).
    """

    _client: httpx.AsyncClient
    _is_async = True

    _make_routes = staticmethod(async_routes)
    _build = staticmethod(build_async_client)

    @staticmethod
    def _transport_name(wanted: str | None, transport: Any) -> str:
        name = async_transport_name(wanted)
        return "custom" if transport is not None else name

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(base_url={self.base_url!r}, "
            f"http_transport={self.http_transport!r})"
        )

    def _attach_resources(self) -> None:
        self.images = _images.AsyncImages(self)
        self.videos = _videos.AsyncVideos(self)
        self.requests = _requests.AsyncRequests(self)
        self.models = _models.AsyncModels(self)
        self.usage = _usage.AsyncUsage(self)
        self.providers = _providers.AsyncProviders(self)
        self.auth = _account.AsyncAuth(self)
        self.api_keys = _account.AsyncApiKeys(self)
        self.billing = _account.AsyncBilling(self)

    @property
    def batch(self) -> AsyncBatch:
        """Bulk generation: ``await client.batch.run("rows.jsonl", "out/")``."""
        from visgate_sdk.batch import AsyncBatch

        return AsyncBatch(self)

    async def _execute(self, call: Call[T], *, deadline: float | None = None) -> T:
        request = self._prepare(call, deadline)
        try:
            response = await self._client.send(request, stream=True)
            content = response.extensions.get(BODY)
            if content is None:
                try:
                    content = await response.aread()
                finally:
                    await response.aclose()
        except httpx.HTTPError as exc:
            raise failures.transport_error(exc) from exc
        return call.parse(decode(response, content))

    async def generate(
        self,
        prompt: str,
        model: str = DEFAULT_MODEL,
        params: dict[str, Any] | None = None,
        *,
        idempotency_key: str | None = None,
    ) -> GenerateResult:
        """Generate an image in one call; see :meth:`Client.generate`."""
        return await self._execute(generate_call(prompt, model, params, idempotency_key))

    async def health(self) -> dict[str, Any]:
        """Service health."""
        return _as_dict(await self.request("GET", "/health"))

    async def request(
        self,
        method: str,
        path: str,
        *,
        params: dict[str, Any] | None = None,
        json: Any = None,
        headers: dict[str, str] | None = None,
    ) -> Any:
        """Call any endpoint and return its parsed JSON; see :meth:`Client.request`."""
        return await self._execute(self._request_call(method, path, params, json, headers))

    async def download(self, url: str, path: str | Path, **options: Any) -> Path:
        """Save a media URL to ``path`` without sending any key to the media host."""
        from visgate_sdk.download import adownload

        return await adownload(url, path, **options)

    async def close(self) -> None:
        """Close the connection pool (a ``with_options`` copy leaves it to its original).

        Calls in flight (any task, any event loop) end at once with ``ConnectionError`` and
        send nothing more.
        """
        if self._owns_pool:
            await self._routes.life.aclose()
            await self._client.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.close()
