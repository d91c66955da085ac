"""A generation request body turned into a checked :class:`Order`.

openapi.yaml checks the flat image and video bodies, but ``/generate`` nests its options in an
open ``params`` object and the seed has no upper bound there: the limits are enforced here, so
that every 4xx is decided before anything is recorded, billed or cached.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from visgate_sdk.sandbox import catalog
from visgate_sdk.sandbox.errors import ApiError
from visgate_sdk.sandbox.generation import Order, mode_for

SIZE_RANGE = (64, 4096)
NUM_IMAGES_RANGE = (1, 8)
SEED_RANGE = (0, 2**63 - 1)  # what SQLite and the cache can hold
DEFAULT_DURATION = 5.0

# Options with a meaning of their own; everything else travels on as model-specific extras.
_KNOWN = frozenset(
    {"model", "prompt", "params", "width", "height", "image_size", "num_images", "seed"}
    | {"negative_prompt", "duration_seconds", "skip_gcs_upload"}
)


def build(path: str, body: Mapping[str, Any], headers: Any, include_steps: bool) -> Order:
    """The order of a generation request whose body already passed the OpenAPI checks.

    Raises :class:`ApiError` 404 ``MODEL_NOT_FOUND`` for an unknown model prefix and 422
    ``VALIDATION_ERROR`` (with ``details.field``) for an option out of range.
    """
    media_type = "video" if path.startswith("/videos/") else "image"
    nested = path == "/generate"  # options nest in an open ``params`` object
    options = body.get("params") if nested else body
    options = options if isinstance(options, Mapping) else {}
    prefix = "params." if nested else ""
    model = str(body["model"])  # required by the spec on every generation endpoint
    provider = catalog.provider_for(model)
    if provider is None:
        raise ApiError(404, "MODEL_NOT_FOUND", f"Model not found: {model}", {"model": model})
    width, height = _size(options, prefix)
    seed = _integer(options, "seed", prefix, SEED_RANGE, None)
    num_images = 1
    if media_type == "image":
        num_images = _integer(options, "num_images", prefix, NUM_IMAGES_RANGE, 1) or 1
    duration = DEFAULT_DURATION
    if media_type == "video":  # the spec bounds it to (0, 60] seconds
        duration = float(body.get("duration_seconds", DEFAULT_DURATION))
    return Order(
        endpoint=path,
        media_type=media_type,
        model=model,
        provider=provider,
        mode=mode_for(provider, headers),
        prompt=str(body["prompt"]),
        width=width,
        height=height,
        seed=seed,
        num_images=num_images,
        duration=duration,
        include_steps=include_steps,
        extra={k: v for k, v in options.items() if k not in _KNOWN},
    )


def _size(options: Mapping[str, Any], prefix: str) -> tuple[int, int]:
    """Width and height: from ``image_size`` ("WxH") when it has that form, else the fields."""
    size = options.get("image_size")
    if isinstance(size, str) and "x" in size:
        w, _, h = size.partition("x")
        if w.isdigit() and h.isdigit():
            low, high = SIZE_RANGE
            if not (low <= int(w) <= high and low <= int(h) <= high):
                message = f"width and height must each be an integer from {low} to {high}"
                raise _invalid(f"{prefix}image_size", message)
            return int(w), int(h)
    width = _integer(options, "width", prefix, SIZE_RANGE, 1024)
    height = _integer(options, "height", prefix, SIZE_RANGE, 1024)
    assert width is not None and height is not None
    return width, height


def _integer(
    options: Mapping[str, Any], name: str, prefix: str, bounds: tuple[int, int], default: int | None
) -> int | None:
    """``options[name]`` as an int within ``bounds``; ``default`` when absent (or null)."""
    value = options.get(name)
    if value is None:
        return default
    if isinstance(value, float) and value.is_integer():  # JSON Schema: 2.0 is an integer
        value = int(value)
    low, high = bounds
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        shown = repr(value) if len(repr(value)) <= 40 else repr(value)[:37] + "..."
        raise _invalid(f"{prefix}{name}", f"must be an integer from {low} to {high}, got {shown}")
    return value


def _invalid(field: str, message: str) -> ApiError:
    return ApiError(422, "VALIDATION_ERROR", f"{field}: {message}", {"field": field})
