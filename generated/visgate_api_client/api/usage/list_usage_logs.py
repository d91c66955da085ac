from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.api_error_envelope import ApiErrorEnvelope
from ...models.usage_log_entry import UsageLogEntry
from ...models.usage_logs_page import UsageLogsPage
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    limit: int | Unset = UNSET,
    offset: int | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["limit"] = limit

    params["offset"] = offset

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/usage/logs",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ApiErrorEnvelope | list[UsageLogEntry] | UsageLogsPage | None:
    if response.status_code == 200:

        def _parse_response_200(data: object) -> list[UsageLogEntry] | UsageLogsPage:
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                response_200_type_0 = UsageLogsPage.from_dict(data)

                return response_200_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, list):
                raise TypeError()
            response_200_type_1 = []
            _response_200_type_1 = data
            for response_200_type_1_item_data in _response_200_type_1:
                response_200_type_1_item = UsageLogEntry.from_dict(response_200_type_1_item_data)

                response_200_type_1.append(response_200_type_1_item)

            return response_200_type_1

        response_200 = _parse_response_200(response.json())

        return response_200

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
) -> Response[ApiErrorEnvelope | list[UsageLogEntry] | UsageLogsPage]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    limit: int | Unset = UNSET,
    offset: int | Unset = UNSET,
) -> Response[ApiErrorEnvelope | list[UsageLogEntry] | UsageLogsPage]:
    """Request log of the organisation, newest first

     The live API has been seen to answer with a bare JSON array of entries or with an object
    holding them under `logs`; clients must accept both. The sandbox answers with the object.

    Args:
        limit (int | Unset):
        offset (int | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ApiErrorEnvelope | list[UsageLogEntry] | UsageLogsPage]
    """

    kwargs = _get_kwargs(
        limit=limit,
        offset=offset,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    limit: int | Unset = UNSET,
    offset: int | Unset = UNSET,
) -> ApiErrorEnvelope | list[UsageLogEntry] | UsageLogsPage | None:
    """Request log of the organisation, newest first

     The live API has been seen to answer with a bare JSON array of entries or with an object
    holding them under `logs`; clients must accept both. The sandbox answers with the object.

    Args:
        limit (int | Unset):
        offset (int | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ApiErrorEnvelope | list[UsageLogEntry] | UsageLogsPage
    """

    return sync_detailed(
        client=client,
        limit=limit,
        offset=offset,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    limit: int | Unset = UNSET,
    offset: int | Unset = UNSET,
) -> Response[ApiErrorEnvelope | list[UsageLogEntry] | UsageLogsPage]:
    """Request log of the organisation, newest first

     The live API has been seen to answer with a bare JSON array of entries or with an object
    holding them under `logs`; clients must accept both. The sandbox answers with the object.

    Args:
        limit (int | Unset):
        offset (int | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ApiErrorEnvelope | list[UsageLogEntry] | UsageLogsPage]
    """

    kwargs = _get_kwargs(
        limit=limit,
        offset=offset,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    limit: int | Unset = UNSET,
    offset: int | Unset = UNSET,
) -> ApiErrorEnvelope | list[UsageLogEntry] | UsageLogsPage | None:
    """Request log of the organisation, newest first

     The live API has been seen to answer with a bare JSON array of entries or with an object
    holding them under `logs`; clients must accept both. The sandbox answers with the object.

    Args:
        limit (int | Unset):
        offset (int | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ApiErrorEnvelope | list[UsageLogEntry] | UsageLogsPage
    """

    return (
        await asyncio_detailed(
            client=client,
            limit=limit,
            offset=offset,
        )
    ).parsed
