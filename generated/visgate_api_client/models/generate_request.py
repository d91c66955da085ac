from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.generate_request_params import GenerateRequestParams


T = TypeVar("T", bound="GenerateRequest")


@_attrs_define
class GenerateRequest:
    """
    Example:
        {'prompt': 'a sunset over Istanbul', 'model': 'fal-ai/flux/schnell', 'params': {'num_images': 1, 'image_size':
            '1024x1024'}}

    Attributes:
        prompt (str):
        model (str): Model id; the SDK sends `fal-ai/flux/schnell` when none is given.
        params (GenerateRequestParams | Unset): Model-specific options, nested (e.g. `num_images`, `image_size`,
            `seed`).
    """

    prompt: str
    model: str
    params: GenerateRequestParams | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        prompt = self.prompt

        model = self.model

        params: dict[str, Any] | Unset = UNSET
        if not isinstance(self.params, Unset):
            params = self.params.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "prompt": prompt,
                "model": model,
            }
        )
        if params is not UNSET:
            field_dict["params"] = params

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.generate_request_params import GenerateRequestParams  # noqa: PLC0415

        d = dict(src_dict)
        prompt = d.pop("prompt")

        model = d.pop("model")

        _params = d.pop("params", UNSET)
        params: GenerateRequestParams | Unset
        if isinstance(_params, Unset):
            params = UNSET
        else:
            params = GenerateRequestParams.from_dict(_params)

        generate_request = cls(
            prompt=prompt,
            model=model,
            params=params,
        )

        return generate_request
