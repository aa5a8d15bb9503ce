"""The schema registry: the node types and edge types of the product graph, in one place.

Where a caller picks the type (create, link, list by type, bulk generation), its label or
relationship type reaches Cypher from here, as a parameter, never from the caller's text. The
fixed statements under `cypher/` (audits, evidence, tokens, migrations) spell out the labels
they match. Adding a type is one entry below (plus a constraint migration in cypher/schema/).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal, TypeVar

from upg.errors import Invalid
from upg.model.lifecycle import CATALOG_ITEM, DEFINITION, WORK_ITEM, Lifecycle
from upg.model.nodes import NodeInput, SuccessMilestoneInput

T = TypeVar("T")

BASE_LABEL = "UpgNode"
"""Every upg node carries this label too: global id uniqueness and lookups by id alone."""
VANITY_LABEL = "VanityMilestone"
"""Kept on every milestone whose class is VANITY, beside its `milestone_class`, in the same
transaction as the write that made it so: Neo4j keeps a count per label, so the vanity total is
one read of its count store instead of a scan of every vanity milestone."""


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
    kind: Literal["hierarchy", "cross-domain"]
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

ACCOUNT_KEY = "ACCOUNT"
"""The node type key of accounts in the API (`NodeType.ACCOUNT`): not a NODE_TYPES entry, since
accounts are observations (imported, not created through `create*`) and carry no UpgNode label."""
ACCOUNT_LABEL = "Account"
"""The label of accounts (cypher/evidence, cypher/accounts)."""

ACCOUNT_EDGE_TYPES: tuple[EdgeType, ...] = (
    EdgeType(
        "USES",
        "account_uses_product",
        ACCOUNT_LABEL,
        "Product",
        "cross-domain",
        description="The account uses the product (imported).",
    ),
    EdgeType(
        "REACHED",
        "account_reached_success_milestone",
        ACCOUNT_LABEL,
        "SuccessMilestone",
        "cross-domain",
        description="The account reached the milestone `at` (imported; the earliest time kept).",
    ),
    EdgeType(
        "ACHIEVED",
        "account_achieved_outcome",
        ACCOUNT_LABEL,
        "Outcome",
        "cross-domain",
        description="The account achieved the outcome `at` (imported; the earliest time kept).",
    ),
    EdgeType(
        "DESIRES",
        "account_desires_outcome",
        ACCOUNT_LABEL,
        "Outcome",
        "cross-domain",
        description="The account named the outcome as its destination `since` (setDesiredOutcome"
        " or `upg accounts import-desires`); set again, it keeps its `since`.",
    ),
)
"""Edges from accounts: written by imports and account mutations, never by `link` (whose
EdgeType enum lists EDGE_TYPES only)."""

_BY_KEY: Mapping[str, NodeType] = {t.key: t for t in NODE_TYPES}
_EDGES: Mapping[str, EdgeType] = {e.type: e for e in EDGE_TYPES}
_ACCOUNT_EDGES: Mapping[str, EdgeType] = {e.type: e for e in ACCOUNT_EDGE_TYPES}


def node_type(key: str) -> NodeType:
    """The node type with discriminator `key` (e.g. SUCCESS_MILESTONE)."""
    return _known(_BY_KEY, key)


def edge_type(type_: str) -> EdgeType:
    """The edge type named `type_` (e.g. CONTAINS)."""
    return _known(_EDGES, type_)


def account_edge_type(type_: str) -> EdgeType:
    """The account edge type named `type_` (e.g. DESIRES)."""
    return _known(_ACCOUNT_EDGES, type_)


def _known(types: Mapping[str, T], name: str) -> T:
    """types[name], or Invalid on `type` listing the names known."""
    try:
        return types[name]
    except KeyError:
        raise Invalid(
            f"type must be one of {', '.join(types)}; got {name!r}", field="type"
        ) from None


def labels() -> tuple[str, ...]:
    """Every node label of the registry (without the base label)."""
    return tuple(t.label for t in NODE_TYPES)


def check_endpoint(edge: EdgeType, field: str, node_id: str, actual_key: str, label: str) -> None:
    """Raise Invalid unless a node of type `actual_key` may stand where `edge` wants `label`."""
    if node_type(actual_key).label != label:
        raise Invalid(
            f"{field}: {edge.type} goes from {edge.source} to {edge.target}; "
            f"node {node_id} is a {node_type(actual_key).label}",
            field=field,
        )
