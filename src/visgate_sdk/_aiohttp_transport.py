"""httpx-aiohttp behind the same contract as httpx's own transport.

httpx-aiohttp leaks raw aiohttp errors (a malformed answer), maps others to the wrong httpx
class (its table turns every ``ClientConnectionError`` - refused, DNS, server disconnect - into
``ConnectTimeout``), rejects header blocks httpx accepts, binds its session to the first event
loop it ran on, and (an aiohttp bug) can wait forever on a chunked body broken mid-way.
aiohttp also re-sends a GET/PUT/DELETE once on its own when a connection drops (the SDK owns
retries: ``max_retries=0`` must mean one attempt) and hands back an unsolicited ``101`` as an
answer (httpx's transport calls that a protocol error). This wrapper fixes those so the retry
layer and the typed SDK errors behave alike on both async transports.
"""

from __future__ import annotations

import asyncio
import contextlib
import ssl
from collections.abc import AsyncIterator, Iterator

import aiohttp
import httpx
from aiohttp.http_exceptions import HttpProcessingError
from httpx_aiohttp import AiohttpTransport as _Inner

from visgate_sdk._retry import MAX_BODY_BYTES

# httpx (h11 through httpcore) accepts a header block of up to 100 KiB, with no per-line or
# count limit; aiohttp's defaults (8190 bytes a line, 128 fields) refuse answers httpx takes.
_MAX_LINE = 100 * 1024
# h11 has no field count; this one keeps the worst-case header memory under the body cap.
_MAX_HEADERS = MAX_BODY_BYTES // _MAX_LINE
_DEFAULT_LIMITS = httpx.Limits(max_connections=100, max_keepalive_connections=20)  # httpx's

# aiohttp failure -> what httpx's own transport raises for the same fault; first match wins,
# so subclasses come before their bases.
_ERRORS: tuple[tuple[type[BaseException], type[httpx.TransportError]], ...] = (
    # Connect phase: nothing was sent (``_retry._nothing_sent`` relies on these two).
    (aiohttp.ClientConnectorError, httpx.ConnectError),  # refused, DNS, TLS, proxy unreachable
    (aiohttp.ConnectionTimeoutError, httpx.ConnectTimeout),  # connect or pool wait
    (aiohttp.SocketTimeoutError, httpx.ReadTimeout),
    (TimeoutError, httpx.ReadTimeout),  # other aiohttp/asyncio timeouts: the request may be out
    (aiohttp.ClientHttpProxyError, httpx.ProxyError),  # the proxy refused the tunnel
    (aiohttp.ClientResponseError, httpx.RemoteProtocolError),  # unparseable status or headers
    (aiohttp.ClientPayloadError, httpx.RemoteProtocolError),  # truncated or malformed body
    (HttpProcessingError, httpx.RemoteProtocolError),  # raised bare by the pure-Python parser
    (aiohttp.ServerDisconnectedError, httpx.RemoteProtocolError),  # closed before answering
    (aiohttp.NonHttpUrlClientError, httpx.UnsupportedProtocol),
    (aiohttp.InvalidURL, httpx.UnsupportedProtocol),
    (aiohttp.ClientConnectionError, httpx.ReadError),  # reset or closed mid-exchange
    (OSError, httpx.ReadError),
    (aiohttp.ClientError, httpx.TransportError),
)
# aiohttp's body reader raises a bare "RuntimeError: Connection closed." when the connection
# died (e.g. its parser rejected a chunk header) before the reader asked for more.
_BODY_ERRORS = ((RuntimeError, httpx.RemoteProtocolError), *_ERRORS)


@contextlib.contextmanager
def _translated(
    request: httpx.Request,
    errors: tuple[tuple[type[BaseException], type[httpx.TransportError]], ...] = _ERRORS,
) -> Iterator[None]:
    """Re-raise transport faults as the httpx error stock httpx raises for the same fault."""
    try:
        yield
    except Exception as exc:
        origin: BaseException = exc
        if isinstance(exc, httpx.HTTPError) and exc.__cause__ is not None:
            origin = exc.__cause__  # httpx-aiohttp's own (often wrong) mapping: judge its cause
        target = next((t for s, t in errors if isinstance(origin, s)), None)
        if target is None:
            raise
        # The aiohttp error stays the cause: ``_retry`` reads it (TLS, connect phase).
        raise target(str(origin) or type(origin).__name__, request=request) from origin


