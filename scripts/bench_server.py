"""A deliberately minimal HTTP/1.1 server for benchmarks: keep-alive, canned JSON answers.

Run as a process: it prints its port on stdout and serves until killed. Answers
``GET /api/v1/models/...`` with the spec's ModelInfo example and ``POST
/api/v1/images/generate`` with its ImageResult example; anything else gets 404.
"""

from __future__ import annotations

import asyncio
import json
import sys
from pathlib import Path

import yaml

SPEC = yaml.safe_load((Path(__file__).resolve().parents[1] / "openapi.yaml").read_text())


def _answer(status: str, body: bytes) -> bytes:
    head = (
        f"HTTP/1.1 {status}\r\nContent-Type: application/json\r\n"
        f"Content-Length: {len(body)}\r\nX-Request-Id: bench\r\n\r\n"
    )
    return head.encode() + body


def _example(name: str) -> bytes:
    return json.dumps(SPEC["components"]["schemas"][name]["example"]).encode()


MODEL = _answer("200 OK", _example("ModelInfo"))
IMAGE = _answer("200 OK", _example("ImageResult"))
MISSING = _answer("404 Not Found", b'{"error": "NOT_FOUND", "message": "no", "details": null}')


class Http(asyncio.Protocol):
    """Parses just enough HTTP/1.1 to answer pipelined keep-alive requests."""

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport  # type: ignore[assignment]
        self.buffer = b""

    def data_received(self, data: bytes) -> None:
        self.buffer += data
        while True:
            end = self.buffer.find(b"\r\n\r\n")
            if end < 0:
                return
            head = self.buffer[:end]
            length = 0
            lower = head.lower()
            at = lower.find(b"content-length:")
            if at >= 0:
                length = int(
                    lower[
                        at + 15 : lower.find(b"\r\n", at) if lower.find(b"\r\n", at) > 0 else None
                    ]
                )
            total = end + 4 + length
            if len(self.buffer) < total:
                return
            line = head[: head.find(b"\r\n")]
            self.buffer = self.buffer[total:]
            if line.startswith(b"GET /api/v1/models/"):
                self.transport.write(MODEL)  # type: ignore[attr-defined]
            elif line.startswith(b"POST /api/v1/images/generate"):
                self.transport.write(IMAGE)  # type: ignore[attr-defined]
            else:
                self.transport.write(MISSING)  # type: ignore[attr-defined]


async def serve() -> None:
    loop = asyncio.get_running_loop()
    server = await loop.create_server(Http, "127.0.0.1", 0, backlog=1024)
    print(server.sockets[0].getsockname()[1], flush=True)
    await server.serve_forever()


if __name__ == "__main__":
    try:
        asyncio.run(serve())
    except KeyboardInterrupt:
        sys.exit(0)
