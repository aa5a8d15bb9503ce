"""Properties of input validation: any input is either accepted as given or refused by name.

Whatever arrives (any unicode, NUL, lone surrogates, strings around and far over the limits,
any dates, ids and field names), `validate` returns a value that holds the input verbatim (titles
and tags trimmed of Unicode white space, tags deduplicated) or raises Invalid naming the field:
never another exception. Control characters (category Cc) are refused in titles and tags once
trimmed, and in descriptions but for tab, line feed and carriage return. Lifecycle checks likewise
raise only Invalid or Conflict on `status`.

Deterministic and bounded for CI: derandomized, no example database, UPG_HYPOTHESIS_EXAMPLES
examples per property (default 150); raise it for a longer local run.
"""

from __future__ import annotations

import contextlib
import os
import re
import unicodedata
import uuid
from datetime import date
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from upg.errors import Conflict, Invalid
from upg.model.lifecycle import CATALOG_ITEM, DEFINITION, WORK_ITEM, Lifecycle
from upg.model.nodes import (
    DESCRIPTION_MAX,
    MILESTONE_TYPES,
    TAG_MAX,
    TAGS_MAX,
    TITLE_MAX,
    NodeInput,
    NodeUpdate,
    SuccessMilestoneInput,
    validate,
)
from upg.model.registry import NODE_TYPES

PROPERTIES = settings(
    max_examples=int(os.environ.get("UPG_HYPOTHESIS_EXAMPLES", "150")),
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)

WHITE_SPACE = (
    "\t\n\v\f\r \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009"
    "\u200a\u2028\u2029\u202f\u205f\u3000"
)
"""Unicode's White_Space property: what titles and tags are trimmed of (not Python's isspace,
which also counts \\x1c-\\x1f)."""

TRICKY = [
    '"}) MATCH (n) DETACH DELETE n //',
    "' OR 1=1 --",
    "`Product`",
    "$param",
    "\x00",
    "\u200b",
    "\u200f",
    "\u202e",
    "\ufeff",
    "e\u0301",
    "\U0001f600",
    "\U0001f469\u200d\U0001f4bb",
    "\ud800",
    "\udfff",
    "\x1c",
    "\u3000",
    "\x85",
    " ",
]
"""Injection fragments, NUL, zero-width and bidi marks, combining marks, emoji (with a ZWJ),
lone surrogates, and characters that only one side of Python/Rust calls white space."""

chars = st.one_of(
    st.characters(codec=None),  # every code point, surrogates included
    st.sampled_from(TRICKY),
    st.sampled_from(WHITE_SPACE),
)
short_text = st.lists(chars, max_size=30).map("".join)


def _around(limit: int) -> st.SearchStrategy[str]:
    """A repeated character, just under, at and just over `limit` (or far over it)."""
    lengths = st.one_of(st.integers(limit - 2, limit + 2), st.sampled_from([limit * 10]))
    return st.builds(lambda c, n: c * n, st.sampled_from(["x", "é", "\U0001f600", "\x00"]), lengths)


def text_near(limit: int) -> st.SearchStrategy[str]:
    return st.one_of(short_text, _around(limit))


