from datetime import date

import pytest

from upg.errors import Invalid
from upg.model.nodes import TITLE_MAX, NodeInput, NodeUpdate, SuccessMilestoneInput, validate


def test_title_is_stripped_and_tags_deduplicated() -> None:
    value = validate(NodeInput, {"title": "  DocFlow ", "tags": ["a", "b", "a"]})
    assert value.title == "DocFlow"
    assert value.tags == ["a", "b"]


@pytest.mark.parametrize(
    ("data", "field", "reason"),
    [
        ({}, "title", "is required"),
        ({"title": "   "}, "title", "must not be blank"),
        ({"title": "x" * (TITLE_MAX + 1)}, "title", f"at most {TITLE_MAX} characters"),
        ({"title": "ok", "tags": ["x" * 65]}, "tags.0", "at most 64 characters"),
        ({"title": "ok", "tags": ["t"] * 51}, "tags", "at most 50 items"),
        ({"title": "ok", "id": "not-a-uuid"}, "id", "uuid"),
        ({"title": "ok", "colour": "red"}, "colour", "not a field"),
    ],
)
def test_bad_input_names_the_field_and_the_reason(
    data: dict[str, object], field: str, reason: str
) -> None:
    with pytest.raises(Invalid) as caught:
        validate(NodeInput, data)
    assert caught.value.field == field
    assert reason in caught.value.message.lower()


def test_milestone_fields() -> None:
    value = validate(
        SuccessMilestoneInput,
        {"title": "m", "milestone_type": "trial", "target_date": "2026-03-31"},
    )
    assert value.milestone_type == "trial"
    assert value.target_date == date(2026, 3, 31)


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"title": "m", "milestone_type": "vibes"}, "milestone_type"),
        ({"title": "m", "target_date": "31/03/2026"}, "target_date"),
    ],
)
def test_bad_milestone_fields(data: dict[str, object], field: str) -> None:
    with pytest.raises(Invalid) as caught:
        validate(SuccessMilestoneInput, data)
    assert caught.value.field == field


def test_milestone_fields_are_refused_on_other_types() -> None:
    with pytest.raises(Invalid) as caught:
        validate(NodeInput, {"title": "p", "milestone_type": "trial"})
    assert caught.value.field == "milestone_type"


def test_update_keeps_only_fields_given() -> None:
    update = validate(NodeUpdate, {"description": None})
    assert update.model_fields_set == {"description"}


@pytest.mark.parametrize(
    ("data", "field", "code"),
    [
        ({"title": "Doc\x1b[31mFlow"}, "title", "U+001B"),
        ({"title": "ring\x07"}, "title", "U+0007"),
        ({"title": "a\nb"}, "title", "U+000A"),
        ({"title": "nul\x00"}, "title", "U+0000"),
        ({"title": "c1\x9b31m"}, "title", "U+009B"),
        ({"title": "ok", "tags": ["fine", "\x1b]0;owned\x07"]}, "tags.1", "U+001B"),
        ({"title": "ok", "tags": ["del\x7f"]}, "tags.0", "U+007F"),
        ({"title": "ok", "description": "line\x1b[2J"}, "description", "U+001B"),
        ({"title": "ok", "description": "page\x0cbreak"}, "description", "U+000C"),
        ({"title": "ok", "description": "next\x85line"}, "description", "U+0085"),
    ],
)
def test_control_characters_are_refused_naming_the_field(
    data: dict[str, object], field: str, code: str
) -> None:
    for model in (NodeInput, NodeUpdate):
        with pytest.raises(Invalid) as caught:
            validate(model, data)
        assert caught.value.field == field
        assert "control characters" in caught.value.message
        assert code in caught.value.message


def test_descriptions_keep_tab_line_feed_and_carriage_return() -> None:
    text = "Steps:\r\n\t1. sign up\n\t2. invite"
    assert validate(NodeInput, {"title": "t", "description": text}).description == text
    assert validate(NodeUpdate, {"description": text}).description == text


def test_control_white_space_around_titles_and_tags_is_trimmed_not_refused() -> None:
    value = validate(NodeInput, {"title": "\tDocFlow\r\n", "tags": ["\ta\n"]})
    assert (value.title, value.tags) == ("DocFlow", ["a"])
