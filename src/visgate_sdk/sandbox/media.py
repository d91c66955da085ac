"""Output files the sandbox serves: generated PNG landscapes and MP4 clips of any length.

The PNGs are small painted scenes (sky, sun or moon, clouds, mountains, hills, a skyline or
trees, water reflections) whose palette and layout come from the prompt and seed, so the same
request always returns the same picture and a different prompt or seed returns another one.
Everything is drawn as horizontal runs of pixels with ``bytes`` operations, which keeps a
1024x1024 image well under a fifth of a second in pure Python.

Painting is still the costliest thing the sandbox does, so it happens only when a file is
fetched. A generation's answer states the file's size before that: every PNG is padded with a
private ancillary chunk (``vsPd``, which decoders skip) to :func:`png_size`, a function of the
dimensions alone. The clips are the bundled sample, retimed to the requested duration.
"""

from __future__ import annotations

import hashlib
import itertools
import math
import re
import struct
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

__all__ = [
    "MAX_SIDE",
    "MIN_SIDE",
    "MP4_CONTENT_TYPE",
    "PNG_CONTENT_TYPE",
    "png_size",
    "render_png",
    "sample_mp4",
    "video_mp4",
]

PNG_CONTENT_TYPE = "image/png"
MP4_CONTENT_TYPE = "video/mp4"

MIN_SIDE = 8
MAX_SIDE = 8192

Color = tuple[int, int, int]

_MASK64 = (1 << 64) - 1
_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
# Level 6 compresses these run-heavy rows about as well as 9 at a fraction of the time.
_ZLIB_LEVEL = 6
_WATER_SHADES = 8
# Room for the compressed pixels: 5 % of the raw rows plus 4 KiB. Painted scenes take 1-3 %
# (small ones up to 18 %, where the stored form, which always fits, is the smaller budget).
_BUDGET_SHARE = 20
_BUDGET_SLACK = 4096
_STORED_BLOCK = 65535
_PAD_CHUNK = b"vsPd"  # ancillary, private, safe to copy: readers skip it


# --------------------------------------------------------------------------------------------
# Public API
# --------------------------------------------------------------------------------------------


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
    rows = _Scene(prompt, seed, width, height).render()
    budget = _idat_budget(width, height)
    raw = b"\x00" + b"\x00".join(rows)
    data = zlib.compress(raw, _ZLIB_LEVEL)
    if len(data) > budget:
        data = _stored(raw) if budget == _stored_length(len(raw)) else b""
    if not data or len(data) > budget:
        # Never seen with painted scenes; the sky alone always fits (rows of one colour).
        sky = _Scene(prompt, seed, width, height)
        flat = [bytearray(sky.sky_px[min(y, sky.horizon - 1)] * width) for y in range(height)]
        data = zlib.compress(b"\x00" + b"\x00".join(flat), 9)
    return _encode_png(width, height, data, budget)


def sample_mp4() -> bytes:
    """The bundled sample clip (H.264, 480x270, 24 fps, 3 s)."""
    return _read_sample_mp4()


@lru_cache(maxsize=64)
def video_mp4(duration: float) -> bytes:
    """The sample clip retimed to last ``duration`` seconds (to the millisecond).

    Its 72 frames are spread over the new length: the media timescale becomes 72000 and
    each frame lasts ``duration`` in milliseconds; the movie, track, edit list and
    composition offsets are rewritten to match. The length of the file never changes.
    """
    if not (duration > 0 and math.isfinite(duration)):
        raise ValueError(f"duration must be a positive number of seconds, got {duration}")
    return _retime(_read_sample_mp4(), max(1, round(duration * 1000)))


@lru_cache(maxsize=1)
def _read_sample_mp4() -> bytes:
    resource = resources.files("visgate_sdk.sandbox").joinpath("data/sample.mp4")
    return resource.read_bytes()


# --------------------------------------------------------------------------------------------
# PNG encoding
# --------------------------------------------------------------------------------------------


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
    blocks = range(0, max(1, len(raw)), _STORED_BLOCK)
    for start in blocks:
        block = raw[start : start + _STORED_BLOCK]
        final = 1 if start + _STORED_BLOCK >= len(raw) else 0
        parts.append(struct.pack("<BHH", final, len(block), 0xFFFF ^ len(block)) + block)
    parts.append(struct.pack(">I", zlib.adler32(raw)))
    return b"".join(parts)


