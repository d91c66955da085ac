from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.job_status import JobStatus
from ..models.media_type import MediaType
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.request_status_result_type_0 import RequestStatusResultType0


T = TypeVar("T", bound="RequestStatus")


@_attrs_define
class RequestStatus:
    """A job's status. `request_id` and `status` are always sent by the current API but are not
    required here: older deployments sent `id` instead of `request_id`, and clients read a
    missing `status` as `pending`.

        Example:
            {'request_id': 'cbb9da31-6009-4a61-8909-935a6be36e0d', 'status': 'completed', 'media_type': 'video', 'provider':
                'fal', 'model': 'fal-ai/veo3', 'output_url':
                'https://v3b.fal.media/files/b/0a8f3e3e/3vcnqEJn51c6bA0pr7Ep2_47bd93f5d7cd48399a379937f0443dcf.mp4',
                'error_message': None, 'cost': 0.05, 'cache_hit': False, 'created_at': '2026-02-20T10:22:00.500000+00:00',
                'completed_at': '2026-02-20T10:23:41.200000+00:00', 'result': {'id': 'cbb9da31-6009-4a61-8909-935a6be36e0d',
                'video_url':
                'https://v3b.fal.media/files/b/0a8f3e3e/3vcnqEJn51c6bA0pr7Ep2_47bd93f5d7cd48399a379937f0443dcf.mp4', 'model':
                'fal-ai/veo3', 'provider': 'fal', 'cost': 0.05, 'cache_hit': False}}

        Attributes:
            request_id (str | Unset):
            status (JobStatus | Unset): State of a background job. `completed` and `failed` are terminal; any other value,
                including one added later, means the job is still running.
            media_type (MediaType | Unset): Kind of media a model produces or a job returns. Extensible.
            provider (str | Unset):
            model (str | Unset):
            output_url (None | str | Unset): Set when completed.
            error_message (None | str | Unset): Set when failed.
            cost (float | Unset): Billed cost in USD once completed.
            cache_hit (bool | Unset):
            created_at (datetime.datetime | Unset):
            completed_at (datetime.datetime | None | Unset): Time of success or failure.
            result (None | RequestStatusResultType0 | Unset): The finished result once completed: an `ImageResult` or a
                `VideoResult` body,
                according to `media_type`. Partial: the sandbox sends it; the live API has not been
                seen to, so clients must fall back to `output_url`.
    """

    request_id: str | Unset = UNSET
    status: JobStatus | Unset = UNSET
    media_type: MediaType | Unset = UNSET
    provider: str | Unset = UNSET
    model: str | Unset = UNSET
    output_url: None | str | Unset = UNSET
    error_message: None | str | Unset = UNSET
    cost: float | Unset = UNSET
    cache_hit: bool | Unset = UNSET
    created_at: datetime.datetime | Unset = UNSET
    completed_at: datetime.datetime | None | Unset = UNSET
    result: None | RequestStatusResultType0 | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.request_status_result_type_0 import RequestStatusResultType0  # noqa: PLC0415

        request_id = self.request_id

        status: str | Unset = UNSET
        if not isinstance(self.status, Unset):
            status = self.status.value

        media_type: str | Unset = UNSET
        if not isinstance(self.media_type, Unset):
            media_type = self.media_type.value

        provider = self.provider

        model = self.model

        output_url: None | str | Unset
        if isinstance(self.output_url, Unset):
            output_url = UNSET
        else:
            output_url = self.output_url

        error_message: None | str | Unset
        if isinstance(self.error_message, Unset):
            error_message = UNSET
        else:
            error_message = self.error_message

        cost = self.cost

        cache_hit = self.cache_hit

        created_at: str | Unset = UNSET
        if not isinstance(self.created_at, Unset):
            created_at = self.created_at.isoformat()

        completed_at: None | str | Unset
        if isinstance(self.completed_at, Unset):
            completed_at = UNSET
        elif isinstance(self.completed_at, datetime.datetime):
            completed_at = self.completed_at.isoformat()
        else:
            completed_at = self.completed_at

        result: dict[str, Any] | None | Unset
        if isinstance(self.result, Unset):
            result = UNSET
        elif isinstance(self.result, RequestStatusResultType0):
            result = self.result.to_dict()
        else:
            result = self.result

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if request_id is not UNSET:
            field_dict["request_id"] = request_id
        if status is not UNSET:
            field_dict["status"] = status
        if media_type is not UNSET:
            field_dict["media_type"] = media_type
        if provider is not UNSET:
            field_dict["provider"] = provider
        if model is not UNSET:
            field_dict["model"] = model
        if output_url is not UNSET:
            field_dict["output_url"] = output_url
        if error_message is not UNSET:
            field_dict["error_message"] = error_message
        if cost is not UNSET:
            field_dict["cost"] = cost
        if cache_hit is not UNSET:
            field_dict["cache_hit"] = cache_hit
        if created_at is not UNSET:
            field_dict["created_at"] = created_at
        if completed_at is not UNSET:
            field_dict["completed_at"] = completed_at
        if result is not UNSET:
            field_dict["result"] = result

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.request_status_result_type_0 import RequestStatusResultType0  # noqa: PLC0415

        d = dict(src_dict)
        request_id = d.pop("request_id", UNSET)

        _status = d.pop("status", UNSET)
        status: JobStatus | Unset
        if isinstance(_status, Unset):
            status = UNSET
        else:
            status = JobStatus(_status)

        _media_type = d.pop("media_type", UNSET)
        media_type: MediaType | Unset
        if isinstance(_media_type, Unset):
            media_type = UNSET
        else:
            media_type = MediaType(_media_type)

        provider = d.pop("provider", UNSET)

        model = d.pop("model", UNSET)

        def _parse_output_url(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        output_url = _parse_output_url(d.pop("output_url", UNSET))

        def _parse_error_message(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        error_message = _parse_error_message(d.pop("error_message", UNSET))

        cost = d.pop("cost", UNSET)

        cache_hit = d.pop("cache_hit", UNSET)

        _created_at = d.pop("created_at", UNSET)
        created_at: datetime.datetime | Unset
        if isinstance(_created_at, Unset):
            created_at = UNSET
        else:
            created_at = datetime.datetime.fromisoformat(_created_at)

        def _parse_completed_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                completed_at_type_0 = datetime.datetime.fromisoformat(data)

                return completed_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        completed_at = _parse_completed_at(d.pop("completed_at", UNSET))

        def _parse_result(data: object) -> None | RequestStatusResultType0 | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                result_type_0 = RequestStatusResultType0.from_dict(data)

                return result_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | RequestStatusResultType0 | Unset, data)

        result = _parse_result(d.pop("result", UNSET))

        request_status = cls(
            request_id=request_id,
            status=status,
            media_type=media_type,
            provider=provider,
            model=model,
            output_url=output_url,
            error_message=error_message,
            cost=cost,
            cache_hit=cache_hit,
            created_at=created_at,
            completed_at=completed_at,
            result=result,
        )

        request_status.additional_properties = d
        return request_status

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
