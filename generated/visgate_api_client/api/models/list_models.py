from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.api_error_envelope import ApiErrorEnvelope
from ...models.media_type import MediaType
from ...models.model_sort import ModelSort
from ...models.models_response import ModelsResponse
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    limit: int | Unset = UNSET,
    provider: str | Unset = UNSET,
    media_type: MediaType | Unset = UNSET,
    capability: str | Unset = UNSET,
    search: str | Unset = UNSET,
    sort: ModelSort | Unset = UNSET,
    featured: bool | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["limit"] = limit

    params["provider"] = provider

    json_media_type: str | Unset = UNSET
    if not isinstance(media_type, Unset):
        json_media_type = media_type.value

    params["media_type"] = json_media_type

    params["capability"] = capability

    params["search"] = search

    json_sort: str | Unset = UNSET
    if not isinstance(sort, Unset):
        json_sort = sort.value

    params["sort"] = json_sort

    params["featured"] = featured

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/models",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ApiErrorEnvelope | ModelsResponse | None:
    if response.status_code == 200:
        response_200 = ModelsResponse.from_dict(response.json())

        return response_200

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
) -> Response[ApiErrorEnvelope | ModelsResponse]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    limit: int | Unset = UNSET,
    provider: str | Unset = UNSET,
    media_type: MediaType | Unset = UNSET,
    capability: str | Unset = UNSET,
    search: str | Unset = UNSET,
    sort: ModelSort | Unset = UNSET,
    featured: bool | Unset = UNSET,
) -> Response[ApiErrorEnvelope | ModelsResponse]:
    """List and search the model catalog

     Public; works without a valid key. `total_count` is the size of the whole catalog, not of the page.

    Args:
        limit (int | Unset):
        provider (str | Unset):
        media_type (MediaType | Unset): Kind of media a model produces or a job returns.
            Extensible.
        capability (str | Unset):
        search (str | Unset):
        sort (ModelSort | Unset):
        featured (bool | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ApiErrorEnvelope | ModelsResponse]
    """

    kwargs = _get_kwargs(
        limit=limit,
        provider=provider,
        media_type=media_type,
        capability=capability,
        search=search,
        sort=sort,
        featured=featured,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    limit: int | Unset = UNSET,
    provider: str | Unset = UNSET,
    media_type: MediaType | Unset = UNSET,
    capability: str | Unset = UNSET,
    search: str | Unset = UNSET,
    sort: ModelSort | Unset = UNSET,
    featured: bool | Unset = UNSET,
) -> ApiErrorEnvelope | ModelsResponse | None:
    """List and search the model catalog

     Public; works without a valid key. `total_count` is the size of the whole catalog, not of the page.

    Args:
        limit (int | Unset):
        provider (str | Unset):
        media_type (MediaType | Unset): Kind of media a model produces or a job returns.
            Extensible.
        capability (str | Unset):
        search (str | Unset):
        sort (ModelSort | Unset):
        featured (bool | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ApiErrorEnvelope | ModelsResponse
    """

    return sync_detailed(
        client=client,
        limit=limit,
        provider=provider,
        media_type=media_type,
        capability=capability,
        search=search,
        sort=sort,
        featured=featured,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    limit: int | Unset = UNSET,
    provider: str | Unset = UNSET,
    media_type: MediaType | Unset = UNSET,
    capability: str | Unset = UNSET,
    search: str | Unset = UNSET,
    sort: ModelSort | Unset = UNSET,
    featured: bool | Unset = UNSET,
) -> Response[ApiErrorEnvelope | ModelsResponse]:
    """List and search the model catalog

     Public; works without a valid key. `total_count` is the size of the whole catalog, not of the page.

    Args:
        limit (int | Unset):
        provider (str | Unset):
        media_type (MediaType | Unset): Kind of media a model produces or a job returns.
            Extensible.
        capability (str | Unset):
        search (str | Unset):
        sort (ModelSort | Unset):
        featured (bool | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ApiErrorEnvelope | ModelsResponse]
    """

    kwargs = _get_kwargs(
        limit=limit,
        provider=provider,
        media_type=media_type,
        capability=capability,
        search=search,
        sort=sort,
        featured=featured,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    limit: int | Unset = UNSET,
    provider: str | Unset = UNSET,
    media_type: MediaType | Unset = UNSET,
    capability: str | Unset = UNSET,
    search: str | Unset = UNSET,
    sort: ModelSort | Unset = UNSET,
    featured: bool | Unset = UNSET,
) -> ApiErrorEnvelope | ModelsResponse | None:
    """List and search the model catalog

     Public; works without a valid key. `total_count` is the size of the whole catalog, not of the page.

    Args:
        limit (int | Unset):
        provider (str | Unset):
        media_type (MediaType | Unset): Kind of media a model produces or a job returns.
            Extensible.
        capability (str | Unset):
        search (str | Unset):
        sort (ModelSort | Unset):
        featured (bool | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ApiErrorEnvelope | ModelsResponse
    """

    return (
        await asyncio_detailed(
            client=client,
            limit=limit,
            provider=provider,
            media_type=media_type,
            capability=capability,
            search=search,
            sort=sort,
            featured=featured,
        )
    ).parsed
