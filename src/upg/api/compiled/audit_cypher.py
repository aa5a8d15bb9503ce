"""The audits' fragments of a compiled statement (see `cypher` for the rules every fragment keeps).

Each keeps the semantics of the statement the resolvers run and reads only the page:
- one score's audit and a page of them (`audit/health_score_audit`): the weights summed over
  the score's CONTAINS edges as that statement sums them, its vanity milestones by title;
- `milestoneAudit` (`audit/milestone_audit`, by title then id, the class its kept
  `milestone_class`): one product's page starts from the product and expands its milestones
  (its total is the product's degree);
  the whole audit's page reads the (milestone_class, title, id) index once per class, in
  order, `skip + first` entries each, and merges them, so it never touches the milestones
  past the page; its total is the label's kept count;
- `unmeasuredOutcomes` (`audit/unmeasured_outcomes`): outcomes no milestone validates.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from upg.api.compiled.tree import (
    HEALTH_SCORE_AUDITS,
    MILESTONE_AUDIT,
    UNMEASURED_OUTCOMES,
    Conn,
    EntryPlan,
    ObjectPlan,
    ScoreAuditPlan,
    node_detail,
)
from upg.model.audit import MilestoneClass
from upg.model.registry import BASE_LABEL, edge_type, node_type

if TYPE_CHECKING:
    from upg.api.compiled.cypher import Writer


def score_audit(writer: Writer, audit: ScoreAuditPlan, column: str) -> str:
    """`healthScoreAudit(id:)`: the score sought by id, null when there is none."""
    label = node_type("CUSTOMER_HEALTH_SCORE").label
    found = _audit_map(writer, audit)
    return (
        f"CALL () {{ OPTIONAL MATCH (n0:{BASE_LABEL} {{id: ${writer.param(audit.id)}}}) "
        f"WHERE n0:{label} {_weights(writer)} "
        f"RETURN CASE WHEN n0 IS NULL THEN null ELSE {found} END AS {column} }}"
    )


def audit_page(writer: Writer, conn: Conn, column: str) -> list[str]:
    """One of the audits' pages, as `Writer.page` writes a list's: items, then the total."""
    if conn.audit == MILESTONE_AUDIT:
        return _milestone_audit(writer, conn, column)
    if conn.audit == HEALTH_SCORE_AUDITS:
        return _score_audits(writer, conn, column)
    if conn.audit == UNMEASURED_OUTCOMES:
        label, validates = node_type("OUTCOME").label, edge_type("VALIDATES").type
        match = f"MATCH (n0:{label}) WHERE NOT EXISTS {{ (n0)<-[:{validates}]-() }}"
        return writer.page(conn, column, match, "n0.title, n0.id")
    raise ValueError(f"no such audit page: {conn.audit}")


def _score_audits(writer: Writer, conn: Conn, column: str) -> list[str]:
    """A page of scores by title, each audited after the page is cut (the sums read only the
    page's scores' edges); the total is the label's kept count."""
    label = node_type("CUSTOMER_HEALTH_SCORE").label
    detail = node_detail(conn)
    audit = detail if isinstance(detail, ScoreAuditPlan) else ScoreAuditPlan("", "", ())
    skip, limit = writer.param(conn.skip), writer.param(conn.first)
    found = _audit_map(writer, audit)
    # Ordered again after the sums: a page of rows, so the order costs nothing and holds
    # whatever the planner does with the subquery's rows.
    items = (
        f"CALL () {{ MATCH (n0:{label}) WITH n0 ORDER BY n0.title, n0.id "
        f"SKIP ${skip} LIMIT ${limit} {_weights(writer)} "
        f"WITH * ORDER BY n0.title, n0.id RETURN collect({found}) AS {column}_items }}"
    )
    return [items, _total(conn, column, f"RETURN COUNT {{ (:{label}) }}")]