class _Stream(httpx.AsyncByteStream):
    """The body stream, with read failures translated like the request's."""

    def __init__(self, inner: httpx.AsyncByteStream, request: httpx.Request) -> None:
        self._inner, self._request = inner, request

    async def __aiter__(self) -> AsyncIterator[bytes]:
        read = (self._request.extensions.get("timeout") or {}).get("read")
        chunks = aiter(self._inner)
        with _translated(self._request, _BODY_ERRORS):
            while True:
                # aiohttp's C parser, rejecting a chunk header mid-body, stops aiohttp's read
                # timer and never wakes the reader: bound each wait as httpx does.
                async with asyncio.timeout(read):
                    chunk = await anext(chunks, None)
                if chunk is None:
                    return
                yield chunk

    async def aclose(self) -> None:
        with _translated(self._request):
            await self._inner.aclose()


class AiohttpTransport(httpx.AsyncBaseTransport):
    """httpx-aiohttp with httpx's error classes and header limits, usable from any loop.

    One event loop at a time: a session belongs to the loop it was made on, so a call from
    another loop (a second ``asyncio.run()``) gets a fresh session.
    """

    def __init__(
        self,
        *,
        verify: ssl.SSLContext | bool = True,
        trust_env: bool = True,
        limits: httpx.Limits = _DEFAULT_LIMITS,
    ) -> None:
        # Built once: loading the CA bundle is the slow part of a new session.
        self._ssl = httpx.create_ssl_context(verify=verify, trust_env=trust_env)
        self._limits = limits
        self._inner: _Inner | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._closed = False

    def _session(self) -> aiohttp.ClientSession:
        connector = aiohttp.TCPConnector(
            ssl=self._ssl,
            limit=self._limits.max_connections or 0,  # 0 is aiohttp's "no limit"
            keepalive_timeout=self._limits.keepalive_expiry,
        )
        session = aiohttp.ClientSession(
            connector=connector,
            max_line_size=_MAX_LINE,
            max_field_size=_MAX_LINE,
            max_headers=_MAX_HEADERS,
        )
        # aiohttp's own silent retry of idempotent requests on a dropped connection; no public
        # switch exists. The attribute is checked so an aiohttp without it fails loudly here.
        if not hasattr(session, "_retry_connection"):
            raise RuntimeError("this aiohttp version cannot turn its own retries off")
        session._retry_connection = False
        return session

    async def _current(self) -> _Inner:
        if self._closed:  # never a new session once closed: nobody would close it
            raise httpx.ConnectError("the transport is closed")
        loop = asyncio.get_running_loop()
        old, old_loop = self._inner, self._loop
        if old is not None and old_loop is loop:
            return old
        # Swap before awaiting anything so concurrent calls share the new session.
        inner = self._inner = _Inner(verify=self._ssl, client=self._session)
        self._loop = loop
        if old is not None and old_loop is not None:
            await _drop(old, old_loop)
        return inner

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        inner = await self._current()
        with _translated(request):
            response = await inner.handle_async_request(request)
        if response.status_code < 200:
            # aiohttp returns an unsolicited 101 as the answer; httpx's transport raises.
            await response.aclose()
            raise httpx.RemoteProtocolError(
                f"unexpected informational answer {response.status_code}", request=request
            )
        if isinstance(response.stream, httpx.AsyncByteStream):
            response.stream = _Stream(response.stream, request)
        return response

    async def aclose(self) -> None:
        self._closed = True
        old, old_loop = self._inner, self._loop
        self._inner = self._loop = None
        if old is not None and old_loop is not None:
            if old_loop is asyncio.get_running_loop():
                await old.aclose()
            else:
                await _drop(old, old_loop)


def _close_sockets(inner: _Inner) -> None:
    """Close the sockets of a session whose loop has ended: aiohttp's close cannot run there."""
    session = inner.client
    connector = getattr(session, "connector", None)
    protocols = [p for conns in getattr(connector, "_conns", {}).values() for p, *_ in conns]
    protocols += list(getattr(connector, "_acquired", ()))
    for protocol in protocols:
        with contextlib.suppress(Exception):
            sock = protocol.transport.get_extra_info("socket")
            getattr(sock, "_sock", sock).close()  # asyncio wraps the real socket


async def _drop(inner: _Inner, loop: asyncio.AbstractEventLoop) -> None:
    """Let go of a session made on another loop."""
    if loop.is_closed():
        _close_sockets(inner)
        # On a closed loop aiohttp's close does no I/O; it only marks the session closed, which
        # keeps "Unclosed client session" out of the logs when it is garbage collected.
        with contextlib.suppress(Exception):
            await inner.aclose()
    # A loop still open elsewhere owns those sockets; touching them from here is not safe.
