"""``client.generate()``: quick image generation (``POST /generate``)."""

from __future__ import annotations

from typing import Any

from visgate_sdk._calls import Answer, Call, request_kwargs
from visgate_sdk.resources._base import require_params, require_text
from visgate_sdk.resources._jobs import idempotency_key
from visgate_sdk.types import GenerateResult

# The names 0.0.x code imported from this module (results were defined here then).
__all__ = ["DEFAULT_MODEL", "GenerateResult", "generate_call"]

DEFAULT_MODEL = "fal-ai/flux/schnell"


def _parse(answer: Answer) -> GenerateResult:
    return GenerateResult.from_dict(answer.mapping("GenerateResult"))


def generate_call(
    prompt: str, model: str, params: dict[str, Any] | None, key: str | None
) -> Call[GenerateResult]:
    """Plan ``POST /generate``; ``params`` travel nested, and only when non-empty."""
    from visgate_api_client.api.generation import generate
    from visgate_api_client.models import GenerateRequest

    body: dict[str, Any] = {
        "prompt": require_text(prompt, "prompt"),
        "model": require_text(model, "model"),
    }
    options = require_params(params)
    if options:
        body["params"] = options
    kwargs = request_kwargs(
        generate._get_kwargs(
            body=GenerateRequest.from_dict(body),
            idempotency_key=idempotency_key(key),
        )
    )
    return Call(kwargs, _parse)
