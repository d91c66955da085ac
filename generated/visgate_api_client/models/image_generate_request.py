from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="ImageGenerateRequest")


@_attrs_define
class ImageGenerateRequest:
    """Model-specific options travel flat in the body next to the fields below (hence the open
    object). The SDK sends width 1024, height 1024 and num_images 1 unless told otherwise.

        Example:
            {'model': 'fal-ai/flux/schnell', 'prompt': 'A cinematic view of Istanbul Bosphorus, detailed, photorealistic',
                'width': 1024, 'height': 1024, 'num_images': 1, 'seed': 42}

        Attributes:
            model (str):
            prompt (str):
            negative_prompt (str | Unset):
            width (int | Unset):
            height (int | Unset):
            num_images (int | Unset):
            seed (int | Unset): The sandbox's bound (a signed 64-bit integer); the live API's is not known.
    """

    model: str
    prompt: str
    negative_prompt: str | Unset = UNSET
    width: int | Unset = UNSET
    height: int | Unset = UNSET
    num_images: int | Unset = UNSET
    seed: int | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        model = self.model

        prompt = self.prompt

        negative_prompt = self.negative_prompt

        width = self.width

        height = self.height

        num_images = self.num_images

        seed = self.seed

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "model": model,
                "prompt": prompt,
            }
        )
        if negative_prompt is not UNSET:
            field_dict["negative_prompt"] = negative_prompt
        if width is not UNSET:
            field_dict["width"] = width
        if height is not UNSET:
            field_dict["height"] = height
        if num_images is not UNSET:
            field_dict["num_images"] = num_images
        if seed is not UNSET:
            field_dict["seed"] = seed

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        model = d.pop("model")

        prompt = d.pop("prompt")

        negative_prompt = d.pop("negative_prompt", UNSET)

        width = d.pop("width", UNSET)

        height = d.pop("height", UNSET)

        num_images = d.pop("num_images", UNSET)

        seed = d.pop("seed", UNSET)

        image_generate_request = cls(
            model=model,
            prompt=prompt,
            negative_prompt=negative_prompt,
            width=width,
            height=height,
            num_images=num_images,
            seed=seed,
        )

        image_generate_request.additional_properties = d
        return image_generate_request

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
