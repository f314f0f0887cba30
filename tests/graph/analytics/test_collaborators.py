"""Collaborator suggestions: candidates, reasons, evidence, opt-outs, diversity, measures."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from graph.analytics.collaborators import LinkMeasure, link_terms, suggest_collaborators
from graph.analytics.communities import community_index, detect_communities
from graph.analytics.reasons import ReasonKind
from graph.model import InvalidInput, Label, NodeRef
from graph.projection import Network
from graph.store import NotFound
from tests.graph.analytics.tiny_networks import Tiny, check_person_suggestion
from tests.stores import ConcreteStore

ADA = NodeRef(Label.PERSON, "ada")


def chain() -> Tiny:
    """ada and bo on loom, bo and cy on kiln: cy is ada's friend of a friend."""
    tiny = Tiny()
    tiny.member("ada", "loom")
    tiny.member("bo", "loom")
    tiny.member("bo", "kiln")
    tiny.member("cy", "kiln")
    return tiny


def kinds(network: Network, key: str) -> dict[str, list[str]]:
    return {s.key: [r.kind.value for r in s.reasons] for s in suggest_collaborators(network, key)}


def test_a_friend_of_a_friend_is_suggested_with_the_friend_as_evidence(
    store: ConcreteStore,
) -> None:
    # given ada - bo - cy tied through two projects, in a store
    network = chain().through(store)
    # when ada asks for collaborators
    [suggestion] = suggest_collaborators(network, "ada")
    # then cy is suggested because of bo, and bo (already working with ada) is not
    assert suggestion.key == "cy"
    [reason] = suggestion.reasons
    assert reason.kind is ReasonKind.COMMON_COLLABORATOR
    assert reason.evidence == (NodeRef(Label.PERSON, "bo"),)
    check_person_suggestion(store, ADA, suggestion)


def test_someone_with_a_skill_the_project_needs_is_suggested_with_skill_and_project(
    store: ConcreteStore,
) -> None:
    # given ada's project needs ml and cy is skilled in ml
    tiny = Tiny()
    tiny.member("ada", "loom")
    tiny.needs("loom", "ml")
    tiny.skilled("cy", "ml")
    network = tiny.through(store)
    # when ada asks
    [suggestion] = suggest_collaborators(network, "ada")
    # then cy comes with the skill and the project that needs it
    [reason] = suggestion.reasons
    assert reason.kind is ReasonKind.COMPLEMENTARY_SKILL
    assert [e.key for e in reason.evidence] == ["ml", "loom"]
    check_person_suggestion(store, ADA, suggestion)


def test_every_kind_of_reason_is_true_in_the_store_and_adds_up(store: ConcreteStore) -> None:
    # given a network where cy shares a topic, a gathering and a cluster with ada,
    # has a skill ada's project needs, a common collaborator, and a new sector
    tiny = chain()
    tiny.interested("ada", "maps")
    tiny.interested("cy", "maps")
    tiny.attend("ada", "summit")
    tiny.attend("cy", "summit")
    tiny.needs("loom", "ml")
    tiny.skilled("cy", "ml")
    tiny.works("ada", "school")
    tiny.works("cy", "firm")
    tiny.in_cluster("school", "valley", "education")
    tiny.in_cluster("firm", "valley", "commercial")
    network = tiny.through(store)
    # when ada asks
    [suggestion] = suggest_collaborators(network, "ada")
    # then all six kinds appear, each true in the store, summing to the score
    assert {r.kind for r in suggestion.reasons} == set(ReasonKind)
    check_person_suggestion(store, ADA, suggestion)
    assert suggestion.score == sum(r.contribution for r in suggestion.reasons)


