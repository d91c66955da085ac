"""Output files the sandbox serves: PNG landscapes and MP4 clips of any length.

A picture is a few flat layers (sky gradient, sun or moon, three mountain ranges, ground or
water below the horizon), its palette from the prompt's mood words and its layout from a hash
of prompt, seed and size: the same request always returns the same bytes. Each layer is a run
of pixels per row, so a 1024x1024 picture takes milliseconds.

Files are made when fetched, yet an answer states their size first: every PNG is padded with a
private ancillary chunk (``vsPd``, which decoders skip) to :func:`png_size`, a function of the
dimensions alone. The clips are the bundled sample, retimed to the requested duration.
"""

from __future__ import annotations

import hashlib
import math
import random
import struct
import zlib
from collections.abc import Callable
from functools import lru_cache
from importlib import resources

PNG_CONTENT_TYPE = "image/png"
MP4_CONTENT_TYPE = "video/mp4"
MIN_SIDE = 8
MAX_SIDE = 8192

Color = tuple[int, ...]  # red, green, blue
# Room for the compressed pixels: 5 % of the raw rows plus 4 KiB (the layers take well under
# 1 %), or the stored (uncompressed) form when that is smaller, as for tiny pictures.
_BUDGET_SHARE = 20
_BUDGET_SLACK = 4096
_STORED_BLOCK = 65535
_PAD_CHUNK = b"vsPd"  # ancillary, private, safe to copy: readers skip it

# Mood -> (sky top, sky at the horizon, sun, far/mid/near mountains, ground, water).
_PALETTES: dict[str, tuple[Color, ...]] = {
    "sunset": ((43, 26, 79), (255, 170, 96), (255, 238, 180), (150, 76, 112), (98, 44, 92),
               (44, 22, 54), (58, 30, 62), (120, 60, 90)),
    "night": ((4, 7, 26), (44, 64, 118), (236, 236, 218), (32, 44, 84), (20, 28, 58),
              (8, 12, 28), (12, 18, 36), (24, 40, 86)),
    "day": ((30, 96, 190), (205, 230, 250), (255, 252, 236), (112, 142, 178), (70, 130, 92),
            (36, 84, 54), (62, 112, 62), (60, 120, 180)),
    "dawn": ((82, 100, 168), (255, 214, 186), (255, 244, 220), (152, 122, 162), (104, 84, 128),
             (56, 44, 76), (72, 58, 92), (130, 120, 170)),
    "winter": ((108, 140, 186), (232, 240, 248), (255, 255, 245), (196, 210, 230),
               (150, 172, 202), (72, 92, 124), (222, 232, 244), (140, 170, 200)),
}  # fmt: skip
_MOODS = {
    "sunset": "sunset dusk evening fire autumn warm desert orange red golden gold summer amber",
    "night": "night moon midnight dark star stars starry neon cyberpunk space galaxy cosmic",
    "dawn": "dawn sunrise morning pink spring cherry pastel",
    "winter": "snow snowy winter ice icy frozen arctic cold glacier",
    "day": "day sea ocean beach blue sky forest green meadow",
}
_WATER = frozenset(  # words that put water below the horizon
    {"sea", "ocean", "lake", "river", "water", "bay", "coast"} | {"harbor", "harbour", "bosphorus"}
)


def png_size(width: int, height: int) -> int:
    """The exact length in bytes of every :func:`render_png` picture of this size."""
    _check_sides(width, height)
    # signature, IHDR, IDAT, the padding chunk and IEND: 8 + 25 + 12 + budget + 12 + 12
    return 69 + _idat_budget(width, height)


@lru_cache(maxsize=32)  # a bulk run fetches each file once or twice: keep the recent ones
def render_png(prompt: str, seed: int | None, width: int, height: int) -> bytes:
    """An RGB PNG of exactly ``width`` x ``height`` pixels illustrating ``prompt``.

    The picture is a deterministic function of all four arguments, and its length is
    :func:`png_size`. Raises ValueError when a side is outside ``MIN_SIDE..MAX_SIDE``.
    """
    _check_sides(width, height)
    raw = b"".join(b"\x00" + row for row in paint(prompt, seed, width, height))
    budget = _idat_budget(width, height)
    data = zlib.compress(raw, 6)
    if len(data) > budget:  # tiny pictures: the stored form is the budget, and always fits
        data = _stored(raw)
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    chunks = [(b"IHDR", header), (b"IDAT", data), (_PAD_CHUNK, bytes(budget - len(data)))]
    chunks.append((b"IEND", b""))
    return b"\x89PNG\r\n\x1a\n" + b"".join(_chunk(kind, body) for kind, body in chunks)


