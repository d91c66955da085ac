"""Saving generated media to disk safely.

The media host never sees an API key or provider key (a separate HTTP client without them),
the body is streamed to a temporary file in the target folder and renamed into place only
when complete, a size cap and the expected content type are enforced, and a folder target
gets a safe file name with the right extension.
"""

from __future__ import annotations

import os
import re
import secrets
import time
from pathlib import Path
from typing import Any, Literal
from urllib.parse import unquote, urlsplit

import httpx

from visgate_sdk.exceptions import ConnectionError, TimeoutError, ValidationError, VisgateError

Kind = Literal["image", "video"]
DEFAULT_MAX_BYTES = int(os.environ.get("VISGATE_MAX_DOWNLOAD_BYTES", 2 * 1024**3))
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
        self.encoded = bool(response.headers.get("content-encoding"))

    def write(self, chunk: bytes) -> None:
        """Append a chunk, enforcing the cap and the deadline."""
        self.received += len(chunk)
        if self.received > self.max_bytes:
            raise DownloadError(
                f"{_where(self.url)} exceeded max_bytes={self.max_bytes}",
                error_code="DOWNLOAD_TOO_LARGE",
            )
        if time.monotonic() > self.deadline:
            raise TimeoutError(f"download of {_where(self.url)} took longer than {self.timeout}s")
        self.handle.write(chunk)

    def finish(self) -> Path:
        """Verify the length, flush to disk and move the file into place atomically."""
        if self.expected is not None and not self.encoded and self.received != self.expected:
            raise DownloadError(
                f"{_where(self.url)} ended after {self.received} of {self.expected} bytes",
                error_code="DOWNLOAD_INCOMPLETE",
            )
        self.handle.flush()
        os.fsync(self.handle.fileno())
        self.handle.close()
        assert self.tmp is not None
        os.replace(self.tmp, self.path)
        self.tmp = None
        return self.path

    def abort(self) -> None:
        """Remove the temporary file; a previous target stays intact."""
        if self.handle is not None and not self.handle.closed:
            self.handle.close()
        if self.tmp is not None:
            self.tmp.unlink(missing_ok=True)

    def http_timeout(self) -> httpx.Timeout:
        return httpx.Timeout(min(self.timeout, 30.0), connect=min(self.timeout, 10.0))


def _transport_error(exc: httpx.HTTPError, url: str) -> VisgateError:
    if isinstance(exc, httpx.TimeoutException):
        return TimeoutError(f"download of {_where(url)} timed out")
    return ConnectionError(f"download of {_where(url)} failed: {type(exc).__name__}")


def download(
    url: str,
    path: str | os.PathLike[str],
    *,
    kind: Kind | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    overwrite: bool = False,
    timeout: float = 300.0,
    name_hint: str | None = None,
) -> Path:
    """Stream ``url`` to ``path`` (a file, or a folder to pick a safe name in); return the path."""
    target = _Target(url, path, kind, max_bytes, overwrite, timeout, name_hint)
    try:
        with (
            httpx.Client(follow_redirects=True, timeout=target.http_timeout()) as http,
            http.stream("GET", url) as response,
        ):
            target.accept(response)
            for chunk in response.iter_bytes():
                target.write(chunk)
        return target.finish()
    except httpx.HTTPError as exc:
        raise _transport_error(exc, url) from None
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
) -> Path:
    """Async twin of :func:`download`."""
    target = _Target(url, path, kind, max_bytes, overwrite, timeout, name_hint)
    try:
        async with (
            httpx.AsyncClient(follow_redirects=True, timeout=target.http_timeout()) as http,
            http.stream("GET", url) as response,
        ):
            target.accept(response)
            async for chunk in response.aiter_bytes():
                target.write(chunk)
        return target.finish()
    except httpx.HTTPError as exc:
        raise _transport_error(exc, url) from None
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
