"""The weighted ties between people, kept in arrays: a compact, immutable tie graph.

A :class:`TieGraph` numbers its people and keeps their ties in compressed sparse rows
(CSR): person ``i``'s neighbours are ``indices[indptr[i]:indptr[i + 1]]``, in increasing
order, with the tie's weight alongside and the index of its contexts (the tuple of group
ids the tie comes from) into a table shared by all ties with the same contexts. Each tie
is listed in the rows of both its people. That costs 16 bytes per tie and row, against
some 300 bytes per tie in a NetworkX graph of dicts.

A graph is never changed. :meth:`TieGraph.edit` gives a :class:`TieEdit` whose
:meth:`~TieEdit.done` returns a new graph that shares the arrays with the old one and
keeps only the rows that changed in a small overlay (copy on write, one row at a time),
so an edit costs in proportion to the rows it touches. People added after the arrays
were built get new numbers in the overlay. :meth:`TieGraph.compacted` folds the overlay
into new arrays (numbered again in order of id), which is worth it once the overlay has
grown (:meth:`TieGraph.overlay_share`).

Reads give what the analytics used to read from NetworkX: ``person in graph``,
iteration over people, ``len``, :meth:`TieGraph.neighbours` (a read-only mapping from
neighbour id to ``{"weight": ..., "contexts": ...}``, made for one row at a time),
:meth:`TieGraph.edges`, :meth:`TieGraph.number_of_edges`, :meth:`TieGraph.has_edge`,
and :meth:`TieGraph.to_networkx` for exports and tests; :meth:`TieGraph.edge_arrays`
gives the ties as arrays in a canonical order (what
:func:`graph.analytics.igraph_bridge.to_igraph` copies).

Examples
--------
>>> ties = TieGraph.build(["ada", "bo", "cy"], [("ada", "bo", 1.0, ("Project:loom",))])
>>> len(ties), ties.number_of_edges(), "cy" in ties
(3, 1, True)
>>> dict(ties.neighbours("bo"))
{'ada': {'weight': 1.0, 'contexts': ('Project:loom',)}}
>>> edit = ties.edit()
>>> edit.set_tie("bo", "cy", 0.5, ("Gathering:g",))
>>> later = edit.done()
>>> sorted(later.edges(data="weight")), ties.has_edge("bo", "cy")
([('ada', 'bo', 1.0), ('bo', 'cy', 0.5)], False)
"""

from __future__ import annotations

import heapq
from bisect import bisect_left
from collections.abc import ItemsView, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from itertools import compress
from typing import Any, Literal, overload

import networkx as nx
import numpy as np
import numpy.typing as npt

__all__ = ["Contexts", "Tie", "TieEdit", "TieGraph", "TieRow"]

Contexts = tuple[str, ...]
"""The ids of the groups a tie comes from, strongest kind first."""

Tie = tuple[str, str, float, Contexts]
"""One tie: its two people, its weight and its contexts."""

_Ints = npt.NDArray[np.int32]
_Floats = npt.NDArray[np.float64]


@dataclass(frozen=True, slots=True, eq=False)
class _Csr:
    """The arrays a graph shares with the graphs edited from it."""

    names: Sequence[str]
    index: Mapping[str, int]
    present: bytes
    indptr: _Ints
    indices: _Ints
    weights: _Floats
    context_ids: _Ints
    context_sets: Sequence[Contexts]


@dataclass(frozen=True, slots=True, eq=False)
class _Row:
    """One person's ties in the overlay, neighbours in increasing order of number."""

    others: tuple[int, ...]
    weights: tuple[float, ...]
    contexts: tuple[Contexts, ...]


_EMPTY_ROW = _Row((), (), ())


