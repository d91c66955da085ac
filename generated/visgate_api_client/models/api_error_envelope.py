from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.api_error_envelope_details_type_0 import ApiErrorEnvelopeDetailsType0


T = TypeVar("T", bound="ApiErrorEnvelope")


@_attrs_define
class ApiErrorEnvelope:
    """The one error body of every 4xx and 5xx answer.

    Example:
        {'error': 'PROVIDER_FAILURE', 'message': 'Upstream provider returned an error', 'details': {'provider': 'fal'}}

    Attributes:
        error (str): Machine-readable code, e.g. `MODEL_NOT_FOUND`, `VALIDATION_ERROR`, `PROVIDER_FAILURE`.
        message (str): Human-readable explanation.
        details (ApiErrorEnvelopeDetailsType0 | None | Unset): Extra facts; `field` for validation errors, `provider`
            for provider failures.
    """

    error: str
    message: str
    details: ApiErrorEnvelopeDetailsType0 | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.api_error_envelope_details_type_0 import ApiErrorEnvelopeDetailsType0  # noqa: PLC0415

        error = self.error

        message = self.message

        details: dict[str, Any] | None | Unset
        if isinstance(self.details, Unset):
            details = UNSET
        elif isinstance(self.details, ApiErrorEnvelopeDetailsType0):
            details = self.details.to_dict()
        else:
            details = self.details

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "error": error,
                "message": message,
            }
        )
        if details is not UNSET:
            field_dict["details"] = details

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.api_error_envelope_details_type_0 import ApiErrorEnvelopeDetailsType0  # noqa: PLC0415

        d = dict(src_dict)
        error = d.pop("error")

        message = d.pop("message")

        def _parse_details(data: object) -> ApiErrorEnvelopeDetailsType0 | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                details_type_0 = ApiErrorEnvelopeDetailsType0.from_dict(data)

                return details_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(ApiErrorEnvelopeDetailsType0 | None | Unset, data)

        details = _parse_details(d.pop("details", UNSET))

        api_error_envelope = cls(
            error=error,
            message=message,
            details=details,
        )

        api_error_envelope.additional_properties = d
        return api_error_envelope

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
