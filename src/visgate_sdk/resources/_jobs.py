"""What generation calls share: idempotency keys, 200-vs-202 answers, the job handles.

A generation's :class:`~visgate_sdk._calls.Call` reads its answer with :func:`result_or_job`:
a 200 is the result, a 202 is made into the job handle right there (``job``, e.g.
``GenerationRequest.of(client)``), so the resource method returns what the call parsed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, NamedTuple, Self, TypeVar

from visgate_sdk._calls import Answer
from visgate_sdk._retry_after import parse_retry_after
from visgate_sdk.exceptions import ValidationError
from visgate_sdk.resources._base import require_header_value

if TYPE_CHECKING:
    from visgate_sdk.client import AsyncClient, Client
    from visgate_sdk.types import RequestStatusResult

R = TypeVar("R")
J = TypeVar("J")
ProgressCallback = Callable[["RequestStatusResult"], Any]


class Accepted(NamedTuple):
    """What a 202 says: the job's id, the server's status word and its first poll hint."""

    request_id: str
    status: str
    retry_after: float | None


def idempotency_key(given: str | None) -> str:
    """The caller's key, or a fresh uuid4 minted once for this call (reused on every retry)."""
    if given is None:
        import uuid

        return str(uuid.uuid4())
    if isinstance(given, str) and len(given) > 255:
        raise ValidationError(
            "idempotency_key must be at most 255 characters", field="idempotency_key"
        )
    return require_header_value(given, "idempotency_key")


def result_or_job(
    parse: Callable[[Answer], R], job: Callable[[Accepted], J]
) -> Callable[[Answer], R | J]:
    """Read a 200 with ``parse`` and a 202 into ``job(accepted)``, by the status code alone."""

    def read(answer: Answer) -> R | J:
        if answer.status_code != 202:
            return parse(answer)
        body = answer.mapping("202 Accepted")
        request_id = body.get("request_id") or body.get("id")
        if not isinstance(request_id, str) or not request_id:
            raise answer.unexpected("the server accepted the job (202) but sent no request_id")
        status = body.get("status")
        return job(
            Accepted(
                request_id,
                status if isinstance(status, str) else "pending",
                parse_retry_after(answer.headers),
            )
        )

    return read


class _Handle:
    __slots__ = ("_client", "_retry_after", "request_id", "status")

    def __init__(
        self,
        request_id: str,
        client: Any,
        *,
        status: str = "pending",
        retry_after: float | None = None,
    ) -> None:
        self.request_id = request_id
        self.status = status
        self._client = client
        self._retry_after = retry_after

    def __repr__(self) -> str:
        from visgate_sdk._logging import redact

        return redact(f"{type(self).__name__}(request_id={self.request_id!r})")

    @classmethod
    def of(cls, client: Any) -> Callable[[Accepted], Self]:
        """What turns a 202 into a handle polling through ``client``."""
        return lambda accepted: cls(
            accepted.request_id, client, status=accepted.status, retry_after=accepted.retry_after
        )


class GenerationRequest(_Handle):
    """A background job started with ``wait=False``; call :meth:`wait` for its outcome."""

    _client: Client

    def wait(
        self,
        *,
        timeout: float = 300.0,
        poll_interval: float = 2.0,
        on_progress: ProgressCallback | None = None,
    ) -> RequestStatusResult:
        """Poll until the job completes (returns its status with ``output_url`` and ``result``).

        Raises GenerationFailedError if it failed and visgate_sdk.TimeoutError at the deadline.
        """
        status = self._client.requests._wait(
            self.request_id, timeout, poll_interval, on_progress, self._retry_after
        )
        self.status = status.status
        return status

    def refresh(self) -> RequestStatusResult:
        """The job's current status (never raises for a failed job)."""
        status = self._client.requests.get(self.request_id)
        self.status = status.status
        return status


class AsyncGenerationRequest(_Handle):
    """Async twin of :class:`GenerationRequest`: ``await handle.wait()``."""

    _client: AsyncClient

    async def wait(
        self,
        *,
        timeout: float = 300.0,
        poll_interval: float = 2.0,
        on_progress: ProgressCallback | None = None,
    ) -> RequestStatusResult:
        """Poll until the job completes; see :meth:`GenerationRequest.wait`."""
        status = await self._client.requests._wait(
            self.request_id, timeout, poll_interval, on_progress, self._retry_after
        )
        self.status = status.status
        return status

    async def refresh(self) -> RequestStatusResult:
        """The job's current status (never raises for a failed job)."""
        status = await self._client.requests.get(self.request_id)
        self.status = status.status
        return status
