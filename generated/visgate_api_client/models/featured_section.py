from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.model_info import ModelInfo


T = TypeVar("T", bound="FeaturedSection")


@_attrs_define
class FeaturedSection:
    """A curated list; `models` may be absent (seen as `{"title":"Popular","key":"popular"}`).

    Example:
        {'title': 'Popular', 'key': 'popular', 'models': [{'id': 'fal-ai/flux/schnell', 'name': 'FLUX Schnell',
            'provider': 'fal', 'media_type': 'image'}]}

    Attributes:
        title (str):
        key (str):
        models (list[ModelInfo] | Unset):
    """

    title: str
    key: str
    models: list[ModelInfo] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        title = self.title

        key = self.key

        models: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.models, Unset):
            models = []
            for models_item_data in self.models:
                models_item = models_item_data.to_dict()
                models.append(models_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "title": title,
                "key": key,
            }
        )
        if models is not UNSET:
            field_dict["models"] = models

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.model_info import ModelInfo  # noqa: PLC0415

        d = dict(src_dict)
        title = d.pop("title")

        key = d.pop("key")

        _models = d.pop("models", UNSET)
        models: list[ModelInfo] | Unset = UNSET
        if _models is not UNSET:
            models = []
            for models_item_data in _models:
                models_item = ModelInfo.from_dict(models_item_data)

                models.append(models_item)

        featured_section = cls(
            title=title,
            key=key,
            models=models,
        )

        featured_section.additional_properties = d
        return featured_section

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