def _text(value: str) -> bool:
    """Text Neo4j can store: no lone surrogates."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _plain(value: str, allowed: str = "") -> bool:
    """No control character (Unicode category Cc) but those allowed."""
    return all(unicodedata.category(c) != "Cc" or c in allowed for c in value)


def _refused(model: type[Any], data: dict[str, Any]) -> Invalid:
    with pytest.raises(Invalid) as caught:
        validate(model, data)
    assert caught.value.field, caught.value.message
    assert caught.value.message.startswith(f"{caught.value.field}: "), caught.value.message
    return caught.value


@PROPERTIES
@given(title=text_near(TITLE_MAX))
@example(title="  DocFlow  ")
@example(title="\x1cDocFlow\x1f")
@example(title="\tDocFlow\r\n")
@example(title="Doc\x1b[31mFlow")
def test_a_title_is_kept_trimmed_or_refused_by_name(title: str) -> None:
    kept = title.strip(WHITE_SPACE)
    if _text(title) and 1 <= len(kept) <= TITLE_MAX and _plain(kept):
        assert validate(NodeInput, {"title": title}).title == kept
    else:
        assert _refused(NodeInput, {"title": title}).field == "title"


@PROPERTIES
@given(description=text_near(DESCRIPTION_MAX))
@example(description="a\r\n\tb")
@example(description="bell\x07")
def test_a_description_is_kept_verbatim_or_refused_by_name(description: str) -> None:
    data = {"title": "t", "description": description}
    plain = _plain(description, "\t\n\r")
    if _text(description) and len(description) <= DESCRIPTION_MAX and plain:
        assert validate(NodeInput, data).description == description
    else:
        assert _refused(NodeInput, data).field == "description"


@PROPERTIES
@given(
    tags=st.one_of(
        st.lists(text_near(TAG_MAX), max_size=5),
        st.lists(
            st.sampled_from(["a", " a", "b", "\U0001f600"]),
            min_size=TAGS_MAX - 1,
            max_size=TAGS_MAX + 1,
        ),
    )
)
def test_tags_are_kept_trimmed_and_deduplicated_or_refused_by_name(tags: list[str]) -> None:
    data = {"title": "t", "tags": tags}
    kept = [tag.strip(WHITE_SPACE) for tag in tags]
    if (
        len(tags) <= TAGS_MAX
        and all(_text(tag) for tag in tags)
        and all(1 <= len(tag) <= TAG_MAX for tag in kept)
        and all(_plain(tag) for tag in kept)
    ):
        assert validate(NodeInput, data).tags == list(dict.fromkeys(kept))
    else:
        field = _refused(NodeInput, data).field
        assert field == "tags" or (field or "").startswith("tags."), field


@PROPERTIES
@given(node_id=st.one_of(st.uuids().map(str), st.uuids().map(lambda u: str(u).upper()), short_text))
def test_an_id_is_a_uuid_or_refused_by_name(node_id: str) -> None:
    try:
        expected = uuid.UUID(node_id)
    except ValueError:
        expected = None
    if expected is not None and _text(node_id):
        assert validate(NodeInput, {"title": "t", "id": node_id}).id == expected
    else:
        assert _refused(NodeInput, {"title": "t", "id": node_id}).field == "id"


@PROPERTIES
@example(milestone_type="trial", target_date="0", window_days=1)
@given(
    milestone_type=st.one_of(st.sampled_from(MILESTONE_TYPES), short_text),
    target_date=st.one_of(
        st.dates(),
        st.dates().map(date.isoformat),
        st.integers(0, 2**40).map(str),  # pydantic alone would take these for timestamps
        st.sampled_from(["2026-02-30", "2026-03-31T00:00", "20260331", "\uff12026-03-31"]),
        short_text,
    ),
    window_days=st.one_of(st.integers(-10, 4000), st.integers()),
)
def test_milestone_fields_are_kept_or_refused_by_name(
    milestone_type: str, target_date: date | str, window_days: int
) -> None:
    fields = {
        "milestone_type": milestone_type,
        "target_date": target_date,
        "window_days": window_days,
    }
    data = {"title": "m", **fields}
    day: date | None = None
    if isinstance(target_date, date):
        day = target_date
    elif re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", target_date):
        with contextlib.suppress(ValueError):
            day = date.fromisoformat(target_date)
    day_ok = day is not None
    bad = [
        name
        for name, ok in (
            ("milestone_type", milestone_type in MILESTONE_TYPES),
            ("target_date", day_ok),
            ("window_days", 1 <= window_days <= 3650),
        )
        if not ok
    ]
    if not bad:
        value = validate(SuccessMilestoneInput, data)
        assert (value.milestone_type, value.target_date, value.window_days) == (
            milestone_type,
            day,
            window_days,
        )
    else:
        assert _refused(SuccessMilestoneInput, data).field in bad


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | short_text | st.dates(),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(short_text, inner, max_size=3),
    max_leaves=8,
)
field_names = st.one_of(
    st.sampled_from(
        ["id", "title", "description", "status", "tags", "milestone_type", "target_date",
         "window_days"]
    ),
    short_text,
)  # fmt: skip


@PROPERTIES
@given(
    model=st.sampled_from([NodeInput, SuccessMilestoneInput, NodeUpdate]),
    data=st.dictionaries(field_names, json_values, max_size=6),
)
def test_any_payload_validates_or_raises_invalid_naming_a_field(
    model: type[Any], data: dict[str, Any]
) -> None:
    try:
        validate(model, data)
    except Invalid as exc:
        assert exc.field
        assert exc.message.startswith(f"{exc.field}: ")
        named = {*data, "title"} - {""}
        assert any(exc.field == key or exc.field.startswith(f"{key}.") for key in named) or (
            # A key that is empty or not text cannot be named: the whole input is.
            exc.field == "input" and any(key == "" or not _text(key) for key in data)
        ), (exc.field, data)


LIFECYCLES = [WORK_ITEM, CATALOG_ITEM, DEFINITION]
states = st.one_of(st.sampled_from([s for lc in LIFECYCLES for s in lc.states]), short_text)


@PROPERTIES
@given(lifecycle=st.sampled_from(LIFECYCLES), current=states, target=states)
def test_a_transition_is_allowed_or_refused_on_status(
    lifecycle: Lifecycle, current: str, target: str
) -> None:
    try:
        assert lifecycle.check_transition(current, target) == target
    except (Invalid, Conflict) as exc:
        assert exc.field == "status"
        assert isinstance(exc, Invalid) == (target not in lifecycle.states)
    else:
        assert target in lifecycle.states
        assert target == current or target in lifecycle.transitions[current]


@PROPERTIES
@given(kind=st.sampled_from(NODE_TYPES), status=states)
def test_a_create_status_belongs_to_the_lifecycle_or_is_refused(kind: Any, status: str) -> None:
    try:
        assert kind.lifecycle.check_state(status) == status
    except Invalid as exc:
        assert exc.field == "status"
        assert status not in kind.lifecycle.states
