"""The batch journal: one SQLite file (WAL mode) in the output folder, one row per job.

Every state change is one autocommitted statement, written *before* the network call it
announces (``submitting`` before the POST) and *after* the outcome it records (``submitted``
with the job id once the gateway answered 202, ``done`` once the files are on disk). A crash at
any instant therefore leaves a row in a state the next run knows how to finish:

=============  ==================================================================
state          what the next run does
=============  ==================================================================
pending        submit with the row's key
submitting     submit again with the *same* key: the gateway replays if it acted
submitted      poll the recorded job id (``requests.get``), no POST at all
done           skip (the files are in the folder)
failed         skip, unless the run retries failed rows
=============  ==================================================================

``synchronous=NORMAL`` in WAL mode survives a killed process (the writes are in the OS);
a power cut may lose the last transactions, which is still safe: a lost ``submitted``
only means the next run sends the same key again and the gateway replays the answer.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any, NamedTuple

from visgate_sdk.exceptions import VisgateError

JOURNAL_NAME = "journal.sqlite"
LOCK_NAME = "journal.lock"
PENDING, SUBMITTING, SUBMITTED = "pending", "submitting", "submitted"
DONE, FAILED = "done", "failed"
OPEN_STATES = (PENDING, SUBMITTING, SUBMITTED)

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS jobs (
    id TEXT PRIMARY KEY,
    line INTEGER NOT NULL,
    digest TEXT NOT NULL,
    key TEXT NOT NULL,
    round INTEGER NOT NULL DEFAULT 0,
    kind TEXT NOT NULL,
    model TEXT NOT NULL,
    state TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    request_id TEXT,
    provider TEXT,
    cost REAL,
    cache_hit INTEGER,
    files TEXT,
    error_code TEXT,
    error TEXT,
    definitive INTEGER NOT NULL DEFAULT 0,
    latency_ms REAL,
    seen_run INTEGER NOT NULL,
    finished_run INTEGER,
    updated_at REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS jobs_line ON jobs (line);
CREATE TABLE IF NOT EXISTS bad_rows (
    line INTEGER PRIMARY KEY,
    id TEXT,
    error TEXT NOT NULL,
    seen_run INTEGER NOT NULL
);
"""


class JobRecord(NamedTuple):
    """A journal row as the runner reads it."""

    id: str
    line: int
    digest: str
    key: str
    round: int
    state: str
    attempts: int
    request_id: str | None
    error_code: str | None
    definitive: bool
    seen_run: int


class BatchBusyError(VisgateError):
    """Another run (this machine, any process) is using the output folder right now.

    Two runs on one folder would send the same keys at once (the gateway answers 409 to one
    of them) and rewrite each other's manifest, so the second one stops before it starts.
    """

    default_code = "BATCH_IN_USE"


class FolderLock:
    """An exclusive advisory lock on ``<folder>/journal.lock``, held until :meth:`release`.

    The operating system drops it when the process ends, however it ends (``kill -9``
    included), so a crashed run never blocks the next one. The file keeps the holder's pid,
    for the message of a run that finds the folder busy.
    """

    def __init__(self, folder: Path) -> None:
        self.path = folder / LOCK_NAME
        handle = self.path.open("a+", encoding="utf-8")
        try:
            _lock(handle)
        except OSError:
            handle.seek(0)
            holder = handle.read().strip()
            handle.close()
            who = f" (pid {holder})" if holder.isdigit() else ""
            raise BatchBusyError(
                f"another batch run{who} is using {str(folder)!r}; wait for it to finish "
                "or stop it, then run the same command again"
            ) from None
        handle.seek(0)
        handle.truncate()
        handle.write(str(os.getpid()))
        handle.flush()
        self._handle: IO[str] | None = handle

    def release(self) -> None:
        """Let the next run in (safe to call twice)."""
        if self._handle is not None:
            with contextlib.suppress(OSError):
                self._handle.truncate(0)
            self._handle.close()  # closing the descriptor drops the lock
            self._handle = None


def _lock(handle: IO[str]) -> None:
    """Take the lock without waiting; OSError when someone else holds it."""
    if sys.platform == "win32":
        import msvcrt

        handle.seek(0)
        msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
    else:
        import fcntl

        # flock, not lockf: flock conflicts between two opens in one process as well, so two
        # runs inside one program are kept apart too.
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)


