"""How search text and searchable properties become Lucene terms for Neo4j.

Neo4j's analyzers split words by their own rules (the standard tokenizer keeps
``o'brien`` whole and cuts ``東京大学`` into four words), so the store does not let
Lucene decide what a word is. Every searchable property is mirrored, when written, by
a shadow property holding its words, lower-cased and separated by single spaces; the
full-text index reads the shadows through the ``whitespace`` analyzer. Search text is
split by the same rule, and each word becomes an escaped prefix term that must match.
Both sides therefore agree on every word, whatever the script or punctuation.

Examples
--------
>>> words("O'Brien & 東京大学")
['o', 'brien', '東京大学']
>>> shadow_props({"name": "Ada Lovelace", "city": "London"})
{'_ft_name': 'ada lovelace'}
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from graph.text import MAX_WORDS, SEARCHABLE_PROPS, search_weight, search_words, words

__all__ = [
    "MAX_WORDS",
    "SHADOW_PREFIX",
    "escape_term",
    "index_text",
    "lucene_query",
    "shadow_name",
    "shadow_props",
    "words",
]

SHADOW_PREFIX = "_ft_"

# Lucene's classic query syntax gives these characters a meaning.
_LUCENE_SPECIAL = re.compile(r'([+\-!():^\[\]"{}~*?|&/\\])')
_LUCENE_OPERATORS = frozenset({"AND", "OR", "NOT", "TO"})


def index_text(value: str) -> str:
    """The words of ``value`` as the full-text index should see them.

    Parameters
    ----------
    value
        The text of a searchable property.

    Returns
    -------
    str
        The lower-cased words joined by single spaces.

    Examples
    --------
    >>> index_text("Weaving data -- into LESSONS!")
    'weaving data into lessons'
    """
    return " ".join(words(value))


def shadow_name(prop: str) -> str:
    """The name of the shadow property that mirrors searchable property ``prop``.

    Parameters
    ----------
    prop
        A searchable property name.

    Returns
    -------
    str
        The shadow's name.

    Examples
    --------
    >>> shadow_name("summary")
    '_ft_summary'
    """
    return f"{SHADOW_PREFIX}{prop}"


def shadow_props(props: Mapping[str, Any]) -> dict[str, str | None]:
    """The shadow properties to write alongside ``props``.

    Only searchable properties that ``props`` sets (or removes, with ``None``) get a
    shadow; the others are left alone, so partial updates keep existing shadows.

    Parameters
    ----------
    props
        Node properties about to be written; ``None`` means "remove".

    Returns
    -------
    dict
        Shadow name to indexed text, or to ``None`` where the property is removed.

    Examples
    --------
    >>> shadow_props({"summary": "Hello, World", "headline": None})
    {'_ft_headline': None, '_ft_summary': 'hello world'}
    """
    shadows: dict[str, str | None] = {}
    for prop in SEARCHABLE_PROPS:
        if prop in props:
            value = props[prop]
            shadows[shadow_name(prop)] = None if value is None else index_text(str(value))
    return shadows


def escape_term(word: str) -> str:
    """Escape ``word`` so that Lucene's query parser reads it as plain text.

    Parameters
    ----------
    word
        One word.

    Returns
    -------
    str
        The word with every special character back-slashed; an operator word
        (``AND``, ``OR``, ``NOT``, ``TO``) gets its first letter escaped.

    Examples
    --------
    >>> escape_term('a:b"c*')
    'a\\\\:b\\\\"c\\\\*'
    >>> escape_term("AND")
    '\\\\AND'
    """
    escaped = _LUCENE_SPECIAL.sub(r"\\\1", word)
    if escaped in _LUCENE_OPERATORS:
        escaped = "\\" + escaped
    return escaped


def lucene_query(text: str) -> str:
    """The Lucene query in which every word of ``text`` must match a word by prefix.

    Each word may match in any searchable property; matches in a name weigh most.

    Parameters
    ----------
    text
        Search text; its words are those of :func:`graph.text.search_words`, which
        refuses text without words or with too many (``InvalidInput`` on ``text``).

    Returns
    -------
    str
        A Lucene query over the shadow properties, to be passed as a parameter.

    Examples
    --------
    >>> lucene_query("Ada")
    '+(_ft_name:ada*^10 _ft_headline:ada*^3 _ft_summary:ada*^1)'
    """
    found = search_words(text)
    clauses: list[str] = []
    for word in found:
        term = escape_term(word)
        fields = " ".join(
            f"{shadow_name(prop)}:{term}*^{search_weight(prop)}" for prop in SEARCHABLE_PROPS
        )
        clauses.append(f"+({fields})")
    return " ".join(clauses)
