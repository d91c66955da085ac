"""Bulk generation on Ray Data: the bulk runner's guarantees inside a Ray actor pool.

Two ways in (``pip install "visgate-sdk[ray]"``); see docs/ray.md::

    from visgate_sdk.integrations.ray import VisgateGenerate, generate

    out = generate(ds, batch_name="spring-catalog", concurrency=4)   # a ray.data.Dataset

    out = ds.map_batches(                                            # the same, by hand
        VisgateGenerate,
        fn_constructor_kwargs={"batch_name": "spring-catalog"},
        compute=ray.data.ActorPoolStrategy(size=4),
        batch_size=32, batch_format="pyarrow", num_cpus=0.25,
    )

Each input row has the bulk runner's columns (``prompt``; optional ``id``, ``kind``,
``model``, ``params`` and the options). Each output row keeps them and adds
:data:`RESULT_COLUMNS`. The ``Idempotency-Key`` of a row is
:func:`visgate_sdk.batch.keys.row_key` of (``batch_name``, id, content), the bulk runner's own
function: a task Ray retries, an actor it restarts and a re-run of the whole pipeline send the
same key for the same row, and the gateway replays the first answer instead of billing again.

The API key is never an argument: each actor reads it from its own environment
(``VISGATE_API_KEY``, or the variable named by ``api_key_env``), so it is not pickled into
the task graph nor shown with the constructor's arguments. Give it to the Ray processes'
environment (``VISGATE_API_KEY=... ray start ...`` on each node); not through
``runtime_env={"env_vars": ...}``, whose values Ray writes to runtime_env_agent.log.
"""

from __future__ import annotations

import asyncio
import os
import threading
from collections.abc import Coroutine, Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from visgate_sdk.batch.row_job import BACKOFF_BASE, DEFAULT_RETRIES, Mode
from visgate_sdk.exceptions import AuthenticationError
from visgate_sdk.integrations._rowjob import RESULT_COLUMNS, RowWorker, WorkerOptions

if TYPE_CHECKING:
    from visgate_sdk.client import AsyncClient

T = TypeVar("T")
API_KEY_ENV = "VISGATE_API_KEY"
DEFAULT_BATCH_SIZE = 32
DEFAULT_ACTOR_CPUS = 0.25  # an actor waits on the network; a whole core each would idle


class VisgateGenerate:
    """A Ray Data callable class: generates every row of each batch it is given.

    One :class:`~visgate_sdk.AsyncClient` per actor, made in the constructor on the actor's
    own event loop and reused; up to ``max_in_flight`` rows of a batch in flight at once
    (an adaptive window that halves on 429/503 and pauses the actor for ``Retry-After``).
    Arguments (all keyword, all safe to show):

    - ``batch_name``: the key namespace; the same name as ``visgate batch --batch-name``
      gives the same keys for the same rows.
    - ``base_url``: the API; default ``$VISGATE_BASE_URL``, else the public API.
    - ``api_key_env``: the environment variable that holds the key on the workers.
    - ``max_in_flight``: this actor's cap; ``retries``: transient failures per row.
    - ``mode``: ``auto`` (images wait on the POST, videos poll), ``sync`` or ``background``.
    - ``out_dir``: save outputs there too (a folder every worker can write, shared on a
      cluster); ``files`` then lists the paths.
    - ``round``: 0; raise it to generate again rows whose earlier attempt failed with
      ``final`` true (the failure is replayed under the old key) — only for those rows, or
      done rows are paid again. A failed row with ``final`` false is run again as it is.
    - ``backoff_base``: seconds, the first retry's wait ceiling (doubling up to 8).
    """

    def __init__(
        self,
        *,
        batch_name: str,
        base_url: str | None = None,
        api_key_env: str = API_KEY_ENV,
        max_in_flight: int = 16,
        retries: int = DEFAULT_RETRIES,
        mode: Mode = "auto",
        job_timeout: float = 600.0,
        poll_interval: float = 2.0,
        timeout: float | None = None,
        out_dir: str | None = None,
        round: int = 0,
        backoff_base: float = BACKOFF_BASE,
    ) -> None:
        options = WorkerOptions(
            batch_name=batch_name,
            max_in_flight=max_in_flight,
            retries=retries,
            mode=mode,
            job_timeout=job_timeout,
            poll_interval=poll_interval,
            out_dir=out_dir,
            round=round,
            backoff_base=backoff_base,
        )
        options.check()
        api_key = os.environ.get(api_key_env, "").strip()
        if not api_key:
            raise AuthenticationError(
                f"{api_key_env} is not set on this Ray worker: start Ray's processes with "
                f"the key in their environment ({api_key_env}=... ray start ...), never in "
                "fn_constructor_kwargs",
                status_code=None,
            )
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(
            target=self._loop.run_forever, name="visgate-ray-loop", daemon=True
        )
        self._thread.start()
        self._client = self._call(_make_client(api_key, base_url, timeout))
        self._worker = RowWorker(self._client, options)
        self.batch_name = batch_name

    def _call(self, coroutine: Coroutine[Any, Any, T]) -> T:
        return asyncio.run_coroutine_threadsafe(coroutine, self._loop).result()

    @property
    def client(self) -> AsyncClient:
        """This actor's client (one per actor, reused by every batch)."""
        return self._client

    def __call__(self, batch: Any) -> Any:
        """Generate each row of ``batch`` (pyarrow, pandas or a dict of numpy arrays).

        Returns a ``pyarrow.Table``: the input columns, then :data:`RESULT_COLUMNS` (a
        column of the input with one of those names is replaced).
        """
        table = _as_table(batch)
        results = self._call(self._worker.run(table.to_pylist()))
        return _with_results(table, results)

    def close(self) -> None:
        """Close the client and stop the actor's event loop (Ray ends actors anyway)."""
        if self._loop.is_closed():
            return
        self._call(self._client.close())
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=5)
        self._loop.close()

    def __repr__(self) -> str:
        return f"VisgateGenerate(batch_name={self.batch_name!r})"


