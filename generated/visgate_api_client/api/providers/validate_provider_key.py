from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.api_error_envelope import ApiErrorEnvelope
from ...models.provider_key_request import ProviderKeyRequest
from ...models.provider_validation_result import ProviderValidationResult
from ...types import Response


def _get_kwargs(
    *,
    body: ProviderKeyRequest,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/providers/validate",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ApiErrorEnvelope | ProviderValidationResult | None:
    if response.status_code == 200:
        response_200 = ProviderValidationResult.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = ApiErrorEnvelope.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = ApiErrorEnvelope.from_dict(response.json())

        return response_401

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
) -> Response[ApiErrorEnvelope | ProviderValidationResult]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: ProviderKeyRequest,
) -> Response[ApiErrorEnvelope | ProviderValidationResult]:
    """Check a provider key without storing it

     Any key text is accepted for one of the three providers; a key in a wrong format is
    answered 200 with `valid: false` and the reason in `message`.

    Args:
        body (ProviderKeyRequest): A key to check (`POST /providers/validate`); its format is not
            constrained here. Example: {'provider': 'fal', 'api_key': 'fal_0123456789abcdef'}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ApiErrorEnvelope | ProviderValidationResult]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    body: ProviderKeyRequest,
) -> ApiErrorEnvelope | ProviderValidationResult | None:
    """Check a provider key without storing it

     Any key text is accepted for one of the three providers; a key in a wrong format is
    answered 200 with `valid: false` and the reason in `message`.

    Args:
        body (ProviderKeyRequest): A key to check (`POST /providers/validate`); its format is not
            constrained here. Example: {'provider': 'fal', 'api_key': 'fal_0123456789abcdef'}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ApiErrorEnvelope | ProviderValidationResult
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: ProviderKeyRequest,
) -> Response[ApiErrorEnvelope | ProviderValidationResult]:
    """Check a provider key without storing it

     Any key text is accepted for one of the three providers; a key in a wrong format is
    answered 200 with `valid: false` and the reason in `message`.

    Args:
        body (ProviderKeyRequest): A key to check (`POST /providers/validate`); its format is not
            constrained here. Example: {'provider': 'fal', 'api_key': 'fal_0123456789abcdef'}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ApiErrorEnvelope | ProviderValidationResult]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    body: ProviderKeyRequest,
) -> ApiErrorEnvelope | ProviderValidationResult | None:
    """Check a provider key without storing it

     Any key text is accepted for one of the three providers; a key in a wrong format is
    answered 200 with `valid: false` and the reason in `message`.

    Args:
        body (ProviderKeyRequest): A key to check (`POST /providers/validate`); its format is not
            constrained here. Example: {'provider': 'fal', 'api_key': 'fal_0123456789abcdef'}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ApiErrorEnvelope | ProviderValidationResult
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
