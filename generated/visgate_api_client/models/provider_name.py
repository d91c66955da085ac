from enum import StrEnum


class ProviderName(StrEnum):
    FAL = "fal"
    REPLICATE = "replicate"
    RUNWAY = "runway"

    def __str__(self) -> str:
        return str(self.value)

    @classmethod
    def _missing_(cls, value: object) -> "ProviderName | None":
        # A value the server added after this client was generated is carried, not fatal.
        if not isinstance(value, str):
            return None
        member = str.__new__(cls, value)
        member._name_ = "_UNKNOWN_"
        member._value_ = value
        return member

    @property
    def is_unknown(self) -> bool:
        """True when the server sent a value this client does not know."""
        return self._name_ == "_UNKNOWN_"
