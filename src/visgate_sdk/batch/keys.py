"""The row -> ``Idempotency-Key`` function: pure, deterministic, shared by every runner.

A key depends only on the batch's name, the row's id, the row's content and the retry round,
never on time, a random number, the machine or the process. So a transient retry, a run
resumed after a crash or ``kill -9``, and a second machine running the same rows all send the
same key, and the gateway replays the first answer instead of billing again. The round only
moves when a row whose earlier attempt *definitely* failed is retried on purpose
(``retry_failed``): the failed answer must not be replayed then.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from typing import Any

KEY_PREFIX = "vgb1-"


def canonical(content: Mapping[str, Any]) -> bytes:
    """The row's content as bytes that do not depend on key order or spacing."""
    return json.dumps(
        content, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str
    ).encode("utf-8")


def content_digest(content: Mapping[str, Any]) -> str:
    """A hex SHA-256 of the row's content (its ``id`` excluded: the id is keyed separately)."""
    body = {k: v for k, v in content.items() if k != "id"}
    return hashlib.sha256(canonical(body)).hexdigest()


def row_key(batch: str, row_id: str, digest: str, round_: int = 0) -> str:
    """The ``Idempotency-Key`` of one row of one batch (61 printable ASCII characters).

    ``digest`` is :func:`content_digest` of the row; ``round_`` is 0 unless a definitively
    failed row is being generated again.
    """
    parts = [batch, row_id, digest] + ([str(round_)] if round_ else [])
    material = "\x1f".join(parts).encode("utf-8")
    return KEY_PREFIX + hashlib.sha256(material).hexdigest()[:56]
