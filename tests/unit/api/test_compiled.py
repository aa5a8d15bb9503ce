"""Compiled reads, without Neo4j: which operations compile, and what their Cypher may contain."""

from __future__ import annotations

from typing import Any

import pytest
from graphql import GraphQLSchema, parse

from upg.api.compiled.cypher import translate
from upg.api.compiled.plan import Conn, Plan, plan
from upg.api.compiled.tree import EntryPlan, ObjectPlan, ScoreAuditPlan, node_detail
from upg.api.pagination import encode_cursor
from upg.api.schema import schema

GRAPHQL: GraphQLSchema = schema._schema

NESTED = """
query Page($first: Int, $after: String, $title: String) {
  successMilestones(first: $first, after: $after, where: {title_contains: $title},
                    orderBy: [{field: TARGET_DATE, direction: DESC}]) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { cursor node { id title isVanity
      healthScores(first: 3) { edges { weight node { title } } }
      ...Products } }
  }
}
fragment Products on SuccessMilestone { products { totalCount edges { node { title } } } }
"""


def compiled(query: str, variables: dict[str, Any] | None = None) -> Plan | None:
    return plan(GRAPHQL, parse(query), None, variables)


def test_the_nested_page_compiles_to_one_statement_with_values_as_parameters() -> None:
    hostile = "x'}) DETACH DELETE n //"
    found = compiled(NESTED, {"first": 7, "after": encode_cursor(13), "title": hostile})
    assert found is not None
    statement = translate(found)
    assert hostile not in statement.text and hostile in statement.params.values()
    assert {7, 14} <= set(statement.params.values())
    assert statement.text.count("COLLECT {") == 2 and "COUNT {" in statement.text
    [root] = found.fields
    assert isinstance(root, Conn) and (root.first, root.skip) == (7, 14)
    assert root.order == (("target_date", True),)


def test_the_text_depends_on_the_shape_not_the_values() -> None:
    one = compiled(NESTED, {"first": 1, "title": "a"})
    two = compiled(NESTED, {"first": 50, "title": "b", "after": encode_cursor(3)})
    assert one is not None and two is not None
    assert translate(one).text == translate(two).text


def test_aliases_never_reach_the_cypher_text() -> None:
    found = compiled("{ DETACH_DELETE: products { edges { node { MATCH: title } } } }")
    assert found is not None
    assert "DETACH_DELETE" not in translate(found).text
    assert "MATCH:" not in translate(found).text


@pytest.mark.parametrize(
    "query",
    [
        'mutation { deleteNode(id: "00000000-0000-4000-8000-000000000000") }',
        '{ vanityMilestones(healthScoreId: "x") { totalCount } }',
        "{ healthScoreAudits { vanityShare } }",
        "{ __schema { types { name } } }",
        "{ successMilestones { edges { node { evidence { verdict } } } } }",
        "{ products(first: 0) { totalCount } }",
        "{ products(first: 101) { totalCount } }",
        '{ products(after: "nope") { totalCount } }',
        '{ node(id: "not-a-uuid") { id } }',
        '{ successMilestones(where: {productId: "x"}) { totalCount } }',
        "{ products { edges { a: node { id } b: node { title } } } }",
        '{ milestoneAudit(productId: "x") { totalCount } }',
        "{ milestoneAudit(first: 0) { totalCount } }",
        '{ milestoneAudit(after: "bm9wZQ==") { totalCount } }',
        "{ milestoneAudit { edges { node { a: milestone { id } b: milestone { title } } } } }",
        "{ healthScoreAudits(first: 101) { totalCount } }",
        "{ healthScoreAudits { edges { node { vanityContributions { totalCount } } } } }",
        '{ unmeasuredOutcomes(after: "x") { totalCount } }',
    ],
)
def test_outside_the_subset_or_refused_means_resolvers(query: str) -> None:
    assert compiled(query) is None


def test_skip_and_include_follow_their_variables() -> None:
    query = "query($s: Boolean!) { products { totalCount @skip(if: $s) edges { cursor } } }"
    shown, hidden = compiled(query, {"s": False}), compiled(query, {"s": True})
    assert shown is not None and hidden is not None
    [with_total], [without_total] = shown.fields, hidden.fields
    assert isinstance(with_total, Conn) and isinstance(without_total, Conn)
    assert with_total.needs_total and not without_total.needs_total


