"""Catch a projected :class:`~graph.projection.Network` up with a few writes, without a rebuild.

:func:`update_network` takes the current state of the nodes and relationships that
writes touched (``None`` for those that are gone) and returns a new network equal to
what :func:`~graph.projection.build_network` would build from the whole store:

1. The typed graph gets the new node properties and relationships.
2. The derived attributes (link lists, members, sectors, a topic's people) are computed
   again for every node that gained or lost a relationship or changed, and for the
   clusters of the organizations among them.
3. The ties of every pair of people who share (or shared) a touched group are computed
   again from scratch, as are the ties of people whose own record changed (someone who
   opts out moves to ``hidden_ties``); a group of more than ``pair_limit`` people is
   skipped as in a build.

The old network is not changed: readers may still be using it. The new one shares
everything untouched with it (copy-on-write at the level of one node's adjacency; the
maps of nodes are :class:`~graph.layered.Layered` over a shared dict; the tie graphs
keep the rows that changed in an overlay over the old arrays, see
:class:`graph.ties.TieEdit`), so an update costs time and memory in proportion to what
the writes touched, not to the size of the network.

Examples
--------
>>> import datetime as dt
>>> from graph.model import Label, Node, NodeRef, Relationship, RelType
>>> from graph.projection import build_network
>>> ada, bo = Node(Label.PERSON, "ada", {"name": "Ada"}), Node(Label.PERSON, "bo", {"name": "Bo"})
>>> loom = Node(Label.PROJECT, "loom", {"name": "Loom"})
>>> joined = Relationship(RelType.MEMBER_OF, ada.ref, loom.ref)
>>> old = build_network([ada, bo, loom], [joined], version=1, as_of=dt.date(2024, 1, 1))
>>> also = Relationship(RelType.MEMBER_OF, bo.ref, loom.ref)
>>> new = update_network(old, 2, nodes=[], relationships=[(also.ref, also)])
>>> new.ties.edge("Person:ada", "Person:bo"), old.ties.has_edge("Person:ada", "Person:bo")
({'weight': 1.0, 'contexts': ('Project:loom',)}, False)
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Set
from typing import Any

from graph.layered import Layered
from graph.model import Label, Node, NodeRef, Relationship, RelRef, RelType, node_id
from graph.projection import (
    _EDGE_ATTRS,
    _GROUP_RELS,
    CONTEXT_STRENGTH,
    DERIVED_ATTRS,
    LINKS,
    Network,
    _context_order,
    _date,
    _group_end,
    _kept,
    _merge,
    _shared_end,
    _Span,
    context_weight,
    group_pairs,
)

__all__ = ["update_network"]


class _Editor:
    """A shallow copy of a network whose per-node parts are copied on first write."""

    def __init__(self, old: Network) -> None:
        self.old = old
        self.graph = old.graph.edit()
        self.ties = old.ties.edit()
        self.hidden_ties = old.hidden_ties.edit()
        self.data = Layered.of(old.data).edit()
        self.hidden: Set[str] = old.hidden  # copied on the first change

    # -------------------------------------------------------------- typed graph

    def has(self, node: str) -> bool:
        return node in self.data

    def set_attrs(self, node: str, attrs: dict[str, Any]) -> None:
        self.data[node] = attrs

    def add_node(self, node: str, attrs: dict[str, Any]) -> None:
        self.set_attrs(node, attrs)
        self.graph.add_node(node)

    def remove_node(self, node: str) -> set[str]:
        """Remove a node and its relationships; return the nodes it was linked with."""
        del self.data[node]
        return self.graph.remove_node(node)

    # ---------------------------------------------------------------- tie graphs

    def place_person(self, person: str, *, exists: bool, visible: bool) -> None:
        """Put a person (without ties) into the tie graph they belong to, or nowhere."""
        self.ties.remove_person(person)
        self.hidden_ties.remove_person(person)
        if (person in self.hidden) != (exists and not visible):
            hidden = self.hidden if isinstance(self.hidden, set) else set(self.hidden)
            if person in hidden:
                hidden.remove(person)
            else:
                hidden.add(person)
            self.hidden = hidden
        if not exists:
            return
        (self.ties if visible else self.hidden_ties).add_person(person)

    def set_tie(self, one: str, other: str, data: dict[str, Any] | None) -> None:
        """Set (or remove) the tie of two people, in the graph their visibility picks."""
        for graph in (self.ties, self.hidden_ties):
            if graph.has_edge(one, other):
                graph.set_tie(one, other, None)
        hidden = self.hidden_ties
        for end in (one, other):  # a full build has no tie-less visible people there
            if end not in self.hidden and end in hidden and not hidden.degree(end):
                hidden.remove_person(end)
        if data is None:
            return
        public = one not in self.hidden and other not in self.hidden
        graph = self.ties if public else self.hidden_ties
        for end in (one, other):
            graph.add_person(end)  # a tie to a hidden person lives in hidden_ties
        graph.set_tie(one, other, data["weight"], data["contexts"])

    def network(self, version: int) -> Network:
        old = self.old
        # Numbers stay while the tie graphs are only edited; a changed opt-out changes
        # who counts in every list, so the lists' numbers are read again.
        hidden = self.hidden if isinstance(self.hidden, frozenset) else frozenset(self.hidden)
        numbers = dict(old._numbers) if hidden is old.hidden or hidden == old.hidden else {}
        return Network(
            version,
            old.as_of,
            self.graph.done(),
            self.ties.done(),
            self.hidden_ties.done(),
            self.data.done(),
            hidden,
            old.pair_limit,
            old.half_life_years,
            _numbers=numbers,
        )


def update_network(
    old: Network,
    version: int,
    *,
    nodes: Iterable[tuple[NodeRef, Node | None]],
    relationships: Iterable[tuple[RelRef, Relationship | None]],
) -> Network:
    """A new network: ``old`` with the current state of what writes touched.

    Parameters
    ----------
    old
        The network to start from (left unchanged).
    version
        The data version the new network describes.
    nodes
        Each touched node's reference and its current state (``None``: deleted).
    relationships
        Each touched relationship's reference and its current state (``None``: gone).

    Returns
    -------
    Network
        Equal to a full build of the store at ``version`` (ties, weights, contexts,
        link lists), sharing untouched parts with ``old``.

    Examples
    --------
    >>> import datetime as dt
    >>> from graph.projection import build_network
    >>> ada = Node(Label.PERSON, "ada", {"name": "Ada"})
    >>> bo = Node(Label.PERSON, "bo", {"name": "Bo"})
    >>> loom = Node(Label.PROJECT, "loom", {"name": "Loom"})
    >>> rels = [Relationship(RelType.MEMBER_OF, p.ref, loom.ref) for p in (ada, bo)]
    >>> old = build_network([ada, bo, loom], rels, version=3)
    >>> shy = Node(Label.PERSON, "bo", {"name": "Bo", "discoverable": False})
    >>> new = update_network(old, 4, nodes=[(shy.ref, shy)], relationships=[])
    >>> sorted(new.hidden), new.ties.has_edge("Person:ada", "Person:bo")
    (['Person:bo'], False)
    >>> dict(new.tie_neighbours("Person:bo"))
    {'Person:ada': {'weight': 1.0, 'contexts': ('Project:loom',)}}
    """
    editor = _Editor(old)
    touched: set[str] = set()
    people: set[str] = set()
    for ref, node in nodes:
        nid = node_id(ref.label, ref.key)
        touched.add(nid)
        if ref.label is Label.PERSON:
            people.add(nid)
        if node is None:
            if editor.has(nid):
                touched |= editor.remove_node(nid)
        elif editor.has(nid):
            derived = {k: v for k, v in editor.data[nid].items() if k in DERIVED_ATTRS}
            editor.set_attrs(nid, {**_kept(node), **derived})
        else:
            editor.add_node(nid, _kept(node))
    for rel_ref, rel in relationships:
        start = node_id(rel_ref.start.label, rel_ref.start.key)
        end = node_id(rel_ref.end.label, rel_ref.end.key)
        if not (editor.has(start) and editor.has(end)):
            continue
        data = None
        if rel is not None:
            props = rel.props
            data = {name: props[name] for name in _EDGE_ATTRS if props.get(name) is not None}
        editor.graph.set_edge(start, end, rel_ref.type, data)
        touched |= {start, end}

    clusters: set[str] = set()
    for nid in touched:
        if nid.startswith(_ORG_PREFIX):
            clusters.update(old.data.get(nid, {}).get("clusters", ()))
            if editor.has(nid):
                clusters.update(editor.data[nid].get("clusters", ()))
    groups_before = {
        nid: old.data[nid].get("members", ())
        for nid in touched | clusters
        if nid in old.data and _is_context(old.data[nid])
    }
    for nid in sorted(touched | clusters):
        if editor.has(nid):
            _derive(editor, nid)
    # Clusters read their organizations' members, which the pass above may have changed.
    for nid in sorted(clusters):
        if editor.has(nid):
            _derive(editor, nid)

    pairs: set[tuple[str, str]] = set()
    regrouped: set[str] = set()
    for person in people:
        for graph in (old.ties, old.hidden_ties):
            if person in graph:
                pairs.update(_pair(person, other) for other in graph.neighbours(person))
        attrs = editor.data.get(person)
        exists = attrs is not None and attrs["label"] is Label.PERSON
        visible = bool(exists and attrs is not None and attrs.get("discoverable", True))
        if (person in old.hidden) != (exists and not visible) or not exists:
            # Group sizes count visible people: every group of theirs weighs anew.
            regrouped |= _groups_of(old.data, person) | _groups_of(editor.data, person)
        editor.place_person(person, exists=exists, visible=visible)

    limit = old.pair_limit
    for group in sorted(groups_before.keys() | regrouped):
        before = old.data[group].get("members", ()) if group in old.data else ()
        pairs.update(pair for pair, _ in group_pairs(before, old.hidden, limit))
        after = editor.data[group].get("members", ()) if editor.has(group) else ()
        pairs.update(pair for pair, _ in group_pairs(after, editor.hidden, limit))
    for nid in sorted(touched | clusters):
        if nid not in groups_before and editor.has(nid) and _is_context(editor.data[nid]):
            after = editor.data[nid].get("members", ())
            pairs.update(pair for pair, _ in group_pairs(after, editor.hidden, limit))

    contexts = _Contexts(editor)
    for one, other in sorted(pairs):
        editor.set_tie(one, other, contexts.tie(one, other))
    return editor.network(version)


_ORG_PREFIX = f"{Label.ORGANIZATION.value}:"


def _pair(one: str, other: str) -> tuple[str, str]:
    return (one, other) if one < other else (other, one)


def _is_context(attrs: Mapping[str, Any]) -> bool:
    return attrs["label"] in CONTEXT_STRENGTH


def _span(data: Mapping[str, Any]) -> _Span:
    since, until = _date(data.get("since")), _date(data.get("until"))
    return (since, until) if since or until else None


def _direct_spans(editor: _Editor, group: str, label: Label) -> dict[str, _Span]:
    """The members of a group from the relationships that point at it."""
    spans: dict[str, _Span] = {}
    for start, rel_type, data in editor.graph.predecessors(group):
        labels = _GROUP_RELS.get(rel_type)
        if labels is not None and label in labels:
            spans[start] = _span(data)
    return spans


def _derive(editor: _Editor, node: str) -> None:
    """Compute a node's derived attributes again, as a full build would."""
    attrs = editor.data[node]
    label: Label = attrs["label"]
    fresh = {k: v for k, v in attrs.items() if k not in DERIVED_ATTRS}
    lists: dict[str, list[str]] = defaultdict(list)
    sectors: set[str] = set()
    for end, rel_type, data in editor.graph.successors(node):
        names = LINKS.get(rel_type)
        if names is not None:
            lists[names[0]].append(end)
        if rel_type is RelType.IN_CLUSTER and data.get("sector"):
            sectors.add(data["sector"])
    for start, rel_type, _ in editor.graph.predecessors(node):
        names = LINKS.get(rel_type)
        if names is not None and rel_type not in _GROUP_RELS:
            lists[names[1]].append(start)
    for name, linked in lists.items():
        fresh[name] = tuple(sorted(linked))
    if sectors:
        fresh["all_sectors"] = tuple(sorted(sectors | set(fresh.get("sectors", ()))))
    spans = _direct_spans(editor, node, label)
    if label is Label.CLUSTER:
        merged: dict[str, _Span] = {}
        for org in fresh.get("organizations", ()):
            org_label = editor.data[org]["label"]
            for person, span in _direct_spans(editor, org, org_label).items():
                merged[person] = _merge(merged[person], span) if person in merged else span
        if merged:
            spans = merged
    if spans:
        fresh["members"] = tuple(sorted(spans))
    if label is Label.TOPIC:
        both = fresh.get("interested", ()) + fresh.get("skilled", ())
        fresh["people"] = tuple(dict.fromkeys(both))
    editor.set_attrs(node, fresh)