async def _make_client(api_key: str, base_url: str | None, timeout: float | None) -> AsyncClient:
    # Made on the actor's loop: an aiohttp transport binds to the loop it is created on.
    from visgate_sdk.client import AsyncClient

    settings: dict[str, Any] = {"base_url": base_url}
    if timeout is not None:
        settings["timeout"] = timeout
    return AsyncClient(api_key, **settings)


def _as_table(batch: Any) -> Any:
    import pyarrow as pa  # type: ignore[import-untyped]

    if isinstance(batch, pa.Table):
        return batch
    if isinstance(batch, Mapping):  # Ray's "numpy" format: column name -> array
        return pa.table({str(k): pa.array(_cells(v)) for k, v in batch.items()})
    from_pandas = getattr(pa.Table, "from_pandas", None)
    if from_pandas is not None and hasattr(batch, "to_dict") and hasattr(batch, "columns"):
        return from_pandas(batch, preserve_index=False)
    raise TypeError(f"expected a pyarrow, pandas or numpy batch, got {type(batch).__name__}")


def _cells(column: Any) -> list[Any]:
    tolist = getattr(column, "tolist", None)
    return list(tolist()) if callable(tolist) else list(column)


def _with_results(table: Any, results: list[dict[str, Any]]) -> Any:
    import pyarrow as pa

    types = {
        "id": pa.string(),
        "status": pa.string(),
        "request_id": pa.string(),
        "url": pa.string(),
        "cost": pa.float64(),
        "cache_hit": pa.bool_(),
        "error_code": pa.string(),
        "error": pa.string(),
        "final": pa.bool_(),
        "attempts": pa.int64(),
        "files": pa.list_(pa.string()),
    }
    kept = [name for name in table.column_names if name not in types]
    out = table.select(kept)
    for name in RESULT_COLUMNS:
        out = out.append_column(
            pa.field(name, types[name]), pa.array([r[name] for r in results], types[name])
        )
    return out


def generate(
    dataset: Any,
    *,
    batch_name: str,
    concurrency: int | tuple[int, int] = 2,
    batch_size: int = DEFAULT_BATCH_SIZE,
    num_cpus: float = DEFAULT_ACTOR_CPUS,
    map_batches_kwargs: Mapping[str, Any] | None = None,
    **options: Any,
) -> Any:
    """``dataset`` (a ``ray.data.Dataset`` of job rows) with the result columns added (lazy).

    ``concurrency`` actors (or a ``(min, max)`` autoscaling range), each handling
    ``batch_size`` rows a call with up to ``max_in_flight`` in flight; ``options`` are
    :class:`VisgateGenerate`'s arguments; ``map_batches_kwargs`` go to ``map_batches``.
    """
    WorkerOptions(
        batch_name=batch_name,
        **{k: v for k, v in options.items() if k in WorkerOptions.__dataclass_fields__},
    ).check()  # a bad setting fails here, not in every actor
    from ray.data import ActorPoolStrategy

    low, high = concurrency if isinstance(concurrency, tuple) else (concurrency, concurrency)
    kwargs: dict[str, Any] = {
        "compute": ActorPoolStrategy(min_size=low, max_size=high),
        "batch_size": batch_size,
        "batch_format": "pyarrow",
        "num_cpus": num_cpus,
    }
    kwargs.update(map_batches_kwargs or {})
    return dataset.map_batches(
        VisgateGenerate,
        fn_constructor_kwargs={"batch_name": batch_name, **options},
        **kwargs,
    )


__all__ = ["API_KEY_ENV", "RESULT_COLUMNS", "VisgateGenerate", "generate"]
