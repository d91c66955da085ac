"""Code written for 0.0.x keeps working: imports, ``_handle_response`` on stand-ins, 422s."""

from __future__ import annotations

import importlib
import json
from typing import Any
from unittest.mock import MagicMock, Mock

import httpx
import pytest
from pytest_httpserver import HTTPServer

from visgate_sdk import Client
from visgate_sdk.client import _handle_response
from visgate_sdk.exceptions import (
    AuthenticationError,
    NotFoundError,
    PaymentRequiredError,
    PermissionDeniedError,
    ProviderError,
    RateLimitError,
    ResponseParseError,
    ServerError,
    ValidationError,
    VisgateError,
)

# What 0.0.x code imported from each resource module (results were defined there then), as
# the names of its import line.
MODULE_NAMES = {
    "generate": "GenerateResult",
    "images": "ImageResult, Images, AsyncImages, GenerationRequest",
    "videos": "VideoResult, Videos, AsyncVideos, GenerationRequest",
    "requests": "RequestStatusResult, GenerationRequest, AsyncGenerationRequest, Requests, "
    "AsyncRequests",
    "models": "ModelInfo, ModelsResponse, FeaturedSection, Models, AsyncModels",
    "usage": "UsageSummary, Usage, AsyncUsage",
    "providers": "ProviderBalanceItem, ProviderBalancesResponse, ProviderKeyInfo, "
    "ProviderKeysResponse, ProviderValidationResult, Providers, AsyncProviders",
    "account": "AuthIdentity, Organization, ApiKeyInfo, BillingInfo, BillingPricing, BillingStats",
}


@pytest.mark.parametrize("module", sorted(MODULE_NAMES))
def test_result_types_stay_importable_from_their_0_0_x_modules(module: str) -> None:
    loaded = importlib.import_module(f"visgate_sdk.resources.{module}")
    import visgate_sdk.types as types

    for name in MODULE_NAMES[module].split(", "):
        assert name in loaded.__all__, name
        value = getattr(loaded, name)
        if hasattr(types, name):
            assert value is getattr(types, name)  # one class, wherever it is imported from
    exec(f"from visgate_sdk.resources.{module} import {MODULE_NAMES[module]}", {})


def _stand_in(
    status: int, body: Any = None, *, headers: dict[str, str] | None = None, text: str = ""
) -> Mock:
    """A response as 0.0.x test suites built it: only these four attributes exist."""
    response = Mock(spec=["status_code", "headers", "text", "json"])
    response.status_code = status
    response.headers = headers or {}
    if body is None:
        response.json.side_effect = json.JSONDecodeError("Expecting value", text or " ", 0)
        response.text = text
    else:
        response.json.return_value = body
        response.text = json.dumps(body)
    return response


def test_success_returns_the_parsed_json_of_a_stand_in() -> None:
    assert _handle_response(_stand_in(200, {"a": 1})) == {"a": 1}
    assert _handle_response(_stand_in(201, [1, 2])) == [1, 2]
    assert _handle_response(_stand_in(204)) is None
    assert _handle_response(_stand_in(200, text="")) is None
    with pytest.raises(ResponseParseError) as info:
        _handle_response(_stand_in(200, text="<html>oops</html>"))
    assert info.value.status_code == 200 and "oops" in (info.value.body or "")


def _case(
    status: int,
    kind: type[VisgateError],
    code: str,
    message: str | None = "bad",
    *,
    details: dict[str, Any] | None = None,
    headers: dict[str, str] | None = None,
    check: Any = None,
) -> Any:
    """A failure answered with the API's error envelope (``error``, ``message``, ``details``)."""
    body: dict[str, Any] = {"error": code}
    if message is not None:
        body["message"] = message
    if details is not None:
        body["details"] = details
    return pytest.param(status, body, headers or {}, kind, code, check, id=str(status))


