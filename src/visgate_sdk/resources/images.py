"""``client.images``: image generation (``POST /images/generate``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from visgate_sdk._calls import Answer, Call, request_kwargs
from visgate_sdk.resources._base import (
    AsyncResource,
    SyncResource,
    require_int,
    require_params,
    require_text,
)
from visgate_sdk.resources._jobs import (
    Accepted,
    AsyncGenerationRequest,
    GenerationRequest,
    idempotency_key,
    result_or_job,
)
from visgate_sdk.types import ImageResult

# The names 0.0.x code imported from this module (results were defined here then).
__all__ = ["AsyncGenerationRequest", "AsyncImages", "GenerationRequest", "ImageResult", "Images"]

J = TypeVar("J")

ASYNC_PREFERENCE = "respond-async"


def _parse(answer: Answer) -> ImageResult:
    return ImageResult.from_dict(answer.mapping("ImageResult"))


def image_call(
    model: str,
    prompt: str,
    *,
    negative_prompt: str | None,
    width: int,
    height: int,
    num_images: int,
    seed: int | None,
    params: dict[str, Any] | None,
    include_steps: bool,
    wait: bool,
    key: str | None,
    job: Callable[[Accepted], J],
) -> Call[ImageResult | J]:
    """Plan ``POST /images/generate``; ``params`` go flat into the body and win over the rest."""
    from visgate_api_client.api.generation import generate_image
    from visgate_api_client.models import ImageGenerateRequest

    body: dict[str, Any] = {
        "model": require_text(model, "model"),
        "prompt": require_text(prompt, "prompt"),
        "width": require_int(width, "width", minimum=1),
        "height": require_int(height, "height", minimum=1),
        "num_images": require_int(num_images, "num_images", minimum=1),
    }
    if negative_prompt:
        body["negative_prompt"] = negative_prompt
    if seed is not None:
        body["seed"] = require_int(seed, "seed", minimum=0)
    body.update(require_params(params))
    arguments: dict[str, Any] = {
        "body": ImageGenerateRequest.from_dict(body),
        "idempotency_key": idempotency_key(key),
    }
    if include_steps:
        arguments["include_steps"] = True
    if not wait:
        arguments["prefer"] = ASYNC_PREFERENCE
    return Call(request_kwargs(generate_image._get_kwargs(**arguments)), result_or_job(_parse, job))


class Images(SyncResource):
    """Image generation."""

    def generate(
        self,
        model: str,
        prompt: str,
        *,
        negative_prompt: str | None = None,
        width: int = 1024,
        height: int = 1024,
        num_images: int = 1,
        seed: int | None = None,
        params: dict[str, Any] | None = None,
        include_steps: bool = False,
        wait: bool = True,
        idempotency_key: str | None = None,
    ) -> ImageResult | GenerationRequest:
        """Generate images; with ``wait=False`` the server may answer with a job to poll.

        Every call carries an ``Idempotency-Key`` (yours, or one minted for the call) so a
        retry is never billed twice.
        """
        call = image_call(
            model,
            prompt,
            negative_prompt=negative_prompt,
            width=width,
            height=height,
            num_images=num_images,
            seed=seed,
            params=params,
            include_steps=include_steps,
            wait=wait,
            key=idempotency_key,
            job=GenerationRequest.of(self._client),
        )
        return self._run(call)


class AsyncImages(AsyncResource):
    """Image generation (async)."""

    async def generate(
        self,
        model: str,
        prompt: str,
        *,
        negative_prompt: str | None = None,
        width: int = 1024,
        height: int = 1024,
        num_images: int = 1,
        seed: int | None = None,
        params: dict[str, Any] | None = None,
        include_steps: bool = False,
        wait: bool = True,
        idempotency_key: str | None = None,
    ) -> ImageResult | AsyncGenerationRequest:
        """Generate images; see :meth:`Images.generate`."""
        call = image_call(
            model,
            prompt,
            negative_prompt=negative_prompt,
            width=width,
            height=height,
            num_images=num_images,
            seed=seed,
            params=params,
            include_steps=include_steps,
            wait=wait,
            key=idempotency_key,
            job=AsyncGenerationRequest.of(self._client),
        )
        return await self._run(call)
