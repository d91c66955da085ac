"""Prompt normalisation for the cache: exact key and "similar prompt" matching."""

from __future__ import annotations

import re

_STOP = """
a an the with of in on at and or for to from by over under into onto as is are was be this that
these those very some its it his her their our your my
"""
STOP_WORDS = frozenset(_STOP.split())
SIMILARITY = 0.8
_WORD = re.compile(r"[a-z0-9]+")


def normalise(prompt: str) -> str:
    """Lowercase, single-spaced: two prompts equal after this are the same prompt."""
    return " ".join(prompt.lower().split())


def content_words(prompt: str) -> frozenset[str]:
    """The words that carry meaning (stop words and punctuation dropped)."""
    return frozenset(w for w in _WORD.findall(prompt.lower()) if w not in STOP_WORDS)


def similar(a: frozenset[str], b: frozenset[str]) -> bool:
    """Jaccard similarity of content words at or above the threshold."""
    if not a or not b:
        return False
    return len(a & b) / len(a | b) >= SIMILARITY
