"""One row, start to end: submit, wait, save, with the retry rules of a bulk run.

Shared by the bulk runner (:mod:`visgate_sdk.batch.runner`, which keeps a journal through
the ``on_submit`` / ``on_accepted`` callbacks) and the Ray integration
(:mod:`visgate_sdk.integrations`, which keeps none), so both treat every answer alike:

==================================  ========================================================
failure                             what happens to the row
==================================  ========================================================
429 / 503 on the POST               the shared window is halved once and *every* task waits
                                    out the Retry-After, then the row is sent again with the
                                    same key (up to :data:`MAX_THROTTLES`, not ``retries``)
409 (same key still running)        wait, send the same key again
500 / 502 / 504, network, timeout   backoff, same key, up to ``retries`` times (the outcome
(502 PROVIDER_FAILURE included)     is unknown: the gateway replays a job that ran)
poll failures of a background job   the facade's ``wait()`` (it polls through outages)
validation, unknown model, failed   the row fails at once; not retried
generation, 4xx provider answer
401 / 403 / 402                     raised: no row can succeed
==================================  ========================================================

A failed row is ``final`` when its key's outcome at the gateway is that failure: a failed
job, a refused input, or a provider failure answered again under the same key (a replay of
the stored outcome). Generating such a row again needs the next round's key; any other
failure (an unknown outcome) keeps its key, so a job that did run is collected, not paid twice.

The client should have ``max_retries=0``: a retrying transport underneath would retry each
row on its own schedule and hide 429s from the shared window.
"""

from __future__ import annotations

import asyncio
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from visgate_sdk import exceptions as errors
from visgate_sdk.batch.admission import Admission, AdmissionClosed
from visgate_sdk.exceptions import (
    AuthenticationError,
    ConflictError,
    GenerationFailedError,
    PaymentRequiredError,
    ProviderError,
    RateLimitError,
    ServerError,
    VisgateError,
)

if TYPE_CHECKING:
    from visgate_sdk.batch.rows import Row
    from visgate_sdk.client import AsyncClient

Mode = Literal["auto", "sync", "background"]
MODES: tuple[Mode, ...] = ("auto", "sync", "background")
DEFAULT_RETRIES = 3
MAX_THROTTLES = 100  # per row: a gateway that never lets a row through ends it as failed
BACKOFF_BASE, BACKOFF_CAP = 0.5, 8.0
CONFLICT_WAIT = 1.0  # a 409: the same key is still running somewhere


def is_throttle(error: VisgateError) -> bool:
    """A 429 or 503: the gateway did not act; slow everyone down and send again."""
    return isinstance(error, RateLimitError) or error.status_code == 503


def is_transient(error: VisgateError) -> bool:
    """A failure worth another attempt with the same key (or another download)."""
    if isinstance(error, ProviderError):
        # A 5xx provider failure on the POST is an unknown outcome (reliability.md: 500/502/504):
        # the generation may have run and been billed, so it is asked again with the same key
        # (the gateway replays). A 4xx provider answer (input refused) is final.
        return error.status_code is not None and error.status_code >= 500
    if isinstance(error, errors.ConnectionError):
        return error.error_code != "TLS_CERTIFICATE_REJECTED"
    from visgate_sdk.download import DownloadError

    if isinstance(error, DownloadError):
        return error.status_code is None or error.status_code >= 500
    return isinstance(error, ServerError | errors.TimeoutError | ConflictError)


def is_final(error: VisgateError, failures: int) -> bool:
    """Whether a row that failed with ``error`` (after ``failures`` retries) is settled.

    Settled: the gateway stored that failure as the key's outcome, so only the next round's
    key can generate the row again. Not settled: the outcome is unknown (retries ran out on
    a timeout, a 500, a 429 storm) and the same key must be asked again.
    """
    if isinstance(error, GenerationFailedError):
        return True
    if isinstance(error, ProviderError) and failures > 0:
        return True  # the same key answered the same provider failure again: a replay
    return not is_transient(error) and not is_throttle(error)


