"""The Lucene query built from a user's words: escaped, every word required, last a prefix."""

from __future__ import annotations

import pytest

from upg.errors import Invalid
from upg.model.search import MAX_TEXT, MAX_WORDS, lucene_query


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("second", "second*"),
        ("  Second   EDITOR ", "Second AND editor*"),
        ("a+b (c)", r"a\+b AND \(c\)*"),
        ('title:"x" OR y*', r"title\:\"x\" AND or AND y\**"),
        ("NOT", "not*"),
        ("Büro Café", "Büro AND cafe*"),
        ("AND or", "and AND or*"),
        (r"back\slash a/b", r"back\\slash AND a\/b*"),
    ],
)
def test_words_become_an_escaped_conjunction_with_a_prefix_last(text: str, expected: str) -> None:
    assert lucene_query(text) == expected


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "at least one word"),
        ("   \t ", "at least one word"),
        ("x" * (MAX_TEXT + 1), f"at most {MAX_TEXT} characters"),
        (" ".join(["w"] * (MAX_WORDS + 1)), f"at most {MAX_WORDS} words"),
    ],
)
def test_bad_text_is_refused_naming_the_field(text: str, reason: str) -> None:
    with pytest.raises(Invalid) as raised:
        lucene_query(text)
    assert raised.value.field == "text"
    assert reason in raised.value.message
