"""The generation cache: exact and similar prompts, per organisation, surviving restarts.

An entry points at the generation whose files it reuses. It only answers an order for as many
images as that generation made, or fewer, so every URL of a cache hit serves a real file.

A lookup costs the same with ten entries or a million: the exact prompt is an index seek, and
similar prompts are found through an inverted index of content words (``cache_words``) with
per-word counts (``cache_df``), so only entries sharing one of the query's rarest words, of a
compatible length, are compared.
"""

from __future__ import annotations

import re
import sqlite3
import time
from typing import TYPE_CHECKING, Any

from visgate_sdk.sandbox.store import Store

if TYPE_CHECKING:
    from visgate_sdk.sandbox.generation import Order

NO_SEED = -1  # the seed column's value when none was given (seeds are 0 .. 2**63-1)
SIMILARITY = 0.8  # Jaccard similarity of content words from which two prompts are similar
_WORD = re.compile(r"[a-z0-9]+")
_STOP = """
a an the with of in on at and or for to from by over under into onto as is are was be this that
these those very some its it his her their our your my
"""
STOP_WORDS = frozenset(_STOP.split())


def normalise(prompt: str) -> str:
    """Lowercase, single-spaced: two prompts equal after this are the same prompt."""
    return " ".join(prompt.lower().split())


def content_words(prompt: str) -> frozenset[str]:
    """The words that carry meaning (stop words and punctuation dropped)."""
    return frozenset(w for w in _WORD.findall(prompt.lower()) if w not in STOP_WORDS)


def similar(a: frozenset[str], b: frozenset[str]) -> bool:
    return bool(a and b) and len(a & b) / len(a | b) >= SIMILARITY


def _key(org: str, order: Order) -> tuple[Any, ...]:
    """What a reusable generation must share with the order: org, model, size, seed."""
    seed = NO_SEED if order.seed is None else order.seed
    return (org, order.cache_model, order.width, order.height, seed)


def _bucket(key: tuple[Any, ...]) -> str:
    return "\x1f".join(str(part) for part in key)


def lookup(store: Store, org: str, order: Order) -> sqlite3.Row | None:
    """An earlier generation this order can reuse: the same prompt, or a similar one."""
    key = _key(org, order)
    sql = "SELECT * FROM cache WHERE org = ? AND model = ? AND width = ? AND height = ?"
    sql += " AND seed = ? AND prompt = ? AND num_images >= ? ORDER BY created_at, rowid LIMIT 1"
    exact = store.one(sql, *key, normalise(order.prompt), order.num_images)
    if exact is not None:
        return exact
    words = content_words(order.prompt)
    if not words:
        return None
    bucket = _bucket(key)
    terms = sorted(words)
    marks = ", ".join("?" for _ in terms)
    sql = f"SELECT word, n FROM cache_df WHERE bucket = ? AND word IN ({marks})"
    counts: dict[str, int] = {str(w): int(n) for w, n in store.all(sql, bucket, *terms)}
    # Only words some entry holds can be shared (in a bulk run, a row's own words are not):
    # a match shares at least ``fewest`` of them, and adds at most ``adds`` words of its own
    # to all of them, which bounds its length.
    present = sorted((w for w in terms if counts.get(w)), key=lambda w: counts[w])
    enough = (c for c in range(1, len(present) + 1) if c / len(words) >= SIMILARITY)
    fewest = next(enough, 0)
    if not fewest:
        return None
    adds = 0
    while len(present) / (len(words) + adds + 1) >= SIMILARITY:
        adds += 1
    # A match holds at least ``fewest`` of the present words, so at least one of any
    # len(present) - fewest + 1 of them: take the rarest, which few entries hold.
    needed = present[: len(present) - fewest + 1]
    sql = (
        "SELECT DISTINCT c.rowid, c.words, c.created_at FROM cache_words AS w"
        " JOIN cache AS c ON c.rowid = w.entry"
        f" WHERE w.bucket = ? AND w.word IN ({', '.join('?' for _ in needed)})"
        " AND w.size BETWEEN ? AND ? AND c.num_images >= ? ORDER BY c.created_at, c.rowid"
    )
    bounds = (fewest, len(present) + adds, order.num_images)
    for rowid, text, _ in store.all(sql, bucket, *needed, *bounds):
        if similar(words, frozenset(str(text).split())):
            return store.one("SELECT * FROM cache WHERE rowid = ?", rowid)
    return None


_ADD = (
    "INSERT INTO cache (org, model, width, height, seed, num_images, prompt, words, source_id,"
    " provider_cost_micro, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
_ADD_WORD = "INSERT INTO cache_words (bucket, word, size, entry) VALUES (?, ?, ?, ?)"
_COUNT_WORD = (
    "INSERT INTO cache_df (bucket, word, n) VALUES (?, ?, 1)"
    " ON CONFLICT (bucket, word) DO UPDATE SET n = n + 1"
)


def remember(store: Store, org: str, order: Order, source_id: str) -> None:
    """Make generation ``source_id`` (which made ``order``) reusable by later orders, its
    content words indexed in the same transaction."""
    key, words = _key(org, order), sorted(content_words(order.prompt))
    entry = (*key, order.num_images, normalise(order.prompt), " ".join(words), source_id)
    with store.transaction() as db:
        rowid = db.execute(_ADD, (*entry, order.provider_cost_micro, time.time())).lastrowid
        bucket = _bucket(key)
        db.executemany(_ADD_WORD, [(bucket, w, len(words), rowid) for w in words])
        db.executemany(_COUNT_WORD, [(bucket, w) for w in words])