class TieRow(Mapping[str, Mapping[str, Any]]):
    """One person's ties: neighbour id -> ``{"weight": float, "contexts": (...)}``.

    Made on demand for one row; looking a neighbour up is a binary search.

    >>> row = TieGraph.build([], [("a", "b", 2.0, ("Project:p",))]).neighbours("a")
    >>> len(row), "b" in row, row["b"]["weight"], list(row.items())
    (1, True, 2.0, [('b', {'weight': 2.0, 'contexts': ('Project:p',)})])
    """

    __slots__ = ("_contexts", "_graph", "_others", "_weights")

    def __init__(
        self,
        graph: TieGraph,
        others: Sequence[int],
        weights: Sequence[float],
        contexts: Sequence[Contexts],
    ) -> None:
        self._graph = graph
        self._others = others
        self._weights = weights
        self._contexts = contexts

    def _position(self, other: object) -> int:
        j = self._graph._number(other) if isinstance(other, str) else None
        if j is None:
            return -1
        others = self._others
        i = bisect_left(others, j)
        return i if i < len(others) and others[i] == j else -1

    def __len__(self) -> int:
        return len(self._others)

    def __contains__(self, other: object) -> bool:
        return self._position(other) >= 0

    def __getitem__(self, other: str) -> Mapping[str, Any]:
        i = self._position(other)
        if i < 0:
            raise KeyError(other)
        return {"weight": self._weights[i], "contexts": self._contexts[i]}

    def __iter__(self) -> Iterator[str]:
        return map(self._graph._name, self._others)

    def items(self) -> ItemsView[str, Mapping[str, Any]]:
        """The neighbours and their ties, in one pass over the row."""
        return _RowItems(self)

    def _items(self) -> Iterator[tuple[str, Mapping[str, Any]]]:
        for other, weight, contexts in zip(
            self._others, self._weights, self._contexts, strict=True
        ):
            yield self._graph._name(other), {"weight": weight, "contexts": contexts}


class _RowItems(ItemsView[str, Mapping[str, Any]]):
    _mapping: TieRow

    def __iter__(self) -> Iterator[tuple[str, Mapping[str, Any]]]:
        return self._mapping._items()


