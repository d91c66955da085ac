from enum import StrEnum


class ModelSort(StrEnum):
    COST = "cost"
    NAME = "name"
    NEWEST = "newest"
    POPULAR = "popular"

    def __str__(self) -> str:
        return str(self.value)

    @classmethod
    def _missing_(cls, value: object) -> "ModelSort | None":
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
