"""The schema registry: every node type and edge type upg knows, in one place.

Labels and relationship types reach Cypher only from here. Adding a type is one entry below
(plus a constraint migration in cypher/schema/).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from upg.errors import Invalid
from upg.model.lifecycle import CATALOG_ITEM, DEFINITION, WORK_ITEM, Lifecycle
from upg.model.nodes import NodeInput, SuccessMilestoneInput

BASE_LABEL = "UpgNode"
"""Every upg node carries this label too: global id uniqueness and lookups by id alone."""
TOKEN_LABEL = "ApiToken"
"""API keys (hashes only): kept apart from the product graph, never an UpgNode."""
REVOKED_JWT_LABEL = "RevokedJwt"
"""The `jti` of JWTs refused before they expire: kept apart from the product graph too."""


@dataclass(frozen=True)
class NodeType:
    """A node type: its discriminator, its Neo4j label, its lifecycle and its input model."""

    key: str
    label: str
    lifecycle: Lifecycle
    input_model: type[NodeInput]
    description: str


@dataclass(frozen=True)
class EdgeType:
    """A relationship type with the node types it may join and what it carries."""

    type: str
    name: str
    source: str
    target: str
    kind: Literal["hierarchy", "cross-domain", "observation"]
    weighted: bool = False
    description: str = ""


NODE_TYPES: tuple[NodeType, ...] = (
    NodeType("PRODUCT", "Product", CATALOG_ITEM, NodeInput, "A product customers use."),
    NodeType(
        "OUTCOME",
        "Outcome",
        DEFINITION,
        NodeInput,
        "A result the customer wants (required outcome), e.g. trial converts to paid.",
    ),
    NodeType(
        "CUSTOMER_HEALTH_SCORE",
        "CustomerHealthScore",
        DEFINITION,
        NodeInput,
        "A weighted score built from success milestones.",
    ),
    NodeType(
        "SUCCESS_MILESTONE",
        "SuccessMilestone",
        WORK_ITEM,
        SuccessMilestoneInput,
        "A significant step of the customer's journey toward an outcome.",
    ),
)

EDGE_TYPES: tuple[EdgeType, ...] = (
    EdgeType(
        "CELEBRATES_VIA",
        "product_celebrates_via_success_milestone",
        "Product",
        "SuccessMilestone",
        "hierarchy",
        description="The product marks progress with this milestone.",
    ),
    EdgeType(
        "CONTAINS",
        "customer_health_score_contains_success_milestone",
        "CustomerHealthScore",
        "SuccessMilestone",
        "hierarchy",
        weighted=True,
        description="The score counts this milestone with a weight (> 0, default 1).",
    ),
    EdgeType(
        "VALIDATES",
        "success_milestone_validates_outcome",
        "SuccessMilestone",
        "Outcome",
        "cross-domain",
        description="Reaching the milestone is evidence of progress toward the outcome.",
    ),
)

DEFAULT_WEIGHT = 1.0


@dataclass(frozen=True)
class ObservationType:
    """A node type of observed customer behaviour (evidence), not an entity of the model."""

    label: str
    key: str
    description: str


OBSERVATION_TYPES: tuple[ObservationType, ...] = (
    ObservationType("Account", "ACCOUNT", "A customer account: id, name, signed_up_at."),
)

OBSERVATION_EDGES: tuple[EdgeType, ...] = (
    EdgeType("USES", "account_uses_product", "Account", "Product", "observation",
             description="The account uses the product."),
    EdgeType("REACHED", "account_reached_success_milestone", "Account", "SuccessMilestone",
             "observation", description="The account reached the milestone at `at`."),
    EdgeType("ACHIEVED", "account_achieved_outcome", "Account", "Outcome", "observation",
             description="The account achieved the outcome at `at`."),
)  # fmt: skip
"""Observations feed evidence; they are written by bulk import, never by `link`."""

_BY_KEY: Mapping[str, NodeType] = {t.key: t for t in NODE_TYPES}
_BY_LABEL: Mapping[str, NodeType] = {t.label: t for t in NODE_TYPES}
_EDGES: Mapping[str, EdgeType] = {e.type: e for e in EDGE_TYPES}
_OBSERVATIONS: Mapping[str, EdgeType] = {e.type: e for e in OBSERVATION_EDGES}


def node_type(key: str) -> NodeType:
    """The node type with discriminator `key` (e.g. SUCCESS_MILESTONE)."""
    try:
        return _BY_KEY[key]
    except KeyError:
        raise Invalid(
            f"type must be one of {', '.join(_BY_KEY)}; got {key!r}", field="type"
        ) from None


def node_type_of_label(label: str) -> NodeType:
    """The node type stored under Neo4j label `label`."""
    return _BY_LABEL[label]


def edge_type(type_: str) -> EdgeType:
    """The edge type named `type_` (e.g. CONTAINS)."""
    try:
        return _EDGES[type_]
    except KeyError:
        raise Invalid(
            f"type must be one of {', '.join(_EDGES)}; got {type_!r}", field="type"
        ) from None


def labels() -> tuple[str, ...]:
    """Every node label of the registry (without the base label)."""
    return tuple(_BY_LABEL)


def check_endpoint(edge: EdgeType, field: str, node_id: str, actual_key: str, label: str) -> None:
    """Raise Invalid unless a node of type `actual_key` may stand where `edge` wants `label`."""
    if node_type(actual_key).label != label:
        raise Invalid(
            f"{field}: {edge.type} goes from {edge.source} to {edge.target}; "
            f"node {node_id} is a {node_type(actual_key).label}",
            field=field,
        )


def observation_edge(type_: str) -> EdgeType:
    """The observation edge type named `type_` (USES, REACHED, ACHIEVED)."""
    return _OBSERVATIONS[type_]
