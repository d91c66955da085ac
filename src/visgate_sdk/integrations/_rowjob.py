"""One actor's share of a bulk run: rows in, one result dict per row out, no journal.

This is the bulk runner's per-row handling (:mod:`visgate_sdk.batch.runner`) for an engine
that keeps its own bookkeeping, such as Ray Data: the same row checks
(:func:`~visgate_sdk.batch.rows.parse_row`), the same key
(:func:`~visgate_sdk.batch.keys.row_key`), the same admission window with a shared
``Retry-After`` pause (:class:`~visgate_sdk.batch.admission.Admission`, one per worker) and
the same error classification. What it leaves out is what the engine already does: no
journal (a retried task or a re-run sends the same keys, so the gateway replays instead of
billing again), no budget, no manifest.

Rows without an ``id`` are keyed by their content (``c-<digest>``): an engine may cut a
dataset into batches differently on each run, so a position is not a stable id. Two identical
rows without ids are therefore one job.
"""

from __future__ import annotations

import asyncio
import contextlib
import math
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from visgate_sdk.batch.admission import AUTO_CAP, Admission
from visgate_sdk.batch.journal import DONE, FAILED
from visgate_sdk.batch.keys import content_digest, row_key
from visgate_sdk.batch.rows import _INTS, BadRow, Row, parse_row
from visgate_sdk.batch.runner import (
    DEFAULT_RETRIES,
    MAX_THROTTLES,
    _backoff,
    _is_throttle,
    _is_transient,
    _short,
)
from visgate_sdk.exceptions import (
    AuthenticationError,
    ConflictError,
    GenerationFailedError,
    PaymentRequiredError,
    RateLimitError,
    VisgateError,
)

if TYPE_CHECKING:
    from visgate_sdk.client import AsyncClient

#: The result columns, in order, with what each holds.
RESULT_COLUMNS: tuple[str, ...] = (
    "id",  # the row's id (a string; ``c-<digest>`` when the row had none)
    "status",  # "done" or "failed"
    "request_id",
    "url",  # the first output's URL
    "cost",  # USD, as the gateway reports it (a replay reports the first answer's)
    "cache_hit",
    "error_code",  # None when done; INVALID_ROW for a row that cannot be run
    "error",
    "attempts",
    "files",  # names of the saved files, when an output folder was given
)
BACKGROUND_MODES = ("auto", "sync", "background")


@dataclass(frozen=True, slots=True)
class WorkerOptions:
    """How a worker runs its rows (the bulk runner's options that apply without a journal)."""

    batch_name: str
    max_in_flight: int = 16
    retries: int = DEFAULT_RETRIES
    mode: str = "auto"
    job_timeout: float = 600.0
    poll_interval: float = 2.0
    out_dir: str | None = None
    round: int = 0

    def check(self) -> None:
        """Reject impossible settings before any actor starts."""
        if not isinstance(self.batch_name, str) or not self.batch_name.strip():
            raise ValueError("batch_name must be a non-empty string (it namespaces the keys)")
        if not 1 <= self.max_in_flight <= AUTO_CAP * 16:
            raise ValueError(f"max_in_flight must be from 1 to {AUTO_CAP * 16}")
        if self.retries < 0 or self.round < 0:
            raise ValueError("retries and round must be >= 0")
        if self.mode not in BACKGROUND_MODES:
            raise ValueError("mode must be 'auto', 'sync' or 'background'")
        if not (self.job_timeout > 0 and self.poll_interval > 0):
            raise ValueError("job_timeout and poll_interval must be positive")


def plain(value: Any) -> Any:
    """A cell as plain Python: numpy scalars and arrays unwrapped, containers walked."""
    if isinstance(value, Mapping):
        return {str(k): plain(v) for k, v in value.items() if not _missing(v)}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    tolist = getattr(value, "tolist", None)  # numpy arrays and scalars, without importing numpy
    if callable(tolist) and not isinstance(value, str | bytes):
        return plain(tolist())
    return value


