"""Saving generated media to disk safely.

The media host never sees an API key or provider key (a separate HTTP client without them),
the body is streamed to a temporary file in the target folder and renamed into place only
when complete, a size cap (on the decoded bytes) and the expected content type are enforced,
the whole transfer is bounded by ``timeout``, and a folder target gets a safe file name with
the right extension.

Downloads go only where media lives: every hop (the URL and each redirect) must be http(s),
and a host that is, or resolves to, a link-local or cloud-metadata address is refused
(169.254.0.0/16, fe80::/10, fd00:ec2::254, 100.100.100.200, ``metadata.google.internal``,
...), as is the unspecified address. Loopback and private addresses are allowed (a local
sandbox, storage on the LAN) unless ``block_private=True`` / ``VISGATE_DOWNLOAD_BLOCK_PRIVATE=1``.
``allow_hosts=`` / ``VISGATE_DOWNLOAD_ALLOW_HOSTS`` (names or CIDR ranges, comma-separated)
lets a refused host through.
"""

from __future__ import annotations

import builtins
import ipaddress
import os
import re
import secrets
import socket
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any, Literal
from urllib.parse import unquote, urlsplit

import httpx

from visgate_sdk import _failures as failures
from visgate_sdk import exceptions as errors
from visgate_sdk._context import bound_phases
from visgate_sdk._decoding import BoundedDecoder, TooLarge, Undecodable
from visgate_sdk.exceptions import ValidationError, VisgateError

Kind = Literal["image", "video"]
DEFAULT_MAX_BYTES = int(os.environ.get("VISGATE_MAX_DOWNLOAD_BYTES", 2 * 1024**3))
ALLOW_HOSTS_ENV = "VISGATE_DOWNLOAD_ALLOW_HOSTS"
BLOCK_PRIVATE_ENV = "VISGATE_DOWNLOAD_BLOCK_PRIVATE"
MAX_REDIRECTS = 10
# What a file name's extension says it holds: save() checks the answer against it.
_KIND_OF_SUFFIX: dict[str, Kind] = {
    ".png": "image",
    ".jpg": "image",
    ".jpeg": "image",
    ".webp": "image",
    ".gif": "image",
    ".avif": "image",
    ".mp4": "video",
    ".webm": "video",
    ".mov": "video",
    ".m4v": "video",
}
# Cloud instance-metadata services (credentials live there) and the names that reach them.
_METADATA_NAMES = frozenset(
    {
        "metadata",
        "metadata.google.internal",
        "metadata.goog",
        "metadata.azure.internal",
        "instance-data",
        "instance-data.ec2.internal",
    }
)
_METADATA_ADDRESSES = frozenset(
    {
        ipaddress.ip_address("100.100.100.200"),  # Alibaba Cloud
        ipaddress.ip_address("fd00:ec2::254"),  # AWS over IPv6
    }
)
_NAT64 = ipaddress.ip_network("64:ff9b::/96")
_EXTENSIONS = {
    "image/png": ".png",
    "image/jpeg": ".jpg",
    "image/webp": ".webp",
    "image/gif": ".gif",
    "video/mp4": ".mp4",
    "video/webm": ".webm",
    "video/quicktime": ".mov",
}
_RESERVED = {
    "con",
    "prn",
    "aux",
    "nul",
    *(f"com{i}" for i in range(10)),
    *(f"lpt{i}" for i in range(10)),
}
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


class DownloadError(VisgateError):
    """The media could not be saved: too large, wrong type, incomplete or refused."""

    default_code = "DOWNLOAD_ERROR"