def _milestone_audit(writer: Writer, conn: Conn, column: str) -> list[str]:
    label = node_type("SUCCESS_MILESTONE").label
    vanity = writer.param(MilestoneClass.VANITY.value)
    detail = node_detail(conn)
    milestone = _milestone_plan(detail) if isinstance(detail, EntryPlan) else None
    # The entry's own isVanity is its kept class, as the resolvers prime it from the audit.
    item = writer.node(
        "n0",
        milestone,
        0,
        None,
        vanity=f"n0.milestone_class = ${vanity}",
        extra=("milestone_class: n0.milestone_class",),
    )
    scope = dict(conn.where).get("product_id")
    if scope is not None:
        # The far ends are not checked by label, nor made distinct: the registry only lets a
        # product CELEBRATE_VIA a milestone, and edges are merged (one per pair). So the total
        # is the product's degree (a few db hits, not one per milestone).
        product, celebrates = node_type("PRODUCT").label, edge_type("CELEBRATES_VIA").type
        found = f"MATCH (p0:{BASE_LABEL} {{id: ${writer.param(scope)}}}) WHERE p0:{product}"
        match = f"{found} MATCH (p0)-[:{celebrates}]->(n0)"
        total = f"{found} RETURN sum(COUNT {{ (p0)-[:{celebrates}]->() }})"
        return writer.page(conn, column, match, "n0.title, n0.id", total, item)
    classes = writer.param([c.value for c in MilestoneClass])
    end, skip, limit = (
        writer.param(conn.skip + conn.first),
        writer.param(conn.skip),
        writer.param(conn.first),
    )
    # Composite index: each key needs a predicate (title and id are never null); led by the
    # class, its order is (title, id) within one class, so each class stops after `end`.
    items = (
        f"CALL () {{ UNWIND ${classes} AS cls CALL (cls) {{ "
        f"MATCH (n0:{label} {{milestone_class: cls}}) "
        "WHERE n0.title IS NOT NULL AND n0.id IS NOT NULL "
        f"WITH n0 ORDER BY n0.milestone_class, n0.title, n0.id LIMIT ${end} RETURN n0 }} "
        f"WITH n0 ORDER BY n0.title, n0.id SKIP ${skip} LIMIT ${limit} "
        f"RETURN collect({item}) AS {column}_items }}"
    )
    return [items, _total(conn, column, f"RETURN COUNT {{ (:{label}) }}")]


def _total(conn: Conn, column: str, total: str) -> str:
    """The page's total when selected: what the subquery `total` returns last."""
    if not conn.needs_total:
        return f"WITH *, null AS {column}_total"
    return f"CALL () {{ {total} AS {column}_total }}"


def _milestone_plan(entry: EntryPlan) -> ObjectPlan | None:
    found = [d for _, name, d in entry.fields if name == "milestone" and isinstance(d, ObjectPlan)]
    return found[0] if found else None


def _weights(writer: Writer) -> str:
    """The score n0's weights as audit/health_score_audit sums them: `totalWeight`,
    `vanityWeight` and `n`, its vanity milestones' count (n0 null: zeros)."""
    contains = edge_type("CONTAINS").type
    vanity = writer.param(MilestoneClass.VANITY.value)
    return (
        f"CALL (n0) {{ OPTIONAL MATCH (n0)-[c:{contains}]->(m) "
        f"WITH c.weight AS weight, m.milestone_class = ${vanity} AS vanity "
        "RETURN sum(coalesce(weight, 0.0)) AS totalWeight, "
        "sum(CASE WHEN vanity THEN weight ELSE 0.0 END) AS vanityWeight, "
        "count(CASE WHEN vanity THEN 1 END) AS n }"
    )


def _audit_map(writer: Writer, audit: ScoreAuditPlan) -> str:
    """The audit of the score n0 (after `_weights`): its sums and its selected fields."""
    contains = edge_type("CONTAINS").type
    vanity = writer.param(MilestoneClass.VANITY.value)
    entries = ["totalWeight: totalWeight", "vanityWeight: vanityWeight", "vanityCount: n"]
    for index, (_, name, detail) in enumerate(audit.fields):
        if name == "healthScore" and isinstance(detail, ObjectPlan):
            entries.append(f"f{index}: {writer.node('n0', detail, 0, None)}")
        elif name == "vanityMilestones" and isinstance(detail, Conn):
            skip, limit = writer.param(detail.skip), writer.param(detail.first)
            plan = node_detail(detail)
            node = writer.node("n1", plan if isinstance(plan, ObjectPlan) else None, 1, None)
            entries.append(
                f"f{index}: COLLECT {{ MATCH (n0)-[r1:{contains}]->(n1:{BASE_LABEL}) "
                f"WHERE n1.milestone_class = ${vanity} WITH n1 ORDER BY n1.title, n1.id "
                f"SKIP ${skip} LIMIT ${limit} RETURN {node} }}"
            )
    return "{" + ", ".join(entries) + "}"