def _encode_png(width: int, height: int, data: bytes, budget: int) -> bytes:
    # Filter type 0 on every row: the rows are long runs that deflate already handles well,
    # and computing Sub/Up filters would need per-pixel Python work.
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"".join(
        (
            _PNG_SIGNATURE,
            _chunk(b"IHDR", header),
            _chunk(b"IDAT", data),
            _chunk(_PAD_CHUNK, bytes(budget - len(data))),
            _chunk(b"IEND", b""),
        )
    )


# --------------------------------------------------------------------------------------------
# MP4 retiming
# --------------------------------------------------------------------------------------------

_CONTAINERS = frozenset({b"moov", b"trak", b"mdia", b"minf", b"stbl", b"edts"})
_MEDIA_TIMESCALE = 72_000  # the sample's 72 frames: one frame lasts the duration in ms


def _boxes(data: bytes | bytearray, start: int, end: int) -> list[tuple[bytes, int, int]]:
    """(type, offset of the body, end) of each box in ``data[start:end]`` (32-bit sizes)."""
    found = []
    while start + 8 <= end:
        size, kind = struct.unpack_from(">I4s", data, start)
        if size < 8:
            raise ValueError(f"unsupported MP4 box size {size} at {start}")
        found.append((kind, start + 8, start + size))
        start += size
    return found


def _retime(sample: bytes, millis: int) -> bytes:
    out = bytearray(sample)
    stack = _boxes(out, 0, len(out))
    while stack:
        kind, body, end = stack.pop()
        if kind in _CONTAINERS:
            stack.extend(_boxes(out, body, end))
        elif kind == b"mvhd":  # version 0: timescale at +12, duration at +16
            struct.pack_into(">II", out, body + 12, 1000, millis)
        elif kind == b"tkhd":  # version 0: duration at +20 (movie timescale)
            struct.pack_into(">I", out, body + 20, millis)
        elif kind == b"mdhd":
            frames = _frame_count(out)
            struct.pack_into(">II", out, body + 12, _MEDIA_TIMESCALE, frames * millis)
    old_delta = _rewrite_stts(out, millis)
    _rewrite_offsets(out, old_delta, millis)
    return bytes(out)


def _find(data: bytearray, path: Sequence[bytes]) -> tuple[int, int]:
    start, end = 0, len(data)
    for name in path:
        match = next((b, e) for k, b, e in _boxes(data, start, end) if k == name)
        start, end = match
    return start, end


_STBL = (b"moov", b"trak", b"mdia", b"minf", b"stbl")


def _frame_count(data: bytearray) -> int:
    body, _ = _find(data, (*_STBL, b"stsz"))
    return int(struct.unpack_from(">I", data, body + 8)[0])


def _rewrite_stts(data: bytearray, millis: int) -> int:
    """One run of equal frame durations becomes ``millis`` units; returns the old duration."""
    body, _ = _find(data, (*_STBL, b"stts"))
    entries, _count, delta = struct.unpack_from(">III", data, body + 4)
    if entries != 1:
        raise ValueError("the sample clip must have frames of one duration")
    struct.pack_into(">I", data, body + 12, millis)
    return int(delta)


