"""The GraphQL enums. Node types, edge types, milestone statuses and classes are generated from
the model (the registry, the WORK_ITEM lifecycle, `upg.model.audit.MilestoneClass`), so each is
declared once."""

from __future__ import annotations

from enum import Enum
from typing import TYPE_CHECKING

import strawberry

from upg.model.account_query import HealthBand
from upg.model.audit import MilestoneClass
from upg.model.journey import Play, RouteStatus, StepState
from upg.model.lifecycle import WORK_ITEM
from upg.model.registry import ACCOUNT_KEY, EDGE_TYPES, NODE_TYPES

__all__ = [
    "EdgeType",
    "EvidenceVerdict",
    "HealthBand",
    "MilestoneClass",
    "MilestoneStatus",
    "NodeType",
    "Play",
    "Role",
    "RouteStatus",
    "StepState",
]

if TYPE_CHECKING:
    # What mypy sees: the members are generated below from the registry at import time.
    class NodeType(Enum): ...

    class EdgeType(Enum): ...

    class MilestoneStatus(Enum): ...

else:
    NodeType = strawberry.enum(
        Enum(
            "NodeType",
            {**{node.key: node.key for node in NODE_TYPES}, ACCOUNT_KEY: ACCOUNT_KEY},
        ),
        description="The type of a node (one value per node type of the registry).",
    )
    EdgeType = strawberry.enum(
        Enum(
            "EdgeType",
            {
                edge.type: strawberry.enum_value(
                    edge.type, description=f"{edge.source} -> {edge.target}: {edge.description}"
                )
                for edge in EDGE_TYPES
            },
        ),
        description="The relationship types between nodes.",
    )
    MilestoneStatus = strawberry.enum(
        Enum("MilestoneStatus", {state.upper(): state for state in WORK_ITEM.states}),
        description="The lifecycle of a success milestone (WORK_ITEM).",
    )

# The model's own enum, registered with Strawberry (which only adds its definition to the class).
strawberry.enum(
    MilestoneClass,
    description="VALIDATED feeds a score and validates an outcome; VANITY feeds a score and "
    "validates none; UNTRACKED validates but feeds no score; ORPHAN neither.",
)


@strawberry.enum(
    description="What the accounts in the graph say about a (milestone, outcome) pair."
)
class EvidenceVerdict(Enum):
    VALIDATED = strawberry.enum_value(
        "VALIDATED",
        description="Reaching the milestone raises the outcome rate, significantly after "
        "false-discovery-rate control.",
    )
    REFUTED = strawberry.enum_value(
        "REFUTED", description="Enough accounts to rule out a meaningful positive effect."
    )
    UNPROVEN = strawberry.enum_value("UNPROVEN", description="Too few accounts to tell.")


strawberry.enum(
    Play, description="The moment a milestone opens for the customer team: the right message then."
)
strawberry.enum(
    RouteStatus,
    description="Where an account stands on a route: ON_TRACK (nothing overdue), BEHIND (a "
    "milestone overdue), STUCK (behind and nothing reached for UPG_STUCK_DAYS), ARRIVED (the "
    "outcome achieved). An account's is its most urgent route's.",
)
strawberry.enum(StepState, description="A route milestone: reached, due, or overdue.")
strawberry.enum(
    HealthBand,
    description="A band of health-score values (0..100): LOW below 40, MEDIUM 40 to below 70, "
    "HIGH 70 and above.",
)


@strawberry.enum(description="What a token may do: each role includes the one before.")
class Role(Enum):
    READER = strawberry.enum_value("reader", description="Run queries.")
    EDITOR = strawberry.enum_value("editor", description="Also run mutations on the graph.")
    ADMIN = strawberry.enum_value(
        "admin", description="Also manage API tokens and store evidence (computeEvidence)."
    )