def paint(prompt: str, seed: int | None, width: int, height: int) -> list[bytes]:
    """The picture's rows of RGB bytes (no filter byte)."""
    digest = hashlib.sha256(f"{prompt}\x00{seed}\x00{width}x{height}".encode()).digest()
    rng = random.Random(int.from_bytes(digest[:8], "big"))
    words = set(prompt.lower().replace(",", " ").replace(".", " ").split())
    moods = [m for m, listed in _MOODS.items() if words & set(listed.split())]
    mood = moods[0] if moods else sorted(_PALETTES)[int(rng.random() * len(_PALETTES))]
    top, low, sun, far, mid, near, ground, water = _PALETTES[mood]
    horizon = max(1, min(height - 1, int(height * (0.6 + 0.1 * rng.random()))))
    sky = [_mix(top, low, y / max(1, horizon - 1)) for y in range(horizon)]
    rows = [bytearray(bytes(color) * width) for color in sky]
    radius = max(1.0, min(width, height) * (0.06 + 0.05 * rng.random()))
    sun_x = width * (0.2 + 0.6 * rng.random())
    sun_y = horizon * (0.25 + 0.5 * rng.random())
    _disc(rows, sun_x, sun_y, radius * 1.5, lambda y: bytes(_mix(sky[y], sun, 0.25)))
    _disc(rows, sun_x, sun_y, radius, lambda y: bytes(sun))
    for depth, color in enumerate((far, mid, near)):
        haze = bytes(_mix(color, low, 0.25 * (2 - depth)))
        for _ in range(rng.randint(2, 5)):
            peak_x = width * rng.random()
            peak_y = horizon - height * (0.05 + 0.22 * rng.random()) / (1 + depth * 0.6)
            slope = 0.8 + 1.6 * rng.random()
            for y in range(max(0, math.floor(peak_y)), horizon):
                half = (y + 0.5 - peak_y) * slope
                a, b = max(0, int(peak_x - half)), min(width, int(peak_x + half))
                if b > a:
                    rows[y][a * 3 : b * 3] = haze * (b - a)
    below = height - horizon
    if words & _WATER:  # the scene mirrored, darkened, with a glitter of the sun
        for d in range(below):
            row = bytearray(bytes(rows[max(0, horizon - 1 - d)]).translate(_DARKEN))
            if d % 4 < 2:
                half = int(radius * (0.4 + d / below))
                a, b = max(0, int(sun_x) - half), min(width, int(sun_x) + half)
                row[a * 3 : b * 3] = bytes(_mix(sun, water, 0.4)) * max(0, b - a)
            rows.append(row)
    else:
        for d in range(below):
            shade = _mix(_mix(ground, mid, 0.35), ground, d / max(1, below))
            rows.append(bytearray(bytes(shade) * width))
    return [bytes(row) for row in rows]


@lru_cache(maxsize=1)
def sample_mp4() -> bytes:
    """The bundled sample clip (H.264, 480x270, 24 fps, 3 s)."""
    return resources.files("visgate_sdk.sandbox").joinpath("data/sample.mp4").read_bytes()


@lru_cache(maxsize=64)
def video_mp4(duration: float) -> bytes:
    """The sample clip retimed to last ``duration`` seconds (to the millisecond).

    Its 72 frames are spread over the new length: the media timescale becomes 72000 and
    each frame lasts ``duration`` in milliseconds; the movie, track, edit list and
    composition offsets are rewritten to match. The length of the file never changes.
    """
    if not (duration > 0 and math.isfinite(duration)):
        raise ValueError(f"duration must be a positive number of seconds, got {duration}")
    return _retime(sample_mp4(), max(1, round(duration * 1000)))


_DARKEN = bytes(int(v * 0.7) + 8 for v in range(256))


def _mix(a: Color, b: Color, t: float) -> Color:
    t = min(1.0, max(0.0, t))
    return tuple(round(x + (y - x) * t) for x, y in zip(a, b, strict=True))


