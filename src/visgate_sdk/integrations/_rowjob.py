"""One actor's share of a bulk run: rows in, one result dict per row out, no journal.

Each row runs through :func:`visgate_sdk.batch.row_job.run_row`, the bulk runner's own
per-row path: the same row checks (:func:`~visgate_sdk.batch.rows.parse_row`), the same key
(:func:`~visgate_sdk.batch.keys.row_key`), the same admission window with a shared
``Retry-After`` pause (:class:`~visgate_sdk.batch.admission.Admission`, one per worker) and
the same error classification, ``final`` included. What it leaves out is what the engine
already does: no journal (a retried task or a re-run sends the same keys, so the gateway
replays instead of billing again), no budget, no manifest.

Rows without an ``id`` are keyed by their content (``c-<digest>``): an engine may cut a
dataset into batches differently on each run, so a position is not a stable id. Two identical
rows without ids are therefore one job.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from visgate_sdk.batch import row_job
from visgate_sdk.batch.admission import AUTO_CAP, Admission
from visgate_sdk.batch.journal import DONE, FAILED
from visgate_sdk.batch.keys import row_key
from visgate_sdk.batch.row_job import Mode, RowOutcome, RowSettings
from visgate_sdk.batch.rows import BadRow, Row, columnar_record, parse_row, plain

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
    "final",  # failed and settled at the gateway: only a higher ``round`` generates it again
    "attempts",
    "files",  # names of the saved files, when an output folder was given
)


@dataclass(frozen=True, slots=True)
class WorkerOptions:
    """How a worker runs its rows (the bulk runner's options that apply without a journal)."""

    batch_name: str
    max_in_flight: int = 16
    retries: int = row_job.DEFAULT_RETRIES
    mode: Mode = "auto"
    job_timeout: float = 600.0
    poll_interval: float = 2.0
    out_dir: str | None = None
    round: int = 0
    backoff_base: float = row_job.BACKOFF_BASE

    def check(self) -> None:
        """Reject impossible settings before any actor starts."""
        if not isinstance(self.batch_name, str) or not self.batch_name.strip():
            raise ValueError("batch_name must be a non-empty string (it namespaces the keys)")
        if not 1 <= self.max_in_flight <= AUTO_CAP * 16:
            raise ValueError(f"max_in_flight must be from 1 to {AUTO_CAP * 16}")
        if self.round < 0:
            raise ValueError("round must be >= 0")
        self.row_settings().check()

    def row_settings(self) -> RowSettings:
        """How each row runs (retries, waiting, saving into ``out_dir``)."""
        return RowSettings.of(self, Path(self.out_dir) if self.out_dir else None)


#: A columnar row as an input record; kept under the name this module first gave it.
to_record = columnar_record


def check_row(record: dict[str, Any]) -> Row | BadRow:
    """Validate like the bulk runner; a row without an id gets one from its content."""
    return parse_row(record, 0, content_id=True)


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
        "final": False,
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
        self.settings = options.row_settings()
        self.admission = Admission(options.max_in_flight)

    async def run(self, records: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
        """One result dict per record (see :data:`RESULT_COLUMNS`), in input order."""
        if self.settings.out_dir is not None:
            await asyncio.to_thread(os.makedirs, self.settings.out_dir, exist_ok=True)
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
        row = check_row(columnar_record(record))
        if isinstance(row, BadRow):
            return failed(row.id, "INVALID_ROW", row.message)
        return await self.run_row(row)

    def key(self, row: Row) -> str:
        """The row's ``Idempotency-Key``, exactly as the bulk runner derives it."""
        return row_key(self.options.batch_name, row.id, row.digest, self.options.round)

    async def run_row(self, row: Row) -> dict[str, Any]:
        """Submit, wait and (optionally) save one row, retrying like the bulk runner."""
        outcome = await row_job.run_row(
            self.client, row, self.key(row), self.admission, self.settings
        )
        assert outcome is not None  # None only when stopping, which a worker never does
        return result_of(row, outcome)


def result_of(row: Row, outcome: RowOutcome) -> dict[str, Any]:
    """The result columns of a row that ran."""
    exc = outcome.error
    if exc is not None:
        result = failed(row.id, exc.error_code, row_job.short(exc), outcome.attempts)
        result["request_id"] = outcome.request_id
        result["final"] = outcome.final
        return result
    return {
        "id": row.id,
        "status": DONE,
        "request_id": outcome.request_id,
        "url": _first_url(outcome.result),
        "cost": outcome.cost,
        "cache_hit": outcome.cache_hit,
        "error_code": None,
        "error": None,
        "final": None,
        "attempts": outcome.attempts,
        "files": [str(path) for path in outcome.files],
    }


__all__ = [
    "RESULT_COLUMNS",
    "RowWorker",
    "WorkerOptions",
    "check_row",
    "failed",
    "plain",
    "result_of",
    "to_record",
]