def _where(url: str) -> str:
    """The URL without its query (signed URLs carry secrets there)."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc.rpartition('@')[2]}{parts.path}"


def safe_name(candidate: str, extension: str) -> str:
    """One safe path component ending in ``extension``."""
    stem = os.path.basename(unquote(candidate).replace("\\", "/").rstrip("/"))
    stem = stem.split(":")[-1]
    stem = _UNSAFE.sub("_", stem).strip("._") or "output"
    if "." in stem:
        stem = stem.rsplit(".", 1)[0] or "output"
    if stem.lower() in _RESERVED:
        stem = f"{stem}_file"
    return stem[:120] + extension


def _media_type(response: httpx.Response) -> str:
    return str(response.headers.get("content-type", "")).split(";")[0].strip().lower()


IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


def _embedded_v4(address: IPAddress) -> IPAddress:
    """The IPv4 address an IPv6 one stands for (mapped, 6to4, NAT64), else itself."""
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return address.ipv4_mapped
        if address.sixtofour is not None:
            return address.sixtofour
        if address in _NAT64:
            return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return address


class HostPolicy:
    """Which media hosts a download may reach (see the module docstring)."""

    def __init__(self, allow_hosts: Iterable[str] | None, block_private: bool | None) -> None:
        if allow_hosts is None:
            allow_hosts = os.environ.get(ALLOW_HOSTS_ENV, "").split(",")
        elif isinstance(allow_hosts, str):
            allow_hosts = allow_hosts.split(",")
        self.names: set[str] = set()
        self.networks: list[ipaddress.IPv4Network | ipaddress.IPv6Network] = []
        for entry in (e.strip().lower().strip("[]") for e in allow_hosts):
            if not entry:
                continue
            try:
                self.networks.append(ipaddress.ip_network(entry, strict=False))
            except ValueError:
                self.names.add(entry.rstrip("."))
        if block_private is None:
            block_private = os.environ.get(BLOCK_PRIVATE_ENV, "").strip().lower() in (
                "1",
                "true",
                "yes",
            )
        self.block_private = block_private

    def _refused(self, address: IPAddress) -> str | None:
        if any(address in net for net in self.networks):
            return None
        seen = _embedded_v4(address)
        if seen.is_link_local or seen in _METADATA_ADDRESSES or address in _METADATA_ADDRESSES:
            return "a link-local or cloud-metadata address"
        if seen.is_unspecified or seen.is_multicast:
            return "not a host address"
        if self.block_private and not seen.is_global:
            return f"a loopback or private address ({BLOCK_PRIVATE_ENV} is set)"
        return None

    def _refuse(self, url: httpx.URL, why: str) -> DownloadError:
        return DownloadError(
            f"refusing to download from {url.scheme}://{url.host}: it is {why}. Media URLs must "
            f"point at a media host; to allow this one, pass allow_hosts=[{url.host!r}] or set "
            f"{ALLOW_HOSTS_ENV}",
            error_code="DOWNLOAD_REFUSED_HOST",
        )

    def _literal(self, url: httpx.URL) -> bool:
        """Check what the URL alone says; True when the host is an IP address or allowed."""
        if url.scheme not in ("http", "https"):
            raise DownloadError(
                f"refusing to follow {url.scheme or 'a schemeless'} URL: only http(s) media is "
                "downloaded",
                error_code="DOWNLOAD_REFUSED_SCHEME",
            )
        host = url.host.lower().rstrip(".")
        if host in self.names:
            return True
        if host in _METADATA_NAMES:
            raise self._refuse(url, "a cloud-metadata host name")
        try:
            address = ipaddress.ip_address(host)
        except ValueError:
            return False
        why = self._refused(address)
        if why:
            raise self._refuse(url, why)
        return True

    def _resolved(self, url: httpx.URL, infos: list[Any]) -> None:
        for info in infos:
            address = ipaddress.ip_address(info[4][0].split("%")[0])
            why = self._refused(address)
            if why:
                raise self._refuse(url, f"resolving to {why}")

    def check(self, url: httpx.URL) -> None:
        """Refuse ``url`` unless every address its host resolves to may be reached."""
        if self._literal(url):
            return
        try:
            infos = socket.getaddrinfo(url.host, url.port or 443, type=socket.SOCK_STREAM)
        except OSError:
            return  # unresolvable here (perhaps only a proxy can): the transfer fails or goes
        self._resolved(url, infos)

    async def acheck(self, url: httpx.URL) -> None:
        """Async twin of :meth:`check` (resolves without blocking the loop)."""
        if self._literal(url):
            return
        import asyncio

        loop = asyncio.get_running_loop()
        try:
            infos = await loop.getaddrinfo(url.host, url.port or 443, type=socket.SOCK_STREAM)
        except OSError:
            return
        self._resolved(url, infos)


class _Target:
    """Where the bytes go, and the checks made before, during and after the transfer."""

    def __init__(
        self, url: str, path: str | os.PathLike[str], kind: Kind | None, max_bytes: int,
        overwrite: bool, timeout: float, name_hint: str | None,
    ) -> None:  # fmt: skip
        if urlsplit(url).scheme not in ("http", "https"):
            raise ValidationError(
                f"only http(s) media URLs can be saved, got {_where(url)}", field="url"
            )
        if max_bytes <= 0:
            raise ValidationError("max_bytes must be positive", field="max_bytes")
        self.url, self.kind, self.max_bytes = url, kind, max_bytes
        self.overwrite, self.timeout, self.name_hint = overwrite, timeout, name_hint
        raw = os.fspath(path)
        self.folder_given = raw.endswith(("/", os.sep)) or Path(raw).is_dir()
        self.path = Path(raw)
        if not self.folder_given:
            self._refuse_existing(self.path)
            if self.kind is None:  # "x.mp4" says a video is expected: a PNG is not one
                self.kind = _KIND_OF_SUFFIX.get(self.path.suffix.lower())
        self.decoder: BoundedDecoder | None = None
        self.deadline = time.monotonic() + timeout
        self.received = 0
        self.tmp: Path | None = None
        self.handle: Any = None

    def _refuse_existing(self, target: Path) -> None:
        if target.exists() and not self.overwrite:
            raise FileExistsError(f"{target} exists; pass overwrite=True to replace it")

    def accept(self, response: httpx.Response) -> None:
        """Check status, type and announced length, then open the temporary file."""
        if response.status_code >= 400:
            raise DownloadError(
                f"media host answered HTTP {response.status_code} for {_where(self.url)}",
                status_code=response.status_code,
            )
        media = _media_type(response)
        if (
            media.startswith("text/")
            or "html" in media
            or (self.kind is not None and not media.startswith(f"{self.kind}/"))
        ):
            raise DownloadError(
                f"expected {self.kind or 'media'} content from {_where(self.url)}, got "
                f"{media or 'no content type'}",
                error_code="DOWNLOAD_BAD_CONTENT_TYPE",
            )
        length = response.headers.get("content-length")
        if length and length.isdigit() and int(length) > self.max_bytes:
            raise DownloadError(
                f"{_where(self.url)} is {int(length)} bytes, above max_bytes={self.max_bytes}",
                error_code="DOWNLOAD_TOO_LARGE",
            )
        if self.folder_given:
            folder = self.path
            folder.mkdir(parents=True, exist_ok=True)
            name = safe_name(
                self.name_hint or urlsplit(self.url).path, _EXTENSIONS.get(media, ".bin")
            )
            self.path = folder / name
            if self.path.resolve().parent != folder.resolve():
                raise DownloadError(f"unsafe file name {name!r}")
            self._refuse_existing(self.path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.tmp = self.path.parent / f".{self.path.name}.{secrets.token_hex(4)}.part"
        self.handle = open(self.tmp, "wb")  # noqa: SIM115 - closed in finish()/abort()
        self.expected = int(length) if length and length.isdigit() else None
        # httpx decodes a whole chunk at once, whatever it inflates to: decode here, bounded.
        self.decoder = BoundedDecoder.for_headers(
            response.headers.get_list("content-encoding"), self.max_bytes
        )

    def _too_large(self) -> DownloadError:
        return DownloadError(
            f"{_where(self.url)} exceeded max_bytes={self.max_bytes}",
            error_code="DOWNLOAD_TOO_LARGE",
        )

    def feed(self, raw: bytes) -> None:
        """Take a chunk as received (still encoded): decode, cap, check the time, write."""
        self.received += len(raw)
        if self.received > self.max_bytes:
            raise self._too_large()
        if self.decoder is None:
            self._write(raw)
            return
        try:
            for piece in self.decoder.decode(raw):
                self._write(piece)
        except TooLarge:
            raise self._too_large() from None
        except Undecodable:
            raise self._undecodable() from None

    def _undecodable(self) -> DownloadError:
        return DownloadError(
            f"{_where(self.url)} could not be decoded (bad Content-Encoding)",
            error_code="DOWNLOAD_UNDECODABLE",
        )

    def _write(self, data: bytes) -> None:
        if time.monotonic() > self.deadline:
            raise errors.TimeoutError(
                f"download of {_where(self.url)} took longer than {self.timeout}s"
            )
        self.handle.write(data)

    def finish(self) -> Path:
        """Verify the length, flush to disk and move the file into place atomically."""
        if self.decoder is not None:
            try:
                for piece in self.decoder.flush():
                    self._write(piece)
            except TooLarge:
                raise self._too_large() from None
            except Undecodable:
                raise self._undecodable() from None
        if self.expected is not None and self.received != self.expected:
            raise DownloadError(
                f"{_where(self.url)} ended after {self.received} of {self.expected} bytes",
                error_code="DOWNLOAD_INCOMPLETE",
            )
        self.handle.flush()
        os.fsync(self.handle.fileno())
        self.handle.close()
        assert self.tmp is not None
        self._place(self.tmp)
        self.tmp = None
        return self.path

    def _place(self, tmp: Path) -> None:
        if self.overwrite:
            os.replace(tmp, self.path)
            return
        # A file that appeared during the transfer is not replaced either: link() never
        # overwrites (os.replace would), and fails if the name exists.
        try:
            os.link(tmp, self.path)
        except FileExistsError:
            raise FileExistsError(
                f"{self.path} exists; pass overwrite=True to replace it"
            ) from None
        except OSError:  # no hard links on this filesystem: check, then move
            self._refuse_existing(self.path)
            os.replace(tmp, self.path)
            return
        tmp.unlink()

    def abort(self) -> None:
        """Remove the temporary file; a previous target stays intact."""
        if self.handle is not None and not self.handle.closed:
            self.handle.close()
        if self.tmp is not None:
            self.tmp.unlink(missing_ok=True)

    def http_timeout(self) -> httpx.Timeout:
        return httpx.Timeout(min(self.timeout, 30.0), connect=min(self.timeout, 10.0))


def _mounts(transport: Any) -> dict[str, Any]:
    """Proxy routes from the environment, as httpx would make them without a transport."""
    from httpx._utils import get_environment_proxies

    return {p: transport(proxy=u) if u else None for p, u in get_environment_proxies().items()}


def _sync_client(target: _Target) -> httpx.Client:
    from visgate_sdk._http import bounded_transport  # its sockets obey the transfer's end

    return httpx.Client(
        timeout=target.http_timeout(),
        transport=bounded_transport(verify=_media_tls()),
        mounts=_mounts(bounded_transport),
    )


def _media_tls() -> Any:
    """The default CA context, built once per process: loading the CA bundle costs about
    25 ms of CPU, which a bulk run saving hundreds of files a second cannot pay per file."""
    from visgate_sdk._http import _default_tls_context

    cafile, capath = os.environ.get("SSL_CERT_FILE"), os.environ.get("SSL_CERT_DIR")
    if not cafile and not capath:  # as httpx chooses
        import certifi

        cafile = certifi.where()
    return _default_tls_context(cafile or None, capath or None)


def _async_client(target: _Target) -> httpx.AsyncClient:
    return httpx.AsyncClient(
        timeout=target.http_timeout(),
        transport=httpx.AsyncHTTPTransport(verify=_media_tls()),
        mounts=_mounts(httpx.AsyncHTTPTransport),
    )


def _too_many_redirects(url: str) -> DownloadError:
    return DownloadError(
        f"{_where(url)} redirected more than {MAX_REDIRECTS} times",
        error_code="DOWNLOAD_TOO_MANY_REDIRECTS",
    )


def download(
    url: str,
    path: str | os.PathLike[str],
    *,
    kind: Kind | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    overwrite: bool = False,
    timeout: float = 300.0,
    name_hint: str | None = None,
    allow_hosts: Iterable[str] | None = None,
    block_private: bool | None = None,
) -> Path:
    """Stream ``url`` to ``path`` (a file, or a folder to pick a safe name in); return the path.

    ``timeout`` bounds the whole transfer (connect, redirects, headers, body). ``kind`` (else
    the file name's extension) says which content type is expected. ``allow_hosts`` and
    ``block_private``: which hosts may be reached (see the module docstring).
    """
    target = _Target(url, path, kind, max_bytes, overwrite, timeout, name_hint)
    policy = HostPolicy(allow_hosts, block_private)
    try:
        with _sync_client(target) as http:
            # Each socket operation, redirects included (they keep these extensions), ends by
            # the transfer's deadline.
            phases = bound_phases(target.http_timeout().as_dict(), target.deadline)
            request = http.build_request("GET", url, extensions={"timeout": phases})
            for _ in range(MAX_REDIRECTS + 1):
                policy.check(request.url)
                response = http.send(request, stream=True)
                try:
                    if response.next_request is None:
                        target.accept(response)
                        for chunk in response.iter_raw():
                            target.feed(chunk)
                        return target.finish()
                    request = response.next_request
                finally:
                    response.close()  # a redirect's body is never read
            raise _too_many_redirects(url)
    except httpx.HTTPError as exc:
        raise failures.download_failed(exc, _where(url)) from None
    finally:
        target.abort()


async def adownload(
    url: str,
    path: str | os.PathLike[str],
    *,
    kind: Kind | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    overwrite: bool = False,
    timeout: float = 300.0,
    name_hint: str | None = None,
    allow_hosts: Iterable[str] | None = None,
    block_private: bool | None = None,
) -> Path:
    """Async twin of :func:`download`."""
    import asyncio

    target = _Target(url, path, kind, max_bytes, overwrite, timeout, name_hint)
    policy = HostPolicy(allow_hosts, block_private)
    loop = asyncio.get_running_loop()
    try:
        async with (
            asyncio.timeout_at(loop.time() + target.deadline - time.monotonic()),
            _async_client(target) as http,
        ):
            request = http.build_request("GET", url)
            for _ in range(MAX_REDIRECTS + 1):
                await policy.acheck(request.url)
                response = await http.send(request, stream=True)
                try:
                    if response.next_request is None:
                        target.accept(response)
                        async for chunk in response.aiter_raw():
                            target.feed(chunk)
                        return target.finish()
                    request = response.next_request
                finally:
                    await response.aclose()
            raise _too_many_redirects(url)
    except builtins.TimeoutError:
        raise errors.TimeoutError(
            f"download of {_where(url)} took longer than {timeout}s"
        ) from None
    except httpx.HTTPError as exc:
        raise failures.download_failed(exc, _where(url)) from None
    finally:
        target.abort()


def save_output(url: str, path: str | os.PathLike[str], *, kind: str, **options: Any) -> Path:
    """Save a result's output (used by ``result.save()``)."""
    return download(url, path, kind=kind if kind in ("image", "video") else None, **options)  # type: ignore[arg-type]


async def asave_output(
    url: str, path: str | os.PathLike[str], *, kind: str, **options: Any
) -> Path:
    """Async twin of :func:`save_output`."""
    return await adownload(url, path, kind=kind if kind in ("image", "video") else None, **options)  # type: ignore[arg-type]
