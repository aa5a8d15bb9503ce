"""Lifecycles as data: states, the initial state, and the transitions allowed."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from upg.errors import Conflict, Invalid


@dataclass(frozen=True)
class Lifecycle:
    """A template of states a node moves through."""

    name: str
    initial: str
    transitions: Mapping[str, frozenset[str]]
    done: str | None = None
    """The state that means "reached" (a milestone's `achieved` is true exactly there)."""

    @property
    def states(self) -> tuple[str, ...]:
        return tuple(self.transitions)

    def check_state(self, state: str, *, field: str = "status") -> str:
        """Return `state` if it belongs to this lifecycle, else raise Invalid naming the field."""
        if state not in self.transitions:
            allowed = ", ".join(self.states)
            raise Invalid(f"{field} must be one of {allowed}; got {state!r}", field=field)
        return state

    def check_transition(self, current: str, target: str) -> str:
        """Return `target` if moving from `current` is allowed, else raise Conflict."""
        self.check_state(target)
        if target == current:
            return target
        if target not in self.transitions.get(current, frozenset()):
            allowed = ", ".join(sorted(self.transitions.get(current, frozenset()))) or "none"
            raise Conflict(
                f"status cannot move from {current} to {target} ({self.name} lifecycle; "
                f"allowed from {current}: {allowed})",
                field="status",
            )
        return target

    def is_done(self, state: str) -> bool:
        return self.done is not None and state == self.done


def _lifecycle(
    name: str, initial: str, reached: str | None, moves: dict[str, tuple[str, ...]]
) -> Lifecycle:
    return Lifecycle(name, initial, {state: frozenset(to) for state, to in moves.items()}, reached)


WORK_ITEM = _lifecycle(
    "WORK_ITEM",
    "todo",
    "done",
    {
        "todo": ("in_progress", "done", "cancelled"),
        "in_progress": ("todo", "done", "cancelled"),
        "done": ("in_progress",),
        "cancelled": ("todo",),
    },
)
"""Milestones: 4 phases, initial todo; reopening a done item puts it back in progress."""

CATALOG_ITEM = _lifecycle(
    "CATALOG_ITEM",
    "active",
    None,
    {
        "planned": ("active", "retired"),
        "active": ("sunset", "retired"),
        "sunset": ("active", "retired"),
        "retired": (),
    },
)
"""Products: planned, on sale, being wound down, gone."""

DEFINITION = _lifecycle(
    "DEFINITION",
    "active",
    None,
    {
        "draft": ("active", "retired"),
        "active": ("draft", "retired"),
        "retired": ("active",),
    },
)
"""Outcomes and health scores: definitions that are drafted, in use, or retired."""
