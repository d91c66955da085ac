from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.usage_log_entry import UsageLogEntry


T = TypeVar("T", bound="UsageLogsPage")


@_attrs_define
class UsageLogsPage:
    """
    Example:
        {'logs': [{'id': 'eb201d02-65fb-4582-bf7c-281dd8f3e2f8', 'model': 'fal-ai/flux/schnell', 'provider': 'fal',
            'status': 'completed', 'cache_hit': False, 'billed_cost': 0.003}], 'total': 327, 'limit': 10, 'offset': 0}

    Attributes:
        logs (list[UsageLogEntry]):
        total (int | Unset):
        limit (int | Unset):
        offset (int | Unset):
    """

    logs: list[UsageLogEntry]
    total: int | Unset = UNSET
    limit: int | Unset = UNSET
    offset: int | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        logs = []
        for logs_item_data in self.logs:
            logs_item = logs_item_data.to_dict()
            logs.append(logs_item)

        total = self.total

        limit = self.limit

        offset = self.offset

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "logs": logs,
            }
        )
        if total is not UNSET:
            field_dict["total"] = total
        if limit is not UNSET:
            field_dict["limit"] = limit
        if offset is not UNSET:
            field_dict["offset"] = offset

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.usage_log_entry import UsageLogEntry  # noqa: PLC0415

        d = dict(src_dict)
        logs = []
        _logs = d.pop("logs")
        for logs_item_data in _logs:
            logs_item = UsageLogEntry.from_dict(logs_item_data)

            logs.append(logs_item)

        total = d.pop("total", UNSET)

        limit = d.pop("limit", UNSET)

        offset = d.pop("offset", UNSET)

        usage_logs_page = cls(
            logs=logs,
            total=total,
            limit=limit,
            offset=offset,
        )

        usage_logs_page.additional_properties = d
        return usage_logs_page

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
