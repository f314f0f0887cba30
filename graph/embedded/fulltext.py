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

from graph.embedded.schema import SEARCHABLE_PROPS
from graph.model import InvalidInput
from graph.text import words

__all__ = ["MAX_WORDS", "column_weights", "match_expression", "words"]

MAX_WORDS = 32

# A name match should outrank a headline match, which outranks a summary match.
_WEIGHTS = {"name": 10.0, "headline": 3.0}


def match_expression(text: str) -> str:
    """The FTS5 query in which every word of ``text`` must match a word by prefix.

    Parameters
    ----------
    text
        What the user typed.

    Returns
    -------
    str
        An FTS5 ``MATCH`` expression, to be passed as a parameter.

    Raises
    ------
    InvalidInput
        On field ``text`` when it has no words or too many.

    Examples
    --------
    >>> match_expression("Donald Peur")
    '"donald"* "peur"*'
    >>> match_expression("***")
    Traceback (most recent call last):
    ...
    graph.model.InvalidInput: text: needs at least one word (letters or digits)
    """
    found = words(text)
    if not found:
        raise InvalidInput("text", "needs at least one word (letters or digits)")
    if len(found) > MAX_WORDS:
        raise InvalidInput("text", f"has more than {MAX_WORDS} words")
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
    return tuple(_WEIGHTS.get(name, 1.0) for name in SEARCHABLE_PROPS)
