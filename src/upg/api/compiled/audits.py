"""The audits' parts of a plan: one score's audit, and the audits' pages.

`healthScoreAudit(id:)` and each node of `healthScoreAudits` are a ScoreAuditPlan; the pages
(`milestoneAudit`, `healthScoreAudits`, `unmeasuredOutcomes`) are a `Conn` whose `audit` names
the page and whose `where` holds `milestoneAudit`'s product scope. Arguments the resolvers
would refuse raise (Outside, Invalid) as everywhere in the planner: the resolvers answer.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any

from graphql import GraphQLField, GraphQLOutputType
from graphql.execution.collect_fields import FieldDetails

from upg.api.compiled.errors import Outside
from upg.api.compiled.tree import (
    HEALTH_SCORE_AUDITS,
    MILESTONE_AUDIT,
    SCORE_AUDIT_VALUES,
    UNMEASURED_OUTCOMES,
    Conn,
    EntryPlan,
    ObjectPlan,
    ScoreAuditPlan,
)
from upg.services.nodes import parse_id

if TYPE_CHECKING:
    from upg.api.compiled.plan import Planner

PAGE_NODES = {
    MILESTONE_AUDIT: "SUCCESS_MILESTONE",
    HEALTH_SCORE_AUDITS: "CUSTOMER_HEALTH_SCORE",
    UNMEASURED_OUTCOMES: "OUTCOME",
}
"""Audit page -> the node type key its entries are (or hold)."""


def score_audit(planner: Planner, key: str, details: list[FieldDetails]) -> ScoreAuditPlan:
    """The fields selected on a HealthScoreAudit (its id is set by the caller, if any)."""
    audit = planner.object_type("HealthScoreAudit")
    fields: list[tuple[str, str, ObjectPlan | Conn | None]] = []
    for sub_key, sub in planner.sub(audit, details).items():
        name = sub[0].node.name.value
        if name in SCORE_AUDIT_VALUES:
            fields.append((sub_key, name, None))
        elif name == "healthScore":
            score = planner.object(planner.object_type("CustomerHealthScore"), sub)
            fields.append((sub_key, name, score))
        elif name == "vanityMilestones":
            field = audit.fields[name]
            args = planner.args(field, sub)
            conn = planner.conn(sub_key, field, sub, args, None, "SUCCESS_MILESTONE")
            fields.append((sub_key, name, conn))
        else:
            raise Outside(name)
    return ScoreAuditPlan(key, "", tuple(fields))


def audit_page(
    planner: Planner, key: str, name: str, definition: GraphQLField, details: list[FieldDetails]
) -> Conn:
    """`milestoneAudit`, `healthScoreAudits` or `unmeasuredOutcomes` as a Conn."""
    args = planner.args(definition, details)
    node_type = PAGE_NODES[name]
    if name == MILESTONE_AUDIT:
        conn = planner.conn(
            key, definition, details, args, None, node_type, lambda sub: _entry(planner, sub)
        )
        return replace(conn, where=_product_scope(args), audit=name)
    if name == HEALTH_SCORE_AUDITS:
        conn = planner.conn(
            key,
            definition,
            details,
            args,
            None,
            node_type,
            lambda sub: score_audit(planner, "", sub),
        )
        return replace(conn, audit=name)
    return replace(planner.conn(key, definition, details, args, None, node_type), audit=name)


def _product_scope(args: dict[str, Any]) -> tuple[tuple[str, Any], ...]:
    """`milestoneAudit`'s product, checked as the service checks it (an empty id means none,
    as the resolver reads it)."""
    product = args.get("productId")
    return (("product_id", parse_id(product, "productId")),) if product else ()


def _entry(planner: Planner, details: list[FieldDetails]) -> EntryPlan:
    entry = planner.object_type("MilestoneAuditEntry")
    fields: list[tuple[str, str, ObjectPlan | GraphQLOutputType | None]] = []
    for key, sub in planner.sub(entry, details).items():
        name = sub[0].node.name.value
        if name == "__typename":
            fields.append((key, name, None))
        elif name == "classification":
            fields.append((key, name, entry.fields[name].type))
        elif name == "milestone":
            if any(field == name for _, field, _ in fields):
                raise Outside("milestone selected under more than one response key")
            milestone = planner.object_type("SuccessMilestone")
            fields.append((key, name, planner.object(milestone, sub)))
        else:
            raise Outside(name)
    return EntryPlan(tuple(fields))
