"""A plan as one Cypher statement: fixed fragments, registry labels and parameters only.

Nothing a client sent is spliced into the text: property names come from the whitelists of
`plan` (SCALARS, ORDER_FIELDS, FILTERS), labels and relationship types from the registry, map
keys are positions (`f3`, `r0`), and every value (ids, filters, `first`, the skip a cursor
names) is a parameter. The text depends only on the plan's shape, so Neo4j's plan cache keeps
one plan per shape.

Each fragment keeps the semantics of the statement the resolvers run: a list filters and orders
as `queries/list_nodes` (up to two keys, then id), a relationship connection orders by title
then id as `queries/neighbours`, `isVanity` is `queries/milestone_facts` + `classify`, and
the vanity audit's page is `audit/vanity_milestones` (the class index in title order; the whole
audit's total from the :VanityMilestone label's kept count).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from upg.api.compiled import audit_cypher
from upg.api.compiled.tree import (
    ById,
    Conn,
    Leaf,
    ObjectPlan,
    Plan,
    ScoreAuditPlan,
    node_detail,
    selects_weight,
)
from upg.model.audit import MilestoneClass
from upg.model.registry import ACCOUNT_LABEL, BASE_LABEL, VANITY_LABEL, edge_type, node_type

_ALWAYS = ("id", "type", "title", "status")
"""Projected for every node: `to_node` needs them (and `type` picks node(id:)'s type)."""
_PLAIN = ("description", "tags", "milestone_type", "achieved", "window_days", "play")
_TEMPORAL = ("created_at", "updated_at", "target_date")
"""As ISO strings (toString), as every node statement returns them (see graph/records.py)."""


def _condition(var: str, name: str, param: str) -> str:
    """One filter of list_nodes.cypher, for a filter that was given."""
    if name == "ids":
        return f"{var}.id IN ${param}"
    if name == "title_contains":
        return f"toLower({var}.title) CONTAINS toLower(${param})"
    if name == "statuses":
        return f"{var}.status IN ${param}"
    if name == "tags_any":
        return f"any(tag IN {var}.tags WHERE tag IN ${param})"
    if name == "milestone_types":
        return f"{var}.milestone_type IN ${param}"
    if name == "achieved":
        return f"{var}.achieved = ${param}"
    if name == "product_id":
        return _linked_from("PRODUCT", "CELEBRATES_VIA", var, param)
    if name == "health_score_id":
        return _linked_from("CUSTOMER_HEALTH_SCORE", "CONTAINS", var, param)
    if name == "outcome_id":
        label, rel = node_type("OUTCOME").label, edge_type("VALIDATES").type
        return f"EXISTS {{ ({var})-[:{rel}]->(:{label} {{id: ${param}}}) }}"
    raise ValueError(f"no such filter: {name}")


def _linked_from(type_key: str, rel_key: str, var: str, param: str) -> str:
    label, rel = node_type(type_key).label, edge_type(rel_key).type
    return f"EXISTS {{ (:{label} {{id: ${param}}})-[:{rel}]->({var}) }}"


@dataclass
class Statement:
    """The Cypher text and its parameters."""

    text: str
    params: dict[str, Any] = field(default_factory=dict)


class Writer:
    """Writes one statement, collecting its parameters (`p0`, `p1`...)."""

    def __init__(self) -> None:
        self.params: dict[str, Any] = {}

    def param(self, value: Any) -> str:
        name = f"p{len(self.params)}"
        self.params[name] = list(value) if isinstance(value, tuple) else value
        return name

    def root(self, plan: Plan) -> str:
        calls: list[str] = []
        columns: list[str] = []
        for index, item in enumerate(plan.fields):
            column = f"r{index}"
            if isinstance(item, Conn):
                calls.extend(self._root_list(item, column))
                columns.append(f"{{items: {column}_items, total: {column}_total}} AS {column}")
            elif isinstance(item, ById):
                calls.append(self._by_id(item, column))
                columns += [column, f"{column}_account"]
            elif isinstance(item, ScoreAuditPlan):
                calls.append(audit_cypher.score_audit(self, item, column))
                columns.append(column)
        if not columns:
            columns.append("null AS none")
        return "\n".join([*calls, "RETURN " + ", ".join(columns)])

    def _root_list(self, conn: Conn, column: str) -> list[str]:
        var = "n0"
        if conn.vanity:
            return self._vanity_list(conn, column)
        if conn.audit:
            return audit_cypher.audit_page(self, conn, column)
        conditions = [f"{var}.type = ${self.param(conn.node_type)}"]
        conditions += [_condition(var, name, self.param(value)) for name, value in conn.where]
        match = f"MATCH ({var}:{BASE_LABEL}) WHERE " + " AND ".join(conditions)
        order = [f"{var}.{name} {'DESC' if desc else 'ASC'}" for name, desc in conn.order]
        keys = ", ".join([*(order or [f"{var}.title ASC"]), f"{var}.id"])
        return self.page(conn, column, match, keys)

    def _vanity_list(self, conn: Conn, column: str) -> list[str]:
        """audit/vanity_milestones' page: the class index read in title order (its composite
        keys each need a predicate), the scope tested per milestone, and the whole audit's
        total read from the label's kept count."""
        var, label = "n0", node_type("SUCCESS_MILESTONE").label
        vanity = self.param(MilestoneClass.VANITY.value)
        conditions = [f"{var}.title IS NOT NULL", f"{var}.id IS NOT NULL"]
        conditions += [_condition(var, name, self.param(value)) for name, value in conn.where]
        match = f"MATCH ({var}:{label} {{milestone_class: ${vanity}}}) WHERE " + " AND ".join(
            conditions
        )
        keys = f"{var}.milestone_class, {var}.title, {var}.id"
        kept = None if conn.where else f"RETURN COUNT {{ (:{VANITY_LABEL}) }}"
        return self.page(conn, column, match, keys, kept)

    def page(
        self,
        conn: Conn,
        column: str,
        match: str,
        keys: str,
        total: str | None = None,
        item: str | None = None,
    ) -> list[str]:
        """The page's items (each `item`, by default the node's projection) and, when selected,
        its total: what the subquery `total` returns last (`RETURN <expression>`), or a
        count of `match`."""
        var = "n0"
        skip, limit = self.param(conn.skip), self.param(conn.first)
        item = item or self.node(var, _node_plan(conn), 0, None)
        items = (
            f"CALL () {{ {match} WITH {var} ORDER BY {keys} SKIP ${skip} LIMIT ${limit} "
            f"RETURN collect({item}) AS {column}_items }}"
        )
        if not conn.needs_total:
            return [items, f"WITH *, null AS {column}_total"]
        if total is not None:
            return [items, f"CALL () {{ {total} AS {column}_total }}"]
        return [items, f"CALL () {{ {match} RETURN count({var}) AS {column}_total }}"]

    def _by_id(self, by_id: ById, column: str) -> str:
        var = "n0"
        branches = " ".join(
            f"WHEN '{_key(type_key)}' THEN {self.node(var, plan, 0, None)}"
            for type_key, plan in by_id.by_type
        )
        node_id = self.param(by_id.id)
        # No upg node with the id: an account may have it (the resolvers answer accounts).
        return (
            f"CALL () {{ OPTIONAL MATCH ({var}:{BASE_LABEL} {{id: ${node_id}}}) "
            f"RETURN collect(CASE {var}.type {branches} ELSE {var} {{.id, .type}} END) "
            f"AS {column}, "
            f"EXISTS {{ (:{ACCOUNT_LABEL} {{id: ${node_id}}}) }} AS {column}_account }}"
        )

    def node(
        self,
        var: str,
        plan: ObjectPlan | None,
        depth: int,
        weight: str | None,
        vanity: str | None = None,
        extra: tuple[str, ...] = (),
    ) -> str:
        """The node's map: what `to_node` needs, the selected properties, `isVanity` (the
        facts, or the `vanity` expression given), its connections and the `extra` entries."""
        leaves = {f.prop for f in plan.fields if isinstance(f, Leaf)} if plan else set()
        entries = [f".{name}" for name in _ALWAYS]
        entries += [f".{name}" for name in _PLAIN if name in leaves]
        entries += [f"{name}: toString({var}.{name})" for name in _TEMPORAL if name in leaves]
        entries += extra
        if "is_vanity" in leaves:
            entries.append(f"is_vanity: {vanity or _vanity(var)}")
        if weight is not None:
            entries.append(f"weight: {weight}.weight")
        for index, item in enumerate(plan.fields if plan else ()):
            if isinstance(item, Conn):
                entries.append(f"f{index}: {self._relation(var, item, depth + 1)}")
        return f"{var} {{{', '.join(entries)}}}"

    def _relation(self, parent: str, conn: Conn, depth: int) -> str:
        assert conn.edge is not None
        rel_key, outgoing = conn.edge
        rel = edge_type(rel_key).type
        var, edge = f"n{depth}", f"r{depth}"
        left, right = ("-", "->") if outgoing else ("<-", "-")
        pattern = f"({parent}){left}[{edge}:{rel}]{right}({var}:{BASE_LABEL})"
        skip, limit = self.param(conn.skip), self.param(conn.first)
        weight = edge if selects_weight(conn) else None
        items = (
            f"COLLECT {{ MATCH {pattern} WITH {var}, {edge} ORDER BY {var}.title, {var}.id "
            f"SKIP ${skip} LIMIT ${limit} "
            f"RETURN {self.node(var, _node_plan(conn), depth, weight)} }}"
        )
        total = "null"
        if conn.needs_total:
            total = f"COUNT {{ ({parent}){left}[:{rel}]{right}(:{BASE_LABEL}) }}"
        return f"{{items: {items}, total: {total}}}"


def _key(type_key: str) -> str:
    if not type_key.isidentifier():
        raise ValueError(f"not a registry key: {type_key!r}")
    return node_type(type_key).key


def _vanity(var: str) -> str:
    """Feeds a score and validates no outcome (milestone_facts.cypher + model.audit.classify)."""
    label = node_type("SUCCESS_MILESTONE").label
    contains, validates = edge_type("CONTAINS").type, edge_type("VALIDATES").type
    return (
        f"({var}:{label} AND EXISTS {{ ({var})<-[:{contains}]-() }} "
        f"AND NOT EXISTS {{ ({var})-[:{validates}]->() }})"
    )


def _node_plan(conn: Conn) -> ObjectPlan | None:
    """The node selection of a connection's edges, when its nodes are graph nodes."""
    found = node_detail(conn)
    return found if isinstance(found, ObjectPlan) else None


@lru_cache(maxsize=512)
def translate(plan: Plan) -> Statement:
    """One Cypher statement answering the plan (cached: clients repeat the same requests)."""
    writer = Writer()
    text = writer.root(plan)
    return Statement(text, writer.params)