def test_people_who_opted_out_are_never_suggested_nor_named(store: ConcreteStore) -> None:
    # given bo (the common collaborator) and dee opted out; dee shares a topic with ada
    tiny = chain()
    tiny.person("bo", discoverable=False)
    tiny.person("dee", discoverable=False)
    tiny.interested("ada", "maps")
    tiny.interested("dee", "maps")
    network = tiny.through(store)
    # when ada asks
    suggestions = suggest_collaborators(network, "ada")
    # then neither appears anywhere, and cy has no named common collaborator
    named = {s.key for s in suggestions} | {
        e.key for s in suggestions for r in s.reasons for e in r.evidence
    }
    assert not named & {"bo", "dee"}


def test_a_person_who_opted_out_still_gets_their_own_suggestions() -> None:
    # given ada opted out
    tiny = chain()
    tiny.person("ada", discoverable=False)
    # when ada asks
    suggestions = suggest_collaborators(tiny.build(), "ada")
    # then cy is suggested through bo
    assert [(s.key, [e.key for e in s.reasons[0].evidence]) for s in suggestions] == [
        ("cy", ["bo"])
    ]


def test_diversify_moves_people_from_other_organizations_up() -> None:
    # given two candidates sharing a topic with ada: bo (ada's org, rarer topic) and cy
    tiny = Tiny()
    for key, org in (("ada", "uni"), ("bo", "uni"), ("cy", "firm")):
        tiny.works(key, org, since="2030-01-01")
    tiny.node(Label.ORGANIZATION, "uni", sectors=["research"])
    tiny.node(Label.ORGANIZATION, "firm", sectors=["research"])
    tiny.interested("ada", "rare")
    tiny.interested("bo", "rare")
    tiny.interested("ada", "common")
    tiny.interested("cy", "common")
    tiny.interested("eve", "common")
    network = tiny.build()
    # when ada asks without and with diversity
    plain = [s.key for s in suggest_collaborators(network, "ada")]
    mixed = [s.key for s in suggest_collaborators(network, "ada", diversify=0.9)]
    # then the colleague leads by score, the outsider leads when diversity weighs
    assert plain[0] == "bo"
    assert mixed[0] != "bo"


def test_bad_input_gives_clear_errors() -> None:
    network = chain().build()
    with pytest.raises(NotFound):
        suggest_collaborators(network, "nobody")
    with pytest.raises(InvalidInput) as error:
        suggest_collaborators(network, "ada", first=0)
    assert error.value.field == "first"
    with pytest.raises(InvalidInput):
        suggest_collaborators(network, "ada", diversify=1.5)


def test_a_person_with_no_contexts_gets_an_empty_list() -> None:
    tiny = chain()
    tiny.person("loner")
    assert suggest_collaborators(tiny.build(), "loner") == []


@pytest.mark.parametrize("measure", list(LinkMeasure))
def test_each_measure_explains_the_common_collaborator(measure: LinkMeasure) -> None:
    # given the chain and its communities
    network = chain().build()
    communities = community_index(detect_communities(network))
    # when ada asks with each link-prediction measure
    suggestions = suggest_collaborators(network, "ada", measure=measure, communities=communities)
    # then cy comes with bo as evidence
    assert [(s.key, [e.key for e in s.reasons[0].evidence]) for s in suggestions] == [
        ("cy", ["bo"])
    ]


# ---------------------------------------------------------------- properties

graphs = st.lists(
    st.tuples(st.integers(0, 9), st.integers(0, 9)).filter(lambda e: e[0] != e[1]),
    min_size=1,
    max_size=30,
)
# Each scores the given pairs of a graph, yielding ``(u, v, index)``.
NX_MEASURES: dict[
    LinkMeasure,
    Callable[[nx.Graph[str], list[tuple[str, str]]], Iterator[tuple[str, str, float]]],
] = {
    LinkMeasure.ADAMIC_ADAR: nx.adamic_adar_index,
    LinkMeasure.RESOURCE_ALLOCATION: nx.resource_allocation_index,
    LinkMeasure.JACCARD: nx.jaccard_coefficient,
    LinkMeasure.CN_SOUNDARAJAN_HOPCROFT: nx.cn_soundarajan_hopcroft,
    LinkMeasure.RA_SOUNDARAJAN_HOPCROFT: nx.ra_index_soundarajan_hopcroft,
}


