"""How search text and searchable properties become Lucene terms (no server needed)."""

from __future__ import annotations

import pytest

from graph.model import InvalidInput
from graph.neo4j.fulltext import (
    MAX_WORDS,
    escape_term,
    index_text,
    lucene_query,
    shadow_props,
    words,
)

# Every character Lucene's classic query parser treats as syntax.
LUCENE_SYNTAX = '+-&|!(){}[]^"~*?:\\/'


def test_words_split_at_anything_but_letters_digits_and_marks() -> None:
    # given text with punctuation, apostrophes, accents and several scripts
    text = "O'Brien, Zürich-2019 東京大学 e\u0301te"
    # when
    found = words(text)
    # then
    assert found == ["o", "brien", "zürich", "2019", "東京大学", "e\u0301te"]


def test_index_text_and_query_agree_on_words() -> None:
    # given a property value and a search for part of it
    indexed = index_text("Weaving DATA, into lessons!").split(" ")
    query = lucene_query("weav DAT")
    # then each query word is a prefix term over the indexed words
    assert indexed == ["weaving", "data", "into", "lessons"]
    assert "_ft_name:weav*^10" in query
    assert "_ft_summary:dat*^1" in query


def test_every_word_is_required_and_names_weigh_most() -> None:
    query = lucene_query("ada love")
    clauses = query.split(" +")
    assert len(clauses) == 2
    assert query.startswith("+(")
    assert all("_ft_name" in c and "_ft_headline" in c and "_ft_summary" in c for c in clauses)
    assert "_ft_name:ada*^10" in query
    assert "_ft_headline:ada*^3" in query


@pytest.mark.parametrize("text", ['name:"ada"', "a AND b", "(x) OR NOT y", "a\\b*", "~1^2"])
def test_syntax_in_the_text_never_reaches_the_query(text: str) -> None:
    # when
    query = lucene_query(text)
    # then only the words' own letters and the query's fixed structure are there
    terms = [part.split(":", 1)[1].split("*", 1)[0] for part in query.split() if ":" in part]
    assert all(term in words(text) for term in terms)
    assert " AND " not in query and " OR " not in query and " NOT " not in query


def test_escape_term_backslashes_all_syntax() -> None:
    escaped = escape_term(LUCENE_SYNTAX)
    assert escaped == "".join(f"\\{char}" for char in LUCENE_SYNTAX)
    assert escape_term("NOT") == "\\NOT"
    assert escape_term("not") == "not"


@pytest.mark.parametrize("text", ["", "   ", "?! ***", '"\\"'])
def test_text_without_words_is_invalid(text: str) -> None:
    with pytest.raises(InvalidInput) as error:
        lucene_query(text)
    assert error.value.field == "text"


def test_too_many_words_is_invalid() -> None:
    with pytest.raises(InvalidInput) as error:
        lucene_query(" ".join(["word"] * (MAX_WORDS + 1)))
    assert error.value.field == "text"


def test_shadows_follow_only_the_searchable_properties_given() -> None:
    # given an update that sets a name, removes a headline and changes a city
    props = {"name": "Ada  LOVELACE", "headline": None, "city": "London"}
    # when
    shadows = shadow_props(props)
    # then
    assert shadows == {"_ft_name": "ada lovelace", "_ft_headline": None}
