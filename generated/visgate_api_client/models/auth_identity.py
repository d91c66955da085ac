from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.organization import Organization


T = TypeVar("T", bound="AuthIdentity")


@_attrs_define
class AuthIdentity:
    """Partial; only `organization` and `role` have been seen on the live API.

    Example:
        {'organization': {'id': 'OYw7Bs28wKjFBzk3hedV', 'name': "Ada Lovelace's Org"}, 'role': 'api-key'}

    Attributes:
        organization (Organization):  Example: {'id': 'OYw7Bs28wKjFBzk3hedV', 'name': "Ada Lovelace's Org"}.
        role (str | Unset): `api-key` when authenticated with an API key.
    """

    organization: Organization
    role: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        organization = self.organization.to_dict()

        role = self.role

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "organization": organization,
            }
        )
        if role is not UNSET:
            field_dict["role"] = role

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.organization import Organization  # noqa: PLC0415

        d = dict(src_dict)
        organization = Organization.from_dict(d.pop("organization"))

        role = d.pop("role", UNSET)

        auth_identity = cls(
            organization=organization,
            role=role,
        )

        auth_identity.additional_properties = d
        return auth_identity

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
