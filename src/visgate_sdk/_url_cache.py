"""Absolute request URLs, resolved once per path.

httpx parses the URL of every request twice when it is given a relative path (once to read
it, once to join it to ``base_url``): two thirds of the cost of a small request's URL
handling. An absolute :class:`httpx.URL` goes through untouched, so the client resolves each
path once, exactly as httpx would, and reuses the immutable result.
"""

from __future__ import annotations

import httpx

from visgate_sdk.exceptions import ValidationError

# Paths carrying ids (requests/{id}, models/{id}) are unbounded; a batch job must not grow
# the cache forever, and re-resolving after a reset only costs what httpx would have spent.
MAX_ENTRIES = 512


class UrlCache:
    """Maps paths relative to an httpx client's ``base_url`` (fixed at creation) to URLs."""

    __slots__ = ("_base", "_urls")

    def __init__(self, base: httpx.URL) -> None:
        self._base = base
        self._urls: dict[str, httpx.URL] = {}

    def resolve(self, path: str) -> httpx.URL:
        """``base_url`` joined with ``path`` the way httpx joins them."""
        url = self._urls.get(path)
        if url is None:
            if len(self._urls) >= MAX_ENTRIES:
                self._urls.clear()
            base = self._base
            try:
                tail = httpx.URL(path).raw_path.lstrip(b"/")
                url = base.copy_with(raw_path=base.raw_path + tail)
            except httpx.InvalidURL as exc:
                raise ValidationError(f"invalid path {path!r}: {exc}", field="path") from None
            self._urls[path] = url
        return url
