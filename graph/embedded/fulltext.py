"""Turn search text into an FTS5 query that treats every character as plain text.

The text is split into words by the rule the full-text index uses (letters, numbers
and combining marks make up words; everything else separates them). Each word becomes
a quoted prefix term and every term must match, so operators, quotes and column
filters in the text are just characters.

Examples
--------
>>> match_expression('name:"ada" AND lov*')
'"name"* "ada"* "and"* "lov"*'
"""

from __future__ import annotations

from graph.text import MAX_WORDS, SEARCHABLE_PROPS, search_weight, search_words, words

__all__ = ["MAX_WORDS", "column_weights", "match_expression", "words"]


def match_expression(text: str) -> str:
    """The FTS5 query in which every word of ``text`` must match a word by prefix.

    Parameters
    ----------
    text
        Search text, refused as :func:`graph.text.search_words` refuses it
        (``InvalidInput`` on field ``text``).

    Returns
    -------
    str
        An FTS5 ``MATCH`` expression, to be passed as a parameter.

    Examples
    --------
    >>> match_expression("Donald Peur")
    '"donald"* "peur"*'
    """
    found = search_words(text)
    # Words hold no quote characters, so quoting them needs no escaping.
    return " ".join(f'"{word}"*' for word in found)


def column_weights() -> tuple[float, ...]:
    """The bm25 weight of each full-text column, in column order.

    Returns
    -------
    tuple of float
        One weight per searchable property.

    Examples
    --------
    >>> column_weights()
    (10.0, 3.0, 1.0)
    """
    return tuple(float(search_weight(name)) for name in SEARCHABLE_PROPS)
