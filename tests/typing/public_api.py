"""Checked by `make typecheck` (mypy --strict): the public names are exported and typed."""

from __future__ import annotations

from visgate_sdk import (
    AsyncClient,
    Client,
    GenerationFailedError,
    ImageResult,
    RequestStatusResult,
    VisgateError,
)
from visgate_sdk.resources.requests import GenerationRequest


def use(client: Client) -> str | None:
    result = client.images.generate("fal-ai/flux/schnell", "a cat", wait=False)
    if isinstance(result, GenerationRequest):
        status: RequestStatusResult = result.wait(timeout=60)
        return status.output_url
    image: ImageResult = result
    return image.image_url


async def use_async(client: AsyncClient) -> float:
    try:
        return (await client.usage.get()).total_billed_cost
    except GenerationFailedError as exc:
        return float(len(exc.message))
    except VisgateError:
        return 0.0
