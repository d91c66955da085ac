from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.api_error_envelope import ApiErrorEnvelope
from ...models.model_info import ModelInfo
from ...types import Response


def _get_kwargs(
    model_id: str,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/models/{model_id}".format(
            model_id=quote(str(model_id), safe=""),
        ),
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ApiErrorEnvelope | ModelInfo | None:
    if response.status_code == 200:
        response_200 = ModelInfo.from_dict(response.json())

        return response_200

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
) -> Response[ApiErrorEnvelope | ModelInfo]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    model_id: str,
    *,
    client: AuthenticatedClient,
) -> Response[ApiErrorEnvelope | ModelInfo]:
    """One model of the catalog

     Model ids contain `/` (`fal-ai/flux/schnell`). OpenAPI cannot express a path parameter
    that spans segments, so this path is a tail match: the server treats everything after
    `/models/` as the id. The canonical form sends the slashes literally
    (`GET /models/fal-ai/flux/schnell`), which is what the visgate SDK facade sends; the
    server also accepts the id as one percent-encoded segment
    (`GET /models/fal-ai%2Fflux%2Fschnell`), which is what the generated low-level client
    sends. Both name the same model.

    Args:
        model_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ApiErrorEnvelope | ModelInfo]
    """

    kwargs = _get_kwargs(
        model_id=model_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    model_id: str,
    *,
    client: AuthenticatedClient,
) -> ApiErrorEnvelope | ModelInfo | None:
    """One model of the catalog

     Model ids contain `/` (`fal-ai/flux/schnell`). OpenAPI cannot express a path parameter
    that spans segments, so this path is a tail match: the server treats everything after
    `/models/` as the id. The canonical form sends the slashes literally
    (`GET /models/fal-ai/flux/schnell`), which is what the visgate SDK facade sends; the
    server also accepts the id as one percent-encoded segment
    (`GET /models/fal-ai%2Fflux%2Fschnell`), which is what the generated low-level client
    sends. Both name the same model.

    Args:
        model_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ApiErrorEnvelope | ModelInfo
    """

    return sync_detailed(
        model_id=model_id,
        client=client,
    ).parsed


async def asyncio_detailed(
    model_id: str,
    *,
    client: AuthenticatedClient,
) -> Response[ApiErrorEnvelope | ModelInfo]:
    """One model of the catalog

     Model ids contain `/` (`fal-ai/flux/schnell`). OpenAPI cannot express a path parameter
    that spans segments, so this path is a tail match: the server treats everything after
    `/models/` as the id. The canonical form sends the slashes literally
    (`GET /models/fal-ai/flux/schnell`), which is what the visgate SDK facade sends; the
    server also accepts the id as one percent-encoded segment
    (`GET /models/fal-ai%2Fflux%2Fschnell`), which is what the generated low-level client
    sends. Both name the same model.

    Args:
        model_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ApiErrorEnvelope | ModelInfo]
    """

    kwargs = _get_kwargs(
        model_id=model_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    model_id: str,
    *,
    client: AuthenticatedClient,
) -> ApiErrorEnvelope | ModelInfo | None:
    """One model of the catalog

     Model ids contain `/` (`fal-ai/flux/schnell`). OpenAPI cannot express a path parameter
    that spans segments, so this path is a tail match: the server treats everything after
    `/models/` as the id. The canonical form sends the slashes literally
    (`GET /models/fal-ai/flux/schnell`), which is what the visgate SDK facade sends; the
    server also accepts the id as one percent-encoded segment
    (`GET /models/fal-ai%2Fflux%2Fschnell`), which is what the generated low-level client
    sends. Both name the same model.

    Args:
        model_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ApiErrorEnvelope | ModelInfo
    """

    return (
        await asyncio_detailed(
            model_id=model_id,
            client=client,
        )
    ).parsed
