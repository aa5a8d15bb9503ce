"""Compiled reads, without Neo4j: which operations compile, and what their Cypher may contain."""

from __future__ import annotations

from typing import Any

import pytest
from graphql import GraphQLSchema, parse

from upg.api.compiled.cypher import translate
from upg.api.compiled.plan import Conn, Plan, plan
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
