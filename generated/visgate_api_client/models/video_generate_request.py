from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="VideoGenerateRequest")


@_attrs_define
class VideoGenerateRequest:
    """Model-specific options travel flat in the body (hence the open object).

    Example:
        {'model': 'fal-ai/veo3', 'prompt': 'Short cinematic drone shot over Istanbul at golden hour',
            'duration_seconds': 6.0, 'skip_gcs_upload': True}

    Attributes:
        model (str):
        prompt (str):
        duration_seconds (float | Unset):
        image_url (str | Unset): Input image for image-to-video.
        skip_gcs_upload (bool | Unset): Return the provider's own URL instead of a copy in visgate storage (faster).
    """

    model: str
    prompt: str
    duration_seconds: float | Unset = UNSET
    image_url: str | Unset = UNSET
    skip_gcs_upload: bool | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        model = self.model

        prompt = self.prompt

        duration_seconds = self.duration_seconds

        image_url = self.image_url

        skip_gcs_upload = self.skip_gcs_upload

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "model": model,
                "prompt": prompt,
            }
        )
        if duration_seconds is not UNSET:
            field_dict["duration_seconds"] = duration_seconds
        if image_url is not UNSET:
            field_dict["image_url"] = image_url
        if skip_gcs_upload is not UNSET:
            field_dict["skip_gcs_upload"] = skip_gcs_upload

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        model = d.pop("model")

        prompt = d.pop("prompt")

        duration_seconds = d.pop("duration_seconds", UNSET)

        image_url = d.pop("image_url", UNSET)

        skip_gcs_upload = d.pop("skip_gcs_upload", UNSET)

        video_generate_request = cls(
            model=model,
            prompt=prompt,
            duration_seconds=duration_seconds,
            image_url=image_url,
            skip_gcs_upload=skip_gcs_upload,
        )

        video_generate_request.additional_properties = d
        return video_generate_request

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
