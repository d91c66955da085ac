"""The generation cache: exact and similar prompts, per organisation, surviving restarts.

An entry points at the generation whose files it reuses. It only answers an order for as many
images as that generation made, or fewer, so every URL of a cache hit serves a real file.
"""

from __future__ import annotations

import sqlite3
import time
from typing import TYPE_CHECKING, Any

from visgate_sdk.sandbox.similarity import SIMILARITY, content_words, normalise, similar
from visgate_sdk.sandbox.store import Store

if TYPE_CHECKING:
    from visgate_sdk.sandbox.generation import Order

NO_SEED = -1  # the seed column's value when none was given (seeds are 0 .. 2**63-1)


def _key(org: str, order: Order) -> tuple[Any, ...]:
    """What a reusable generation must share with the order: org, model, size, seed, count."""
    seed = NO_SEED if order.seed is None else order.seed
    return (org, order.cache_model, order.width, order.height, seed, order.num_images)


_MATCH = (
    "FROM cache WHERE org = ? AND model = ? AND width = ? AND height = ? AND seed = ?"
    " AND num_images >= ?"
)


def lookup(store: Store, org: str, order: Order) -> sqlite3.Row | None:
    """An earlier generation this order can reuse: the same prompt, or a similar one."""
    key = _key(org, order)
    exact = store.one(
        f"SELECT * {_MATCH} AND prompt = ? ORDER BY created_at LIMIT 1",
        *key,
        normalise(order.prompt),
    )
    if exact is not None:
        return exact
    words = content_words(order.prompt)
    if not words:
        return None
    # A bulk run fills the cache with entries of one model and size, so SQLite narrows them
    # down first. A prompt similar to this one lacks at most `spare` of its words, so it holds
    # at least one of any spare + 1 of them: take the rarest among the entries.
    size = len(words)
    spare = max(i for i in range(size + 1) if (size - i) / size >= SIMILARITY)
    has = "instr(' ' || words || ' ', ?) > 0"
    terms = sorted(words)
    counts = store.one(
        f"SELECT {', '.join(f'COALESCE(SUM({has}), 0)' for _ in terms)} {_MATCH}",
        *(f" {w} " for w in terms),
        *key,
    )
    assert counts is not None
    needed = sorted(terms, key=lambda w: counts[terms.index(w)])[: spare + 1]
    candidates = store.all(
        f"SELECT rowid, words {_MATCH} AND ({' OR '.join(has for _ in needed)})"
        " ORDER BY created_at",
        *key,
        *(f" {w} " for w in needed),
    )
    for rowid, text in candidates:
        other = str(text).split()
        shorter, longer = sorted((len(words), len(other)))
        if longer and shorter / longer >= SIMILARITY and similar(words, frozenset(other)):
            return store.one("SELECT * FROM cache WHERE rowid = ?", rowid)
    return None


def remember(store: Store, org: str, order: Order, source_id: str) -> None:
    """Make generation ``source_id`` (which made ``order``) reusable by later orders."""
    store.run(
        "INSERT INTO cache (org, model, width, height, seed, num_images, prompt, words,"
        " source_id, provider_cost_micro, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        *_key(org, order),
        normalise(order.prompt),
        " ".join(sorted(content_words(order.prompt))),
        source_id,
        order.provider_cost_micro,
        time.time(),
    )
