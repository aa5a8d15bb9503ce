"""Building blocks of the repository contract: node properties and a small audit graph."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from upg.model.nodes import Node
from upg.model.registry import EdgeType, NodeType, edge_type, node_type
from upg.services.nodes import new_node_props
from upg.services.ports import Repository

CELEBRATES = edge_type("CELEBRATES_VIA")
CONTAINS = edge_type("CONTAINS")
VALIDATES = edge_type("VALIDATES")
MILESTONE = node_type("SUCCESS_MILESTONE")


def props(type_key: str, title: str, **fields: Any) -> tuple[NodeType, dict[str, Any]]:
    """What the services would store for a new node (validated, with its initial status)."""
    kind = node_type(type_key)
    return kind, new_node_props(kind, {"title": title, **fields})


async def make(repo: Repository, type_key: str, title: str, **fields: Any) -> Node:
    kind, values = props(type_key, title, **fields)
    return await repo.create_node(kind, values)


async def link(
    repo: Repository, edge: EdgeType, source: Node, target: Node, weight: float | None = None
) -> None:
    await repo.link(edge, source.id, target.id, weight)


@dataclass
class AuditGraph:
    """Milestones of each class, two products, two scores and three outcomes.

    vanity-a: in score-1 (2.0) and score-2 (1.0), product-1; tagged "trial".
    vanity-b: in score-2 (3.0), product-2.
    validated: in score-1 (4.0), validates outcome-1, product-1.
    untracked: validates outcome-1, product-2.  orphan: nothing.
    outcome-2 and outcome-3: validated by nobody. score-empty: contains nothing.
    """

    nodes: dict[str, Node]

    def id(self, name: str) -> str:
        return self.nodes[name].id

    def ids(self, *names: str) -> list[str]:
        return [self.nodes[name].id for name in names]


async def audit_graph(repo: Repository) -> AuditGraph:
    made: dict[str, Node] = {}
    for name in ("vanity-a", "vanity-b", "validated", "untracked", "orphan"):
        tags = ["trial"] if name == "vanity-a" else []
        made[name] = await make(repo, "SUCCESS_MILESTONE", name, tags=tags)
    for name in ("product-1", "product-2"):
        made[name] = await make(repo, "PRODUCT", name)
    for name in ("score-1", "score-2", "score-empty"):
        made[name] = await make(repo, "CUSTOMER_HEALTH_SCORE", name)
    for name in ("outcome-1", "outcome-2", "outcome-3"):
        made[name] = await make(repo, "OUTCOME", name)
    edges = [
        (CONTAINS, "score-1", "vanity-a", 2.0),
        (CONTAINS, "score-2", "vanity-a", 1.0),
        (CONTAINS, "score-2", "vanity-b", 3.0),
        (CONTAINS, "score-1", "validated", 4.0),
        (VALIDATES, "validated", "outcome-1", None),
        (VALIDATES, "untracked", "outcome-1", None),
        (CELEBRATES, "product-1", "vanity-a", None),
        (CELEBRATES, "product-2", "vanity-b", None),
        (CELEBRATES, "product-1", "validated", None),
        (CELEBRATES, "product-2", "untracked", None),
    ]
    for edge, source, target, weight in edges:
        await link(repo, edge, made[source], made[target], weight)
    return AuditGraph(made)
