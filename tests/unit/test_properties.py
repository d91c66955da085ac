"""Properties of the pure parts: redaction, error mapping, request building."""

from __future__ import annotations

import inspect
import json
import string
from typing import Any

import httpx
from hypothesis import given
from hypothesis import strategies as st

from visgate_sdk._logging import redact, register_secret
from visgate_sdk.exceptions import (
    AuthenticationError,
    ProviderError,
    RateLimitError,
    ServerError,
    ValidationError,
    VisgateError,
)
from visgate_sdk.resources.images import image_call

try:  # one module owns the mapping of failed answers (it moved there from exceptions.py)
    from visgate_sdk._failures import from_response as error_from_response
except ImportError:  # pragma: no cover - the tree before that move
    from visgate_sdk.exceptions import error_from_response  # type: ignore[attr-defined,no-redef]

# -- redaction ---------------------------------------------------------------------------------
keys = st.text(string.ascii_letters + string.digits + "-_", min_size=8, max_size=40)
surroundings = st.text(max_size=30)


@given(keys, surroundings, surroundings)
def test_a_registered_key_never_survives_redaction(key: str, before: str, after: str) -> None:
    register_secret(key)
    assert key not in redact(before + key + after)
    assert key not in redact(f"{before}{key}{after}{key}")


# Short lower-case words cannot hold a key (6+ characters) nor a key-shaped value (8+).
prose = st.lists(st.text(string.ascii_lowercase, min_size=1, max_size=5), max_size=20).map(" ".join)


@given(prose)
def test_prose_without_keys_is_unchanged(text: str) -> None:
    assert redact(text) == text


# -- error mapping -------------------------------------------------------------------------------
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)
envelopes = st.fixed_dictionaries(
    {},
    optional={
        "error": st.text(max_size=20) | st.none() | st.integers(),
        "message": st.text(max_size=40) | st.none(),
        "details": json_values,
    },
)
bodies = st.one_of(
    st.binary(max_size=200),
    json_values.map(lambda v: json.dumps(v).encode()),
    envelopes.map(lambda v: json.dumps(v).encode()),
)


@given(
    st.integers(400, 599),
    bodies,
    st.sampled_from(["application/json", "text/html", "", "application/octet-stream"]),
    st.none() | st.text(string.printable.strip(), max_size=12),
)
def test_any_failed_answer_maps_to_one_typed_error(
    status: int, body: bytes, content_type: str, retry_after: str | None
) -> None:
    headers = {"Content-Type": content_type} if content_type else {}
    if retry_after is not None:
        headers["Retry-After"] = retry_after
    error = error_from_response(httpx.Response(status, content=body, headers=headers))
    assert isinstance(error, VisgateError) and error.status_code == status
    assert isinstance(str(error), str) and isinstance(repr(error), str)
    assert isinstance(error.details, dict)
    if status == 401:
        assert isinstance(error, AuthenticationError)
    if status == 429 and not isinstance(error, ProviderError):
        assert isinstance(error, RateLimitError)
        assert error.retry_after is None or 0 <= error.retry_after <= 86_400
    if status >= 500:
        assert isinstance(error, ServerError | ProviderError)


# -- request building ----------------------------------------------------------------------------
def build(**overrides: Any) -> Any:
    arguments: dict[str, Any] = {
        "model": "fal-ai/flux/schnell",
        "prompt": "a sunset",
        "negative_prompt": None,
        "width": 1024,
        "height": 1024,
        "num_images": 1,
        "seed": None,
        "params": None,
        "include_steps": False,
        "wait": True,
        "key": None,
    }
    if "job" in inspect.signature(image_call).parameters:
        arguments["job"] = lambda accepted: accepted  # what a 202 becomes: not built here
    arguments.update(overrides)
    return image_call(**arguments)


words = st.text(string.ascii_letters + string.digits + " -/.,", min_size=1, max_size=60).filter(
    str.strip
)


@given(words, words, st.integers(1, 4096), st.integers(1, 4096), st.integers(1, 8))
def test_valid_image_requests_build(
    model: str, prompt: str, width: int, height: int, count: int
) -> None:
    call = build(model=model, prompt=prompt, width=width, height=height, num_images=count)
    body = (
        json.loads(call.request["content"]) if "content" in call.request else call.request["json"]
    )
    assert body["prompt"] == prompt and body["width"] == width and body["num_images"] == count
    headers = {k.lower(): v for k, v in call.request["headers"].items()}
    assert headers["idempotency-key"]


anything = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(),
    st.text(max_size=10),
    st.binary(max_size=4),
)


@given(
    st.sampled_from(["model", "prompt", "width", "height", "num_images", "seed", "key", "params"]),
    anything,
)
def test_any_input_builds_or_raises_a_validation_error(name: str, value: Any) -> None:
    try:
        build(**{name: value})
    except ValidationError as exc:
        assert exc.details.get("field") == name or name in exc.message or name == "key"
