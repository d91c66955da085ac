"""``ApiError``: what a handler raises to answer with the error envelope."""

from __future__ import annotations

from typing import Any


class ApiError(Exception):
    """Raised by handlers; becomes the error envelope."""

    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        details: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message
        self.details, self.headers = details, headers or {}


def invalid(field: str, message: str) -> ApiError:
    """A 422 ``VALIDATION_ERROR`` naming ``field`` in the message and in ``details``."""
    return ApiError(422, "VALIDATION_ERROR", f"{field}: {message}", {"field": field})
