"""The cache's SQL pre-filter finds exactly what comparing every entry would find."""

from __future__ import annotations

import random

import pytest

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
    return orders.build("/images/generate", body, {}, include_steps=False)


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


def test_lookup_agrees_on_templated_prompts_of_varying_length() -> None:
    # Bulk-run shapes: one template, a row's own token, words dropped or added.
    rng = random.Random(11)
    store = Store(":memory:")
    base = [
        "portrait",
        "of",
        "a",
        "person",
        "with",
        "red",
        "hair",
        "cinematic",
        "lighting",
        "detailed",
        "sharp",
        "focus",
    ]
    hits = 0
    for n in range(400):
        words = [w for w in base if rng.random() > 0.1] + rng.sample(VOCABULARY, rng.randint(0, 2))
        if rng.random() < 0.5:
            words.append(f"row{rng.randint(0, 40)}")
        prompt = " ".join(words)
        found = cache.lookup(store, "org", order(prompt))
        expected = brute_force(store, prompt)
        assert (found["source_id"] if found else None) == expected, prompt
        hits += expected is not None
        if expected is None:
            cache.remember(store, "org", order(prompt), f"gen-{n}")
    assert 50 < hits < 390
    store.close()


def test_a_lookup_compares_a_bounded_number_of_entries(monkeypatch: pytest.MonkeyPatch) -> None:
    # 3,000 rows of a bulk run: a template and each row's own number.
    store = Store(":memory:")
    template = "portrait of a person with red hair, cinematic lighting, detailed, {n}"
    for n in range(3000):
        cache.remember(store, "org", order(template.format(n=n)), f"gen-{n}")
    compared: list[int] = []
    real = cache.similar

    def counting(a: frozenset[str], b: frozenset[str]) -> bool:
        compared.append(1)
        return real(a, b)

    monkeypatch.setattr(cache, "similar", counting)
    assert cache.lookup(store, "org", order(template.format(n="new"))) is None
    assert cache.lookup(store, "org", order("a sunset over Istanbul")) is None
    assert cache.lookup(store, "org", order(template.format(n=17)))["source_id"] == "gen-17"
    assert cache.lookup(store, "org", order(template.format(n="17 extra")))["source_id"] == "gen-17"
    assert len(compared) <= 5
    store.close()
