"""One iterative copy of decoded JSON, for result ``to_dict()`` and for scrubbing error details."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any


def _same(key: Any) -> Any:
    return key


def copy_tree(
    value: Any,
    leaf: Callable[[Any], Any],
    *,
    key: Callable[[Any], Any] = _same,
    mapping: type = Mapping,
) -> Any:
    """A copy of nested ``mapping``s and lists (tuples become lists), ``leaf`` applied to
    everything else and ``key`` to every mapping key.

    Iterative, so any nesting depth is copied without RecursionError; a container seen twice
    (or a cycle) is copied once and shared in the copy the same way.
    """

    def shell(item: Any) -> dict[Any, Any] | list[Any] | None:
        if isinstance(item, mapping):
            return {}
        if isinstance(item, list | tuple):
            return []
        return None

    top = shell(value)
    if top is None:
        return leaf(value)
    seen: dict[int, Any] = {id(value): top}
    stack = [(value, top)]
    while stack:
        source, target = stack.pop()
        pairs = source.items() if isinstance(target, dict) else enumerate(source)
        for name, item in pairs:
            copied = seen.get(id(item))
            if copied is None:
                copied = shell(item)
                if copied is None:
                    copied = leaf(item)
                else:
                    seen[id(item)] = copied
                    stack.append((item, copied))
            if isinstance(target, dict):
                target[key(name)] = copied
            else:
                target.append(copied)
    return top
