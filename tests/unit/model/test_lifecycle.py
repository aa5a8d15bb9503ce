import pytest

from upg.errors import Conflict, Invalid
from upg.model.lifecycle import CATALOG_ITEM, DEFINITION, WORK_ITEM
from upg.model.registry import NODE_TYPES


def test_work_item_has_four_phases_starting_at_todo() -> None:
    assert WORK_ITEM.states == ("todo", "in_progress", "done", "cancelled")
    assert WORK_ITEM.initial == "todo"
    assert WORK_ITEM.done == "done"


@pytest.mark.parametrize(
    ("current", "target"),
    [
        ("todo", "in_progress"),
        ("in_progress", "done"),
        ("done", "in_progress"),
        ("cancelled", "todo"),
    ],
)
def test_allowed_transitions(current: str, target: str) -> None:
    assert WORK_ITEM.check_transition(current, target) == target


@pytest.mark.parametrize(
    ("current", "target"), [("done", "cancelled"), ("done", "todo"), ("cancelled", "done")]
)
def test_refused_transitions_name_the_allowed_ones(current: str, target: str) -> None:
    with pytest.raises(Conflict) as caught:
        WORK_ITEM.check_transition(current, target)
    assert caught.value.field == "status"
    assert f"from {current} to {target}" in caught.value.message


def test_unknown_state_is_invalid() -> None:
    with pytest.raises(Invalid, match="status must be one of todo, in_progress, done, cancelled"):
        WORK_ITEM.check_transition("todo", "finished")


def test_staying_in_place_is_allowed() -> None:
    assert WORK_ITEM.check_transition("done", "done") == "done"


def test_every_type_declares_a_lifecycle_whose_states_are_reachable() -> None:
    for kind in NODE_TYPES:
        lifecycle = kind.lifecycle
        assert lifecycle.initial in lifecycle.states
        for targets in lifecycle.transitions.values():
            assert targets <= set(lifecycle.states)
    assert {CATALOG_ITEM.name, DEFINITION.name, WORK_ITEM.name} == {
        kind.lifecycle.name for kind in NODE_TYPES
    }


def test_only_work_items_have_a_done_state() -> None:
    assert WORK_ITEM.is_done("done")
    assert not WORK_ITEM.is_done("in_progress")
    assert not CATALOG_ITEM.is_done("active")
