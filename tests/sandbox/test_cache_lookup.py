"""The cache's SQL pre-filter finds exactly what comparing every entry would find."""

from __future__ import annotations

import random

import pytest

from visgate_sdk.sandbox import cache, orders
from visgate_sdk.sandbox.cache import content_words, normalise, similar
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


def agreements(prompts: list[str]) -> int:
    """Look up then remember each prompt; every answer must be the brute-force one."""
    store = Store(":memory:")
    hits = 0
    for n, prompt in enumerate(prompts):
        found = cache.lookup(store, "org", order(prompt))
        expected = brute_force(store, prompt)
        assert (found["source_id"] if found else None) == expected, prompt
        hits += expected is not None
        if expected is None:
            cache.remember(store, "org", order(prompt), f"gen-{n}")
    store.close()
    return hits


def test_lookup_agrees_with_comparing_every_entry() -> None:
    rng = random.Random(7)
    prompts = [
        " ".join(rng.sample(VOCABULARY, rng.randint(1, 7)))
        + (" at dusk" if rng.random() < 0.3 else "")
        for _ in range(300)
    ]
    assert 50 < agreements(prompts) < 290  # both paths taken many times


def test_lookup_agrees_on_templated_prompts_of_varying_length() -> None:
    # Bulk-run shapes: one template, a row's own token, words dropped or added.
    rng = random.Random(11)
    base = "portrait of a person with red hair cinematic lighting detailed sharp focus"
    prompts = []
    for _ in range(400):
        words = [w for w in base.split(" ") if rng.random() > 0.1]
        words += rng.sample(VOCABULARY, rng.randint(0, 2))
        if rng.random() < 0.5:
            words.append(f"row{rng.randint(0, 40)}")
        prompts.append(" ".join(words))
    assert 50 < agreements(prompts) < 390


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
