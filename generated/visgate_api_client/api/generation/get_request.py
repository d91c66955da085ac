from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.api_error_envelope import ApiErrorEnvelope
from ...models.request_status import RequestStatus
from ...types import Response


def _get_kwargs(
    request_id: str,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/requests/{request_id}".format(
            request_id=quote(str(request_id), safe=""),
        ),
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ApiErrorEnvelope | RequestStatus | None:
    if response.status_code == 200:
        response_200 = RequestStatus.from_dict(response.json())

        return response_200

    if response.status_code == 401:
        response_401 = ApiErrorEnvelope.from_dict(response.json())

        return response_401

    if response.status_code == 404:
        response_404 = ApiErrorEnvelope.from_dict(response.json())

        return response_404

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
) -> Response[ApiErrorEnvelope | RequestStatus]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    request_id: str,
    *,
    client: AuthenticatedClient | Client,
) -> Response[ApiErrorEnvelope | RequestStatus]:
    """Status of a background job

     Poll until `status` is terminal (`completed` or `failed`). While the job runs the answer
    carries `Retry-After` (seconds until the next poll is useful). Unknown status words are
    non-terminal.

    Args:
        request_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ApiErrorEnvelope | RequestStatus]
    """

    kwargs = _get_kwargs(
        request_id=request_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    request_id: str,
    *,
    client: AuthenticatedClient | Client,
) -> ApiErrorEnvelope | RequestStatus | None:
    """Status of a background job

     Poll until `status` is terminal (`completed` or `failed`). While the job runs the answer
    carries `Retry-After` (seconds until the next poll is useful). Unknown status words are
    non-terminal.

    Args:
        request_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ApiErrorEnvelope | RequestStatus
    """

    return sync_detailed(
        request_id=request_id,
        client=client,
    ).parsed


async def asyncio_detailed(
    request_id: str,
    *,
    client: AuthenticatedClient | Client,
) -> Response[ApiErrorEnvelope | RequestStatus]:
    """Status of a background job

     Poll until `status` is terminal (`completed` or `failed`). While the job runs the answer
    carries `Retry-After` (seconds until the next poll is useful). Unknown status words are
    non-terminal.

    Args:
        request_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ApiErrorEnvelope | RequestStatus]
    """

    kwargs = _get_kwargs(
        request_id=request_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    request_id: str,
    *,
    client: AuthenticatedClient | Client,
) -> ApiErrorEnvelope | RequestStatus | None:
    """Status of a background job

     Poll until `status` is terminal (`completed` or `failed`). While the job runs the answer
    carries `Retry-After` (seconds until the next poll is useful). Unknown status words are
    non-terminal.

    Args:
        request_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ApiErrorEnvelope | RequestStatus
    """

    return (
        await asyncio_detailed(
            request_id=request_id,
            client=client,
        )
    ).parsed
