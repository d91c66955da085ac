"""Saving outputs: atomic, capped, typed, safe names, and no key ever sent to the media host."""

from __future__ import annotations

import asyncio
import socket
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from tests.transport.rawserver import RawServer
from visgate_sdk import Client
from visgate_sdk.download import DownloadError, adownload, download, safe_name
from visgate_sdk.exceptions import ConnectionError, TimeoutError, ValidationError
from visgate_sdk.sandbox import Sandbox

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 2000


def leftovers(folder: Path) -> list[str]:
    return [p.name for p in folder.iterdir() if p.name.endswith(".part")]


def test_saves_a_sandbox_image_and_video_with_the_right_extension(
    client: Client, tmp_path: Path
) -> None:
    image = client.images.generate("fal-ai/flux/schnell", "a kite", width=128, height=96)
    saved = image.save(tmp_path)
    assert saved.suffix == ".png" and saved.parent == tmp_path
    assert saved.read_bytes()[:8] == PNG[:8] and leftovers(tmp_path) == []
    video = client.videos.generate("fal-ai/veo3", "clouds", duration_seconds=2)
    clip = client.download(video.video_url or "", tmp_path / "clip.mp4", kind="video")
    assert clip.read_bytes()[4:8] == b"ftyp"


def test_media_host_never_receives_keys(httpserver: HTTPServer, tmp_path: Path) -> None:
    httpserver.expect_request("/cdn/a.png").respond_with_data(PNG, content_type="image/png")
    client = Client("vg-secret-key-000", base_url="http://127.0.0.1:9/api/v1", fal_key="fal_k_1234")
    client.download(httpserver.url_for("/cdn/a.png"), tmp_path)
    headers = httpserver.log[0][0].headers
    assert "Authorization" not in headers
    assert not [k for k, _ in headers.items() if k.lower().startswith("x-") and "key" in k.lower()]


def test_redirect_to_another_cdn_is_followed_without_secrets(
    httpserver: HTTPServer, tmp_path: Path
) -> None:
    other = HTTPServer(host="127.0.0.1")
    other.start()
    try:
        other.expect_request("/final.png").respond_with_data(PNG, content_type="image/png")
        httpserver.expect_request("/first").respond_with_data(
            "", status=302, headers={"Location": other.url_for("/final.png")}
        )
        path = download(httpserver.url_for("/first"), tmp_path / "x.png", kind="image")
        assert path.read_bytes() == PNG and "Authorization" not in other.log[0][0].headers
    finally:
        other.stop()


def test_html_is_never_saved_as_an_image(httpserver: HTTPServer, tmp_path: Path) -> None:
    httpserver.expect_request("/a.png").respond_with_data(
        "<html>login</html>", content_type="text/html"
    )
    with pytest.raises(DownloadError) as info:
        download(httpserver.url_for("/a.png"), tmp_path / "a.png", kind="image")
    assert info.value.error_code == "DOWNLOAD_BAD_CONTENT_TYPE"
    assert list(tmp_path.iterdir()) == []


def test_kind_mismatch_is_refused(httpserver: HTTPServer, tmp_path: Path) -> None:
    httpserver.expect_request("/v").respond_with_data(PNG, content_type="image/png")
    with pytest.raises(DownloadError):
        download(httpserver.url_for("/v"), tmp_path / "v.mp4", kind="video")


def test_too_large_by_content_length_is_refused_before_reading(
    httpserver: HTTPServer, tmp_path: Path
) -> None:
    httpserver.expect_request("/big").respond_with_data(PNG, content_type="image/png")
    with pytest.raises(DownloadError) as info:
        download(httpserver.url_for("/big"), tmp_path / "big.png", max_bytes=100)
    assert info.value.error_code == "DOWNLOAD_TOO_LARGE"
    assert list(tmp_path.iterdir()) == []


def endless(conn: socket.socket, request: bytes) -> None:
    """No Content-Length, bytes until the client hangs up."""
    conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: image/png\r\nConnection: close\r\n\r\n")
    try:
        for _ in range(10_000):
            conn.sendall(b"\x00" * 4096)
    except OSError:
        pass


def lying_length(conn: socket.socket, request: bytes) -> None:
    """Announces 5000 bytes, sends 1000, closes: a drop at 20 %."""
    conn.sendall(
        b"HTTP/1.1 200 OK\r\nContent-Type: image/png\r\nContent-Length: 5000\r\n\r\n" + PNG[:1000]
    )


def stall(conn: socket.socket, request: bytes) -> None:
    conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: image/png\r\nContent-Length: 100\r\n\r\n")
    time.sleep(3)


def test_endless_body_is_cut_at_the_cap(tmp_path: Path) -> None:
    server = RawServer(endless)
    try:
        with pytest.raises(DownloadError, match="max_bytes"):
            download(server.url + "/x.png", tmp_path / "x.png", max_bytes=64 * 1024)
        assert list(tmp_path.iterdir()) == []
    finally:
        server.close()


