"""No answer can exhaust memory: the size caps hold for the decoded body, whatever the encoding.

Each bomb is about 80 MiB of zeros encoded a few hundred bytes to a few KiB on the wire:
stacked (``gzip, gzip``), raw deflate, upper-case names, mixed stacks.
"""

from __future__ import annotations

import asyncio
import functools
import gzip
import tracemalloc
import zlib
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

from tests.conftest import FakeTime
from tests.transport.test_async_transport import TRANSPORTS, inner
from tests.transport.test_retries import make_client
from visgate_sdk import AsyncClient
from visgate_sdk.download import DownloadError, adownload, download
from visgate_sdk.exceptions import ResponseParseError

DECODED = 80 * 1024 * 1024


def _raw_deflate(data: bytes) -> bytes:
    packer = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    return packer.compress(data) + packer.flush()


@functools.cache
def bomb(encoding: str) -> bytes:
    data = bytes(DECODED)
    steps = {"gzip": lambda d: gzip.compress(d, 9), "deflate": _raw_deflate}
    for name in (n.strip().lower() for n in encoding.split(",")):
        data = steps[name](data)
    return data


ENCODINGS = ["gzip, gzip", "deflate", "GZIP", "deflate, GZip"]


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_api_answer_sync(httpserver: HTTPServer, fake_time: FakeTime, encoding: str) -> None:
    assert len(bomb(encoding)) < 100_000
    httpserver.expect_request("/api/v1/health").respond_with_data(
        bomb(encoding), headers={"Content-Encoding": encoding}, content_type="application/json"
    )
    client = make_client(httpserver.url_for("/api/v1"), fake_time, max_retries=0)
    with pytest.raises(ResponseParseError, match="exceeds"):
        client.health()


@pytest.mark.parametrize("kind", TRANSPORTS)
@pytest.mark.parametrize("encoding", ENCODINGS)
def test_api_answer_async(
    httpserver: HTTPServer, fake_time: FakeTime, encoding: str, kind: str
) -> None:
    httpserver.expect_request("/api/v1/health").respond_with_data(
        bomb(encoding), headers={"Content-Encoding": encoding}, content_type="application/json"
    )

    async def run() -> None:
        async with AsyncClient(
            "vg-test-key-000", base_url=httpserver.url_for("/api/v1"), max_retries=0,
            _transport=inner(kind),
        ) as client:  # fmt: skip
            await client.health()

    with pytest.raises(ResponseParseError, match="exceeds"):
        asyncio.run(run())


def test_small_encoded_answers_still_decode(httpserver: HTTPServer, fake_time: FakeTime) -> None:
    body = b'{"status": "ok"}'
    httpserver.expect_request("/api/v1/health").respond_with_data(
        gzip.compress(_raw_deflate(body)),
        headers={"Content-Encoding": "deflate, gzip"},
        content_type="application/json",
    )
    client = make_client(httpserver.url_for("/api/v1"), fake_time, max_retries=0)
    assert client.health() == {"status": "ok"}


def test_brotli_is_capped_when_installed(httpserver: HTTPServer, fake_time: FakeTime) -> None:
    brotli = pytest.importorskip("brotli")
    httpserver.expect_request("/api/v1/health").respond_with_data(
        gzip.compress(brotli.compress(bytes(DECODED))),
        headers={"Content-Encoding": "br, gzip"},
        content_type="application/json",
    )
    client = make_client(httpserver.url_for("/api/v1"), fake_time, max_retries=0)
    with pytest.raises(ResponseParseError, match="exceeds"):
        client.health()


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_downloads_cap_the_decoded_bytes_as_they_come(
    httpserver: HTTPServer, tmp_path: Path, encoding: str
) -> None:
    cap = 1024 * 1024
    httpserver.expect_request("/a.png").respond_with_data(
        bomb(encoding), headers={"Content-Encoding": encoding}, content_type="image/png"
    )
    url = httpserver.url_for("/a.png")
    tracemalloc.start()
    try:
        for run in (
            lambda: download(url, tmp_path / "a.png", max_bytes=cap),
            lambda: asyncio.run(adownload(url, tmp_path / "b.png", max_bytes=cap)),
        ):
            with pytest.raises(DownloadError) as info:
                run()
            assert info.value.error_code == "DOWNLOAD_TOO_LARGE"
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    # Decoded pieces are bounded: nowhere near the 80 MiB a whole-chunk decode makes.
    assert peak < 16 * 1024 * 1024
    assert list(tmp_path.iterdir()) == []
