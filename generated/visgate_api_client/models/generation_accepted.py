from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.media_type import MediaType
from ..types import UNSET, Unset

T = TypeVar("T", bound="GenerationAccepted")


@_attrs_define
class GenerationAccepted:
    """Body of a 202. Poll `GET /requests/{request_id}` until the job is terminal.

    Example:
        {'request_id': 'cbb9da31-6009-4a61-8909-935a6be36e0d', 'status': 'pending', 'media_type': 'video', 'model':
            'fal-ai/veo3', 'provider': 'fal', 'poll_url':
            'https://visgateai.com/api/v1/requests/cbb9da31-6009-4a61-8909-935a6be36e0d', 'created_at':
            '2026-02-20T10:22:00.500000+00:00'}

    Attributes:
        request_id (str):
        status (str): Usually `pending`; any word is possible, the 202 status code is what marks a job.
        media_type (MediaType | Unset): Kind of media a model produces or a job returns. Extensible.
        model (str | Unset):
        provider (str | Unset):
        poll_url (str | Unset): Absolute URL of the job status (informative).
        created_at (datetime.datetime | Unset):
    """

    request_id: str
    status: str
    media_type: MediaType | Unset = UNSET
    model: str | Unset = UNSET
    provider: str | Unset = UNSET
    poll_url: str | Unset = UNSET
    created_at: datetime.datetime | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        request_id = self.request_id

        status = self.status

        media_type: str | Unset = UNSET
        if not isinstance(self.media_type, Unset):
            media_type = self.media_type.value

        model = self.model

        provider = self.provider

        poll_url = self.poll_url

        created_at: str | Unset = UNSET
        if not isinstance(self.created_at, Unset):
            created_at = self.created_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "request_id": request_id,
                "status": status,
            }
        )
        if media_type is not UNSET:
            field_dict["media_type"] = media_type
        if model is not UNSET:
            field_dict["model"] = model
        if provider is not UNSET:
            field_dict["provider"] = provider
        if poll_url is not UNSET:
            field_dict["poll_url"] = poll_url
        if created_at is not UNSET:
            field_dict["created_at"] = created_at

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        request_id = d.pop("request_id")

        status = d.pop("status")

        _media_type = d.pop("media_type", UNSET)
        media_type: MediaType | Unset
        if isinstance(_media_type, Unset):
            media_type = UNSET
        else:
            media_type = MediaType(_media_type)

        model = d.pop("model", UNSET)

        provider = d.pop("provider", UNSET)

        poll_url = d.pop("poll_url", UNSET)

        _created_at = d.pop("created_at", UNSET)
        created_at: datetime.datetime | Unset
        if isinstance(_created_at, Unset):
            created_at = UNSET
        else:
            created_at = datetime.datetime.fromisoformat(_created_at)

        generation_accepted = cls(
            request_id=request_id,
            status=status,
            media_type=media_type,
            model=model,
            provider=provider,
            poll_url=poll_url,
            created_at=created_at,
        )

        generation_accepted.additional_properties = d
        return generation_accepted

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