def test_dropped_transfer_keeps_the_previous_file_and_no_temp(tmp_path: Path) -> None:
    target = tmp_path / "x.png"
    target.write_bytes(b"previous version")
    server = RawServer(lying_length)
    try:
        with pytest.raises((DownloadError, ConnectionError)):
            download(server.url + "/x.png", target, overwrite=True)
        assert target.read_bytes() == b"previous version" and leftovers(tmp_path) == []
    finally:
        server.close()


def test_stalled_server_times_out(tmp_path: Path) -> None:
    server = RawServer(stall)
    try:
        started = time.monotonic()
        with pytest.raises(TimeoutError):
            download(server.url + "/x.png", tmp_path / "x.png", timeout=0.5)
        assert time.monotonic() - started < 2.5
        assert list(tmp_path.iterdir()) == []
    finally:
        server.close()


def test_existing_target_is_not_overwritten_unless_asked(
    httpserver: HTTPServer, tmp_path: Path
) -> None:
    httpserver.expect_request("/a.png").respond_with_data(PNG, content_type="image/png")
    target = tmp_path / "a.png"
    target.write_bytes(b"mine")
    with pytest.raises(FileExistsError, match="overwrite=True"):
        download(httpserver.url_for("/a.png"), target)
    assert target.read_bytes() == b"mine" and httpserver.log == []
    download(httpserver.url_for("/a.png"), target, overwrite=True)
    assert target.read_bytes() == PNG


@pytest.mark.parametrize(
    "name", ["../../etc/passwd", "/abs/x", "C:\\x", "a\x00b", "con", "x" * 1000, "..%2F..%2Fx.png"]
)
def test_unsafe_names_stay_inside_the_folder(
    httpserver: HTTPServer, tmp_path: Path, name: str
) -> None:
    httpserver.expect_request("/m").respond_with_data(PNG, content_type="image/png")
    saved = download(httpserver.url_for("/m"), tmp_path, name_hint=name, overwrite=True)
    assert saved.resolve().parent == tmp_path.resolve() and saved.suffix == ".png"
    assert len(saved.name) <= 130
    assert safe_name(name, ".png").count("/") == 0


def test_reader_never_sees_a_partial_file(tmp_path: Path) -> None:
    def slow_png(conn: socket.socket, request: bytes) -> None:
        body = PNG * 20
        conn.sendall(
            b"HTTP/1.1 200 OK\r\nContent-Type: image/png\r\nContent-Length: "
            + str(len(body)).encode()
            + b"\r\n\r\n"
        )
        for i in range(0, len(body), 4000):
            conn.sendall(body[i : i + 4000])
            time.sleep(0.01)

    server = RawServer(slow_png)
    target = tmp_path / "p.png"
    sizes: list[int] = []
    done = threading.Event()

    def watch() -> None:
        while not done.is_set():
            if target.exists():
                sizes.append(target.stat().st_size)

    watcher = threading.Thread(target=watch)
    watcher.start()
    try:
        download(server.url + "/p.png", target)
    finally:
        done.set()
        watcher.join()
        server.close()
    assert set(sizes) <= {len(PNG) * 20}


def test_only_http_urls_and_async_twin(httpserver: HTTPServer, tmp_path: Path) -> None:
    with pytest.raises(ValidationError):
        download("file:///etc/passwd", tmp_path / "x")
    httpserver.expect_request("/a.png").respond_with_data(PNG, content_type="image/png")
    path = asyncio.run(adownload(httpserver.url_for("/a.png"), tmp_path, kind="image"))
    assert path.read_bytes() == PNG


def test_save_from_an_async_result(sandbox: Sandbox, tmp_path: Path) -> None:
    from visgate_sdk import AsyncClient

    async def run() -> Path:
        async with AsyncClient(sandbox.api_key, base_url=sandbox.base_url) as client:
            result = await client.generate("a harbour at dusk")
            return await result.asave(tmp_path / "harbour.png")

    assert asyncio.run(run()).read_bytes()[:4] == b"\x89PNG"


# --- Downloads go only where media lives -------------------------------------------------

REFUSED_HOSTS = [
    "http://169.254.169.254/latest/meta-data/",
    "http://169.254.1.1/x.png",
    "http://[fe80::1]/x.png",
    "http://[fd00:ec2::254]/latest/",
    "http://100.100.100.200/latest/",
    "http://metadata.google.internal/computeMetadata/v1/",
    "http://metadata/computeMetadata/v1/",
    "http://[::ffff:169.254.169.254]/",
    "http://0.0.0.0/x.png",
]