class TieGraph:
    """An immutable undirected graph of weighted ties between people (module docstring).

    Build one with :meth:`build`; change one with :meth:`edit`.

    >>> ties = TieGraph.build(["cy"], [("bo", "ada", 0.5, ("Cohort:c",))])
    >>> sorted(ties), ties.degree("ada"), ties.edge("ada", "bo")
    (['ada', 'bo', 'cy'], 1, {'weight': 0.5, 'contexts': ('Cohort:c',)})
    """

    __slots__ = (
        "_base",
        "_extra_index",
        "_extra_names",
        "_people",
        "_rows",
        "_table",
        "_ties",
    )

    def __init__(
        self,
        base: _Csr,
        rows: Mapping[int, _Row | None],
        extra_names: Sequence[str],
        extra_index: Mapping[str, int],
        people: int,
        ties: int,
    ) -> None:
        self._base = base
        self._rows = rows
        self._extra_names = extra_names
        self._extra_index = extra_index
        self._people = people
        self._ties = ties
        self._table: _Ints | None = None  # every numbered person's degree, when asked

    # ------------------------------------------------------------------ building

    @classmethod
    def build(cls, people: Iterable[str], ties: Iterable[Tie]) -> TieGraph:
        """A graph of ``people`` (and everyone a tie names) and ``ties``.

        Each pair must appear once; people are numbered in order of id.

        >>> TieGraph.build(["b", "a"], []).number_of_edges(), list(TieGraph.build(["b", "a"], []))
        (0, ['a', 'b'])
        """
        ends_a: list[str] = []
        ends_b: list[str] = []
        weights: list[float] = []
        contexts: list[Contexts] = []
        for a, b, weight, shared in ties:
            ends_a.append(a)
            ends_b.append(b)
            weights.append(weight)
            contexts.append(shared)
        names = sorted(set(people).union(ends_a, ends_b))
        index = {name: i for i, name in enumerate(names)}
        table: dict[Contexts, int] = {}
        context_ids = [table.setdefault(c, len(table)) for c in contexts]
        return cls.from_arrays(
            names,
            index,
            bytes([1]) * len(names),
            np.fromiter(map(index.__getitem__, ends_a), np.int32, len(ends_a)),
            np.fromiter(map(index.__getitem__, ends_b), np.int32, len(ends_b)),
            np.array(weights, dtype=np.float64),
            np.array(context_ids, dtype=np.int32),
            list(table),
        )

    @classmethod
    def from_arrays(
        cls,
        names: Sequence[str],
        index: Mapping[str, int],
        present: bytes,
        ends_a: _Ints,
        ends_b: _Ints,
        weights: _Floats,
        context_ids: _Ints,
        context_sets: Sequence[Contexts],
    ) -> TieGraph:
        """A graph from its ties as arrays: tie ``t`` joins ``names[ends_a[t]]`` and
        ``names[ends_b[t]]`` with ``weights[t]`` and contexts ``context_sets[context_ids[t]]``.

        ``names`` must be in increasing order and ``index`` its inverse (both may be shared
        with other graphs); ``present[i]`` says whether ``names[i]`` is one of this graph's
        people (every end of a tie must be). Each pair appears once.

        >>> first, second = np.array([0], dtype=np.int32), np.array([1], dtype=np.int32)
        >>> ties = TieGraph.from_arrays(["a", "b", "c"], {"a": 0, "b": 1, "c": 2}, bytes([1, 1, 0]),
        ...     first, second, np.array([1.5]), first, [("P:x",)])
        >>> list(ties), list(ties.edges(data=True))
        (['a', 'b'], [('a', 'b', {'weight': 1.5, 'contexts': ('P:x',)})])
        """
        n, ties = len(names), len(ends_a)
        # Each tie is listed at both ends: entry i < ties from ends_a[i] to ends_b[i],
        # entry ties + i the other way. Entries sorted by (row, column) make the rows;
        # this is written to hold few arrays of all entries at once (at a million
        # people there are tens of millions).
        counts = np.bincount(ends_a, minlength=n) + np.bincount(ends_b, minlength=n)
        indptr = np.zeros(n + 1, dtype=np.int32)
        np.cumsum(counts, out=indptr[1:])
        del counts
        key = np.empty(2 * ties, dtype=np.int64)
        key[:ties], key[ties:] = ends_a, ends_b
        key *= max(n, 1)
        key[:ties] += ends_b
        key[ties:] += ends_a
        order = np.argsort(key)  # the keys are distinct: any sort gives this order
        del key
        source = order.astype(np.int32)  # entry -> its tie
        del order
        reverse = source >= ties
        source[reverse] -= ties
        columns = np.asarray(ends_b, dtype=np.int32)[source]
        columns[reverse] = np.asarray(ends_a, dtype=np.int32)[source[reverse]]
        del reverse
        base = _Csr(
            names,
            index,
            bytes(present),
            indptr,
            columns,
            np.asarray(weights, dtype=np.float64)[source],
            np.asarray(context_ids, dtype=np.int32)[source],
            context_sets,
        )
        return cls(base, {}, (), {}, sum(present), ties)

    # ------------------------------------------------------------------- numbers

    def _number(self, name: str) -> int | None:
        """The number of ``name`` (present or not), or ``None`` when it has none."""
        found = self._base.index.get(name)
        if found is None:
            found = self._extra_index.get(name)
        return found

    def _name(self, number: int) -> str:
        names = self._base.names
        return names[number] if number < len(names) else self._extra_names[number - len(names)]

    def _present(self, number: int) -> bool:
        if number in self._rows:
            return self._rows[number] is not None
        return bool(self._base.present[number])

    def _row(self, number: int) -> tuple[Sequence[int], Sequence[float], Sequence[Contexts]]:
        if number in self._rows:
            row = self._rows[number]
            if row is None:
                raise KeyError(self._name(number))
            return row.others, row.weights, row.contexts
        base = self._base
        if not base.present[number]:
            raise KeyError(self._name(number))
        start, stop = int(base.indptr[number]), int(base.indptr[number + 1])
        sets = base.context_sets
        return (
            base.indices[start:stop].tolist(),
            base.weights[start:stop].tolist(),
            list(map(sets.__getitem__, base.context_ids[start:stop].tolist())),
        )

    def _numbers(self) -> Iterator[int]:
        """The numbers of the people present, in increasing order."""
        base, rows = self._base, self._rows
        count = len(base.names)
        in_base: Iterator[int] = compress(range(count), base.present)
        if rows:
            # People numbered in the arrays but added by an edit, then everyone an edit
            # removed left out.
            added = sorted(n for n, row in rows.items() if n < count and not base.present[n])
            in_base = (n for n in heapq.merge(in_base, added) if rows.get(n, _EMPTY_ROW))
        yield from in_base
        extra = range(count, count + len(self._extra_names))
        yield from (number for number in extra if rows.get(number) is not None)

    # --------------------------------------------------------------------- reads

    def __contains__(self, person: object) -> bool:
        number = self._number(person) if isinstance(person, str) else None
        return number is not None and self._present(number)

    def __iter__(self) -> Iterator[str]:
        return map(self._name, self._numbers())

    def __len__(self) -> int:
        return self._people

    def __repr__(self) -> str:
        return f"<TieGraph of {self._people} people and {self._ties} ties>"

    def neighbours(self, person: str) -> TieRow:
        """The ties of ``person`` (:class:`TieRow`); ``KeyError`` when they are not here.

        >>> ties = TieGraph.build([], [("a", "b", 1.0, ("P:x",)), ("a", "c", 0.5, ("P:y",))])
        >>> [(other, tie["weight"]) for other, tie in ties.neighbours("a").items()]
        [('b', 1.0), ('c', 0.5)]
        """
        number = self._number(person)
        if number is None:
            raise KeyError(person)
        return TieRow(self, *self._row(number))

    def degree(self, person: str) -> int:
        """How many ties ``person`` has.

        >>> TieGraph.build(["z"], [("a", "b", 1.0, ("P:x",))]).degree("z")
        0
        """
        number = self._number(person)
        if number is None:
            raise KeyError(person)
        if number in self._rows:
            row = self._rows[number]
            if row is None:
                raise KeyError(person)
            return len(row.others)
        base = self._base
        if not base.present[number]:
            raise KeyError(person)
        return int(base.indptr[number + 1] - base.indptr[number])

    # ----------------------------------------------------------- reads by number

    def number(self, person: str) -> int | None:
        """The number of ``person`` in this graph's rows, or ``None`` when they are not
        here. Numbers are only meaningful within one graph (and the graphs edited from
        it before a :meth:`compacted`).

        >>> ties = TieGraph.build(["cy"], [("ada", "bo", 1.0, ("P:x",))])
        >>> ties.number("bo"), ties.number("dee")
        (1, None)
        """
        number = self._number(person)
        return number if number is not None and self._present(number) else None

    def name(self, number: int) -> str:
        """The person numbered ``number`` (see :meth:`number`).

        >>> ties = TieGraph.build(["cy"], [("ada", "bo", 1.0, ("P:x",))])
        >>> ties.name(ties.number("cy"))
        'cy'
        """
        return self._name(number)

    def row(self, number: int) -> tuple[_Ints, _Floats]:
        """The ties of the person numbered ``number`` as arrays: their neighbours'
        numbers, in increasing order, and the weights. Arrays from the shared rows are
        read-only views; ``KeyError`` when the person is not here.

        >>> ties = TieGraph.build([], [("a", "b", 1.0, ("P:x",)), ("a", "c", 0.5, ("P:y",))])
        >>> others, weights = ties.row(ties.number("a"))
        >>> [ties.name(n) for n in others.tolist()], weights.tolist()
        (['b', 'c'], [1.0, 0.5])
        """
        if number in self._rows:
            row = self._rows[number]
            if row is None:
                raise KeyError(self._name(number))
            return (
                np.array(row.others, dtype=np.int32),
                np.array(row.weights, dtype=np.float64),
            )
        base = self._base
        if not base.present[number]:
            raise KeyError(self._name(number))
        start, stop = int(base.indptr[number]), int(base.indptr[number + 1])
        return base.indices[start:stop], base.weights[start:stop]

    def degrees(self, numbers: _Ints) -> _Ints:
        """How many ties each person numbered in ``numbers`` has (all must be here).

        >>> ties = TieGraph.build(["c"], [("a", "b", 1.0, ("P:x",))])
        >>> ties.degrees(np.array([ties.number(p) for p in "abc"], dtype=np.int32)).tolist()
        [1, 1, 0]
        """
        found: _Ints = self._degree_table()[numbers]
        return found

    def _degree_table(self) -> _Ints:
        """Every numbered person's degree (0 for those not here), made once per graph
        (or carried from the graph this one was edited from, see :meth:`TieEdit.done`)."""
        found = self._table
        if found is None:
            base, rows = self._base, self._rows
            found = np.zeros(len(base.names) + len(self._extra_names), dtype=np.int32)
            found[: len(base.names)] = np.diff(base.indptr)
            if rows:
                found[np.fromiter(rows.keys(), np.int64, len(rows))] = _row_degrees(rows.values())
            self._table = found
        return found

    def edge(self, one: str, other: str) -> Mapping[str, Any] | None:
        """The tie of two people (``weight`` and ``contexts``), or ``None``.

        >>> TieGraph.build([], [("a", "b", 1.0, ("P:x",))]).edge("b", "a")
        {'weight': 1.0, 'contexts': ('P:x',)}
        """
        if one not in self:
            return None
        return self.neighbours(one).get(other)

    def has_edge(self, one: str, other: str) -> bool:
        """Whether two people are tied.

        >>> TieGraph.build([], [("a", "b", 1.0, ("P:x",))]).has_edge("a", "c")
        False
        """
        return one in self and other in self.neighbours(one)

    def number_of_edges(self) -> int:
        """How many ties there are.

        >>> TieGraph.build([], [("a", "b", 1.0, ("P:x",))]).number_of_edges()
        1
        """
        return self._ties

    @overload
    def edges(self, data: Literal[False] = False) -> Iterator[tuple[str, str]]: ...

    @overload
    def edges(self, data: Literal[True]) -> Iterator[tuple[str, str, Mapping[str, Any]]]: ...

    @overload
    def edges(self, data: str) -> Iterator[tuple[str, str, Any]]: ...

    def edges(self, data: bool | str = False) -> Iterator[tuple[Any, ...]]:
        """Every tie once, as ``(one, other)``, ``(one, other, data)`` with ``data=True``,
        or ``(one, other, value)`` with ``data="weight"`` or ``data="contexts"``.

        >>> ties = TieGraph.build([], [("a", "b", 1.0, ("P:x",))])
        >>> list(ties.edges()), list(ties.edges(data="contexts"))
        ([('a', 'b')], [('a', 'b', ('P:x',))])
        """
        name = self._name
        for number in self._numbers():
            others, weights, contexts = self._row(number)
            start = bisect_left(others, number + 1)
            one = name(number)
            for i in range(start, len(others)):
                other = name(others[i])
                if data is False:
                    yield one, other
                elif data is True:
                    yield one, other, {"weight": weights[i], "contexts": contexts[i]}
                elif data == "weight":
                    yield one, other, weights[i]
                elif data == "contexts":
                    yield one, other, contexts[i]
                else:
                    raise ValueError(f"data: a tie has 'weight' and 'contexts', not {data!r}")

    # --------------------------------------------------------------- conversions

    def edge_arrays(self) -> tuple[list[str], _Ints, _Ints, _Floats]:
        """The people in order of id and each tie once, as arrays of their numbers in that
        list (``one < other``, ties in increasing order of ``(one, other)``) and weights.

        >>> names, one, other, weight = TieGraph.build(["c"], [("b", "a", 2.0, ("P:x",))]
        ...     ).edge_arrays()
        >>> names, one.tolist(), other.tolist(), weight.tolist()
        (['a', 'b', 'c'], [0], [1], [2.0])
        """
        compact = self.compacted()
        base = compact._base
        keep = np.frombuffer(base.present, dtype=np.uint8).astype(bool)
        numbers = np.flatnonzero(keep)
        renumber = np.cumsum(keep, dtype=np.int64) - 1
        rows = np.repeat(np.arange(len(base.names), dtype=np.int64), np.diff(base.indptr))
        upper = rows < base.indices
        names = [base.names[i] for i in numbers.tolist()]
        return (
            names,
            renumber[rows[upper]].astype(np.int32),
            renumber[base.indices[upper]].astype(np.int32),
            base.weights[upper],
        )

    def to_networkx(self) -> nx.Graph[str]:
        """A NetworkX copy, each edge with ``weight`` and ``contexts`` (for exports and
        NetworkX's algorithms).

        >>> copy = TieGraph.build(["c"], [("a", "b", 1.0, ("P:x",))]).to_networkx()
        >>> sorted(copy.nodes), copy.edges["a", "b"]
        (['a', 'b', 'c'], {'weight': 1.0, 'contexts': ('P:x',)})
        """
        graph: nx.Graph[str] = nx.Graph()
        graph.add_nodes_from(self)
        graph.add_edges_from((a, b, dict(tie)) for a, b, tie in self.edges(data=True))
        return graph

    # -------------------------------------------------------------- change, fold

    def edit(self) -> TieEdit:
        """A :class:`TieEdit` of this graph (which stays as it is).

        >>> ties = TieGraph.build(["a"], [])
        >>> edit = ties.edit()
        >>> edit.remove_person("a")
        >>> list(edit.done()), list(ties)
        ([], ['a'])
        """
        return TieEdit(self)

    def overlay_share(self) -> float:
        """How many rows the overlay holds, per person numbered in the arrays.

        >>> edit = TieGraph.build(["a", "b"], []).edit()
        >>> edit.set_tie("a", "b", 1.0, ("P:x",))
        >>> edit.done().overlay_share()
        1.0
        """
        return len(self._rows) / max(len(self._base.names), 1)

    def compacted(self) -> TieGraph:
        """The same graph with its overlay folded into new arrays, people numbered in
        order of id (``self`` when there is no overlay). It costs time in proportion to
        the whole graph.

        >>> edit = TieGraph.build(["b"], []).edit()
        >>> edit.add_person("a")
        >>> edit.set_tie("b", "a", 1.0, ("P:x",))
        >>> changed = edit.done()
        >>> compact = changed.compacted()
        >>> compact.overlay_share(), list(compact), list(compact.edges(data="weight"))
        (0.0, ['a', 'b'], [('a', 'b', 1.0)])
        """
        if not self._rows:
            return self
        base, rows = self._base, self._rows
        numbers = sorted(self._numbers(), key=self._name)
        names = [self._name(number) for number in numbers]
        index = {name: i for i, name in enumerate(names)}
        total = len(base.names) + len(self._extra_names)
        renumber = np.full(total, -1, dtype=np.int64)
        renumber[np.array(numbers, dtype=np.int64)] = np.arange(len(numbers))
        # Ties from rows the overlay left alone, each read from its smaller end.
        kept = np.frombuffer(base.present, dtype=np.uint8).astype(bool)
        kept[[number for number in rows if number < len(kept)]] = False
        sources = np.repeat(np.arange(len(base.names), dtype=np.int64), np.diff(base.indptr))
        targets = base.indices.astype(np.int64)
        # A tie between a row left alone and an overlay row is read from the overlay.
        mask = kept[sources] & kept[targets] & (sources < targets)
        # Ties of overlay rows, read from the smaller end when both rows are overlay rows.
        extra_a: list[int] = []
        extra_b: list[int] = []
        extra_w: list[float] = []
        extra_c: list[Contexts] = []
        for number, row in rows.items():
            if row is None:
                continue
            for other, weight, contexts in zip(row.others, row.weights, row.contexts, strict=True):
                if other in rows and other < number:
                    continue
                extra_a.append(number)
                extra_b.append(other)
                extra_w.append(weight)
                extra_c.append(contexts)
        table: dict[Contexts, int] = {}
        old_ids = base.context_ids[mask]
        used = np.unique(old_ids)
        for context_id in used.tolist():
            table.setdefault(base.context_sets[context_id], len(table))
        lookup = np.zeros(max(len(base.context_sets), 1), dtype=np.int32)
        lookup[used] = [table[base.context_sets[c]] for c in used.tolist()]
        new_ids = [table.setdefault(c, len(table)) for c in extra_c]
        ends_a = renumber[np.concatenate([sources[mask], np.array(extra_a, dtype=np.int64)])]
        ends_b = renumber[np.concatenate([targets[mask], np.array(extra_b, dtype=np.int64)])]
        ends_a, ends_b = np.minimum(ends_a, ends_b), np.maximum(ends_a, ends_b)
        return TieGraph.from_arrays(
            names,
            index,
            bytes([1]) * len(names),
            ends_a.astype(np.int32),
            ends_b.astype(np.int32),
            np.concatenate([base.weights[mask], np.array(extra_w, dtype=np.float64)]),
            np.concatenate([lookup[old_ids], np.array(new_ids, dtype=np.int32)]).astype(np.int32),
            list(table),
        )


