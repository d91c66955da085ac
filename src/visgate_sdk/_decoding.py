"""Content-Encoding decoding with a bound on the decoded size, checked as bytes are produced.

httpx decodes each received chunk in one call, whatever it inflates to: 300 bytes of
``gzip, gzip`` become 80 MiB before anyone can count them. Here every zlib layer is asked for
at most ``PIECE`` bytes at a time, so memory stays near one piece per layer and the cap is
checked before the next piece is made. The layers and their order follow httpx (the same
names, case-insensitive, stacked encodings decoded last-applied first, ``deflate`` accepting
zlib-wrapped or raw data, unknown names skipped), so httpx would decode the same bytes the
same way. Other decoders httpx has (br, zstd when installed) are fed small slices of input.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable, Iterable, Iterator
from functools import partial
from typing import Any

PIECE = 1024 * 1024
_SLICE = 1024
_GZIP = 16 + zlib.MAX_WBITS
_ZLIB_WBITS = {"gzip": _GZIP, "x-gzip": _GZIP, "deflate": zlib.MAX_WBITS}


class TooLarge(Exception):
    """The decoded body passed the limit."""


class Undecodable(Exception):
    """The body is not valid for its Content-Encoding."""


class _ZlibLayer:
    __slots__ = ("_obj", "_raw_fallback", "_started")

    def __init__(self, wbits: int) -> None:
        self._obj = zlib.decompressobj(wbits)
        # httpx's DeflateDecoder: zlib-wrapped first; raw deflate if the first bytes say so.
        self._raw_fallback = wbits == zlib.MAX_WBITS
        self._started = False

    def feed(self, data: bytes) -> Iterator[bytes]:
        while True:
            try:
                out = self._obj.decompress(data, PIECE)
            except zlib.error as exc:
                if self._raw_fallback and not self._started:
                    self._raw_fallback = False
                    self._obj = zlib.decompressobj(-zlib.MAX_WBITS)
                    continue
                raise Undecodable(str(exc)) from None
            self._started = True
            if out:
                yield out
            data = self._obj.unconsumed_tail
            if not data and len(out) < PIECE:
                return

    def flush(self) -> Iterator[bytes]:
        yield from self.feed(b"")
        yield from _output(self._obj.flush, zlib.error)


class _HttpxLayer:
    """One of httpx's other decoders (br, zstd), fed small slices to bound each output."""

    __slots__ = ("_decoder",)

    def __init__(self, decoder: Any) -> None:
        self._decoder = decoder

    def feed(self, data: bytes) -> Iterator[bytes]:
        import httpx

        for start in range(0, len(data), _SLICE):
            piece = partial(self._decoder.decode, data[start : start + _SLICE])
            yield from _output(piece, httpx.DecodingError)

    def flush(self) -> Iterator[bytes]:
        import httpx

        yield from _output(self._decoder.flush, httpx.DecodingError)


def _output(step: Callable[[], bytes], error: type[Exception]) -> Iterator[bytes]:
    """What one decoder step produces (nothing when empty); its ``error`` is Undecodable."""
    try:
        out = step()
    except error as exc:
        raise Undecodable(str(exc)) from None
    if out:
        yield out


def _layer(name: str) -> _ZlibLayer | _HttpxLayer | None:
    if name in _ZLIB_WBITS:
        return _ZlibLayer(_ZLIB_WBITS[name])
    from httpx._decoders import SUPPORTED_DECODERS  # what httpx itself would decode

    if name == "identity" or name not in SUPPORTED_DECODERS:
        return None
    return _HttpxLayer(SUPPORTED_DECODERS[name]())


def encodings(values: Iterable[str]) -> list[str]:
    """The Content-Encoding names of a header list, split on commas, lower-cased."""
    return [n.strip().lower() for v in values for n in v.split(",") if n.strip()]


class BoundedDecoder:
    """Decodes a body chunk by chunk; raises :class:`TooLarge` past ``limit`` decoded bytes."""

    __slots__ = ("_layers", "limit", "produced")

    def __init__(self, layers: list[_ZlibLayer | _HttpxLayer], limit: int) -> None:
        self._layers = layers
        self.limit = limit
        self.produced = 0

    @classmethod
    def for_headers(cls, content_encoding: list[str], limit: int) -> BoundedDecoder | None:
        """A decoder for these Content-Encoding values, or None when httpx would not decode."""
        names = encodings(content_encoding)
        layers = [layer for layer in map(_layer, reversed(names)) if layer is not None]
        return cls(layers, limit) if layers else None

    def _through(self, index: int, pieces: Iterable[bytes], final: bool) -> Iterator[bytes]:
        if index == len(self._layers):
            yield from pieces
            return
        layer = self._layers[index]
        for piece in pieces:
            yield from self._through(index + 1, layer.feed(piece), False)
        if final:
            yield from self._through(index + 1, layer.flush(), True)

    def _count(self, pieces: Iterator[bytes]) -> Iterator[bytes]:
        for piece in pieces:
            self.produced += len(piece)
            if self.produced > self.limit:
                raise TooLarge(f"decoded body exceeds {self.limit} bytes")
            yield piece

    def decode(self, chunk: bytes) -> Iterator[bytes]:
        """The decoded pieces of the next received chunk."""
        return self._count(self._through(0, (chunk,), False))

    def flush(self) -> Iterator[bytes]:
        """The decoded pieces left once the body has ended."""
        return self._count(self._through(0, (), True))
