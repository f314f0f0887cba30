"""Words, as both stores' full-text search sees them.

Everything that is not a letter, number, mark or private-use character separates
words, and words are lower-cased, so "O'Brien" is the two words ``o`` and ``brien`` in
either store.

Examples
--------
>>> words("O'Brien, 東京大学")
['o', 'brien', '東京大学']
"""

from __future__ import annotations

import unicodedata

__all__ = ["words"]


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
