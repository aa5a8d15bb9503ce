"""Full-text search over titles: what a user's words become as a Lucene query (pure).

The words are matched in any order, all of them required, the last one as a prefix (so a
search box finds "Second editor" while the user is still typing "second ed"). Lucene's
operators and special characters in the words are escaped: the user's text is never syntax.
"""

from __future__ import annotations

import re
import unicodedata

from upg.errors import Invalid

MAX_TEXT = 200
"""Longest search text accepted, in characters."""
MAX_WORDS = 10
"""Most words one search may hold."""

_SPECIAL = re.compile(r'([+\-!(){}\[\]^"~*?:\\/&|])')
_OPERATORS = frozenset({"AND", "OR", "NOT", "TO"})


def _escaped(word: str) -> str:
    escaped = _SPECIAL.sub(r"\\\1", word)
    # Upper-case AND/OR/NOT are operators even when escaped char by char; lower case is a word.
    return escaped.lower() if word in _OPERATORS else escaped


def _folded(word: str) -> str:
    """Lower case without accents ("Büro" -> "buro"), as the standard-folding analyser does."""
    decomposed = unicodedata.normalize("NFKD", word.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def lucene_query(text: str, field: str = "text") -> str:
    """The Lucene query for `text`: every word required, the last one a prefix.

    Invalid (naming `field`) when the text is empty, longer than MAX_TEXT or has more than
    MAX_WORDS words.
    """
    if len(text) > MAX_TEXT:
        raise Invalid(f"{field}: at most {MAX_TEXT} characters, got {len(text)}", field=field)
    words = [w for w in re.split(r"\s+", text.strip()) if w]
    if not words:
        raise Invalid(f"{field}: give at least one word to search for", field=field)
    if len(words) > MAX_WORDS:
        raise Invalid(f"{field}: at most {MAX_WORDS} words, got {len(words)}", field=field)
    terms = [_escaped(w) for w in words]
    # A prefix query is not analysed: fold it as the index's analyser folds titles.
    terms[-1] = f"{_folded(terms[-1])}*"
    return " AND ".join(terms)