class SeenIds:
    """The first line of every row id seen, kept in a temporary SQLite file, not in memory.

    ``--dry-run`` finds duplicate ids with it without a journal and without a set of a
    million strings; the file goes away with :meth:`close`.
    """

    def __init__(self) -> None:
        import tempfile

        self._dir = tempfile.TemporaryDirectory(prefix="visgate-ids-")
        self._db = sqlite3.connect(Path(self._dir.name) / "ids.sqlite", isolation_level=None)
        self._db.execute("PRAGMA journal_mode=OFF")
        self._db.execute("PRAGMA synchronous=OFF")
        self._db.execute("CREATE TABLE ids (id TEXT PRIMARY KEY, line INTEGER NOT NULL)")

    def first_line(self, row_id: str, line: int) -> int | None:
        """None the first time ``row_id`` is seen (it is recorded); else its first line."""
        cursor = self._db.execute(
            "INSERT INTO ids (id, line) VALUES (?, ?) ON CONFLICT (id) DO NOTHING", (row_id, line)
        )
        if cursor.rowcount == 1:
            return None
        (first,) = self._db.execute("SELECT line FROM ids WHERE id = ?", (row_id,)).fetchone()
        return int(first)

    def close(self) -> None:
        """Delete the file."""
        self._db.close()
        self._dir.cleanup()

    def __enter__(self) -> SeenIds:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