def test_the_vanity_page_reads_the_class_index_and_the_kept_count() -> None:
    """Whole audit: the total is the label's kept count; a scoped one counts its scope."""
    whole = compiled("{ vanityMilestones(first: 5) { totalCount edges { node { id } } } }")
    product = "00000000-0000-4000-8000-000000000001"
    scoped = compiled(
        "query($p: ID) { vanityMilestones(productId: $p) { totalCount edges { node { id } } } }",
        {"p": product},
    )
    assert whole is not None and scoped is not None
    text = translate(whole).text
    assert "{milestone_class: $p0}" in text and "ORDER BY n0.milestone_class, n0.title" in text
    assert "COUNT { (:VanityMilestone) }" in text and "count(n0)" not in text
    scoped_statement = translate(scoped)
    assert "VanityMilestone" not in scoped_statement.text
    assert "count(n0)" in scoped_statement.text and product in scoped_statement.params.values()


AUDIT = """
query($p: ID, $after: String) { milestoneAudit(productId: $p, first: 5, after: $after) {
  totalCount edges { cursor node { classification milestone { id isVanity } } } } }
"""


def _audit_conn(found: Plan | None) -> Conn:
    assert found is not None
    [root] = found.fields
    assert isinstance(root, Conn)
    return root


def test_the_whole_milestone_audit_reads_each_class_in_index_order_up_to_the_page() -> None:
    """No scope: per class, the (milestone_class, title, id) index up to skip + first, merged;
    the total is the label's kept count; the entry's isVanity is its kept class."""
    found = compiled(AUDIT, {"after": encode_cursor(9)})
    conn = _audit_conn(found)
    assert (conn.audit, conn.where, conn.first, conn.skip) == ("milestoneAudit", (), 5, 10)
    entry = node_detail(conn)
    assert isinstance(entry, EntryPlan)
    assert [name for _, name, _ in entry.fields] == ["classification", "milestone"]
    assert found is not None
    statement = translate(found)
    text = statement.text
    assert "UNWIND $" in text and "{milestone_class: cls}" in text
    assert "ORDER BY n0.milestone_class, n0.title, n0.id LIMIT $" in text
    assert "COUNT { (:SuccessMilestone) }" in text and "count(n0)" not in text
    assert "is_vanity: n0.milestone_class = $" in text
    assert 15 in statement.params.values()  # skip + first: each class stops there
    assert ["VALIDATED", "VANITY", "UNTRACKED", "ORPHAN"] in statement.params.values()


def test_a_product_audit_starts_from_the_product_and_counts_its_degree() -> None:
    product = "00000000-0000-4000-8000-000000000001"
    found = compiled(AUDIT, {"p": product})
    conn = _audit_conn(found)
    assert conn.where == (("product_id", product),)
    assert found is not None
    statement = translate(found)
    assert "MATCH (p0:UpgNode {id: $" in statement.text and "UNWIND" not in statement.text
    assert "sum(COUNT { (p0)-[:CELEBRATES_VIA]->() })" in statement.text
    assert product in statement.params.values()
    # An empty id is no scope, as the resolver reads it.
    assert _audit_conn(compiled(AUDIT, {"p": ""})).where == ()


def test_an_audit_total_is_read_only_when_selected() -> None:
    found = compiled("{ milestoneAudit { edges { node { classification } } } }")
    assert found is not None
    assert "COUNT {" not in translate(found).text
    gaps = compiled("{ unmeasuredOutcomes { edges { cursor } } }")
    assert gaps is not None and "count(" not in translate(gaps).text


def test_score_audits_and_unmeasured_outcomes_plan_their_nodes() -> None:
    found = compiled(
        "{ healthScoreAudits(first: 3) { totalCount edges { node { vanityShare healthScore { id }"
        " vanityMilestones(first: 2) { edges { node { title } } } } } }"
        " unmeasuredOutcomes { edges { node { title createdAt } } } }"
    )
    assert found is not None
    audits, gaps = found.fields
    assert isinstance(audits, Conn) and isinstance(gaps, Conn)
    audit, outcome = node_detail(audits), node_detail(gaps)
    assert isinstance(audit, ScoreAuditPlan)
    assert [name for _, name, _ in audit.fields] == [
        "vanityShare",
        "healthScore",
        "vanityMilestones",
    ]
    assert isinstance(outcome, ObjectPlan) and outcome.type_name == "Outcome"
    text = translate(found).text
    assert "COUNT { (:CustomerHealthScore) }" in text
    assert "NOT EXISTS { (n0)<-[:VALIDATES]-() }" in text
