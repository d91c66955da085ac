"""Admission control: how many jobs may be in flight now, shared by every task of a run.

Not a fixed semaphore: the window starts small and grows while the gateway answers
(doubling per round trip until the first push-back, then by one per round trip), is halved
on a 429 or 503 (once per congestion episode, however many answers of that episode say so),
and a ``Retry-After`` pauses *new* submissions of every task until it has passed, instead
of only the task that saw it. ``cap`` (``--concurrency N``) bounds the window.

A 429 with ``Retry-After`` is also evidence of a *rate* limit, which no window size fixes
(short jobs at a small window can still send too many requests a second). The first one of an
episode sets a pace: the rate the gateway accepted over the last second, less 5 % (when it
accepted at least 8: a pace from fewer would be noise); new
submissions are then spaced to it, and the pace creeps up by about 1 % a second while the
gateway keeps accepting, so a raised limit is found again. Pacing instead of bursting is what
keeps a run near the limit with no 429 storm after the first.

A job holds its slot from the POST to its saved files, background polling included, so the
number of jobs the gateway is working on for us is what the window says.
"""

from __future__ import annotations

import asyncio
import time
from collections import deque
from collections.abc import Callable

AUTO_CAP = 64
INITIAL_WINDOW = 4
MAX_PAUSE = 60.0
RATE_WINDOW = 1.0  # seconds of accepted submissions that estimate the gateway's rate
PACE_MARGIN = 0.95
PROBE_STEP = 0.01  # pace increase per accepted submission (about 1 % a second)
MIN_SAMPLES = 8  # fewer accepted in the window says nothing about a rate: no pace then


class AdmissionClosed(Exception):
    """The run is stopping: no more slots are handed out."""


class Admission:
    """An adaptive concurrency window with a shared pause (one per run, one event loop)."""

    def __init__(
        self,
        cap: int = AUTO_CAP,
        *,
        initial: int = INITIAL_WINDOW,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if cap < 1:
            raise ValueError("cap must be at least 1")
        self.cap = cap
        self.limit = float(max(1, min(cap, initial)))
        self.in_flight = 0
        self.paused_until = 0.0
        self.epoch = 0
        self.congested = False
        self.throttles = 0
        self.closed = False
        self.rate: float | None = None  # submissions a second, once a rate limit was seen
        self._next_send = 0.0
        self._accepted: deque[float] = deque()
        self._clock = clock
        self._waiters: list[asyncio.Future[None]] = []

    @property
    def window(self) -> int:
        """Jobs allowed in flight right now."""
        return max(1, int(self.limit))

    def paused_for(self) -> float:
        """Seconds left of a shared Retry-After pause (0 when none)."""
        return max(0.0, self.paused_until - self._clock())

    async def acquire(self) -> int:
        """Wait for a slot (and the end of any pause); returns the congestion epoch.

        Raises :class:`AdmissionClosed` once :meth:`close` was called.
        """
        loop = asyncio.get_running_loop()
        while True:
            if self.closed:
                raise AdmissionClosed()
            now = self._clock()
            pause = max(self.paused_until - now, self._next_send - now if self.rate else 0.0)
            if pause <= 0 and self.in_flight < self.window:
                self.in_flight += 1
                if self.rate:
                    self._next_send = max(self._next_send, now) + 1.0 / self.rate
                return self.epoch
            waiter = loop.create_future()
            self._waiters.append(waiter)
            timer = loop.call_later(pause, self._wake) if pause > 0 else None
            try:
                await waiter
            finally:
                if timer is not None:
                    timer.cancel()
                if waiter in self._waiters:
                    self._waiters.remove(waiter)

    def close(self) -> None:
        """Stop handing out slots; every waiter gets :class:`AdmissionClosed`."""
        self.closed = True
        self._wake()

    def release(self) -> None:
        """Give a slot back."""
        self.in_flight -= 1
        self._wake()

    def _wake(self) -> None:
        # Few tasks ever wait here (the reader and rows between retries): waking them all and
        # letting each re-check is simpler than counting and cannot lose a wake-up.
        waiters, self._waiters = self._waiters, []
        for waiter in waiters:
            if not waiter.done():
                waiter.set_result(None)

    def succeeded(self) -> None:
        """The gateway accepted a job: widen the window (and the pace, if any)."""
        now = self._clock()
        accepted = self._accepted
        accepted.append(now)
        while accepted[0] <= now - RATE_WINDOW:  # only the last second is ever read
            accepted.popleft()
        if self.rate is not None:
            self.rate += PROBE_STEP
        if self.limit < self.cap:
            step = 1.0 if not self.congested else 1.0 / self.limit
            self.limit = min(float(self.cap), self.limit + step)
            self._wake()

    def throttled(
        self, epoch: int, retry_after: float | None, *, rate_limited: bool = False
    ) -> None:
        """A 429/503: halve the window once per episode; pause everyone for ``retry_after``.

        ``rate_limited`` (a 429 with a hint) also sets the pace from the accepted rate.
        """
        self.throttles += 1
        if epoch == self.epoch:  # answers to jobs sent before the last cut are the same episode
            self.limit = max(1.0, self.limit / 2)
            self.epoch += 1
            self.congested = True
            if rate_limited and retry_after is not None:
                since = self._clock() - RATE_WINDOW
                accepted = sum(1 for t in self._accepted if t > since)
                if accepted >= MIN_SAMPLES:
                    pace = accepted / RATE_WINDOW * PACE_MARGIN
                    self.rate = pace if self.rate is None else min(self.rate, pace)
        if retry_after is not None and retry_after > 0:
            self.paused_until = max(self.paused_until, self._clock() + min(retry_after, MAX_PAUSE))