def _disc(
    rows: list[bytearray], cx: float, cy: float, r: float, color: Callable[[int], bytes]
) -> None:
    width = len(rows[0]) // 3
    for y in range(max(0, math.floor(cy - r)), min(len(rows), math.ceil(cy + r) + 1)):
        dy = y + 0.5 - cy
        if abs(dy) < r:
            half = math.sqrt(r * r - dy * dy)
            a, b = max(0, int(cx - half + 0.5)), min(width, int(cx + half + 0.5))
            if b > a:
                rows[y][a * 3 : b * 3] = color(y) * (b - a)


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def _check_sides(width: int, height: int) -> None:
    for name, side in (("width", width), ("height", height)):
        if not MIN_SIDE <= side <= MAX_SIDE:
            raise ValueError(f"{name} must be between {MIN_SIDE} and {MAX_SIDE}, got {side}")


def _stored_length(raw: int) -> int:
    """zlib header, stored deflate blocks of up to 65535 bytes (5 bytes each), Adler-32."""
    return 2 + raw + 5 * max(1, -(-raw // _STORED_BLOCK)) + 4


def _idat_budget(width: int, height: int) -> int:
    raw = (3 * width + 1) * height  # a filter byte and RGB pixels per row
    return min(_stored_length(raw), raw // _BUDGET_SHARE + _BUDGET_SLACK)


def _stored(raw: bytes) -> bytes:
    """``raw`` as a zlib stream of uncompressed blocks (its length is :func:`_stored_length`)."""
    parts = [b"\x78\x01"]
    for start in range(0, max(1, len(raw)), _STORED_BLOCK):
        block = raw[start : start + _STORED_BLOCK]
        final = 1 if start + _STORED_BLOCK >= len(raw) else 0
        parts.append(struct.pack("<BHH", final, len(block), 0xFFFF ^ len(block)) + block)
    parts.append(struct.pack(">I", zlib.adler32(raw)))
    return b"".join(parts)


# --- MP4 retiming: the sample's 72 frames spread over the new length ----------------------------

_MEDIA_TIMESCALE = 72_000  # 72 frames: one frame lasts the duration in milliseconds
_TRAK = (b"moov", b"trak")
_STBL = (*_TRAK, b"mdia", b"minf", b"stbl")


def _find(data: bytearray, *path: bytes) -> int:
    """Where the body of the first box at ``path`` starts (32-bit sizes, version 0 boxes)."""
    start, end = 0, len(data)
    for name in path:
        while True:
            size, kind = struct.unpack_from(">I4s", data, start)
            if size < 8 or start + size > end:
                raise ValueError(f"no MP4 box {name!r} where expected")
            if kind == name:
                start, end = start + 8, start + size
                break
            start += size
    return start


def _retime(sample: bytes, millis: int) -> bytes:
    out = bytearray(sample)
    struct.pack_into(">II", out, _find(out, b"moov", b"mvhd") + 12, 1000, millis)
    struct.pack_into(">I", out, _find(out, *_TRAK, b"tkhd") + 20, millis)
    (frames,) = struct.unpack_from(">I", out, _find(out, *_STBL, b"stsz") + 8)
    mdhd = _find(out, *_TRAK, b"mdia", b"mdhd")
    struct.pack_into(">II", out, mdhd + 12, _MEDIA_TIMESCALE, frames * millis)
    stts = _find(out, *_STBL, b"stts")
    entries, _count, old = struct.unpack_from(">III", out, stts + 4)
    if entries != 1:
        raise ValueError("the sample clip must have frames of one duration")
    struct.pack_into(">I", out, stts + 12, millis)
    # Composition offsets and the edit list's start are whole frames: keep them whole.
    ctts = _find(out, *_STBL, b"ctts")
    for n in range(struct.unpack_from(">I", out, ctts + 4)[0]):
        at = ctts + 12 + 8 * n
        struct.pack_into(">I", out, at, struct.unpack_from(">I", out, at)[0] // old * millis)
    elst = _find(out, *_TRAK, b"edts", b"elst")
    for n in range(struct.unpack_from(">I", out, elst + 4)[0]):
        at = elst + 8 + 12 * n  # segment duration, media time, rate
        (media_time,) = struct.unpack_from(">i", out, at + 4)
        struct.pack_into(">I", out, at, millis)
        if media_time > 0:
            struct.pack_into(">i", out, at + 4, media_time // old * millis)
    return bytes(out)
