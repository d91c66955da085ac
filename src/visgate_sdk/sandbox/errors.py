"""``ApiError``: what a handler raises to answer with the error envelope."""

from __future__ import annotations

from typing import Any

import attrs


@attrs.define
class ApiError(Exception):
    """Raised by handlers; becomes the error envelope."""

    status: int
    code: str
    message: str
    details: dict[str, Any] | None = None
    headers: dict[str, str] = attrs.field(factory=dict)