@settings(max_examples=80, deadline=None)
@given(
    graphs,
    st.sampled_from(list(LinkMeasure)),
    st.lists(st.integers(0, 2), min_size=10, max_size=10),
)
def test_link_terms_add_up_to_the_networkx_index(
    edges: list[tuple[int, int]], measure: LinkMeasure, groups: list[int]
) -> None:
    # given a random graph with random communities
    graph: nx.Graph[str] = nx.Graph()
    graph.add_nodes_from(str(n) for n in range(10))
    graph.add_edges_from((str(a), str(b)) for a, b in edges)
    community = {str(n): g for n, g in enumerate(groups)}
    nx.set_node_attributes(graph, community, "community")
    # when each pair's index is split into terms
    for u in ("0", "1"):
        for v in ("2", "3"):
            if measure is LinkMeasure.ADAMIC_ADAR and any(
                graph.degree(z) < 2 for z in nx.common_neighbors(graph, u, v)
            ):
                continue
            terms = link_terms(graph, u, v, measure, community)
            # then the terms add up to NetworkX's index
            [(_, _, expected)] = NX_MEASURES[measure](graph, [(u, v)])
            assert sum(terms.values()) == pytest.approx(expected)
            assert set(terms) == set(nx.common_neighbors(graph, u, v))


people = st.sampled_from(["ada", "bo", "cy", "dee", "eve", "fay"])
facts = st.lists(
    st.tuples(
        st.sampled_from(["member", "attend", "works", "interested", "skilled", "needs"]),
        people,
        st.sampled_from(["x", "y", "z"]),
    ),
    max_size=25,
)


@settings(max_examples=60, deadline=None)
@given(facts, st.sets(people, max_size=2))
def test_suggestions_are_explained_and_never_show_people_who_opted_out(
    rows: list[tuple[str, str, str]], hidden: set[str]
) -> None:
    # given a random tiny network where some people opted out
    tiny = Tiny()
    for verb, who, what in rows:
        if verb == "needs":
            tiny.needs(f"p{what}", f"t{what}")
        elif verb == "member":
            tiny.member(who, f"p{what}")
        elif verb == "attend":
            tiny.attend(who, f"g{what}")
        elif verb == "works":
            tiny.works(who, f"o{what}")
        elif verb == "interested":
            tiny.interested(who, f"t{what}")
        else:
            tiny.skilled(who, f"t{what}")
    tiny.person("ada")
    for key in hidden:
        tiny.person(key, discoverable=False)
    network = tiny.build()
    # when ada asks
    suggestions = suggest_collaborators(network, "ada", first=10)
    # then nobody hidden appears, nobody ada works with, scores add up, best first
    together = {
        m for g in network.linked("Person:ada", "groups") for m in network.linked(g, "members")
    }
    for s in suggestions:
        assert s.key not in hidden | {"ada"}
        assert f"Person:{s.key}" not in together
        assert s.score == sum(r.contribution for r in s.reasons)
        for reason in s.reasons:
            for ref in reason.evidence:
                assert not (ref.label is Label.PERSON and ref.key in hidden)
    assert [s.score for s in suggestions] == sorted((s.score for s in suggestions), reverse=True)
    # and each common_collaborator reason is NetworkX's Adamic-Adar index over the ties
    ties = network.ties.to_networkx()
    if "Person:ada" in ties:
        for s in suggestions:
            [(_, _, index)] = nx.adamic_adar_index(ties, [("Person:ada", f"Person:{s.key}")])
            common = [r for r in s.reasons if r.kind is ReasonKind.COMMON_COLLABORATOR]
            assert sum(r.contribution for r in common) == pytest.approx(index)
