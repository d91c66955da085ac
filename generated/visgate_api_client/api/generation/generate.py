from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.api_error_envelope import ApiErrorEnvelope
from ...models.generate_request import GenerateRequest
from ...models.generate_result import GenerateResult
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    body: GenerateRequest,
    idempotency_key: str | Unset = UNSET,
    x_fal_key: str | Unset = UNSET,
    x_replicate_key: str | Unset = UNSET,
    x_runway_key: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    if not isinstance(x_fal_key, Unset):
        headers["X-Fal-Key"] = x_fal_key

    if not isinstance(x_replicate_key, Unset):
        headers["X-Replicate-Key"] = x_replicate_key

    if not isinstance(x_runway_key, Unset):
        headers["X-Runway-Key"] = x_runway_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/generate",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ApiErrorEnvelope | GenerateResult | None:
    if response.status_code == 200:
        response_200 = GenerateResult.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = ApiErrorEnvelope.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = ApiErrorEnvelope.from_dict(response.json())

        return response_401

    if response.status_code == 402:
        response_402 = ApiErrorEnvelope.from_dict(response.json())

        return response_402

    if response.status_code == 404:
        response_404 = ApiErrorEnvelope.from_dict(response.json())

        return response_404

    if response.status_code == 409:
        response_409 = ApiErrorEnvelope.from_dict(response.json())

        return response_409

    if response.status_code == 422:
        response_422 = ApiErrorEnvelope.from_dict(response.json())

        return response_422

    if response.status_code == 429:
        response_429 = ApiErrorEnvelope.from_dict(response.json())

        return response_429

    if response.status_code == 503:
        response_503 = ApiErrorEnvelope.from_dict(response.json())

        return response_503

    if 500 <= response.status_code <= 599:
        response_5xx = ApiErrorEnvelope.from_dict(response.json())

        return response_5xx

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[ApiErrorEnvelope | GenerateResult]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: GenerateRequest,
    idempotency_key: str | Unset = UNSET,
    x_fal_key: str | Unset = UNSET,
    x_replicate_key: str | Unset = UNSET,
    x_runway_key: str | Unset = UNSET,
) -> Response[ApiErrorEnvelope | GenerateResult]:
    """Quick image generation ("unified" endpoint)

     Generates an image synchronously. Model-specific options travel nested under `params`
    (unlike `/images/generate`, where they are flat in the body). With a provider key header
    the call runs in BYOK mode and bills only visgate's base fee.

    Args:
        idempotency_key (str | Unset):
        x_fal_key (str | Unset):
        x_replicate_key (str | Unset):
        x_runway_key (str | Unset):
        body (GenerateRequest):  Example: {'prompt': 'a sunset over Istanbul', 'model': 'fal-
            ai/flux/schnell', 'params': {'num_images': 1, 'image_size': '1024x1024'}}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ApiErrorEnvelope | GenerateResult]
    """

    kwargs = _get_kwargs(
        body=body,
        idempotency_key=idempotency_key,
        x_fal_key=x_fal_key,
        x_replicate_key=x_replicate_key,
        x_runway_key=x_runway_key,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    body: GenerateRequest,
    idempotency_key: str | Unset = UNSET,
    x_fal_key: str | Unset = UNSET,
    x_replicate_key: str | Unset = UNSET,
    x_runway_key: str | Unset = UNSET,
) -> ApiErrorEnvelope | GenerateResult | None:
    """Quick image generation ("unified" endpoint)

     Generates an image synchronously. Model-specific options travel nested under `params`
    (unlike `/images/generate`, where they are flat in the body). With a provider key header
    the call runs in BYOK mode and bills only visgate's base fee.

    Args:
        idempotency_key (str | Unset):
        x_fal_key (str | Unset):
        x_replicate_key (str | Unset):
        x_runway_key (str | Unset):
        body (GenerateRequest):  Example: {'prompt': 'a sunset over Istanbul', 'model': 'fal-
            ai/flux/schnell', 'params': {'num_images': 1, 'image_size': '1024x1024'}}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ApiErrorEnvelope | GenerateResult
    """

    return sync_detailed(
        client=client,
        body=body,
        idempotency_key=idempotency_key,
        x_fal_key=x_fal_key,
        x_replicate_key=x_replicate_key,
        x_runway_key=x_runway_key,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: GenerateRequest,
    idempotency_key: str | Unset = UNSET,
    x_fal_key: str | Unset = UNSET,
    x_replicate_key: str | Unset = UNSET,
    x_runway_key: str | Unset = UNSET,
) -> Response[ApiErrorEnvelope | GenerateResult]:
    """Quick image generation ("unified" endpoint)

     Generates an image synchronously. Model-specific options travel nested under `params`
    (unlike `/images/generate`, where they are flat in the body). With a provider key header
    the call runs in BYOK mode and bills only visgate's base fee.

    Args:
        idempotency_key (str | Unset):
        x_fal_key (str | Unset):
        x_replicate_key (str | Unset):
        x_runway_key (str | Unset):
        body (GenerateRequest):  Example: {'prompt': 'a sunset over Istanbul', 'model': 'fal-
            ai/flux/schnell', 'params': {'num_images': 1, 'image_size': '1024x1024'}}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ApiErrorEnvelope | GenerateResult]
    """

    kwargs = _get_kwargs(
        body=body,
        idempotency_key=idempotency_key,
        x_fal_key=x_fal_key,
        x_replicate_key=x_replicate_key,
        x_runway_key=x_runway_key,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    body: GenerateRequest,
    idempotency_key: str | Unset = UNSET,
    x_fal_key: str | Unset = UNSET,
    x_replicate_key: str | Unset = UNSET,
    x_runway_key: str | Unset = UNSET,
) -> ApiErrorEnvelope | GenerateResult | None:
    """Quick image generation ("unified" endpoint)

     Generates an image synchronously. Model-specific options travel nested under `params`
    (unlike `/images/generate`, where they are flat in the body). With a provider key header
    the call runs in BYOK mode and bills only visgate's base fee.

    Args:
        idempotency_key (str | Unset):
        x_fal_key (str | Unset):
        x_replicate_key (str | Unset):
        x_runway_key (str | Unset):
        body (GenerateRequest):  Example: {'prompt': 'a sunset over Istanbul', 'model': 'fal-
            ai/flux/schnell', 'params': {'num_images': 1, 'image_size': '1024x1024'}}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ApiErrorEnvelope | GenerateResult
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            idempotency_key=idempotency_key,
            x_fal_key=x_fal_key,
            x_replicate_key=x_replicate_key,
            x_runway_key=x_runway_key,
        )
    ).parsed
