"""``client.batch``: the bulk runner as a resource of ``Client`` and ``AsyncClient``.

Both have the same two methods: ``run`` (returns a :class:`BatchRun` once every row is
done, failed or left for the next run) and ``stream`` (yields each row's
:class:`~visgate_sdk.batch.runner.BatchItem` as it completes). The sync client runs the async
core in a worker thread with its own event loop and its own connection pool.
"""

from __future__ import annotations

import asyncio
import json
import os
import queue
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from visgate_sdk.batch.row_job import BACKOFF_BASE, DEFAULT_RETRIES, Mode
from visgate_sdk.batch.runner import (
    MANIFEST_NAME,
    AsyncBatchStream,
    BatchItem,
    BatchOptions,
    BatchSummary,
)
from visgate_sdk.exceptions import ValidationError

if TYPE_CHECKING:
    from visgate_sdk.batch.rows import Source
    from visgate_sdk.client import AsyncClient, Client

_END = object()


class BatchRun:
    """What a finished run left: its ``summary``, the folder and the manifest in it."""

    def __init__(self, summary: BatchSummary, out_dir: Path) -> None:
        self.summary = summary
        self.out_dir = out_dir
        self.manifest_path = out_dir / MANIFEST_NAME

    def items(self) -> Iterator[BatchItem]:
        """Every row of the manifest, in input order (read from disk, one at a time)."""
        with self.manifest_path.open(encoding="utf-8") as handle:
            for text in handle:
                yield BatchItem.from_manifest(json.loads(text))

    @property
    def failed(self) -> list[BatchItem]:
        """Rows without output: id, line, error code and message, request id."""
        return [item for item in self.items() if item.status == "failed"]

    @property
    def ok(self) -> bool:
        """True when every row of the input is done."""
        s = self.summary
        return s.failed == 0 and s.pending == 0 and s.stopped is None

    def __repr__(self) -> str:
        s = self.summary
        return (
            f"BatchRun(out_dir={str(self.out_dir)!r}, done={s.done}, failed={s.failed}, "
            f"skipped={s.skipped}, pending={s.pending}, cost={s.cost:.4f})"
        )


def make_options(
    out_dir: str | os.PathLike[str],
    *,
    concurrency: int | Literal["auto"] | None = None,
    max_cost: float | None = None,
    deadline: float | None = None,
    retries: int = DEFAULT_RETRIES,
    retry_failed: bool = False,
    mode: Mode = "auto",
    job_timeout: float = 600.0,
    poll_interval: float = 2.0,
    batch_name: str | None = None,
    fmt: str | None = None,
    progress: bool | None = None,
    backoff_base: float = BACKOFF_BASE,
) -> BatchOptions:
    """Check the keyword arguments of ``run``/``stream`` and bundle them."""
    options = BatchOptions(
        out_dir=Path(out_dir),
        concurrency=None if concurrency == "auto" else concurrency,
        max_cost=max_cost,
        deadline=deadline,
        retries=retries,
        retry_failed=retry_failed,
        mode=mode,
        job_timeout=job_timeout,
        poll_interval=poll_interval,
        batch_name=batch_name,
        fmt=fmt,
        progress=progress,
        backoff_base=backoff_base,
    )
    try:
        options.check()
    except ValueError as exc:
        raise ValidationError(str(exc)) from None
    return options


def _runner_client(client: AsyncClient) -> AsyncClient:
    # The runner owns retries (see runner.py): its calls must not retry underneath it.
    return client.with_options(max_retries=0)


def _async_twin(client: Client) -> AsyncClient:
    """An AsyncClient with the sync client's key, URL, timeout and provider keys."""
    from visgate_sdk.client import AsyncClient

    return AsyncClient(
        client.api_key,
        base_url=client.base_url,
        timeout=client.timeout,
        max_retries=0,
        fal_key=client._fal_key,
        replicate_key=client._replicate_key,
        runway_key=client._runway_key,
        verify=client._settings.verify,
    )


