"""Read-only mappings that share one large dict with their older versions.

A network's per-node maps (attributes, adjacency) hold an entry for every node: over a
million at a million people. A catch-up that changes a few of them must not copy the
rest, because the old network stays in use by the requests that hold it. A
:class:`Layered` mapping is a shared ``base`` dict and a small ``top`` dict of what
changed since ``base`` was made; editing one (:meth:`Layered.edit`) copies ``top``
only, and folds it into a new base once it grows past a share of the base's size, so
an edit costs time in proportion to the changes, amortized.

Examples
--------
>>> old = Layered({"a": 1, "b": 2})
>>> edit = old.edit()
>>> edit["c"] = 3
>>> del edit["a"]
>>> new = edit.done()
>>> dict(new), dict(old)
({'b': 2, 'c': 3}, {'a': 1, 'b': 2})
>>> len(new), "a" in new, new.get("a", 0)
(2, False, 0)
"""

from __future__ import annotations

from collections.abc import ItemsView, Iterator, Mapping, MutableMapping
from typing import Any, Generic, TypeVar, cast

__all__ = ["Layered", "LayeredEdit"]

K = TypeVar("K")
V = TypeVar("V")

_GONE: Any = object()
"""In ``top``: the key was deleted from ``base``."""

_MISSING: Any = object()

FOLD_SHARE = 32
"""``top`` is folded into a new base when it holds more than ``len(base) // FOLD_SHARE``
entries (and more than :data:`FOLD_MIN`)."""

FOLD_MIN = 4096


class Layered(Mapping[K, V]):
    """A read-only mapping: ``base`` with the changes in ``top`` (see the module docstring).

    Neither dict may be changed once given (a :class:`LayeredEdit` copies ``top``).

    >>> Layered({"a": 1})["a"]
    1
    """

    __slots__ = ("_base", "_len", "_moved", "_top")

    def __init__(
        self,
        base: dict[K, V],
        top: dict[K, V] | None = None,
        length: int | None = None,
        moved: set[K] | None = None,
    ) -> None:
        self._base = base
        self._top: dict[K, V] = top or {}
        # Keys of ``base`` deleted and added again: iterated where they came back, as a
        # dict would.
        self._moved: set[K] = moved or set()
        if length is not None:
            self._len = length
        elif self._top:
            gone = sum(1 for key, value in self._top.items() if value is _GONE)
            added = sum(1 for key in self._top if key not in base)
            self._len = len(base) + added - gone
        else:
            self._len = len(base)

    @classmethod
    def of(cls, mapping: Mapping[K, V]) -> Layered[K, V]:
        """``mapping`` itself when it is layered, else a layered mapping over a copy
        (made once: a network's maps are layered from their build on).

        >>> layered = Layered.of({"a": 1})
        >>> Layered.of(layered) is layered
        True
        """
        if isinstance(mapping, Layered):
            return mapping
        return cls(dict(mapping))

    def __getitem__(self, key: K) -> V:
        top = self._top
        if top:
            value = top.get(key, _MISSING)
            if value is not _MISSING:
                if value is _GONE:
                    raise KeyError(key)
                return cast(V, value)
        return self._base[key]

    def get(self, key: K, default: Any = None) -> Any:
        """The value of ``key``, or ``default`` when there is none.

        >>> Layered({"a": 1}).get("b", 0)
        0
        """
        top = self._top
        if top:
            value = top.get(key, _MISSING)
            if value is not _MISSING:
                return default if value is _GONE else value
        return self._base.get(key, default)

    def __contains__(self, key: object) -> bool:
        top = self._top
        if top:
            value = top.get(cast(K, key), _MISSING)
            if value is not _MISSING:
                return value is not _GONE
        return key in self._base

    def __len__(self) -> int:
        return self._len

    def __iter__(self) -> Iterator[K]:
        return (key for key, _ in self.items())

    def items(self) -> ItemsView[K, V]:
        """``(key, value)`` pairs, read without a lookup per key.

        >>> list(Layered({"a": 1}, {"b": 2}).items())
        [('a', 1), ('b', 2)]
        """
        return _Items(self)

    def edit(self) -> LayeredEdit[K, V]:
        """A changeable copy that shares ``base`` with this mapping.

        >>> edit = Layered({"a": 1}).edit()
        >>> edit["a"] = 2
        >>> edit.done()["a"]
        2
        """
        return LayeredEdit(self._base, dict(self._top), self._len, set(self._moved))


class _Items(ItemsView[K, V]):
    _mapping: Layered[K, V]

    def __iter__(self) -> Iterator[tuple[K, V]]:
        layered = self._mapping
        top, base, moved = layered._top, layered._base, layered._moved
        if not top:
            yield from base.items()
            return
        for key, value in base.items():
            changed = top.get(key, _MISSING)
            if changed is _MISSING:
                yield key, value
            elif changed is not _GONE and key not in moved:
                yield key, changed
        for key, value in top.items():
            if value is not _GONE and (key in moved or key not in base):
                yield key, value


class LayeredEdit(MutableMapping[K, V], Generic[K, V]):
    """A :class:`Layered` mapping being changed; :meth:`done` gives the new one.

    >>> edit = Layered({"a": 1}).edit()
    >>> edit.setdefault("b", 2), len(edit)
    (2, 2)
    """

    def __init__(self, base: dict[K, V], top: dict[K, V], length: int, moved: set[K]) -> None:
        self._base = base
        self._top = top
        self._len = length
        self._moved = moved

    def __getitem__(self, key: K) -> V:
        value = self._top.get(key, _MISSING)
        if value is _MISSING:
            return self._base[key]
        if value is _GONE:
            raise KeyError(key)
        return cast(V, value)

    def __contains__(self, key: object) -> bool:
        value = self._top.get(cast(K, key), _MISSING)
        if value is _MISSING:
            return key in self._base
        return value is not _GONE

    def __setitem__(self, key: K, value: V) -> None:
        top = self._top
        if key not in self:
            self._len += 1
            if key in top:  # deleted before: it comes back last, as in a dict
                del top[key]
                self._moved.add(key)
        top[key] = value

    def __delitem__(self, key: K) -> None:
        if key not in self:
            raise KeyError(key)
        self._len -= 1
        if key in self._base:
            self._top[key] = _GONE
        else:
            del self._top[key]
        self._moved.discard(key)

    def __len__(self) -> int:
        return self._len

    def __iter__(self) -> Iterator[K]:
        return iter(Layered(self._base, self._top, self._len, self._moved))

    def done(self) -> Layered[K, V]:
        """The changed mapping (this edit must not be used afterwards).

        Changes beyond a share of the base (:data:`FOLD_SHARE`) are folded into a new
        base, so reads and the next edits stay cheap:

        >>> edit = Layered({}).edit()
        >>> edit.update({n: n for n in range(5000)})
        >>> len(edit.done()._top)
        0
        """
        top = self._top
        if len(top) <= max(FOLD_MIN, len(self._base) // FOLD_SHARE):
            return Layered(self._base, top, self._len, self._moved)
        base = self._base.copy()
        moved = self._moved
        for key, value in top.items():
            if value is _GONE:
                del base[key]
            else:
                if key in moved:
                    del base[key]
                base[key] = value
        return Layered(base)