def _missing(value: Any) -> bool:
    # Columnar formats fill an absent option with None (Arrow) or NaN (pandas).
    return value is None or (isinstance(value, float) and math.isnan(value))


def to_record(cells: Mapping[str, Any]) -> dict[str, Any]:
    """A columnar row as the bulk runner's input record (absent options dropped).

    ``params`` may be a JSON object or its text (as in the bulk runner's CSV input).
    """
    import json

    record = {str(k): plain(v) for k, v in cells.items() if not _missing(v)}
    for name in _INTS & record.keys():
        value = record[name]
        # pandas turns an integer column with a gap into floats (3 -> 3.0): take them back.
        if isinstance(value, float) and value.is_integer():
            record[name] = int(value)
    params = record.get("params")
    if isinstance(params, str):
        # Text that is not JSON stays text: parse_row then reports it as not an object.
        with contextlib.suppress(ValueError):
            record["params"] = json.loads(params)
    return record


def check_row(record: dict[str, Any]) -> Row | BadRow:
    """Validate like the bulk runner; a row without an id gets one from its content."""
    if record.get("id") in (None, ""):
        record = {**record, "id": "c-" + content_digest(record)[:24]}
    return parse_row(record, 0)


def failed(row_id: str | None, error_code: str, error: str, attempts: int = 0) -> dict[str, Any]:
    """The result of a row that produced nothing."""
    return {
        "id": row_id,
        "status": FAILED,
        "request_id": None,
        "url": None,
        "cost": None,
        "cache_hit": None,
        "error_code": error_code,
        "error": error,
        "attempts": attempts,
        "files": [],
    }


def _first_url(result: Any) -> str | None:
    for name in ("image_url", "video_url", "output_url"):
        url = getattr(result, name, None)
        if isinstance(url, str) and url:
            return url
    return None


