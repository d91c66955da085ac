"""``Sandbox``: the server in a background thread, for tests, examples and benchmarks."""

from __future__ import annotations

import functools
import math
import socket
import threading
from typing import Any, Self

import httpx
from werkzeug.serving import ThreadedWSGIServer, WSGIRequestHandler, select_address_family

from visgate_sdk.sandbox.app import PREFIX, SandboxApp
from visgate_sdk.sandbox.store import Store


class _QuietHandler(WSGIRequestHandler):
    def log_request(self, *args: Any, **kwargs: Any) -> None:
        pass


class Sandbox:
    """A local visgate API. ``with Sandbox() as sb: Client(sb.api_key, base_url=sb.base_url)``.

    ``db`` is a SQLite file (state survives restarts) or ``":memory:"``; ``speed`` divides
    every simulated duration; ``port=0`` picks a free port; ``api_key`` forces the key;
    ``rate_limit`` (requests a second per API key) answers 429 with ``Retry-After`` beyond it.
    """

    def __init__(
        self,
        db: str = ":memory:",
        *,
        speed: float = 1.0,
        host: str = "127.0.0.1",
        port: int = 0,
        api_key: str | None = None,
        quiet: bool = True,
        rate_limit: float | None = None,
    ) -> None:
        if not (speed > 0 and math.isfinite(speed)):
            raise ValueError(f"speed must be a positive number, got {speed}")
        if rate_limit is not None and not (rate_limit > 0 and math.isfinite(rate_limit)):
            raise ValueError(f"rate_limit must be a positive number, got {rate_limit}")
        if not 0 <= port <= 65535:
            raise ValueError(f"port must be from 0 to 65535, got {port}")
        self.db, self.speed, self.host, self.port = db, speed, host, port
        self._wanted_key, self._quiet, self.rate_limit = api_key, quiet, rate_limit
        self._server: ThreadedWSGIServer | None = None
        self._thread: threading.Thread | None = None
        self.api_key = ""
        self.app: SandboxApp | None = None

    @property
    def origin(self) -> str:
        """``http://host:port``."""
        return f"http://{self.host}:{self.port}"

    @property
    def base_url(self) -> str:
        """The API base URL, ``http://host:port/api/v1``."""
        return self.origin + PREFIX

    def start(self) -> Self:
        """Open the database and serve in a daemon thread.

        Raises ``sqlite3.Error`` if the database cannot be opened and ``OSError`` if the
        address cannot be listened on (nothing is left open either way).
        """
        store = Store(self.db)
        try:
            org, self.api_key = store.bootstrap(self._wanted_key)
            app = SandboxApp(store, org=org, speed=self.speed, rate_limit=self.rate_limit)
            handler = _QuietHandler if self._quiet else WSGIRequestHandler
            # Bound here: werkzeug would print a busy port's error and call sys.exit(1).
            with socket.socket(select_address_family(self.host, self.port)) as sock:
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
                sock.bind((self.host, self.port))
                sock.listen(ThreadedWSGIServer.request_queue_size)
                server = ThreadedWSGIServer(self.host, self.port, app, handler, fd=sock.fileno())
        except BaseException:
            store.close()
            raise
        self.app, self._server, self.port = app, server, server.port
        # A short poll interval makes stop() quick: tests start and stop many sandboxes.
        serve = functools.partial(server.serve_forever, poll_interval=0.05)
        self._thread = threading.Thread(target=serve, name="visgate-sandbox", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and close the database; safe to call twice."""
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None
        if self.app is not None:
            self.app.store.close()
            self.app = None

    def inject_fault(self, kind: str, **spec: Any) -> dict[str, Any]:
        """Arm a fault, e.g. ``inject_fault("status", status=429, count=2, retry_after="1")``."""
        assert self.app is not None, "start the sandbox first"
        return self.app.faults.add(kind=kind, **spec).as_dict()

    def clear_faults(self) -> None:
        """Disarm every pending fault."""
        if self.app is not None:
            self.app.faults.clear()

    def usage_records(self) -> int:
        """How many generations are recorded in usage (for tests that count charges)."""
        assert self.app is not None
        row = self.app.store.one("SELECT COUNT(*) AS n FROM generations WHERE recorded = 1")
        return int(row["n"]) if row else 0

    def get(self, path: str) -> Any:
        """GET an API path with the sandbox key (a convenience for scripts)."""
        headers = {"Authorization": f"Bearer {self.api_key}"}
        return httpx.get(self.base_url + path, headers=headers, timeout=10).json()

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()
