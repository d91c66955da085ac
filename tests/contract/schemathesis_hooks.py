"""Schemathesis hooks for ``make contract`` (loaded through ``SCHEMATHESIS_HOOKS``).

Generated cases reuse header values freely ("0", the spec's example), so one Idempotency-Key
would travel with many different bodies, and the sandbox would rightly answer each of them
``422 IDEMPOTENCY_KEY_REUSED`` (a rule of the contract no JSON Schema can state; it has its own
tests in tests/sandbox). A well-behaved client sends one key per distinct request: the hook
makes a generated key specific to its request, so the same key with the same request still
replays while schema-valid bodies are judged on their own.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

import schemathesis

_HEADER = "Idempotency-Key"
_MAX_LENGTH = 255  # the spec's bound; out-of-bound keys are left alone for negative testing


@schemathesis.hook
def before_call(context: Any, case: Any, kwargs: dict[str, Any]) -> None:
    meta = getattr(case, "meta", None)
    if meta is not None and meta.generation.mode.is_negative:
        # Negative cases are rejected before any key is looked at; editing one would make
        # schemathesis revalidate it as positive and send what it meant to leave out.
        return
    headers = case.headers or {}
    key = headers.get(_HEADER)
    if not isinstance(key, str) or not 1 <= len(key) <= _MAX_LENGTH:
        return
    request = json.dumps([case.path, case.query, case.body], sort_keys=True, default=repr)
    headers[_HEADER] = hashlib.sha256(f"{key}\x1f{request}".encode()).hexdigest()
