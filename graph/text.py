"""Words and searchable properties, as both stores' full-text search sees them.

Everything that is not a letter, number, mark or private-use character separates
words, and words are lower-cased, so "O'Brien" is the two words ``o`` and ``brien`` in
either store. Both stores index the same properties (:data:`SEARCHABLE_PROPS`), weigh
a match in each the same (:func:`search_weight`) and refuse the same search text
(:func:`search_words`).

Examples
--------
>>> words("O'Brien, 東京大学")
['o', 'brien', '東京大学']
>>> SEARCHABLE_PROPS
('name', 'headline', 'summary')
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping

from graph.model import NODE_SPECS, InvalidInput

__all__ = ["MAX_WORDS", "SEARCHABLE_PROPS", "search_weight", "search_words", "words"]

MAX_WORDS = 32
"""The most words search text may have."""


def _searchable_props() -> tuple[str, ...]:
    names: list[str] = []
    for spec in NODE_SPECS.values():
        for prop in spec.props:
            if prop.searchable and prop.name not in names:
                names.append(prop.name)
    return tuple(names)


SEARCHABLE_PROPS: tuple[str, ...] = _searchable_props()
"""The properties full-text search reads (see ``PropSpec.searchable``), in model order."""

# A name match should outrank a headline match, which outranks a summary match.
_WEIGHTS: Mapping[str, int] = {"name": 10, "headline": 3}


def _is_word_char(char: str) -> bool:
    category = unicodedata.category(char)
    return category[0] in "LNM" or category == "Co"


def words(text: str) -> list[str]:
    """Split ``text`` into lower-cased words (Unicode letters, numbers and marks).

    Parameters
    ----------
    text
        Any text.

    Returns
    -------
    list of str
        The words in order; empty when the text has none.

    Examples
    --------
    >>> words("Donald J. Peurach (UM), Zürich 2019!")
    ['donald', 'j', 'peurach', 'um', 'zürich', '2019']
    >>> words(" ?! ")
    []
    """
    found: list[str] = []
    current: list[str] = []
    for char in text:
        if _is_word_char(char):
            current.append(char)
        elif current:
            found.append("".join(current).lower())
            current = []
    if current:
        found.append("".join(current).lower())
    return found


def search_words(text: str) -> list[str]:
    """The words of search text, every one of which must match.

    Parameters
    ----------
    text
        What the user typed.

    Returns
    -------
    list of str
        Its words (see :func:`words`).

    Raises
    ------
    InvalidInput
        On field ``text`` when it has no words or more than :data:`MAX_WORDS`.

    Examples
    --------
    >>> search_words("Ada, Lovelace")
    ['ada', 'lovelace']
    >>> search_words("***")
    Traceback (most recent call last):
    ...
    graph.model.InvalidInput: text: needs at least one word (letters or digits)
    """
    found = words(text)
    if not found:
        raise InvalidInput("text", "needs at least one word (letters or digits)")
    if len(found) > MAX_WORDS:
        raise InvalidInput("text", f"has more than {MAX_WORDS} words")
    return found


def search_weight(prop: str) -> int:
    """How much a match in searchable property ``prop`` weighs in a hit's score.

    Parameters
    ----------
    prop
        One of :data:`SEARCHABLE_PROPS`.

    Returns
    -------
    int
        The weight: a name match outranks a headline match, which outranks the rest.

    Examples
    --------
    >>> [search_weight(prop) for prop in SEARCHABLE_PROPS]
    [10, 3, 1]
    """
    return _WEIGHTS.get(prop, 1)