class RowWorker:
    """Runs rows through one :class:`~visgate_sdk.AsyncClient`, many in flight at once.

    Create it and call :meth:`run` on one event loop; the window and the ``Retry-After``
    pause are shared by every row the worker runs, across calls. Fatal answers (a rejected
    key, no credit) raise instead of failing every row.
    """

    def __init__(self, client: AsyncClient, options: WorkerOptions) -> None:
        options.check()
        # The worker owns retries, as the bulk runner does: a retrying transport underneath
        # would retry each row on its own schedule and hide 429s from the shared window.
        self.client = client.with_options(max_retries=0)
        self.options = options
        self.admission = Admission(options.max_in_flight)

    async def run(self, records: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
        """One result dict per record (see :data:`RESULT_COLUMNS`), in input order."""
        tasks = [asyncio.create_task(self.run_record(record)) for record in records]
        try:
            return list(await asyncio.gather(*tasks))
        except BaseException:
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
            raise

    async def run_record(self, record: Mapping[str, Any]) -> dict[str, Any]:
        """Check one record and run it (an invalid row is a failed result, not an error)."""
        row = check_row(to_record(record))
        if isinstance(row, BadRow):
            return failed(row.id, "INVALID_ROW", row.message)
        return await self.run_row(row)

    def key(self, row: Row) -> str:
        """The row's ``Idempotency-Key``, exactly as the bulk runner derives it."""
        return row_key(self.options.batch_name, row.id, row.digest, self.options.round)

    async def run_row(self, row: Row) -> dict[str, Any]:
        """Submit, wait and (optionally) save one row, retrying like the bulk runner."""
        from visgate_sdk.resources._jobs import AsyncGenerationRequest

        admission, key = self.admission, self.key(row)
        attempts = failures = throttles = 0
        request_id: str | None = None
        holding = False
        try:
            while True:
                try:
                    epoch = await admission.acquire()
                    holding = True
                    if request_id is None:
                        attempts += 1
                        answer = await self._submit(row, key)
                        admission.succeeded()
                        if isinstance(answer, AsyncGenerationRequest):
                            request_id = answer.request_id
                            result = await self._await_job(request_id)
                        else:
                            result = answer
                    else:
                        result = await self._await_job(request_id)
                    files = await self._save(row, result) if self.options.out_dir else []
                except (AuthenticationError, PaymentRequiredError):
                    raise
                except GenerationFailedError as exc:
                    return self._failure(row, exc, attempts, request_id)
                except VisgateError as exc:
                    if _is_throttle(exc) and throttles < MAX_THROTTLES:
                        throttles += 1
                        admission.throttled(
                            epoch,
                            getattr(exc, "retry_after", None),
                            rate_limited=isinstance(exc, RateLimitError),
                        )
                    elif _is_transient(exc) and failures < self.options.retries:
                        failures += 1
                    else:
                        return self._failure(row, exc, attempts, request_id)
                    admission.release()  # wait without a slot: the window decides, not the row
                    holding = False
                    hint = getattr(exc, "retry_after", None)
                    if isinstance(exc, ConflictError):
                        await asyncio.sleep(1.0)  # the same key is still running somewhere
                    elif hint is None or not _is_throttle(exc):
                        await asyncio.sleep(_backoff(failures))
                    continue
                return {
                    "id": row.id,
                    "status": DONE,
                    "request_id": request_id or getattr(result, "id", None) or None,
                    "url": _first_url(result),
                    "cost": float(getattr(result, "cost", None) or 0.0),
                    "cache_hit": bool(getattr(result, "cache_hit", False)),
                    "error_code": None,
                    "error": None,
                    "attempts": attempts,
                    "files": files,
                }
        finally:
            if holding:
                admission.release()

    def _failure(
        self, row: Row, exc: VisgateError, attempts: int, request_id: str | None
    ) -> dict[str, Any]:
        result = failed(row.id, exc.error_code, _short(exc), attempts)
        result["request_id"] = request_id or exc.request_id
        return result

    def _background(self, row: Row) -> bool:
        mode = self.options.mode
        return mode == "background" or (mode == "auto" and row.kind == "video")

    async def _submit(self, row: Row, key: str) -> Any:
        # Mirrors Runner._submit (batch/runner.py), which is a method bound to a journal run.
        c, o = self.client, row.options
        wait = not self._background(row)
        if row.kind == "video":
            return await c.videos.generate(
                row.model,
                row.prompt,
                image_url=o.get("image_url"),
                duration_seconds=o.get("duration_seconds", 5.0),
                params=o.get("params"),
                wait=wait,
                idempotency_key=key,
            )
        return await c.images.generate(
            row.model,
            row.prompt,
            negative_prompt=o.get("negative_prompt"),
            width=o.get("width", 1024),
            height=o.get("height", 1024),
            num_images=o.get("num_images", 1),
            seed=o.get("seed"),
            params=o.get("params"),
            wait=wait,
            idempotency_key=key,
        )

    async def _await_job(self, request_id: str) -> Any:
        status = await self.client.requests.get(
            request_id,
            wait=True,
            timeout=self.options.job_timeout,
            poll_interval=self.options.poll_interval,
        )
        return status.result or status

    async def _save(self, row: Row, result: Any) -> list[str]:
        """Save every output as ``<stem>.<ext>`` (``<stem>-<n>.<ext>`` for several)."""
        assert self.options.out_dir is not None
        folder = Path(self.options.out_dir)
        await asyncio.to_thread(os.makedirs, folder, exist_ok=True)
        urls = getattr(result, "images", None)
        count = len(urls) if isinstance(urls, list) and urls else 1
        names: list[str] = []
        failures = 0
        for index in range(count):
            hint = row.stem if count == 1 else f"{row.stem}-{index + 1}"
            while True:
                try:
                    path = await result.asave(folder, index=index, name_hint=hint, overwrite=True)
                    break
                except VisgateError as exc:
                    # Paid for already: retry the download alone, never the POST.
                    if not _is_transient(exc) or failures >= self.options.retries:
                        raise
                    failures += 1
                    await asyncio.sleep(_backoff(failures))
            names.append(str(path))
        return names


__all__ = [
    "RESULT_COLUMNS",
    "RowWorker",
    "WorkerOptions",
    "check_row",
    "failed",
    "plain",
    "to_record",
]
