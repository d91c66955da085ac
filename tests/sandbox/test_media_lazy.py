"""Media made when fetched: PNG sizes known up front, clips as long as the request asked."""

from __future__ import annotations

import shutil
import struct
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.sandbox.test_media import decode_png
from visgate_sdk.sandbox import Sandbox, media


@pytest.fixture
def http(sandbox: Sandbox) -> Iterator[httpx.Client]:
    headers = {"Authorization": f"Bearer {sandbox.api_key}"}
    with httpx.Client(base_url=sandbox.base_url, headers=headers, timeout=30) as c:
        yield c


# --- a small MP4 reader ----------------------------------------------------------------------


def boxes(data: bytes, start: int = 0, end: int | None = None) -> dict[bytes, tuple[int, int]]:
    end = len(data) if end is None else end
    found: dict[bytes, tuple[int, int]] = {}
    while start < end:
        size, kind = struct.unpack_from(">I4s", data, start)
        assert size >= 8 and start + size <= end, "box overruns its parent"
        found.setdefault(kind, (start + 8, start + size))
        start += size
    assert start == end
    return found


def box(data: bytes, *path: bytes) -> tuple[int, int]:
    start, end = 0, len(data)
    for name in path:
        start, end = boxes(data, start, end)[name]
    return start, end


def timing(clip: bytes) -> dict[str, float]:
    """Durations in seconds as the movie, track, media and sample tables state them."""
    mvhd, _ = box(clip, b"moov", b"mvhd")
    movie_scale, movie = struct.unpack_from(">II", clip, mvhd + 12)
    tkhd, _ = box(clip, b"moov", b"trak", b"tkhd")
    (track,) = struct.unpack_from(">I", clip, tkhd + 20)
    mdhd, _ = box(clip, b"moov", b"trak", b"mdia", b"mdhd")
    media_scale, media_units = struct.unpack_from(">II", clip, mdhd + 12)
    stbl = (b"moov", b"trak", b"mdia", b"minf", b"stbl")
    stts, _ = box(clip, *stbl, b"stts")
    (entries,) = struct.unpack_from(">I", clip, stts + 4)
    samples = sum(
        count * delta
        for count, delta in (
            struct.unpack_from(">II", clip, stts + 8 + 8 * n) for n in range(entries)
        )
    )
    elst, _ = box(clip, b"moov", b"trak", b"edts", b"elst")
    (edit,) = struct.unpack_from(">I", clip, elst + 8)
    return {
        "movie": movie / movie_scale,
        "track": track / movie_scale,
        "edit": edit / movie_scale,
        "media": media_units / media_scale,
        "samples": samples / media_scale,
    }


@pytest.mark.parametrize("seconds", [0.5, 3.0, 5.0, 7.25, 60.0])
def test_a_clip_lasts_what_was_asked_in_every_table(seconds: float) -> None:
    clip = media.video_mp4(seconds)
    assert clip[4:8] == b"ftyp" and b"mdat" in boxes(clip)
    assert timing(clip) == pytest.approx(dict.fromkeys(timing(clip), seconds), abs=1e-3)
    assert len(clip) == len(media.sample_mp4())  # only numbers change, never the frames


def test_composition_offsets_stay_whole_frames() -> None:
    sample, clip = media.sample_mp4(), media.video_mp4(5.0)
    stbl = (b"moov", b"trak", b"mdia", b"minf", b"stbl")

    def offsets(data: bytes) -> list[int]:
        start, _ = box(data, *stbl, b"ctts")
        (n,) = struct.unpack_from(">I", data, start + 4)
        return [struct.unpack_from(">I", data, start + 12 + 8 * i)[0] for i in range(n)]

    old = [o // 512 for o in offsets(sample)]  # the sample's frames last 512 units
    assert [o // 5000 for o in offsets(clip)] == old and all(o % 5000 == 0 for o in offsets(clip))


@pytest.mark.skipif(shutil.which("ffprobe") is None, reason="ffprobe not installed")
def test_ffprobe_agrees(tmp_path: Path) -> None:
    path = tmp_path / "clip.mp4"
    path.write_bytes(media.video_mp4(7.5))
    out = subprocess.run(
        ["ffprobe", "-v", "error", "-show_entries", "format=duration", "-of", "csv=p=0", path],
        capture_output=True,
        text=True,
        timeout=30,
        check=True,
    )
    assert float(out.stdout) == pytest.approx(7.5, abs=0.05)


@pytest.mark.parametrize("bad", [0.0, -1.0, float("nan"), float("inf")])
def test_impossible_durations_are_rejected(bad: float) -> None:
    with pytest.raises(ValueError, match="duration"):
        media.video_mp4(bad)


def test_the_video_result_and_its_file_agree_with_the_request(
    sandbox: Sandbox, http: httpx.Client
) -> None:
    body = {"model": "fal-ai/veo3", "prompt": "a long pan over hills", "duration_seconds": 8.5}
    for headers in ({}, {"Prefer": "respond-async"}):
        answer = http.post("/videos/generate", json=body, headers=headers).json()
        if "request_id" in answer:
            deadline = time.monotonic() + 10
            while (status := http.get(f"/requests/{answer['request_id']}").json())[
                "status"
            ] != "completed":
                assert time.monotonic() < deadline
            answer = status["result"]
        assert answer["duration_seconds"] == 8.5
        clip = httpx.get(answer["video_url"]).content
        assert len(clip) == answer["output_size_bytes"]
        assert timing(clip)["movie"] == pytest.approx(8.5, abs=1e-3)
        body = {**body, "prompt": body["prompt"] + " again"}  # a miss, not a cache hit


# --- PNGs -----------------------------------------------------------------------------------


@pytest.mark.parametrize(("width", "height"), [(8, 8), (64, 77), (333, 700), (1024, 1024)])
def test_every_png_is_exactly_the_announced_size(width: int, height: int) -> None:
    for prompt, seed in (("a city at night", 1), ("snowy mountains over a lake", None)):
        png = media.render_png(prompt, seed, width, height)
        assert len(png) == media.png_size(width, height)
        decoded = decode_png(png)  # valid: CRCs, IHDR first, IEND last, pixels inflate
        assert (decoded.width, decoded.height) == (width, height)
        assert len(decoded.pixels) == (3 * width + 1) * height


def test_stored_blocks_are_a_valid_zlib_stream_of_the_computed_length() -> None:
    import zlib

    for raw in (b"", b"x", bytes(range(256)) * 700):
        stream = media._stored(raw)
        assert zlib.decompress(stream) == raw
        assert len(stream) == media._stored_length(len(raw))


def test_a_generation_paints_nothing_until_the_file_is_fetched(
    sandbox: Sandbox, http: httpx.Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    painted: list[str] = []
    real = media.paint

    def spy(*args: Any) -> list[bytes]:
        painted.append("scene")
        return real(*args)

    monkeypatch.setattr(media, "paint", spy)
    body = {"model": "fal-ai/flux/schnell", "prompt": "a lazy red barn", "num_images": 2}
    result = http.post("/images/generate", json={**body, "width": 512, "height": 256}).json()
    assert painted == []
    assert result["output_size_bytes"] == media.png_size(512, 256)
    for url in result["images"]:
        png = httpx.get(url).content
        assert len(png) == result["output_size_bytes"]
    assert len(painted) == 2
