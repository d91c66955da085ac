"""The cache's SQL pre-filter finds exactly what comparing every entry would find."""

from __future__ import annotations

import random

from visgate_sdk.sandbox import cache, orders
from visgate_sdk.sandbox.similarity import content_words, normalise, similar
from visgate_sdk.sandbox.store import Store

VOCABULARY = [
    "sunset",
    "city",
    "harbour",
    "night",
    "lake",
    "forest",
    "snowy",
    "mountain",
    "neon",
    "tower",
    "bridge",
    "boat",
]


def order(prompt: str) -> orders.Order:
    body = {"model": "fal-ai/flux/schnell", "prompt": prompt, "width": 64, "height": 64}
    return orders.build("images", body, {}, include_steps=False)


def brute_force(store: Store, prompt: str) -> str | None:
    rows = store.all("SELECT * FROM cache ORDER BY created_at")
    for row in rows:
        if row["prompt"] == normalise(prompt):
            return str(row["source_id"])
    for row in rows:
        if similar(content_words(prompt), frozenset(str(row["words"]).split())):
            return str(row["source_id"])
    return None


def test_lookup_agrees_with_comparing_every_entry() -> None:
    rng = random.Random(7)
    store = Store(":memory:")
    hits = 0
    for n in range(300):
        words = rng.sample(VOCABULARY, rng.randint(1, 7))
        prompt = " ".join(words) + (" at dusk" if rng.random() < 0.3 else "")
        found = cache.lookup(store, "org", order(prompt))
        expected = brute_force(store, prompt)
        assert (found["source_id"] if found else None) == expected, prompt
        hits += expected is not None
        if expected is None:
            cache.remember(store, "org", order(prompt), f"gen-{n}")
    assert 50 < hits < 290  # both paths taken many times
    store.close()