@pytest.mark.parametrize(
    ("status", "body", "headers", "kind", "code", "check"),
    [
        _case(401, AuthenticationError, "UNAUTHORIZED", "bad key"),
        _case(403, PermissionDeniedError, "FORBIDDEN", "no"),
        _case(402, PaymentRequiredError, "INSUFFICIENT_BALANCE", "top up"),
        _case(404, NotFoundError, "MODEL_NOT_FOUND", "no such model"),
        _case(
            422,
            ValidationError,
            "VALIDATION_ERROR",
            details={"field": "prompt"},
            check=lambda e: e.field == "prompt",
        ),
        _case(400, VisgateError, "BAD_REQUEST"),
        _case(
            429,
            RateLimitError,
            "RATE_LIMITED",
            "slow",
            headers={"Retry-After": "30"},
            check=lambda e: e.retry_after == 30,
        ),
        _case(429, RateLimitError, "RATE_LIMITED", "slow", check=lambda e: e.retry_after is None),
        _case(
            502,
            ProviderError,
            "PROVIDER_FAILURE",
            "fal down",
            details={"provider": "fal"},
            check=lambda e: e.provider == "fal",
        ),
        # No envelope at all: the status names the error.
        pytest.param(500, None, {}, ServerError, "HTTP_500", lambda e: "Internal" in e.message),
        _case(
            503,
            ServerError,
            "OVERLOADED",
            None,
            headers={"x-request-id": "req-9"},
            check=lambda e: e.request_id == "req-9",
        ),
    ],
)
def test_failures_map_to_the_same_typed_errors_as_0_0_x(
    status: int,
    body: Any,
    headers: dict[str, str],
    kind: type[VisgateError],
    code: str,
    check: Any,
) -> None:
    for response in (
        _stand_in(status, body, headers=headers, text="Internal Server Error"),
        _magic(status, body, headers),
    ):
        with pytest.raises(kind) as info:
            _handle_response(response)
        assert info.value.status_code == status and info.value.error_code == code
        if check is not None:
            assert check(info.value)


def _magic(status: int, body: Any, headers: dict[str, str]) -> MagicMock:
    """The other stand-in shape: a MagicMock with json.return_value and a text."""
    response = MagicMock()
    response.status_code = status
    response.headers = headers
    if body is None:
        response.json.side_effect = ValueError("not json")
        response.text = "Internal Server Error"
    else:
        response.json.return_value = body
        response.text = json.dumps(body)
    return response


def test_a_bare_magicmock_never_raises_a_raw_error() -> None:
    response = MagicMock()
    response.status_code = 418
    with pytest.raises(VisgateError) as info:
        _handle_response(response)  # headers, text and json() are all MagicMocks
    assert info.value.status_code == 418 and info.value.error_code == "HTTP_418"


def test_real_answers_from_a_server_go_through_it_too(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/ok").respond_with_json({"a": 1})
    httpserver.expect_request("/limited").respond_with_json(
        {"error": "RATE_LIMITED", "message": "slow"}, status=429, headers={"Retry-After": "7"}
    )
    assert _handle_response(httpx.get(httpserver.url_for("/ok"))) == {"a": 1}
    with pytest.raises(RateLimitError) as info:
        _handle_response(httpx.get(httpserver.url_for("/limited")))
    assert info.value.retry_after == 7


def test_client_side_validation_errors_report_422_without_claiming_an_answer(
    httpserver: HTTPServer,
) -> None:
    error = ValidationError("prompt is required", field="prompt")
    assert (error.status_code, error.field, error.details) == (422, "prompt", {"field": "prompt"})
    assert str(error) == "[VALIDATION_ERROR] prompt is required"
    client = Client("vg-compat-key-0001", base_url=httpserver.url_for("/api/v1"))
    with client, pytest.raises(ValidationError) as info:
        client.images.generate("fal-ai/flux/schnell", "")
    assert info.value.status_code == 422 and info.value.field == "prompt"
    assert "HTTP" not in str(info.value)
    assert httpserver.log == []  # nothing was sent
