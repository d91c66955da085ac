"""Building the httpx clients the SDK talks through: headers, timeouts, retries, error hooks.

A call's path through what is built here: ``httpx.Client.send`` runs :meth:`_Guard.on_request`
(keys stay on the API's origin), then the :class:`~visgate_sdk._retry.RetryTransport` (its
attempts over the pooled transport, each body read there and handed over decoded in
``response.extensions[BODY]``), then the response hook, which raises
``_failures.answer_error`` for an answer that is not a success.
"""

from __future__ import annotations

import contextlib
import functools
import ipaddress
import logging
import os
import ssl
import time
import warnings
from collections.abc import Callable, Mapping
from typing import Any, NamedTuple
from urllib.parse import urlsplit

import httpcore
import httpx

from visgate_sdk import _failures as failures
from visgate_sdk._context import BODY, AttemptTimeout
from visgate_sdk._logging import logger
from visgate_sdk._retry import (
    CONNECT_CAP,
    AsyncRetryTransport,
    Lifecycle,
    RetryPolicy,
    RetryTransport,
)
from visgate_sdk.exceptions import InsecureTransportWarning, ValidationError

SECRET_HEADERS = ("authorization", "x-fal-key", "x-replicate-key", "x-runway-key")


class HttpSettings(NamedTuple):
    """Everything the transport needs; keys live here and in the httpx client headers only."""

    base_url: str
    api_key: str
    provider_headers: Mapping[str, str]
    timeout: float
    user_agent: str
    retry: RetryPolicy
    verify: ssl.SSLContext | bool = True
    trust_env: bool = True
    # The async client's transport: "aiohttp" or "httpx" (see async_transport_name).
    http_transport: str = "httpx"

    def __repr__(self) -> str:  # never the keys
        return f"HttpSettings(base_url={self.base_url!r}, timeout={self.timeout!r})"


def _is_loopback(host: str) -> bool:
    if host in ("localhost", "localhost.localdomain") or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def check_base_url(base_url: str) -> str:
    """Normalise a base URL; refuse userinfo and non-http schemes, warn on clear-text keys."""
    url = base_url.strip()
    if url.endswith("/"):
        url = url[:-1]
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValidationError(
            f"base_url must be an http(s) URL such as https://visgateai.com/api/v1, got {url!r}",
            field="base_url",
        )
    if parts.username or parts.password:
        raise ValidationError(
            "base_url must not contain credentials; pass the key as api_key= instead",
            field="base_url",
        )
    if parts.scheme == "http" and not _is_loopback(parts.hostname):
        warnings.warn(
            f"base_url {parts.scheme}://{parts.hostname} is plain http: the API key and "
            "provider keys would travel in clear text. Use https.",
            InsecureTransportWarning,
            stacklevel=4,
        )
    return url


def default_headers(settings: HttpSettings) -> dict[str, str]:
    """Headers sent on every API request."""
    headers = {
        "Authorization": f"Bearer {settings.api_key}",
        "User-Agent": settings.user_agent,
        "Accept": "application/json",
    }
    headers.update(settings.provider_headers)
    return headers


def _timeout(settings: HttpSettings) -> httpx.Timeout:
    return httpx.Timeout(settings.timeout, connect=min(settings.timeout, CONNECT_CAP))


def _origin(url: httpx.URL) -> tuple[str, str, int | None]:
    return (url.scheme, url.host, url.port)


class _Guard:
    """Event hooks: keys never leave the base origin; failures become typed errors early."""

    def __init__(self, base_url: str) -> None:
        self.origin = _origin(httpx.URL(base_url))

    def on_request(self, request: httpx.Request) -> None:
        if _origin(request.url) != self.origin:
            for name in SECRET_HEADERS:
                request.headers.pop(name, None)

    @staticmethod
    def on_read(response: httpx.Response, content: bytes) -> None:
        """Raise the typed error of a read answer that is not a usable success."""
        error = failures.answer_error(response, content)
        if error is not None:
            raise error


