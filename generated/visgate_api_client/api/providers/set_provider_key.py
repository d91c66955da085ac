from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.api_error_envelope import ApiErrorEnvelope
from ...models.provider_key_info import ProviderKeyInfo
from ...models.provider_key_store_request import ProviderKeyStoreRequest
from ...types import Response


def _get_kwargs(
    *,
    body: ProviderKeyStoreRequest,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "put",
        "url": "/providers/keys",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ApiErrorEnvelope | ProviderKeyInfo | None:
    if response.status_code == 200:
        response_200 = ProviderKeyInfo.from_dict(response.json())

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
) -> Response[ApiErrorEnvelope | ProviderKeyInfo]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: ProviderKeyStoreRequest,
) -> Response[ApiErrorEnvelope | ProviderKeyInfo]:
    """Store (or replace) the organisation's key for one provider

     The key is stored encrypted and never returned; the answer shows it masked. A key whose
    format cannot belong to the provider is refused with 422 (see
    `ProviderKeyStoreRequest`); `POST /providers/validate` checks one without storing it.

    Args:
        body (ProviderKeyStoreRequest): A key to store (`PUT /providers/keys`). The key must have
            a format the provider issues,
            at least 8 characters:
            - `fal`: `fal_...` (as in the visgate docs), `fal-...`, or Fal's own `<key id>:<secret>`;
            - `replicate`: `r8_...` (as in the visgate docs);
            - `runway`: `rw_...` (as in the visgate docs) or `key_...` (Runway's own dev keys).
            Only the docs' prefixes are on the public record; the other forms are what the sandbox
            accepts, as the providers issue them. The live API checks keys with the provider too.
             Example: {'provider': 'fal', 'api_key': 'fal_0123456789abcdef'}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ApiErrorEnvelope | ProviderKeyInfo]
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
    body: ProviderKeyStoreRequest,
) -> ApiErrorEnvelope | ProviderKeyInfo | None:
    """Store (or replace) the organisation's key for one provider

     The key is stored encrypted and never returned; the answer shows it masked. A key whose
    format cannot belong to the provider is refused with 422 (see
    `ProviderKeyStoreRequest`); `POST /providers/validate` checks one without storing it.

    Args:
        body (ProviderKeyStoreRequest): A key to store (`PUT /providers/keys`). The key must have
            a format the provider issues,
            at least 8 characters:
            - `fal`: `fal_...` (as in the visgate docs), `fal-...`, or Fal's own `<key id>:<secret>`;
            - `replicate`: `r8_...` (as in the visgate docs);
            - `runway`: `rw_...` (as in the visgate docs) or `key_...` (Runway's own dev keys).
            Only the docs' prefixes are on the public record; the other forms are what the sandbox
            accepts, as the providers issue them. The live API checks keys with the provider too.
             Example: {'provider': 'fal', 'api_key': 'fal_0123456789abcdef'}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ApiErrorEnvelope | ProviderKeyInfo
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: ProviderKeyStoreRequest,
) -> Response[ApiErrorEnvelope | ProviderKeyInfo]:
    """Store (or replace) the organisation's key for one provider

     The key is stored encrypted and never returned; the answer shows it masked. A key whose
    format cannot belong to the provider is refused with 422 (see
    `ProviderKeyStoreRequest`); `POST /providers/validate` checks one without storing it.

    Args:
        body (ProviderKeyStoreRequest): A key to store (`PUT /providers/keys`). The key must have
            a format the provider issues,
            at least 8 characters:
            - `fal`: `fal_...` (as in the visgate docs), `fal-...`, or Fal's own `<key id>:<secret>`;
            - `replicate`: `r8_...` (as in the visgate docs);
            - `runway`: `rw_...` (as in the visgate docs) or `key_...` (Runway's own dev keys).
            Only the docs' prefixes are on the public record; the other forms are what the sandbox
            accepts, as the providers issue them. The live API checks keys with the provider too.
             Example: {'provider': 'fal', 'api_key': 'fal_0123456789abcdef'}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ApiErrorEnvelope | ProviderKeyInfo]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    body: ProviderKeyStoreRequest,
) -> ApiErrorEnvelope | ProviderKeyInfo | None:
    """Store (or replace) the organisation's key for one provider

     The key is stored encrypted and never returned; the answer shows it masked. A key whose
    format cannot belong to the provider is refused with 422 (see
    `ProviderKeyStoreRequest`); `POST /providers/validate` checks one without storing it.

    Args:
        body (ProviderKeyStoreRequest): A key to store (`PUT /providers/keys`). The key must have
            a format the provider issues,
            at least 8 characters:
            - `fal`: `fal_...` (as in the visgate docs), `fal-...`, or Fal's own `<key id>:<secret>`;
            - `replicate`: `r8_...` (as in the visgate docs);
            - `runway`: `rw_...` (as in the visgate docs) or `key_...` (Runway's own dev keys).
            Only the docs' prefixes are on the public record; the other forms are what the sandbox
            accepts, as the providers issue them. The live API checks keys with the provider too.
             Example: {'provider': 'fal', 'api_key': 'fal_0123456789abcdef'}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ApiErrorEnvelope | ProviderKeyInfo
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