class AsyncBatch:
    """Bulk generation on an :class:`~visgate_sdk.AsyncClient` (``client.batch``)."""

    def __init__(self, client: AsyncClient) -> None:
        self._client = client

    def stream(
        self, rows: Source, out_dir: str | os.PathLike[str], **options: Any
    ) -> AsyncBatchStream:
        """``async for item in client.batch.stream(rows, out_dir)``; see :meth:`Batch.run`."""
        settings = make_options(out_dir, **options)
        return AsyncBatchStream(_runner_client(self._client), rows, settings)

    async def run(self, rows: Source, out_dir: str | os.PathLike[str], **options: Any) -> BatchRun:
        """Run every row and return the :class:`BatchRun`; see :meth:`Batch.run`."""
        stream = self.stream(rows, out_dir, **options)
        async for _ in stream:
            pass
        assert stream.summary is not None
        return BatchRun(stream.summary, Path(out_dir))


class BatchStream:
    """``for item in stream``: each row's :class:`BatchItem` as it completes.

    ``summary`` is set once the loop is over. Leaving the loop early (``break``, Ctrl-C)
    cancels the jobs in flight; the journal keeps them for the next run.
    """

    def __init__(self, client: Client, rows: Source, options: BatchOptions) -> None:
        self._client, self._rows, self._options = client, rows, options
        self.summary: BatchSummary | None = None

    def __iter__(self) -> Iterator[BatchItem]:
        items: queue.Queue[Any] = queue.Queue(maxsize=256)
        state: dict[str, Any] = {}
        started = threading.Event()

        async def main() -> None:
            async with _async_twin(self._client) as client:
                stream = AsyncBatchStream(client, self._rows, self._options)
                state["loop"], state["stream"] = asyncio.get_running_loop(), stream
                started.set()
                loop = asyncio.get_running_loop()
                async for item in stream:
                    await loop.run_in_executor(None, items.put, item)
                state["summary"] = stream.summary

        def work() -> None:
            try:
                asyncio.run(main())
            except BaseException as exc:  # handed to the consuming thread
                state["error"] = exc
            finally:
                started.set()
                items.put(_END)

        worker = threading.Thread(target=work, name="visgate-batch", daemon=True)
        worker.start()
        finished = False
        try:
            while (item := items.get()) is not _END:
                yield item
            finished = True
        finally:
            if not finished:
                started.wait()
                loop, stream = state.get("loop"), state.get("stream")
                if loop is not None and stream is not None:
                    loop.call_soon_threadsafe(stream.runner.abort)
                while items.get() is not _END:  # drain, so that the worker can finish
                    pass
            worker.join()
            self.summary = state.get("summary") or getattr(state.get("stream"), "summary", None)
        if "error" in state:
            raise state["error"]


class Batch:
    """Bulk generation on a :class:`~visgate_sdk.Client` (``client.batch``)."""

    def __init__(self, client: Client) -> None:
        self._client = client

    def stream(self, rows: Source, out_dir: str | os.PathLike[str], **options: Any) -> BatchStream:
        """``for item in client.batch.stream(rows, out_dir)``: items as rows complete."""
        return BatchStream(self._client, rows, make_options(out_dir, **options))

    def run(self, rows: Source, out_dir: str | os.PathLike[str], **options: Any) -> BatchRun:
        """Generate every row of ``rows`` into ``out_dir``; safe to run again (it resumes).

        ``rows``: a JSON Lines or CSV file (path, or ``"-"`` for stdin) or any iterable of
        dicts with ``prompt`` and optional ``id``, ``kind`` (image/video), ``model`` and
        options (``width``, ``height``, ``num_images``, ``seed``, ``negative_prompt``,
        ``duration_seconds``, ``image_url``, ``params``).

        Options: ``concurrency`` (a cap, default ``"auto"``), ``max_cost`` (USD: stop
        submitting before the spend could pass it), ``deadline`` (seconds for the whole run),
        ``retries`` (per-row retries of transient failures), ``retry_failed`` (generate rows
        that failed in earlier runs again), ``mode`` (``auto``: images answered at once,
        videos as background jobs; ``sync``; ``background``), ``job_timeout`` and
        ``poll_interval`` (background jobs), ``batch_name`` (keys namespace; default the
        folder's name, stored in the journal), ``fmt`` (``jsonl``/``csv``), ``progress`` (a
        live line on stderr), ``backoff_base`` (seconds: the first retry's wait ceiling,
        doubling up to 8; default 0.5).
        """
        stream = self.stream(rows, out_dir, **options)
        for _ in stream:
            pass
        assert stream.summary is not None
        return BatchRun(stream.summary, Path(out_dir))