class _Contexts:
    """The groups each person belongs to (with their spans), read once per person."""

    def __init__(self, editor: _Editor) -> None:
        self.editor = editor
        self.network = editor.old
        self._of: dict[str, dict[str, _Span]] = {}
        self._sizes: dict[str, int] = {}

    def of(self, person: str) -> dict[str, _Span]:
        found = self._of.get(person)
        if found is not None:
            return found
        editor = self.editor
        found = {}
        for group, rel_type, data in editor.graph.successors(person):
            label = editor.data[group]["label"]
            labels = _GROUP_RELS.get(rel_type)
            if labels is not None and label in labels:
                found[group] = _span(data)
                if label is Label.ORGANIZATION:
                    for cluster in editor.data[group].get("clusters", ()):
                        span = found[group]
                        if cluster in found:
                            found[cluster] = _merge(found[cluster], span)
                        else:
                            found[cluster] = span
        self._of[person] = found
        return found

    def tie(self, one: str, other: str) -> dict[str, Any] | None:
        editor = self.editor
        for person in (one, other):
            attrs = editor.data.get(person)
            if attrs is None or attrs["label"] is not Label.PERSON:
                return None
        shy = (one in editor.hidden) + (other in editor.hidden)
        if shy == 2:
            return None
        mine, theirs = self.of(one), self.of(other)
        total, shared = 0.0, []
        network = self.network
        for group in sorted(mine.keys() & theirs.keys()):
            attrs = editor.data[group]
            size = self._visible(group) + shy
            if not 2 <= size <= network.pair_limit:
                continue
            met, end = _shared_end(mine[group], theirs[group], _group_end(attrs))
            if not met:
                continue
            total += context_weight(
                attrs["label"], size, end, network.as_of, network.half_life_years
            )
            shared.append(group)
        if not shared:
            return None
        if len(shared) > 1:
            shared.sort(key=_context_order)
        return {"weight": total, "contexts": tuple(shared)}

    def _visible(self, group: str) -> int:
        """How many of a group's members are visible (any number above ``pair_limit``
        when the group is that large whoever is hidden)."""
        found = self._sizes.get(group)
        if found is None:
            hidden = self.editor.hidden
            members = self.editor.data[group].get("members", ())
            if len(members) - len(hidden) > self.network.pair_limit:
                # Too large whoever is hidden: skipped as it is, without counting.
                found = len(members) - len(hidden)
            else:
                found = sum(1 for m in members if m not in hidden)
            self._sizes[group] = found
        return found


def _groups_of(data: Mapping[str, Mapping[str, Any]], person: str) -> set[str]:
    """The groups and clusters a person is a member of, by ``data``'s link lists."""
    attrs = data.get(person)
    if attrs is None:
        return set()
    found = {*attrs.get("groups", ()), *attrs.get("gatherings", ())}
    for org in attrs.get("organizations", ()):
        found.add(org)
        found.update(data[org].get("clusters", ()) if org in data else ())
    return {group for group in found if group in data and _is_context(data[group])}
