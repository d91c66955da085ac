"""A one-line live progress display on stderr, drawn only when stderr is a terminal.

The line is redrawn by its own thread several times a second, so the spinner and the elapsed
time move from the start whatever the server's poll cadence; ``update()`` only changes the
status word shown. Polling stays paced by the server.
"""

from __future__ import annotations

import sys
import threading
import time
from types import TracebackType
from typing import TextIO

_FRAMES = "|/-\\"
REFRESH_SECONDS = 0.1


class Spinner:
    """``<spinner> <label> <status> <elapsed>s``, redrawn every ``interval`` seconds."""

    def __init__(
        self,
        label: str,
        stream: TextIO | None = None,
        *,
        status: str = "starting",
        interval: float = REFRESH_SECONDS,
    ) -> None:
        self.stream = stream or sys.stderr
        try:
            self.enabled = bool(self.stream.isatty())
        except (AttributeError, ValueError):
            self.enabled = False
        self.label = label
        self.status = status
        self.interval = interval
        self.started = time.monotonic()
        self.frame = 0
        self.width = 0
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> Spinner:
        """Begin redrawing (no-op when the stream is not a terminal)."""
        if self.enabled and self._thread is None:
            self._draw()
            self._thread = threading.Thread(target=self._run, name="visgate-progress", daemon=True)
            self._thread.start()
        return self

    def update(self, status: str) -> None:
        """Show a new status word (drawn at once and on every tick after)."""
        self.status = status
        if self.enabled:
            self._draw()

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            self._draw()

    def _draw(self) -> None:
        with self._lock:
            if self._stop.is_set():
                return
            elapsed = time.monotonic() - self.started
            self.frame = (self.frame + 1) % len(_FRAMES)
            line = f"{_FRAMES[self.frame]} {self.label} {self.status} {elapsed:5.1f}s"
            self.width = max(self.width, len(line))
            try:
                self.stream.write("\r" + line.ljust(self.width))
                self.stream.flush()
            except (OSError, ValueError):  # the terminal went away: stop drawing, keep working
                self._stop.set()

    def close(self) -> None:
        """Stop redrawing and erase the line."""
        with self._lock:
            already = self._stop.is_set()
            self._stop.set()
        if self._thread is not None:
            self._thread.join()
        if self.enabled and self.width and not already:
            try:
                self.stream.write("\r" + " " * self.width + "\r")
                self.stream.flush()
            except (OSError, ValueError):
                pass

    def __enter__(self) -> Spinner:
        return self.start()

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()