class Routes(NamedTuple):
    """The transports behind a client: the default one and, per URL pattern, proxy routes.

    Made once per client and shared by its ``with_options`` copies, so they share the pools
    and one :class:`Lifecycle` (closing the owner ends the copies' calls too). httpx ignores
    proxy variables once it is given a transport; the routes apply them again (a pattern
    mapped to None goes direct, e.g. hosts listed in ``NO_PROXY``).
    """

    default: Any
    mounts: Mapping[str, Any]
    life: Lifecycle


def _bounded(timeout: float | None, error: type[Exception]) -> float | None:
    # The attempt's end travels in the request's phase timeouts (``_context.AttemptTimeout``).
    if type(timeout) is not AttemptTimeout:
        return timeout
    left = timeout.ends - time.monotonic()
    if left <= 0:
        raise error("the attempt ran out of time")
    return left if timeout > left else float(timeout)


class _BoundedStream(httpcore.NetworkStream):
    """A socket whose every operation ends by its attempt's end (an :class:`AttemptTimeout`)."""

    __slots__ = ("_inner",)

    def __init__(self, inner: httpcore.NetworkStream) -> None:
        self._inner = inner

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._inner.read(max_bytes, _bounded(timeout, httpcore.ReadTimeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._inner.write(buffer, _bounded(timeout, httpcore.WriteTimeout))

    def close(self) -> None:
        self._inner.close()

    def start_tls(
        self,
        ssl_context: ssl.SSLContext,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore.NetworkStream:
        timeout = _bounded(timeout, httpcore.ConnectTimeout)
        return _BoundedStream(self._inner.start_tls(ssl_context, server_hostname, timeout))

    def get_extra_info(self, info: str) -> Any:
        return self._inner.get_extra_info(info)


class _BoundedBackend(httpcore.NetworkBackend):
    """httpcore's sync backend with :class:`_BoundedStream` sockets."""

    def __init__(self, inner: httpcore.NetworkBackend) -> None:
        self._inner = inner

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Any = None,
    ) -> httpcore.NetworkStream:
        timeout = _bounded(timeout, httpcore.ConnectTimeout)
        stream = self._inner.connect_tcp(host, port, timeout, local_address, socket_options)
        return _BoundedStream(stream)

    def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Any = None
    ) -> httpcore.NetworkStream:
        timeout = _bounded(timeout, httpcore.ConnectTimeout)
        return _BoundedStream(self._inner.connect_unix_socket(path, timeout, socket_options))

    def sleep(self, seconds: float) -> None:
        self._inner.sleep(seconds)


def bounded_transport(**options: Any) -> httpx.HTTPTransport:
    """An ``httpx.HTTPTransport`` whose sockets obey the attempt's end (:class:`AttemptTimeout`).

    httpx bounds each socket read, not an attempt: a server dripping a header byte every
    fraction of a second would hold a sync call forever. httpx takes no network backend, so
    its pool's is wrapped.
    """
    transport = httpx.HTTPTransport(**options)
    pool = transport._pool
    pool._network_backend = _BoundedBackend(pool._network_backend)
    return transport


@functools.cache
def _default_tls_context(cafile: str | None, capath: str | None) -> ssl.SSLContext:
    return ssl.create_default_context(cafile=cafile, capath=capath)


def tls_verify(settings: HttpSettings) -> ssl.SSLContext | bool:
    """The TLS verification setting; the default one is built once per process.

    Building it loads the CA bundle (about 16 ms): once per client would make a service that
    creates a client per tenant or request pay that each time. Chooses the CAs as httpx does.
    """
    if settings.verify is not True:
        return settings.verify
    cafile = os.environ.get("SSL_CERT_FILE") if settings.trust_env else None
    capath = os.environ.get("SSL_CERT_DIR") if settings.trust_env else None
    if not cafile and not capath:
        import certifi

        cafile = certifi.where()
    return _default_tls_context(cafile or None, capath or None)


def _proxy_map(settings: HttpSettings) -> dict[str, str | None]:
    if not settings.trust_env:
        return {}
    from httpx._utils import get_environment_proxies  # httpx's own reading of the variables

    return dict(get_environment_proxies())


def sync_routes(settings: HttpSettings, transport: httpx.BaseTransport | None = None) -> Routes:
    """Routes for a sync client: ``transport`` (tests) or httpx's, plus env proxies."""
    if transport is not None:
        return Routes(transport, {}, Lifecycle())
    mounts = {
        pattern: bounded_transport(proxy=url, verify=tls_verify(settings)) if url else None
        for pattern, url in _proxy_map(settings).items()
    }
    default = bounded_transport(verify=tls_verify(settings), trust_env=settings.trust_env)
    return Routes(default, mounts, Lifecycle())


def _mounts(routes: Routes, wrap: Callable[[Any], Any]) -> dict[str, Any]:
    return {pattern: wrap(t) if t else None for pattern, t in routes.mounts.items()}


def invalid_url(exc: httpx.InvalidURL) -> ValidationError:
    """The typed error of a request URL httpx cannot build (too long, bad characters)."""
    return ValidationError(
        f"the request URL could not be built ({exc}); shorten or fix the path and query "
        "arguments (httpx allows at most 65536 characters in a URL)",
        field="url",
    )


class _TypedUrlErrors:
    """Before an httpx client: a URL it cannot build is a typed error on every call path."""

    def build_request(self, *args: Any, **kwargs: Any) -> httpx.Request:
        try:
            request: httpx.Request = super().build_request(*args, **kwargs)  # type: ignore[misc]
        except httpx.InvalidURL as exc:
            raise invalid_url(exc) from None
        return request


class _SyncClient(_TypedUrlErrors, httpx.Client):
    """httpx's client, with typed URL errors."""


class _AsyncClient(_TypedUrlErrors, httpx.AsyncClient):
    """httpx's async client, with typed URL errors."""


def build_sync_client(settings: HttpSettings, routes: Routes) -> httpx.Client:
    """An ``httpx.Client`` with the SDK's headers, timeouts, retries and error mapping."""
    guard = _Guard(settings.base_url)

    def on_response(response: httpx.Response) -> None:
        content = response.extensions.get(BODY)
        if content is None:  # an encoding that did not decode
            try:
                content = response.read()
            except httpx.DecodingError:
                raise failures.undecodable(response) from None
        guard.on_read(response, content)

    def wrap(inner: httpx.BaseTransport) -> RetryTransport:
        return RetryTransport(inner, settings.retry, routes.life)

    return _SyncClient(
        base_url=settings.base_url,
        headers=default_headers(settings),
        timeout=_timeout(settings),
        follow_redirects=False,
        trust_env=settings.trust_env,
        transport=wrap(routes.default),
        mounts=_mounts(routes, wrap),
        event_hooks={"request": [guard.on_request], "response": [on_response]},
    )


HTTP_TRANSPORTS = ("aiohttp", "httpx")


def _aiohttp_installed() -> bool:
    import importlib.util

    return importlib.util.find_spec("httpx_aiohttp") is not None


def async_transport_name(wanted: str | None = None) -> str:
    """The async transport to use: ``wanted`` ("aiohttp" or "httpx"), else the fastest present.

    The default is ``aiohttp`` when httpx-aiohttp is installed (several times faster under
    concurrency), else ``httpx``. Asking for aiohttp without httpx-aiohttp is a ValidationError.
    """
    if wanted is None:
        return "aiohttp" if _aiohttp_installed() else "httpx"
    if wanted not in HTTP_TRANSPORTS:
        raise ValidationError(
            f"http_transport must be 'aiohttp', 'httpx' or None (the fastest installed), "
            f"got {wanted!r}",
            field="http_transport",
        )
    if wanted == "aiohttp" and not _aiohttp_installed():
        raise ValidationError(
            "http_transport='aiohttp' needs httpx-aiohttp: pip install 'visgate-sdk[aiohttp]'",
            field="http_transport",
        )
    return wanted


def log_transport(client: str, name: str, wanted: str | None) -> None:
    """One DEBUG line saying which transport a new client sends through, and why."""
    if not logger.isEnabledFor(logging.DEBUG):
        return
    if wanted is not None:
        why = "chosen with http_transport="
    elif name == "aiohttp":
        why = "default: httpx-aiohttp is installed"
    else:
        why = "default: httpx-aiohttp is not installed" if client == "AsyncClient" else "sync"
    logger.debug("%s sends through the %s transport (%s)", client, name, why)


def _default_async_transport(settings: HttpSettings) -> httpx.AsyncBaseTransport:
    limits = httpx.Limits(max_connections=200, max_keepalive_connections=100)
    if settings.http_transport == "aiohttp":
        from visgate_sdk._aiohttp_transport import AiohttpTransport

        transport: httpx.AsyncBaseTransport = AiohttpTransport(
            verify=tls_verify(settings), trust_env=settings.trust_env, limits=limits
        )
        return transport
    return PerLoopTransport(
        lambda: httpx.AsyncHTTPTransport(
            verify=tls_verify(settings), trust_env=settings.trust_env, limits=limits
        )
    )


class PerLoopTransport(httpx.AsyncBaseTransport):
    """httpx's async transport, one pool per event loop, closed for good by ``aclose``.

    A pooled connection belongs to the loop that opened it: reused from a later loop (a second
    ``asyncio.run()``) it fails with a raw ``RuntimeError``, and closing it there cannot run.
    A new loop gets a new pool; the sockets of a pool whose loop has ended are closed directly.
    """

    def __init__(self, make: Callable[[], httpx.AsyncHTTPTransport]) -> None:
        self._make = make
        self._inner: httpx.AsyncHTTPTransport | None = None
        self._loop: Any = None
        self._closed = False

    def _current(self) -> httpx.AsyncHTTPTransport:
        import asyncio

        if self._closed:
            raise httpx.ConnectError("the transport is closed")
        loop = asyncio.get_running_loop()
        if self._inner is None or self._loop is not loop:
            if self._inner is not None:
                _abandon(self._inner, self._loop)
            self._inner, self._loop = self._make(), loop
        return self._inner

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        return await self._current().handle_async_request(request)

    async def aclose(self) -> None:
        import asyncio

        self._closed = True
        inner, loop, self._inner = self._inner, self._loop, None
        if inner is None:
            return
        if loop is asyncio.get_running_loop():
            await inner.aclose()
        else:
            _abandon(inner, loop)


def _abandon(transport: httpx.AsyncHTTPTransport, loop: Any) -> None:
    """Close the sockets of a pool made on a loop that has ended (its own close cannot run)."""
    if loop is None or not loop.is_closed():
        return  # a loop still running elsewhere owns them; touching them from here is unsafe
    for connection in transport._pool.connections:
        with contextlib.suppress(Exception):
            stream = connection._connection._network_stream  # type: ignore[attr-defined]
            sock = stream.get_extra_info("socket")
            getattr(sock, "_sock", sock).close()  # asyncio wraps the real socket


def async_routes(
    settings: HttpSettings, transport: httpx.AsyncBaseTransport | None = None
) -> Routes:
    """Routes for an async client; proxied requests use httpx's own async transport."""
    if transport is not None:
        return Routes(transport, {}, Lifecycle())
    mounts = {
        pattern: httpx.AsyncHTTPTransport(proxy=url, verify=tls_verify(settings)) if url else None
        for pattern, url in _proxy_map(settings).items()
    }
    return Routes(_default_async_transport(settings), mounts, Lifecycle())


def build_async_client(settings: HttpSettings, routes: Routes) -> httpx.AsyncClient:
    """The async twin of :func:`build_sync_client`."""
    guard = _Guard(settings.base_url)

    async def on_request(request: httpx.Request) -> None:
        guard.on_request(request)

    async def on_response(response: httpx.Response) -> None:
        content = response.extensions.get(BODY)
        if content is None:
            try:
                content = await response.aread()
            except httpx.DecodingError:
                raise failures.undecodable(response) from None
        guard.on_read(response, content)

    def wrap(inner: httpx.AsyncBaseTransport) -> AsyncRetryTransport:
        return AsyncRetryTransport(inner, settings.retry, routes.life)

    hooks: dict[str, list[Any]] = {"request": [on_request], "response": [on_response]}
    return _AsyncClient(
        base_url=settings.base_url,
        headers=default_headers(settings),
        timeout=_timeout(settings),
        follow_redirects=False,
        trust_env=settings.trust_env,
        transport=wrap(routes.default),
        mounts=_mounts(routes, wrap),
        event_hooks=hooks,
    )
