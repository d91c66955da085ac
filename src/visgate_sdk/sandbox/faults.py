"""Faults on demand: the next N matching requests misbehave in a chosen way."""

from __future__ import annotations

import threading
from typing import Any

import attrs

KINDS = ("status", "html", "slow", "reset", "job_fail")


@attrs.define
class Fault:
    """One armed fault; ``count`` requests left to hit."""

    kind: str
    count: int = 1
    status: int = 503
    path: str | None = None
    method: str | None = None
    retry_after: str | None = None
    retry_after_ms: str | None = None
    delay: float = 0.5
    after_processing: bool = False

    def matches(self, method: str, path: str) -> bool:
        if self.method and self.method.upper() != method.upper():
            return False
        return self.path is None or path.startswith(self.path)

    def as_dict(self) -> dict[str, Any]:
        return attrs.asdict(self)


class Faults:
    """Thread-safe registry of armed faults."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._faults: list[Fault] = []

    def add(self, **spec: Any) -> Fault:
        """Arm a fault; raises ValueError/TypeError for a bad specification."""
        fault = Fault(**spec)
        if fault.kind not in KINDS:
            raise ValueError(f"kind must be one of {', '.join(KINDS)}")
        if fault.count < 1:
            raise ValueError("count must be >= 1")
        if not 400 <= fault.status <= 599:
            raise ValueError("status must be between 400 and 599")
        with self._lock:
            self._faults.append(fault)
        return fault

    def take(self, method: str, path: str, *, job: bool = False) -> Fault | None:
        """Consume one hit of the first matching fault (job faults only when ``job``)."""
        with self._lock:
            for fault in self._faults:
                if (fault.kind == "job_fail") != job or not fault.matches(method, path):
                    continue
                fault.count -= 1
                if fault.count <= 0:
                    self._faults.remove(fault)
                return attrs.evolve(fault)
        return None

    def pending(self) -> list[dict[str, Any]]:
        with self._lock:
            return [f.as_dict() for f in self._faults]

    def clear(self) -> None:
        with self._lock:
            self._faults.clear()