class TieEdit:
    """Changes to a :class:`TieGraph`, made row by row; :meth:`done` gives the new graph.

    >>> edit = TieGraph.build([], [("a", "b", 1.0, ("P:x",))]).edit()
    >>> edit.set_tie("a", "b", None)
    >>> edit.degree("a"), edit.has_edge("a", "b")
    (0, False)
    """

    def __init__(self, graph: TieGraph) -> None:
        self._graph = graph
        self._rows: dict[int, _Row | None] = dict(graph._rows)
        self._extra_names: list[str] = list(graph._extra_names)
        self._extra_index: dict[str, int] = dict(graph._extra_index)
        self._people = graph._people
        self._ties = graph._ties
        self._open: dict[int, dict[int, tuple[float, Contexts]]] = {}
        self._removed: list[int] = []
        self._view = TieGraph(graph._base, self._rows, self._extra_names, self._extra_index, 0, 0)

    def _number(self, person: str) -> int | None:
        return self._view._number(person)

    def __contains__(self, person: object) -> bool:
        return isinstance(person, str) and (
            (number := self._number(person)) is not None
            and (number in self._open or self._view._present(number))
        )

    def _open_row(self, number: int) -> dict[int, tuple[float, Contexts]]:
        found = self._open.get(number)
        if found is None:
            others, weights, contexts = self._view._row(number)
            found = self._open[number] = dict(
                zip(others, zip(weights, contexts, strict=True), strict=True)
            )
        return found

    def neighbours(self, person: str) -> list[str]:
        """The people ``person`` is tied to now (``KeyError`` when not here).

        >>> edit = TieGraph.build([], [("a", "b", 1.0, ("P:x",))]).edit()
        >>> edit.neighbours("a")
        ['b']
        """
        number = self._number(person)
        if number is None or person not in self:
            raise KeyError(person)
        return list(map(self._view._name, sorted(self._open_row(number))))

    def degree(self, person: str) -> int:
        """How many ties ``person`` has now."""
        return len(self.neighbours(person))

    def has_edge(self, one: str, other: str) -> bool:
        """Whether two people are tied now."""
        if one not in self or other not in self:
            return False
        a, b = self._number(one), self._number(other)
        return a is not None and b is not None and b in self._open_row(a)

    def add_person(self, person: str) -> None:
        """Add ``person`` without ties (nothing happens when they are here already).

        >>> edit = TieGraph.build([], []).edit()
        >>> edit.add_person("a")
        >>> list(edit.done())
        ['a']
        """
        if person in self:
            return
        number = self._number(person)
        if number is None:
            number = len(self._view._base.names) + len(self._extra_names)
            self._extra_names.append(person)
            self._extra_index[person] = number
        self._open[number] = {}
        self._people += 1

    def remove_person(self, person: str) -> None:
        """Remove ``person`` and their ties (nothing happens when they are not here)."""
        if person not in self:
            return
        number = self._number(person)
        assert number is not None
        for other in list(self._open_row(number)):
            self._open_row(other).pop(number)
            self._ties -= 1
        del self._open[number]
        self._rows[number] = None
        self._removed.append(number)
        self._people -= 1

    def set_tie(self, one: str, other: str, weight: float | None, contexts: Contexts = ()) -> None:
        """Set the tie of two people present (or remove it, with ``weight=None``).

        >>> edit = TieGraph.build(["a", "b"], []).edit()
        >>> edit.set_tie("a", "b", 0.25, ("P:x",))
        >>> edit.done().edge("a", "b")
        {'weight': 0.25, 'contexts': ('P:x',)}
        """
        a, b = self._number(one), self._number(other)
        if a is None or b is None or one not in self or other not in self:
            raise KeyError(one if a is None or one not in self else other)
        row_a, row_b = self._open_row(a), self._open_row(b)
        had = b in row_a
        if weight is None:
            if had:
                del row_a[b], row_b[a]
                self._ties -= 1
            return
        row_a[b] = row_b[a] = (weight, contexts)
        self._ties += not had

    def done(self) -> TieGraph:
        """The graph with the changes (the edited graph stays as it was)."""
        rows = self._rows
        for number, row in self._open.items():
            others = tuple(sorted(row))
            values = list(map(row.__getitem__, others))
            rows[number] = (
                _Row(others, tuple(v[0] for v in values), tuple(v[1] for v in values))
                if others
                else _EMPTY_ROW
            )
        touched = [*self._open, *self._removed]
        self._open, self._removed = {}, []
        base = self._graph._base
        graph = TieGraph(
            base,
            dict(rows),
            tuple(self._extra_names),
            dict(self._extra_index),
            self._people,
            self._ties,
        )
        before = self._graph._table
        if before is not None:
            # The old graph's degrees were asked for: the new one's differ only in the
            # rows this edit touched (a copy costs 4 bytes a person).
            table = np.zeros(len(base.names) + len(self._extra_names), dtype=np.int32)
            table[: len(before)] = before
            table[touched] = _row_degrees(rows[number] for number in touched)
            graph._table = table
        return graph


def _row_degrees(rows: Iterable[_Row | None]) -> _Ints:
    """The degree of each overlay row (0 for a person removed)."""
    return np.fromiter((0 if row is None else len(row.others) for row in rows), np.int32)