def _rewrite_offsets(data: bytearray, old_delta: int, millis: int) -> None:
    """Composition offsets and the edit list's start are whole frames: keep them whole."""
    body, _ = _find(data, (*_STBL, b"ctts"))
    (entries,) = struct.unpack_from(">I", data, body + 4)
    for n in range(entries):
        at = body + 8 + 8 * n + 4
        (offset,) = struct.unpack_from(">I", data, at)
        struct.pack_into(">I", data, at, offset // old_delta * millis)
    body, _ = _find(data, (b"moov", b"trak", b"edts", b"elst"))
    (entries,) = struct.unpack_from(">I", data, body + 4)
    for n in range(entries):  # version 0: segment duration, media time, rate
        at = body + 8 + 12 * n
        (media_time,) = struct.unpack_from(">i", data, at + 4)
        struct.pack_into(">I", data, at, millis)
        if media_time > 0:
            struct.pack_into(">i", data, at + 4, media_time // old_delta * millis)


# --------------------------------------------------------------------------------------------
# Colour and randomness helpers
# --------------------------------------------------------------------------------------------


class _Rng:
    """splitmix64, so pictures stay identical across Python versions (``random`` may not)."""

    def __init__(self, seed: int) -> None:
        self._state = seed & _MASK64

    def _next(self) -> int:
        self._state = (self._state + 0x9E3779B97F4A7C15) & _MASK64
        z = self._state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & _MASK64
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & _MASK64
        return z ^ (z >> 31)

    def random(self) -> float:
        return (self._next() >> 11) / float(1 << 53)

    def uniform(self, low: float, high: float) -> float:
        return low + (high - low) * self.random()

    def chance(self, probability: float) -> bool:
        return self.random() < probability

    def randint(self, low: int, high: int) -> int:
        return low + self._next() % (high - low + 1)


def _clamp(value: float) -> int:
    return 0 if value < 0 else 255 if value > 255 else int(value + 0.5)


def _mix(a: Color, b: Color, t: float) -> Color:
    return (
        _clamp(a[0] + (b[0] - a[0]) * t),
        _clamp(a[1] + (b[1] - a[1]) * t),
        _clamp(a[2] + (b[2] - a[2]) * t),
    )


def _shade(color: Color, factor: float) -> Color:
    return (_clamp(color[0] * factor), _clamp(color[1] * factor), _clamp(color[2] * factor))


def _px(color: Color) -> bytes:
    return bytes(color)


def _gradient(stops: Sequence[tuple[float, Color]], t: float) -> Color:
    if t <= stops[0][0]:
        return stops[0][1]
    for (t0, c0), (t1, c1) in itertools.pairwise(stops):
        if t <= t1:
            return _mix(c0, c1, (t - t0) / (t1 - t0) if t1 > t0 else 1.0)
    return stops[-1][1]


# --------------------------------------------------------------------------------------------
# Palettes and prompt keywords
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Palette:
    sky: tuple[tuple[float, Color], ...]  # stops from the top of the image (0) to the horizon (1)
    sun: Color
    night: bool
    cloud: Color
    far: Color
    mid: Color
    near: Color
    ground: Color
    water: tuple[float, float, float]  # per-channel gain applied to reflections
    lights: Color
    snow: Color
    low_sun: bool = False  # sun sits near the horizon (sunset, dawn, golden hour)
    sun_scale: float = 1.0  # the cosmic palette shows a large planet instead of a moon


_PALETTES: dict[str, _Palette] = {
    "sunset": _Palette(
        sky=(
            (0.0, (43, 26, 79)),
            (0.45, (190, 64, 106)),
            (0.8, (245, 134, 76)),
            (1.0, (255, 196, 112)),
        ),
        sun=(255, 238, 180),
        night=False,
        cloud=(255, 168, 140),
        far=(150, 76, 112),
        mid=(98, 44, 92),
        near=(44, 22, 54),
        ground=(58, 30, 62),
        water=(0.62, 0.48, 0.66),
        lights=(255, 204, 110),
        snow=(255, 206, 190),
        low_sun=True,
    ),
    "golden": _Palette(
        sky=((0.0, (74, 118, 176)), (0.55, (232, 176, 120)), (1.0, (255, 222, 150))),
        sun=(255, 248, 206),
        night=False,
        cloud=(255, 236, 210),
        far=(156, 124, 122),
        mid=(122, 104, 58),
        near=(60, 52, 32),
        ground=(92, 80, 40),
        water=(0.55, 0.58, 0.66),
        lights=(255, 220, 140),
        snow=(252, 238, 222),
        low_sun=True,
    ),
    "night": _Palette(
        sky=((0.0, (4, 7, 26)), (0.55, (16, 28, 70)), (1.0, (44, 64, 118))),
        sun=(236, 236, 218),
        night=True,
        cloud=(72, 84, 124),
        far=(32, 44, 84),
        mid=(20, 28, 58),
        near=(8, 12, 28),
        ground=(12, 18, 36),
        water=(0.55, 0.65, 0.85),
        lights=(255, 214, 120),
        snow=(150, 162, 204),
    ),
    "cosmic": _Palette(
        sky=((0.0, (10, 4, 28)), (0.5, (58, 20, 92)), (1.0, (148, 58, 138))),
        sun=(255, 196, 230),
        night=True,
        cloud=(124, 64, 146),
        far=(76, 32, 104),
        mid=(42, 16, 66),
        near=(18, 8, 32),
        ground=(26, 10, 40),
        water=(0.6, 0.45, 0.75),
        lights=(120, 240, 255),
        snow=(222, 176, 242),
        sun_scale=1.8,
    ),
    "day": _Palette(
        sky=((0.0, (30, 96, 190)), (0.65, (110, 172, 232)), (1.0, (205, 230, 250))),
        sun=(255, 252, 236),
        night=False,
        cloud=(250, 252, 255),
        far=(112, 142, 178),
        mid=(70, 130, 92),
        near=(36, 84, 54),
        ground=(62, 112, 62),
        water=(0.5, 0.66, 0.86),
        lights=(250, 240, 200),
        snow=(245, 248, 255),
    ),
    "dawn": _Palette(
        sky=((0.0, (82, 100, 168)), (0.5, (226, 150, 176)), (1.0, (255, 214, 186))),
        sun=(255, 244, 220),
        night=False,
        cloud=(255, 222, 228),
        far=(152, 122, 162),
        mid=(104, 84, 128),
        near=(56, 44, 76),
        ground=(72, 58, 92),
        water=(0.6, 0.55, 0.72),
        lights=(255, 230, 170),
        snow=(255, 236, 240),
        low_sun=True,
    ),
    "winter": _Palette(
        sky=((0.0, (108, 140, 186)), (0.6, (180, 204, 230)), (1.0, (232, 240, 248))),
        sun=(255, 255, 245),
        night=False,
        cloud=(245, 248, 252),
        far=(196, 210, 230),
        mid=(150, 172, 202),
        near=(72, 92, 124),
        ground=(222, 232, 244),
        water=(0.58, 0.66, 0.78),
        lights=(255, 230, 170),
        snow=(255, 255, 255),
    ),
    "forest": _Palette(
        sky=((0.0, (60, 130, 200)), (0.7, (150, 200, 235)), (1.0, (225, 240, 240))),
        sun=(255, 250, 225),
        night=False,
        cloud=(255, 255, 255),
        far=(102, 140, 162),
        mid=(72, 132, 72),
        near=(30, 80, 44),
        ground=(54, 110, 52),
        water=(0.48, 0.64, 0.74),
        lights=(255, 236, 180),
        snow=(240, 248, 255),
    ),
}


def _wordset(text: str) -> frozenset[str]:
    return frozenset(text.split())


_PALETTE_WORDS: dict[str, str] = {
    word: palette
    for palette, words in {
        "sunset": "sunset sunsets dusk evening fire autumn fall warm desert sahara orange red "
        "volcano lava",
        "golden": "golden gold afternoon summer savanna wheat honey amber hour",
        "night": "night nights moon moonlight midnight dark star stars starry noir neon cyberpunk",
        "cosmic": "space galaxy nebula cosmic planet alien astronaut universe dream fantasy "
        "magic mystic",
        "day": "sea ocean beach blue water sail sailing island harbor harbour bay coast sky",
        "dawn": "dawn sunrise morning pink spring cherry sakura pastel",
        "winter": "snow snowy winter ice icy frozen arctic christmas cold glacier",
        "forest": "forest forests tree trees green jungle meadow garden valley park nature",
    }.items()
    for word in words.split()
}

_WATER_WORDS = _wordset(
    "sea ocean beach lake river water harbor harbour bay coast island bosphorus istanbul "
    "venice reflection reflections pond sail sailing boat boats"
)
_CITY_WORDS = _wordset(
    "city cities skyline istanbul tokyo paris london york street downtown urban town "
    "building buildings skyscraper skyscrapers cyberpunk neon metropolis"
)
_MOUNTAIN_WORDS = _wordset(
    "mountain mountains alps peak peaks himalaya everest volcano canyon hiking glacier winter snow"
)
_TREE_WORDS = _wordset("forest forests tree trees pine pines woods jungle camping")


# --------------------------------------------------------------------------------------------
# Scene
# --------------------------------------------------------------------------------------------

_Span = tuple[int, int, bytes]


class _Scene:
    """Lays out one picture, then paints it row by row from per-row lists of pixel runs."""

    def __init__(self, prompt: str, seed: int | None, width: int, height: int) -> None:
        digest = hashlib.sha256(f"{seed!r}\x1f{prompt}".encode()).digest()
        self.rng = _Rng(int.from_bytes(digest[:8], "big"))
        self.w = width
        self.h = height
        self.s = min(width, height)
        words = re.findall(r"[a-z]+", prompt.lower())
        present = set(words)

        name = next((_PALETTE_WORDS[w] for w in words if w in _PALETTE_WORDS), None)
        if name is None:
            names = sorted(_PALETTES)
            name = names[self.rng.randint(0, len(names) - 1)]
        self.palette = _PALETTES[name]

        rng = self.rng
        self.water = bool(present & _WATER_WORDS) or (not present & _TREE_WORDS and rng.chance(0.4))
        self.city = bool(present & _CITY_WORDS) or (
            not present & (_TREE_WORDS | _MOUNTAIN_WORDS) and rng.chance(0.3)
        )
        self.mountains = bool(present & _MOUNTAIN_WORDS) or (not self.city and rng.chance(0.6))
        self.trees = bool(present & _TREE_WORDS) or (
            not self.city and name == "forest" and rng.chance(0.7)
        )

        self.horizon = min(height - 1, max(1, int(height * rng.uniform(0.6, 0.7))))
        span = max(1, self.horizon - 1)
        self.sky = [_gradient(self.palette.sky, y / span) for y in range(self.horizon)]
        self.sky_px = [_px(c) for c in self.sky]
        self.spans: list[list[_Span]] = [[] for _ in range(height)]
        self.sun_x = width * rng.uniform(0.18, 0.82)
        self.sun_r = max(1.0, self.s * rng.uniform(0.06, 0.1))

    # -- primitives ----------------------------------------------------------------------

    def _run(self, y: int, x0: float, x1: float, px: bytes) -> None:
        a = max(0, int(x0 + 0.5))
        b = min(self.w, int(x1 + 0.5))
        if b > a and 0 <= y < self.h:
            self.spans[y].append((a * 3, b * 3, px * (b - a)))

    def _disc(
        self, cx: float, cy: float, r: float, color: Callable[[int], bytes], y_end: int
    ) -> None:
        top = max(0, math.floor(cy - r))
        for y in range(top, min(y_end, math.ceil(cy + r) + 1)):
            dy = y + 0.5 - cy
            if abs(dy) < r:
                half = math.sqrt(r * r - dy * dy)
                self._run(y, cx - half, cx + half, color(y))

    def _bumps(
        self, bumps: Sequence[tuple[float, float, float]], color: Callable[[int], bytes]
    ) -> None:
        """Cosine-shaped hills ``(centre x, half width, height)`` standing on the horizon."""
        for cx, half_width, amplitude in bumps:
            for y in range(max(0, math.floor(self.horizon - amplitude)), self.horizon):
                level = (self.horizon - y) / amplitude
                if level < 1.0:
                    dx = half_width / math.pi * math.acos(2.0 * level - 1.0)
                    self._run(y, cx - dx, cx + dx, color(y))

    @staticmethod
    def _ridge(bumps: Sequence[tuple[float, float, float]], x: float) -> float:
        best = 0.0
        for cx, half_width, amplitude in bumps:
            dx = abs(x - cx)
            if dx < half_width:
                best = max(best, amplitude * (1.0 + math.cos(math.pi * dx / half_width)) / 2.0)
        return best

    # -- layers --------------------------------------------------------------------------

    def _stars(self) -> None:
        rng = self.rng
        size = max(1, round(self.s / 700))
        for _ in range(int(self.w * self.horizon / 2200)):
            y = int(self.horizon * 0.85 * rng.random() ** 1.6)
            x = self.w * rng.random()
            px = _px(_mix(self.sky[y], (255, 255, 240), rng.uniform(0.35, 1.0)))
            grow = size + (1 if rng.chance(0.08) else 0)
            for yy in range(y, min(self.horizon, y + grow)):
                self._run(yy, x, x + grow, px)

    def _sun(self) -> None:
        rng, pal = self.rng, self.palette
        r, cx = self.sun_r * pal.sun_scale, self.sun_x
        if pal.low_sun:
            cy = self.horizon - r * rng.uniform(0.1, 1.6)
        elif pal.night:
            cy = self.horizon * rng.uniform(0.15, 0.4)
        else:
            cy = self.horizon * rng.uniform(0.18, 0.42)
        strength = 0.05 if pal.night else 0.1
        for ring in (6, 5, 4, 3, 2, 1):
            alpha = strength * (7 - ring) / 2.2

            def halo(y: int, alpha: float = alpha) -> bytes:
                return _px(_mix(self.sky[y], pal.sun, alpha))

            self._disc(cx, cy, r * (1.0 + 0.4 * ring), halo, self.horizon)
        disc = _px(pal.sun)
        self._disc(cx, cy, r, lambda _y: disc, self.horizon)
        if pal.night:
            crater = _px(_shade(pal.sun, 0.86))
            for _ in range(4):
                angle = rng.uniform(0, 2 * math.pi)
                dist = r * rng.uniform(0.1, 0.6)
                self._disc(
                    cx + math.cos(angle) * dist,
                    cy + math.sin(angle) * dist,
                    r * rng.uniform(0.1, 0.22),
                    lambda _y: crater,
                    self.horizon,
                )

    def _clouds(self) -> None:
        rng, pal = self.rng, self.palette
        count = rng.randint(0, 2) if pal.night else rng.randint(2, 5)
        for _ in range(count):
            width = self.w * rng.uniform(0.12, 0.3)
            height = width * rng.uniform(0.16, 0.26)
            base = self.horizon * rng.uniform(0.18, 0.62)
            left = self.w * rng.uniform(-0.1, 1.0)
            opacity = rng.uniform(0.55, 0.85)
            top = base - height

            def tint(y: int, top: float = top, height: float = height, o: float = opacity) -> bytes:
                t = min(1.0, max(0.0, (y - top) / height))
                return _px(_mix(self.sky[y], pal.cloud, o * (1.0 - 0.4 * t)))

            for _ in range(rng.randint(3, 6)):
                ex = left + width * rng.random()
                rx = width * rng.uniform(0.14, 0.28)
                ry = height * rng.uniform(0.45, 0.95)
                ey = base - ry * 0.55
                for y in range(max(0, math.floor(ey - ry)), min(self.horizon, math.ceil(base))):
                    dy = (y + 0.5 - ey) / ry
                    if abs(dy) < 1.0:
                        half = rx * math.sqrt(1.0 - dy * dy)
                        self._run(y, ex - half, ex + half, tint(y))

    def _mountains(self) -> None:
        rng, pal = self.rng, self.palette
        haze = self.sky[-1]
        lit = _px(_mix(pal.far, haze, 0.25))
        dark = _px(_mix(_shade(pal.far, 0.78), haze, 0.2))
        snow_lit = _px(_mix(pal.snow, haze, 0.15))
        snow_dark = _px(_mix(_shade(pal.snow, 0.82), haze, 0.15))
        peaks = rng.randint(3, 6)
        for i in range(peaks):
            cx = self.w * (i + rng.uniform(0.1, 0.9)) / peaks
            top = self.horizon - self.h * rng.uniform(0.1, 0.28)
            slope = rng.uniform(1.1, 2.2)
            cap = (self.horizon - top) * rng.uniform(0.14, 0.28)
            for y in range(max(0, math.floor(top)), self.horizon):
                depth = y + 0.5 - top
                if depth <= 0:
                    continue
                half = depth * slope
                snowy = depth < cap
                self._run(y, cx - half, cx, snow_lit if snowy else lit)
                self._run(y, cx, cx + half, snow_dark if snowy else dark)

    def _hills(self) -> list[tuple[float, float, float]]:
        rng, pal = self.rng, self.palette
        bumps = [
            (
                self.w * rng.uniform(-0.1, 1.1),
                self.w * rng.uniform(0.18, 0.42),
                self.h * rng.uniform(0.05, 0.13),
            )
            for _ in range(rng.randint(3, 6))
        ]
        tallest = max(b[2] for b in bumps)
        haze = self.sky[-1]
        top_c, bottom_c = _mix(pal.mid, haze, 0.15), _shade(pal.mid, 0.85)

        def color(y: int) -> bytes:
            return _px(_mix(top_c, bottom_c, 1.0 - (self.horizon - y) / tallest))

        self._bumps(bumps, color)
        return bumps

    def _foreground(self) -> None:
        rng, pal = self.rng, self.palette
        bumps = [
            (
                self.w * rng.uniform(-0.1, 1.1),
                self.w * rng.uniform(0.15, 0.35),
                self.h * rng.uniform(0.02, 0.07),
            )
            for _ in range(rng.randint(2, 5))
        ]
        near = _px(pal.near)
        self._bumps(bumps, lambda _y: near)
        if not self.trees:
            return
        tree = _px(_shade(pal.near, 0.78))
        unit = self.s * 0.012
        for _ in range(rng.randint(12, 40)):
            x = self.w * rng.random()
            ground = self.horizon - self._ridge(bumps, x)
            height = unit * rng.uniform(3.0, 7.0)
            width = height * rng.uniform(0.45, 0.6)
            for tier in range(3):
                # Three stacked triangles, each wider and lower, read as a pine.
                apex = ground - height * (1.0 - tier * 0.28)
                tier_h = height * 0.45
                for y in range(max(0, math.floor(apex)), min(self.horizon, math.ceil(ground))):
                    depth = y + 0.5 - apex
                    if 0 < depth <= tier_h:
                        half = width / 2 * (0.6 + 0.2 * tier) * depth / tier_h
                        self._run(y, x - half, x + half, tree)
            trunk_w = max(1.0, width * 0.1)
            for y in range(max(0, math.floor(ground - height * 0.15)), self.horizon):
                self._run(y, x - trunk_w / 2, x + trunk_w / 2, tree)

    def _building(self, x: float, width: float, height: float, wall: Color, windows: bool) -> None:
        rng, pal = self.rng, self.palette
        top = self.horizon - height
        wall_px = _px(wall)
        a, b = max(0, int(x + 0.5)), min(self.w, int(x + width + 0.5))
        if b <= a:
            return
        patterns: list[bytes] = []
        row_period = max(3, round(self.s * 0.016))
        if windows and b - a >= 4:
            col_period = max(3, round(self.s * 0.012))
            win = max(1, col_period // 2)
            lit_share = 0.4 if pal.night or pal.low_sun else 0.12
            lit_px = _px(pal.lights)
            glass_px = _px(_mix(wall, self.sky[0], 0.35))
            for _ in range(3):
                cells = bytearray(wall_px * (b - a))
                for cx in range(a + 1, b - win, col_period):
                    cell = lit_px if rng.chance(lit_share) else glass_px
                    offset = (cx - a) * 3
                    cells[offset : offset + win * 3] = cell * win
                patterns.append(bytes(cells))
        wall_row = wall_px * (b - a)
        for y in range(max(0, math.floor(top)), self.horizon):
            depth = y - int(top)
            use = wall_row
            if patterns and depth > row_period and depth % row_period < row_period // 2:
                use = patterns[(depth // row_period) % len(patterns)]
            self.spans[y].append((a * 3, b * 3, use))
        ornament = rng.random()
        if ornament < 0.15:
            self._disc(x + width / 2, top, width / 2, lambda _y: wall_px, math.ceil(top))
        elif ornament < 0.3:
            spire_w = max(1.0, width * 0.08)
            spire_top = top - height * rng.uniform(0.2, 0.5)
            for y in range(max(0, math.floor(spire_top)), max(0, math.ceil(top))):
                self._run(y, x + width / 2 - spire_w / 2, x + width / 2 + spire_w / 2, wall_px)

    def _skyline(self) -> None:
        rng, pal = self.rng, self.palette
        back = _mix(pal.near, pal.far, 0.55)
        x = -self.w * rng.uniform(0.0, 0.05)
        while x < self.w:
            width = self.w * rng.uniform(0.03, 0.07)
            self._building(x, width, self.h * rng.uniform(0.07, 0.24), back, windows=False)
            x += width * rng.uniform(0.8, 1.2)
        x = -self.w * rng.uniform(0.0, 0.03)
        while x < self.w:
            width = self.w * rng.uniform(0.025, 0.06)
            self._building(x, width, self.h * rng.uniform(0.04, 0.15), pal.near, windows=True)
            x += width * rng.uniform(1.0, 1.6)

    # -- below the horizon ---------------------------------------------------------------

    def _water_rows(self, above: list[bytearray]) -> list[bytearray]:
        rng, pal = self.rng, self.palette
        depth = self.h - self.horizon
        tables = []
        for shade in range(_WATER_SHADES):
            factor = 0.92 - 0.3 * shade / _WATER_SHADES
            tables.append(
                [bytes(_clamp(v * gain * factor + 10) for v in range(256)) for gain in pal.water]
            )
        glitter = _px(_mix(pal.sun, self.sky[-1], 0.25))
        streak = _px(_mix(self.sky[-1], (255, 255, 255), 0.3))
        band = max(1, round(self.s / 260))
        phase = rng.uniform(0, 2 * math.pi)
        rows: list[bytearray] = []
        for d in range(depth):
            closeness = d / max(1, depth)
            src = above[max(0, self.horizon - 1 - d)]
            shift = 3 * int((1.0 + self.s * 0.006 * closeness) * math.sin(d * 0.9 + phase))
            mirrored = src[shift:] + src[:shift] if shift else src
            shade_tables = tables[min(_WATER_SHADES - 1, int(closeness * _WATER_SHADES))]
            row = bytearray(len(mirrored))
            for channel in range(3):
                row[channel::3] = mirrored[channel::3].translate(shade_tables[channel])
            if (d // band) % 2 == 0:
                half = self.sun_r * rng.uniform(0.25, 1.0) * (1.0 + 1.5 * closeness)
                if pal.night:
                    half *= 0.6
                a = max(0, int(self.sun_x - half))
                b = min(self.w, int(self.sun_x + half))
                if b > a:
                    row[a * 3 : b * 3] = glitter * (b - a)
            if rng.chance(0.18):
                length = self.w * rng.uniform(0.02, 0.12)
                start = self.w * rng.random()
                a, b = max(0, int(start)), min(self.w, int(start + length))
                if b > a:
                    row[a * 3 : b * 3] = streak * (b - a)
            rows.append(row)
        return rows

    def _ground_rows(self) -> list[bytearray]:
        pal = self.palette
        depth = self.h - self.horizon
        top_c = _mix(pal.ground, pal.mid, 0.35)
        bottom_c = _shade(pal.ground, 0.62)
        stripe = max(2, round(self.s / 60))
        rows: list[bytearray] = []
        for d in range(depth):
            color = _mix(top_c, bottom_c, d / max(1, depth))
            if (d // stripe) % 2:
                color = _shade(color, 0.95)
            rows.append(bytearray(_px(color) * self.w))
        return rows

    # -- assembly ------------------------------------------------------------------------

    def render(self) -> list[bytearray]:
        """Paint the picture and return its rows (RGB bytes, no filter byte)."""
        if self.palette.night:
            self._stars()
        self._sun()
        self._clouds()
        if self.mountains:
            self._mountains()
        self._hills()
        if self.city:
            self._skyline()
        else:
            self._foreground()

        rows: list[bytearray] = []
        for y in range(self.horizon):
            row = bytearray(self.sky_px[y] * self.w)
            for a, b, data in self.spans[y]:
                row[a:b] = data
            rows.append(row)
        rows.extend(self._water_rows(rows) if self.water else self._ground_rows())
        return rows