def backoff(retries_taken: int, base: float = BACKOFF_BASE) -> float:
    """Equal jitter: half of ``min(base * 2**k, cap)`` fixed, the other half random."""
    ceiling = min(base * 2**retries_taken, BACKOFF_CAP)
    return float(ceiling / 2 + random.random() * ceiling / 2)


def short(error: BaseException) -> str:
    """The error's message, cut to 500 characters (for a manifest line or a result cell)."""
    text = error.message if isinstance(error, VisgateError) else str(error)
    return text if len(text) <= 500 else text[:497] + "..."


@dataclass(frozen=True, slots=True)
class RowSettings:
    """How each row runs.

    ``mode``: ``auto`` (images wait on the POST, videos are polled), ``sync`` or
    ``background``. ``backoff_base``: the first retry's wait ceiling, doubling to 8 s.
    ``out_dir``: where outputs are saved (``None``: not saved).
    """

    retries: int = DEFAULT_RETRIES
    mode: Mode = "auto"
    job_timeout: float = 600.0
    poll_interval: float = 2.0
    backoff_base: float = BACKOFF_BASE
    out_dir: Path | None = None

    def check(self) -> None:
        """Reject impossible settings before anything starts."""
        if self.retries < 0:
            raise ValueError("retries must be >= 0")
        if self.mode not in MODES:
            raise ValueError("mode must be 'auto', 'sync' or 'background'")
        if not (self.job_timeout > 0 and self.poll_interval > 0):
            raise ValueError("job_timeout and poll_interval must be positive")
        if not 0 <= self.backoff_base <= BACKOFF_CAP:
            raise ValueError(f"backoff_base must be from 0 to {BACKOFF_CAP} seconds")

    @classmethod
    def of(cls, options: Any, out_dir: Path | None) -> RowSettings:
        """The settings named alike on ``options`` (a run's or a worker's), and ``out_dir``."""
        names = [f.name for f in fields(cls) if f.name != "out_dir"]
        return cls(**{name: getattr(options, name) for name in names}, out_dir=out_dir)

    def background(self, row: Row) -> bool:
        """Whether the row is submitted as a background job and polled."""
        return self.mode == "background" or (self.mode == "auto" and row.kind == "video")


@dataclass(slots=True)
class RowOutcome:
    """How one row ended: ``result`` when done, ``error`` (and ``final``) when failed."""

    attempts: int
    job_id: str | None = None  # the background job's id, when the POST was accepted (202)
    result: Any = None
    files: list[Path] = field(default_factory=list)
    error: VisgateError | None = None
    final: bool = False
    latency_ms: float = 0.0

    @property
    def done(self) -> bool:
        """True when the row was generated (and saved, when asked)."""
        return self.error is None

    @property
    def request_id(self) -> str | None:
        """The gateway's request id: of the job, the answer, or the failed answer."""
        found = self.job_id or getattr(self.result, "id", None)
        if not found and self.error is not None:
            found = self.error.request_id
        return found or None

    @property
    def cost(self) -> float:
        """USD billed (0.0 for a failure or a cache hit)."""
        return float(getattr(self.result, "cost", None) or 0.0)

    @property
    def cache_hit(self) -> bool:
        """Whether the gateway answered from its cache."""
        return bool(getattr(self.result, "cache_hit", False))

    @property
    def provider(self) -> str | None:
        """The provider that generated the row."""
        return getattr(self.result, "provider", None) or None


async def submit(client: AsyncClient, row: Row, key: str, *, wait: bool) -> Any:
    """POST the row with its key: a result (``wait``) or an accepted background job."""
    from visgate_sdk.batch.rows import call_arguments

    arguments = call_arguments(row.kind, row.options)
    generate = client.videos.generate if row.kind == "video" else client.images.generate
    return await generate(row.model, row.prompt, **arguments, wait=wait, idempotency_key=key)


async def await_job(client: AsyncClient, request_id: str, settings: RowSettings) -> Any:
    """Poll an accepted job to its end; its result (or its status when it has none)."""
    status = await client.requests.get(
        request_id, wait=True, timeout=settings.job_timeout, poll_interval=settings.poll_interval
    )
    return status.result or status


