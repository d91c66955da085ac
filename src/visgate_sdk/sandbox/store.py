"""The sandbox's state in SQLite: one connection, one lock, a commit per change."""

from __future__ import annotations

import secrets
import sqlite3
import threading
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

# No migrations: every earlier layout lived only between commits of the unreleased 0.1.0,
# so no sandbox database of an older layout can exist.
_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS api_keys (
    id TEXT PRIMARY KEY, name TEXT NOT NULL, key TEXT UNIQUE NOT NULL, created_at REAL NOT NULL,
    last_used_at REAL);
CREATE TABLE IF NOT EXISTS generations (
    id TEXT PRIMARY KEY, org TEXT NOT NULL, endpoint TEXT NOT NULL, media_type TEXT NOT NULL,
    model TEXT NOT NULL, provider TEXT NOT NULL, mode TEXT NOT NULL, params TEXT NOT NULL,
    status TEXT NOT NULL, created_at REAL NOT NULL, completes_at REAL NOT NULL,
    completed_at REAL, error_message TEXT, cache_hit INTEGER NOT NULL DEFAULT 0,
    provider_cost_micro INTEGER NOT NULL DEFAULT 0, billed_micro INTEGER NOT NULL DEFAULT 0,
    avoided_micro INTEGER NOT NULL DEFAULT 0, latency_ms INTEGER, result TEXT,
    is_async INTEGER NOT NULL DEFAULT 0, will_fail INTEGER NOT NULL DEFAULT 0,
    recorded INTEGER NOT NULL DEFAULT 0, media_source TEXT);
CREATE INDEX IF NOT EXISTS generations_org_time ON generations (org, created_at);
CREATE TABLE IF NOT EXISTS cache (
    org TEXT NOT NULL, model TEXT NOT NULL, width INTEGER NOT NULL, height INTEGER NOT NULL,
    seed INTEGER NOT NULL, prompt TEXT NOT NULL, words TEXT NOT NULL, source_id TEXT NOT NULL,
    provider_cost_micro INTEGER NOT NULL, created_at REAL NOT NULL,
    num_images INTEGER NOT NULL DEFAULT 1);
CREATE INDEX IF NOT EXISTS cache_exact ON cache (org, model, width, height, seed, prompt);
CREATE TABLE IF NOT EXISTS cache_words (
    bucket TEXT NOT NULL, word TEXT NOT NULL, size INTEGER NOT NULL, entry INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS cache_words_lookup ON cache_words (bucket, word, size);
CREATE TABLE IF NOT EXISTS cache_df (
    bucket TEXT NOT NULL, word TEXT NOT NULL, n INTEGER NOT NULL, PRIMARY KEY (bucket, word));
CREATE TABLE IF NOT EXISTS idempotency (
    org TEXT NOT NULL, key TEXT NOT NULL, fingerprint TEXT NOT NULL, state TEXT NOT NULL,
    status INTEGER, headers TEXT, body BLOB, created_at REAL NOT NULL, owner TEXT,
    PRIMARY KEY (org, key));
CREATE TABLE IF NOT EXISTS provider_keys (
    org TEXT NOT NULL, provider TEXT NOT NULL, key TEXT NOT NULL, validated INTEGER NOT NULL,
    validated_at REAL, PRIMARY KEY (org, provider));
"""


class Store:
    """Thread-safe access to the database (``:memory:`` or a file that survives restarts)."""

    def __init__(self, path: str) -> None:
        self._lock = threading.RLock()
        self._db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        self._db.row_factory = sqlite3.Row
        try:
            if path != ":memory:":
                self._db.execute("PRAGMA journal_mode=WAL")
            self._db.executescript(_SCHEMA)
        except BaseException:
            self._db.close()
            raise

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """Run several statements atomically (a nested call joins the open transaction)."""
        with self._lock:
            if self._db.in_transaction:
                yield self._db
                return
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield self._db
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    def one(self, sql: str, *args: Any) -> sqlite3.Row | None:
        with self._lock:
            row: sqlite3.Row | None = self._db.execute(sql, args).fetchone()
            return row

    def all(self, sql: str, *args: Any) -> list[sqlite3.Row]:
        with self._lock:
            return list(self._db.execute(sql, args).fetchall())

    def run(self, sql: str, *args: Any) -> int:
        with self._lock:
            return self._db.execute(sql, args).rowcount

    def close(self) -> None:
        with self._lock:
            self._db.close()

    # --- organisation and keys -------------------------------------------------------------

    def meta(self, key: str) -> str | None:
        row = self.one("SELECT value FROM meta WHERE key = ?", key)
        return None if row is None else str(row["value"])

    def bootstrap(self, api_key: str | None) -> tuple[str, str]:
        """Create the sandbox organisation on first start; returns (org_id, api_key)."""
        with self.transaction() as db:
            org = self.meta("org_id")
            if org is None:
                org = secrets.token_urlsafe(15)[:20]
                db.execute("INSERT INTO meta VALUES ('org_id', ?)", (org,))
                db.execute("INSERT INTO meta VALUES ('org_name', ?)", ("Sandbox Developer's Org",))
            if api_key is None:
                row = db.execute("SELECT key FROM api_keys ORDER BY created_at LIMIT 1").fetchone()
                api_key = str(row["key"]) if row else "vg-" + secrets.token_hex(16)
            if db.execute("SELECT 1 FROM api_keys WHERE key = ?", (api_key,)).fetchone() is None:
                new = (secrets.token_urlsafe(15)[:20], "sandbox", api_key, time.time())
                db.execute("INSERT INTO api_keys VALUES (?, ?, ?, ?, NULL)", new)
        return org, api_key

    def key_known(self, api_key: str) -> bool:
        if self.one("SELECT 1 FROM api_keys WHERE key = ?", api_key) is None:
            return False
        self.run("UPDATE api_keys SET last_used_at = ? WHERE key = ?", time.time(), api_key)
        return True

    # --- generations -----------------------------------------------------------------------

    def insert_generation(self, row: Mapping[str, Any]) -> None:
        columns = ", ".join(row)
        marks = ", ".join("?" for _ in row)
        self.run(f"INSERT INTO generations ({columns}) VALUES ({marks})", *row.values())

    def generation(self, org: str, gen_id: str) -> sqlite3.Row | None:
        return self.one("SELECT * FROM generations WHERE org = ? AND id = ?", org, gen_id)

    def media_generation(self, gen_id: str) -> sqlite3.Row | None:
        return self.one("SELECT * FROM generations WHERE id = ?", gen_id)
