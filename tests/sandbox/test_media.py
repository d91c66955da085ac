"""Files the sandbox serves: generated PNGs and the bundled sample MP4."""

from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass

import pytest

from visgate_sdk.sandbox.media import (
    MP4_CONTENT_TYPE,
    PNG_CONTENT_TYPE,
    render_png,
    sample_mp4,
)

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@dataclass
class DecodedPng:
    width: int
    height: int
    bit_depth: int
    color_type: int
    pixels: bytes  # decompressed scanlines, one filter byte before each row


def decode_png(data: bytes) -> DecodedPng:
    """Just enough of a PNG reader to check what the sandbox writes."""
    assert data[:8] == PNG_SIGNATURE
    pos = 8
    chunks: list[tuple[bytes, bytes]] = []
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind = data[pos + 4 : pos + 8]
        body = data[pos + 8 : pos + 8 + length]
        (crc,) = struct.unpack(">I", data[pos + 8 + length : pos + 12 + length])
        assert len(body) == length, "truncated chunk"
        assert zlib.crc32(kind + body) == crc, f"bad CRC in {kind!r}"
        chunks.append((kind, body))
        pos += 12 + length
    assert pos == len(data), "trailing bytes after the last chunk"
    kinds = [kind for kind, _ in chunks]
    assert kinds[0] == b"IHDR" and kinds[-1] == b"IEND"
    width, height, depth, color, compression, filtering, interlace = struct.unpack(
        ">IIBBBBB", chunks[0][1]
    )
    assert (compression, filtering, interlace) == (0, 0, 0)
    pixels = zlib.decompress(b"".join(body for kind, body in chunks if kind == b"IDAT"))
    return DecodedPng(width, height, depth, color, pixels)


def rows(png: DecodedPng) -> list[bytes]:
    stride = 1 + 3 * png.width
    return [png.pixels[i * stride + 1 : (i + 1) * stride] for i in range(png.height)]


def test_content_types() -> None:
    assert PNG_CONTENT_TYPE == "image/png"
    assert MP4_CONTENT_TYPE == "video/mp4"


@pytest.mark.parametrize(
    ("width", "height"),
    [(64, 64), (1024, 1024), (512, 768), (1920, 1080), (64, 4096), (4096, 64), (333, 97)],
)
def test_png_is_valid_rgb_of_the_requested_size(width: int, height: int) -> None:
    png = decode_png(render_png("a sunset over Istanbul", 42, width, height))
    assert (png.width, png.height) == (width, height)
    assert (png.bit_depth, png.color_type) == (8, 2)
    assert len(png.pixels) == height * (1 + 3 * width)
    # Filter type 0 keeps every scanline readable as plain RGB.
    assert all(png.pixels[i * (1 + 3 * width)] == 0 for i in range(height))


def test_largest_size_works() -> None:
    png = decode_png(render_png("mountain lake at night", 7, 4096, 4096))
    assert (png.width, png.height) == (4096, 4096)
    assert len(png.pixels) == 4096 * (1 + 3 * 4096)


@pytest.mark.parametrize(("width", "height"), [(0, 64), (64, 0), (-1, 64), (64, 100_000)])
def test_impossible_sizes_are_rejected(width: int, height: int) -> None:
    with pytest.raises(ValueError):
        render_png("x", None, width, height)


def test_png_is_deterministic() -> None:
    first = render_png("a cat in space", 42, 256, 256)
    assert render_png("a cat in space", 42, 256, 256) == first
    assert render_png("a cat in space", None, 256, 256) == render_png(
        "a cat in space", None, 256, 256
    )


@pytest.mark.parametrize(
    "prompts",
    [
        ("a cat in space", "a dog in space"),
        ("a sunset over Istanbul", "a sunset over Paris"),
        ("pine forest", "pine forest."),
    ],
)
def test_png_changes_with_the_prompt(prompts: tuple[str, str]) -> None:
    a, b = (decode_png(render_png(p, 1, 256, 256)).pixels for p in prompts)
    assert a != b


def test_png_changes_with_the_seed() -> None:
    images = {render_png("harbour at dusk", seed, 256, 256) for seed in (None, 0, 1, 2, 10**9)}
    assert len(images) == 5


def test_png_changes_with_the_size() -> None:
    small = decode_png(render_png("a lighthouse", 3, 200, 200))
    wide = decode_png(render_png("a lighthouse", 3, 400, 200))
    assert small.pixels != wide.pixels


def test_png_looks_like_a_picture_not_noise() -> None:
    png = decode_png(render_png("a sunset over Istanbul", 42, 512, 512))
    image_rows = rows(png)
    colours = {row[x : x + 3] for row in image_rows[::8] for x in range(0, len(row), 3 * 8)}
    # A painted scene: more than a flat fill, far fewer colours than random pixels.
    assert 20 < len(colours) < 5000
    # Long horizontal runs compress very well; noise would not.
    assert len(render_png("a sunset over Istanbul", 42, 512, 512)) < len(png.pixels) // 10
    # The top of the sky differs from the bottom of the picture.
    assert image_rows[0][:3] != image_rows[-1][:3]


@pytest.mark.parametrize(
    ("prompt", "warm"),
    [("golden sunset over the desert", True), ("the sea at night", False)],
)
def test_palette_follows_the_mood_of_the_prompt(prompt: str, warm: bool) -> None:
    png = decode_png(render_png(prompt, 5, 128, 128))
    # The sky just above the middle of the image carries the mood.
    row = rows(png)[png.height // 3]
    red = sum(row[0::3])
    blue = sum(row[2::3])
    assert (red > blue) is warm


def test_sample_mp4_is_an_mp4_file() -> None:
    data = sample_mp4()
    assert 10_000 < len(data) < 150_000
    (size,) = struct.unpack(">I", data[:4])
    assert data[4:8] == b"ftyp"
    assert 8 <= size <= len(data)
    assert data[8:12] in {b"isom", b"mp42", b"avc1", b"iso5"}
    # Top-level boxes tile the file exactly: no truncation.
    pos = 0
    boxes = []
    while pos < len(data):
        (size,) = struct.unpack(">I", data[pos : pos + 4])
        boxes.append(data[pos + 4 : pos + 8])
        assert size >= 8
        pos += size
    assert pos == len(data)
    assert b"moov" in boxes and b"mdat" in boxes
    # Fast start: the index comes before the media data, so players can stream it.
    assert boxes.index(b"moov") < boxes.index(b"mdat")


def test_sample_mp4_is_read_once() -> None:
    assert sample_mp4() is sample_mp4()