async def save_outputs(row: Row, result: Any, folder: Path, settings: RowSettings) -> list[Path]:
    """Save every output as ``<stem>.<ext>`` (several: ``<stem>-<n>.<ext>``, n from 1)."""
    urls = getattr(result, "images", None)
    count = len(urls) if isinstance(urls, list) and urls else 1
    paths: list[Path] = []
    failures = 0
    for index in range(count):
        hint = row.stem if count == 1 else f"{row.stem}-{index + 1}"
        while True:
            try:
                path = await result.asave(folder, index=index, name_hint=hint, overwrite=True)
                break
            except VisgateError as exc:
                # The generation is paid for: retry the download alone, never the POST.
                if not is_transient(exc) or failures >= settings.retries:
                    raise
                failures += 1
                await asyncio.sleep(backoff(failures, settings.backoff_base))
        paths.append(path)
    return paths


async def run_row(
    client: AsyncClient,
    row: Row,
    key: str,
    admission: Admission,
    settings: RowSettings,
    *,
    attempts: int = 0,
    job_id: str | None = None,
    epoch: int | None = None,
    on_submit: Callable[[int], None] | None = None,
    on_accepted: Callable[[str], None] | None = None,
    stopping: Callable[[], bool] | None = None,
) -> RowOutcome | None:
    """Run one row to its outcome, retrying with the same ``key``.

    ``attempts`` POSTs were made before (a resumed row); ``job_id`` is a background job
    accepted before, polled instead of posting again. ``epoch`` is given when the caller
    already holds a slot of ``admission`` (it is released here either way). ``on_submit``
    is called with the attempt number before each POST and ``on_accepted`` with the job's
    id when the gateway accepts it in the background: the caller's journal writes.

    Returns ``None`` when the run is stopping (``stopping()`` or a closed window) between
    attempts: the row is left open. A rejected key or missing credit
    (``AuthenticationError``, ``PaymentRequiredError``) is raised.
    """
    from visgate_sdk.resources._jobs import AsyncGenerationRequest

    failures = throttles = 0
    started = time.monotonic()
    holding = epoch is not None
    try:
        while True:
            try:
                if not holding:
                    epoch = await admission.acquire()
                    holding = True
                if job_id is None:
                    attempts += 1
                    if on_submit is not None:
                        on_submit(attempts)
                    answer = await submit(client, row, key, wait=not settings.background(row))
                    admission.succeeded()
                    if isinstance(answer, AsyncGenerationRequest):
                        job_id = answer.request_id
                        if on_accepted is not None:
                            on_accepted(job_id)
                        result = await await_job(client, job_id, settings)
                    else:
                        result = answer
                else:
                    result = await await_job(client, job_id, settings)
                folder = settings.out_dir
                files = await save_outputs(row, result, folder, settings) if folder else []
            except AdmissionClosed:
                return None
            except (AuthenticationError, PaymentRequiredError):
                raise
            except GenerationFailedError as exc:
                return RowOutcome(attempts, job_id, error=exc, final=True)
            except VisgateError as exc:
                if is_throttle(exc) and throttles < MAX_THROTTLES:
                    assert epoch is not None  # a throttle answers a POST sent in a slot
                    throttles += 1
                    admission.throttled(
                        epoch,
                        getattr(exc, "retry_after", None),
                        rate_limited=isinstance(exc, RateLimitError),
                    )
                elif is_transient(exc) and failures < settings.retries:
                    failures += 1
                else:
                    return RowOutcome(attempts, job_id, error=exc, final=is_final(exc, failures))
                if stopping is not None and stopping():
                    return None
                # Free the slot while waiting: the window, not this row, decides.
                admission.release()
                holding = False
                hint = getattr(exc, "retry_after", None)
                if isinstance(exc, ConflictError):
                    await asyncio.sleep(CONFLICT_WAIT)
                elif hint is None or not is_throttle(exc):
                    await asyncio.sleep(backoff(failures, settings.backoff_base))
                continue
            latency = (time.monotonic() - started) * 1000
            return RowOutcome(attempts, job_id, result, files, latency_ms=latency)
    finally:
        if holding:
            admission.release()