@pytest.mark.parametrize("where", REFUSED_HOSTS)
def test_redirects_to_metadata_or_link_local_hosts_are_refused(
    httpserver: HTTPServer, tmp_path: Path, where: str
) -> None:
    httpserver.expect_request("/a.png").respond_with_data(
        "", status=302, headers={"Location": where}
    )
    url = httpserver.url_for("/a.png")
    for run in (
        lambda: download(url, tmp_path / "a.png"),
        lambda: asyncio.run(adownload(url, tmp_path / "a.png")),
    ):
        with pytest.raises(DownloadError) as info:
            run()
        assert info.value.error_code == "DOWNLOAD_REFUSED_HOST"
        assert "allow_hosts" in str(info.value)
    with pytest.raises(DownloadError):
        download(where, tmp_path / "b.png")  # the first URL too
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("where", ["file:///etc/passwd", "ftp://127.0.0.1/x.png", "gopher://x/"])
def test_redirects_to_other_schemes_are_refused(
    httpserver: HTTPServer, tmp_path: Path, where: str
) -> None:
    httpserver.expect_request("/a.png").respond_with_data(
        "", status=302, headers={"Location": where}
    )
    with pytest.raises(DownloadError) as info:
        download(httpserver.url_for("/a.png"), tmp_path / "a.png")
    assert info.value.error_code == "DOWNLOAD_REFUSED_SCHEME"
    with pytest.raises(DownloadError):
        asyncio.run(adownload(httpserver.url_for("/a.png"), tmp_path / "a.png"))
    assert list(tmp_path.iterdir()) == []


def test_a_name_resolving_to_a_metadata_address_is_refused(
    httpserver: HTTPServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = socket.getaddrinfo

    def resolve(host: Any, *args: Any, **kwargs: Any) -> Any:
        if host == "media.example.test":  # a DNS answer pointing at the metadata service
            return real("169.254.169.254", *args, **kwargs)
        return real(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", resolve)
    url = "http://media.example.test/a.png"
    with pytest.raises(DownloadError, match="resolving to a link-local"):
        download(url, tmp_path / "a.png")
    with pytest.raises(DownloadError, match="resolving to a link-local"):
        asyncio.run(adownload(url, tmp_path / "a.png"))
    httpserver.expect_request("/r").respond_with_data("", status=302, headers={"Location": url})
    with pytest.raises(DownloadError, match="resolving"):
        download(httpserver.url_for("/r"), tmp_path / "a.png")


def test_private_hosts_can_be_refused_and_single_hosts_allowed(
    httpserver: HTTPServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    httpserver.expect_request("/a.png").respond_with_data(PNG, content_type="image/png")
    url = httpserver.url_for("/a.png")
    with pytest.raises(DownloadError, match="private"):
        download(url, tmp_path / "a.png", block_private=True)
    monkeypatch.setenv("VISGATE_DOWNLOAD_BLOCK_PRIVATE", "1")
    with pytest.raises(DownloadError, match="private"):
        asyncio.run(adownload(url, tmp_path / "a.png"))
    assert httpserver.log == []
    assert download(url, tmp_path / "a.png", allow_hosts=["127.0.0.0/8"]).read_bytes() == PNG
    monkeypatch.setenv("VISGATE_DOWNLOAD_ALLOW_HOSTS", "example.invalid, 127.0.0.1")
    assert download(url, tmp_path / "b.png").read_bytes() == PNG


# --- What the file name promises, and never replacing a file -----------------------------


@pytest.mark.parametrize(
    ("name", "body", "ctype"),
    [("x.mp4", PNG, "image/png"), ("x.png", b'{"error": "NOT_FOUND"}', "application/json")],
)
def test_the_extension_says_what_content_is_expected(
    httpserver: HTTPServer, tmp_path: Path, name: str, body: bytes, ctype: str
) -> None:
    httpserver.expect_request("/m").respond_with_data(body, content_type=ctype)
    client = Client("vg-test-key-000", base_url="http://127.0.0.1:9/api/v1")
    with pytest.raises(DownloadError) as info:
        client.download(httpserver.url_for("/m"), tmp_path / name)
    assert info.value.error_code == "DOWNLOAD_BAD_CONTENT_TYPE"
    with pytest.raises(DownloadError):
        asyncio.run(adownload(httpserver.url_for("/m"), tmp_path / name))
    assert list(tmp_path.iterdir()) == []


def test_a_file_appearing_during_the_transfer_is_not_replaced(
    httpserver: HTTPServer, tmp_path: Path
) -> None:
    target = tmp_path / "a.png"

    def meanwhile(request: Request) -> Response:
        target.write_bytes(b"written by someone else")
        return Response(PNG, content_type="image/png")

    httpserver.expect_request("/a.png").respond_with_handler(meanwhile)
    url = httpserver.url_for("/a.png")
    with pytest.raises(FileExistsError, match="overwrite=True"):
        download(url, target)
    assert target.read_bytes() == b"written by someone else"
    target.unlink()
    with pytest.raises(FileExistsError):
        asyncio.run(adownload(url, target))
    assert target.read_bytes() == b"written by someone else"
    assert leftovers(tmp_path) == []
    target.unlink()
    assert download(url, target, overwrite=True).read_bytes() == PNG
