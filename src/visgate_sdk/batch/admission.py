"""Admission control: how many jobs may be in flight now, shared by every task of a run.

Not a fixed semaphore: the window starts small and grows while the gateway answers
(doubling per round trip until the first push-back, then by one per round trip), is halved
on a 429 or 503 (once per congestion episode, however many answers of that episode say so),
and a ``Retry-After`` pauses *new* submissions of every task until it has passed, instead
of only the task that saw it. ``cap`` (``--concurrency N``) bounds the window.

A 429 with ``Retry-After`` is also evidence of a *rate* limit, which no window size fixes
(short jobs at a small window can still send too many requests a second). Gateways meter with
a token bucket: a 429 means the bucket is empty *now*. So the submissions accepted between
two rate-limit 429s, over the time between them, are the gateway's refill rate, free of the
initial burst that fools a plain "accepted last second" count; the estimate grows more exact
with every 429. (At the first 429 only the last second is known: that, less 5 %, when at least
8 were accepted.) Submissions are then paced by a token bucket of our own at that rate,
holding up to one second's worth, so the tokens the gateway banked during a pause are spent
at once rather than lost; the pace creeps up about 1 % a second while the gateway accepts,
so a raised limit is found again. Pacing instead of bursting is what keeps a run at the limit
with no 429 storm.

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
BURST_SECONDS = 1.0  # our bucket holds this many seconds of the pace
MIN_SPAN = 0.5  # seconds between the first and a later 429 before their ratio is trusted
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
        self._tokens = 0.0  # of our pacing bucket (used once ``rate`` is set)
        self._refilled = 0.0
        self._accepted: deque[float] = deque()
        self._first_limit: float | None = None  # time of the first rate-limit 429
        self._since_first = 0  # accepted since then
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
            pause = max(self.paused_until - now, self._pace_wait(now))
            if pause <= 0 and self.in_flight < self.window:
                self.in_flight += 1
                if self.rate:
                    self._tokens -= 1.0
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

    def _pace_wait(self, now: float) -> float:
        """Seconds until the pacing bucket holds a token (0 without a pace)."""
        if not self.rate:
            return 0.0
        capacity = max(1.0, self.rate * BURST_SECONDS)
        self._tokens = min(capacity, self._tokens + (now - self._refilled) * self.rate)
        self._refilled = now
        return 0.0 if self._tokens >= 1.0 else (1.0 - self._tokens) / self.rate

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
        if self._first_limit is not None:
            self._since_first += 1
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
            self._learn_rate()
        if retry_after is not None and retry_after > 0:
            self.paused_until = max(self.paused_until, self._clock() + min(retry_after, MAX_PAUSE))

    def _learn_rate(self) -> None:
        """Set the pace from what the gateway accepted (the bucket is empty right now)."""
        now = self._clock()
        pace: float | None = None
        if self._first_limit is None:
            self._first_limit = now
            self._since_first = 0
            since = now - RATE_WINDOW
            accepted = sum(1 for t in self._accepted if t > since)
            if accepted >= MIN_SAMPLES:
                pace = accepted / RATE_WINDOW * PACE_MARGIN
        else:
            span = now - self._first_limit
            if span >= MIN_SPAN and self._since_first >= MIN_SAMPLES:
                pace = self._since_first / span
        if pace is not None:
            self.rate = pace
            self._tokens = 0.0  # the gateway's bucket is empty: so is ours
            self._refilled = now
