"""``client.videos``: video generation (``POST /videos/generate``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from visgate_sdk._calls import Answer, Call, request_kwargs
from visgate_sdk.exceptions import ValidationError
from visgate_sdk.resources._base import AsyncResource, SyncResource, require_params, require_text
from visgate_sdk.resources._jobs import (
    Accepted,
    AsyncGenerationRequest,
    GenerationRequest,
    idempotency_key,
    result_or_job,
)
from visgate_sdk.resources.images import ASYNC_PREFERENCE
from visgate_sdk.types import VideoResult

# The names 0.0.x code imported from this module (results were defined here then).
__all__ = ["AsyncGenerationRequest", "AsyncVideos", "GenerationRequest", "VideoResult", "Videos"]

J = TypeVar("J")


def _parse(answer: Answer) -> VideoResult:
    return VideoResult.from_dict(answer.mapping("VideoResult"))


def video_call(
    model: str,
    prompt: str,
    *,
    image_url: str | None,
    duration_seconds: float,
    skip_gcs_upload: bool,
    params: dict[str, Any] | None,
    wait: bool,
    key: str | None,
    job: Callable[[Accepted], J],
) -> Call[VideoResult | J]:
    """Plan ``POST /videos/generate``; ``params`` go flat into the body."""
    from visgate_api_client.api.generation import generate_video
    from visgate_api_client.models import VideoGenerateRequest

    if (
        isinstance(duration_seconds, bool)
        or not isinstance(duration_seconds, int | float)
        or (duration_seconds <= 0)
    ):
        raise ValidationError(
            f"duration_seconds must be a positive number, got {duration_seconds!r}",
            field="duration_seconds",
        )
    body: dict[str, Any] = {
        "model": require_text(model, "model"),
        "prompt": require_text(prompt, "prompt"),
        "duration_seconds": duration_seconds,
    }
    if image_url:
        body["image_url"] = image_url
    if skip_gcs_upload:
        body["skip_gcs_upload"] = True
    body.update(require_params(params))
    arguments: dict[str, Any] = {
        "body": VideoGenerateRequest.from_dict(body),
        "idempotency_key": idempotency_key(key),
    }
    if not wait:
        arguments["prefer"] = ASYNC_PREFERENCE
    return Call(request_kwargs(generate_video._get_kwargs(**arguments)), result_or_job(_parse, job))


class Videos(SyncResource):
    """Video generation."""

    def generate(
        self,
        model: str,
        prompt: str,
        *,
        image_url: str | None = None,
        duration_seconds: float = 5.0,
        skip_gcs_upload: bool = False,
        params: dict[str, Any] | None = None,
        wait: bool = True,
        idempotency_key: str | None = None,
    ) -> VideoResult | GenerationRequest:
        """Generate a video; prefer ``wait=False`` (videos take minutes) and ``.wait()``."""
        call = video_call(
            model,
            prompt,
            image_url=image_url,
            duration_seconds=duration_seconds,
            skip_gcs_upload=skip_gcs_upload,
            params=params,
            wait=wait,
            key=idempotency_key,
            job=GenerationRequest.of(self._client),
        )
        return self._run(call)


class AsyncVideos(AsyncResource):
    """Video generation (async)."""

    async def generate(
        self,
        model: str,
        prompt: str,
        *,
        image_url: str | None = None,
        duration_seconds: float = 5.0,
        skip_gcs_upload: bool = False,
        params: dict[str, Any] | None = None,
        wait: bool = True,
        idempotency_key: str | None = None,
    ) -> VideoResult | AsyncGenerationRequest:
        """Generate a video; see :meth:`Videos.generate`."""
        call = video_call(
            model,
            prompt,
            image_url=image_url,
            duration_seconds=duration_seconds,
            skip_gcs_upload=skip_gcs_upload,
            params=params,
            wait=wait,
            key=idempotency_key,
            job=AsyncGenerationRequest.of(self._client),
        )
        return await self._run(call)