class Journal:
    """The journal of one output folder; use as a context manager or call :meth:`close`.

    ``lock`` (the default) holds :class:`FolderLock` while open: a second run on the same
    folder raises :class:`BatchBusyError` at once. Readers that change nothing (``--dry-run``)
    pass ``lock=False``.
    """

    def __init__(self, folder: str | Path, *, lock: bool = True) -> None:
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        self.path = self.folder / JOURNAL_NAME
        self._lock = FolderLock(self.folder) if lock else None
        self.run = 0
        try:
            self._db = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
        except BaseException:
            self._release()
            raise
        try:
            self._db.row_factory = sqlite3.Row
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.execute("PRAGMA busy_timeout=10000")
            self._db.executescript(_SCHEMA)
        except BaseException:
            self.close()
            raise

    # --- runs and metadata -----------------------------------------------------------------

    def meta(self, name: str, default: str) -> str:
        """A stored setting; ``default`` is stored and returned the first time."""
        self._db.execute("INSERT OR IGNORE INTO meta (name, value) VALUES (?, ?)", (name, default))
        row = self._db.execute("SELECT value FROM meta WHERE name = ?", (name,)).fetchone()
        return str(row["value"])

    def start_run(self) -> int:
        """Count a new run (rows seen by it are told apart from older ones)."""
        previous = int(self.meta("runs", "0"))
        self.run = previous + 1
        self._db.execute("UPDATE meta SET value = ? WHERE name = 'runs'", (str(self.run),))
        return self.run

    def finish_reading(self) -> None:
        """The whole input was read: bad rows from older inputs are gone from it."""
        self._db.execute("DELETE FROM bad_rows WHERE seen_run < ?", (self.run,))

    # --- rows ------------------------------------------------------------------------------

    def get(self, row_id: str) -> JobRecord | None:
        """The journal row of ``row_id``, if any."""
        row = self._db.execute(
            "SELECT id, line, digest, key, round, state, attempts, request_id, error_code,"
            " definitive, seen_run FROM jobs WHERE id = ?",
            (row_id,),
        ).fetchone()
        if row is None:
            return None
        return JobRecord(
            id=row["id"],
            line=row["line"],
            digest=row["digest"],
            key=row["key"],
            round=row["round"],
            state=row["state"],
            attempts=row["attempts"],
            request_id=row["request_id"],
            error_code=row["error_code"],
            definitive=bool(row["definitive"]),
            seen_run=row["seen_run"],
        )

    def admit(
        self, row_id: str, line: int, digest: str, key: str, kind: str, model: str
    ) -> JobRecord:
        """Record a new row as pending, or a row whose content changed as a new pending job."""
        now = time.time()
        self._db.execute(
            "INSERT INTO jobs (id, line, digest, key, kind, model, state, seen_run, updated_at)"
            " VALUES (?, ?, ?, ?, ?, ?, 'pending', ?, ?)"
            " ON CONFLICT (id) DO UPDATE SET"
            "  line = excluded.line, seen_run = excluded.seen_run,"
            "  updated_at = excluded.updated_at,"
            "  digest = excluded.digest, key = excluded.key, kind = excluded.kind,"
            "  model = excluded.model,"
            "  round = CASE WHEN jobs.digest = excluded.digest THEN jobs.round ELSE 0 END,"
            "  state = CASE WHEN jobs.digest = excluded.digest THEN jobs.state ELSE 'pending' END,"
            "  attempts = CASE WHEN jobs.digest = excluded.digest THEN jobs.attempts ELSE 0 END,"
            "  request_id = CASE WHEN jobs.digest = excluded.digest"
            "   THEN jobs.request_id ELSE NULL END",
            (row_id, line, digest, key, kind, model, self.run, now),
        )
        record = self.get(row_id)
        assert record is not None
        return record

    def retry(self, row_id: str, key: str, round_: int) -> None:
        """Open a failed row again (with a new key when its failure was definitive).

        A row whose job id is known and whose failure was not definitive (its wait timed
        out) goes back to ``submitted``: the job is polled, not posted again.
        """
        self._db.execute(
            "UPDATE jobs SET key = ?, round = ?, attempts = 0,"
            " request_id = CASE WHEN definitive = 1 THEN NULL ELSE request_id END,"
            " state = CASE WHEN definitive = 0 AND request_id IS NOT NULL"
            "  THEN 'submitted' ELSE 'pending' END,"
            " error_code = NULL, error = NULL, definitive = 0, updated_at = ? WHERE id = ?",
            (key, round_, time.time(), row_id),
        )

    def submitting(self, row_id: str, attempts: int) -> None:
        """About to POST (written first: a crash now means 'send the same key again')."""
        self._set(row_id, state=SUBMITTING, attempts=attempts)

    def submitted(self, row_id: str, request_id: str) -> None:
        """The gateway accepted a background job: from now on it is polled, never re-posted."""
        self._set(row_id, state=SUBMITTED, request_id=request_id)

    def done(
        self,
        row_id: str,
        *,
        request_id: str | None,
        provider: str | None,
        cost: float,
        cache_hit: bool,
        files: list[str],
        latency_ms: float | None,
    ) -> None:
        """The row's outputs are saved."""
        self._set(
            row_id,
            state=DONE,
            request_id=request_id,
            provider=provider,
            cost=cost,
            cache_hit=int(cache_hit),
            files=json.dumps(files),
            latency_ms=latency_ms,
            error_code=None,
            error=None,
            finished_run=self.run,
        )

    def failed(
        self,
        row_id: str,
        *,
        error_code: str,
        error: str,
        definitive: bool,
        request_id: str | None = None,
    ) -> None:
        """Record a failure; ``definitive`` when the gateway finished the key with it."""
        values: dict[str, Any] = {
            "state": FAILED,
            "error_code": error_code,
            "error": error,
            "definitive": int(definitive),
            "finished_run": self.run,
        }
        if request_id is not None:
            values["request_id"] = request_id
        self._set(row_id, **values)

    def _set(self, row_id: str, **values: Any) -> None:
        values["updated_at"] = time.time()
        columns = ", ".join(f"{name} = ?" for name in values)
        self._db.execute(f"UPDATE jobs SET {columns} WHERE id = ?", (*values.values(), row_id))

    def bad_row(self, line: int, row_id: str | None, error: str) -> None:
        """Record a row that cannot run (it is re-checked on every run)."""
        self._db.execute(
            "INSERT OR REPLACE INTO bad_rows (line, id, error, seen_run) VALUES (?, ?, ?, ?)",
            (line, row_id, error, self.run),
        )

    # --- reading back ----------------------------------------------------------------------

    def manifest_rows(self) -> Iterator[dict[str, Any]]:
        """One dict per known input row, in input order (the manifest's lines)."""
        cursor = self._db.execute(
            "SELECT line, id, state, request_id, model, provider, cost, cache_hit, files,"
            " error_code, error, attempts FROM jobs"
            " UNION ALL SELECT line, id, 'failed', NULL, NULL, NULL, NULL, NULL, NULL,"
            " 'INVALID_ROW', error, 0 FROM bad_rows ORDER BY line"
        )
        for row in cursor:
            state = row["state"]
            yield {
                "id": row["id"],
                "line": row["line"],
                "status": state if state in (DONE, FAILED) else PENDING,
                "request_id": row["request_id"],
                "model": row["model"],
                "provider": row["provider"],
                "cost": row["cost"],
                "cache_hit": None if row["cache_hit"] is None else bool(row["cache_hit"]),
                "files": json.loads(row["files"]) if row["files"] else [],
                "error_code": row["error_code"],
                "error": row["error"],
                "attempts": row["attempts"],
            }

    def failed_rows(self) -> Iterator[dict[str, Any]]:
        """The manifest entries of failed rows."""
        return (item for item in self.manifest_rows() if item["status"] == FAILED)

    def latency_percentiles(self, run: int) -> tuple[float | None, float | None]:
        """p50 and p95 latency (ms) of the rows finished by ``run``, read by SQL (flat memory)."""
        (count,) = self._db.execute(
            "SELECT COUNT(*) FROM jobs WHERE finished_run = ? AND state = 'done'"
            " AND latency_ms IS NOT NULL",
            (run,),
        ).fetchone()
        if not count:
            return None, None

        def at(fraction: float) -> float:
            offset = min(count - 1, int(fraction * count))
            (value,) = self._db.execute(
                "SELECT latency_ms FROM jobs WHERE finished_run = ? AND state = 'done'"
                " AND latency_ms IS NOT NULL ORDER BY latency_ms LIMIT 1 OFFSET ?",
                (run, offset),
            ).fetchone()
            return float(value)

        return at(0.5), at(0.95)

    def close(self) -> None:
        """Close the database (the WAL is checkpointed) and let the next run in."""
        try:
            self._db.close()
        finally:
            self._release()

    def _release(self) -> None:
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    def __enter__(self) -> Journal:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()
