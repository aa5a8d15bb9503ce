"""Query cost: connections multiply by `first`, unbounded lists count 100, scalars are free."""

from __future__ import annotations

from typing import Any

import pytest
from graphql import parse

from upg.api.cost import EVIDENCE_COST, SEARCH_COST, query_cost
from upg.api.schema import schema
from upg.api.strawberry_private import graphql_schema
from upg.api.types.fields import DEFAULT_FIRST
from upg.services.nodes import MAX_PAGE


def cost(document: str, variables: dict[str, Any] | None = None, name: str | None = None) -> int:
    return query_cost(graphql_schema(schema), parse(document), name, variables)


NESTED = """query($p: Int) { products(first: $p) { edges { node {
  milestones(first: 20) { edges { node { outcomes { totalCount } healthScores(first: 5) {
    edges { weight node { title } } } } } } } } } }"""


@pytest.mark.parametrize(
    ("document", "variables", "expected"),
    [
        ("{ products { totalCount } }", None, 20),
        ("{ products(first: 7) { edges { node { id title tags } } } }", None, 7),
        (NESTED, {"p": 50}, 50 + 50 * 20 + 1000 * 20 + 1000 * 5),
        (NESTED, {"p": 10_000}, 100 + 100 * 20 + 2000 * 20 + 2000 * 5),  # first is capped at 100
        (
            "{ healthScoreAudits(first: 50) { edges { node { vanityMilestones(first: 100) "
            "{ totalCount } vanityContributions { totalCount } } } } }",
            None,
            50 + 50 * 100 + 50 * 20,
        ),
        ("{ milestoneAudit { edges { node { milestone { id } } } } }", None, 20),
        ("{ node(id: 1) { id } }", None, 0),
        (
            "fragment P on Query { products(first: 3) { totalCount } } "
            "{ ...P ... on Query { outcomes(first: 4) { totalCount } } }",
            None,
            7,
        ),
    ],
)
def test_cost(document: str, variables: dict[str, Any] | None, expected: int) -> None:
    assert cost(document, variables) == expected


def test_a_search_costs_its_page_and_its_count() -> None:
    page = (
        '{ search(text: "x", first: 5) { edges { node { id '
        "... on Product { milestones(first: 3) { totalCount } } } } } }"
    )
    assert cost(page) == SEARCH_COST + 5 + 5 * 3
    assert cost('{ search(text: "x") { totalCount } }') == SEARCH_COST + 20


def test_only_the_named_operation_counts() -> None:
    document = "query A { products(first: 2) { totalCount } } query B { outcomes { totalCount } }"
    assert (cost(document, name="A"), cost(document, name="B")) == (2, 20)
    assert cost(document, name="C") == 0


def test_a_fragment_cycle_does_not_loop() -> None:
    document = (
        "fragment A on Query { ...B } fragment B on Query { ...A products { totalCount } } { ...A }"
    )
    assert cost(document) == 20


DEFAULTED = """query Q($n: Int = 100) { products(first: $n) { edges { node {
  milestones(first: $n) { edges { node { outcomes(first: $n) { totalCount } } } } } } } }"""


@pytest.mark.parametrize(
    ("variables", "expected"),
    [
        ({}, 100 + 100 * 100 + 10_000 * 100),  # the operation's default, not the field's 20
        (None, 100 + 100 * 100 + 10_000 * 100),
        ({"n": 3}, 3 + 9 + 27),
        ({"n": None}, 100 + 100 * 100 + 10_000 * 100),  # null: not a page size, so the maximum
        ({"n": "three"}, 100 + 100 * 100 + 10_000 * 100),  # does not coerce: the maximum
    ],
)
def test_first_is_priced_as_the_resolver_gets_it(
    variables: dict[str, Any] | None, expected: int
) -> None:
    assert cost(DEFAULTED, variables) == expected


def test_an_undeclared_default_falls_back_to_the_field_default() -> None:
    assert cost("query($n: Int) { products(first: $n) { totalCount } }", {}) == 20


def test_an_evidence_report_costs_what_it_counts() -> None:
    document = "{ evidenceReport { pairs { edges { node { evidence { n } } } } } }"
    assert cost(document) == EVIDENCE_COST + DEFAULT_FIRST
    assert cost("mutation { computeEvidence { asOf } }") == EVIDENCE_COST


def test_the_evidence_lists_cost_the_pages_they_ask_for() -> None:
    document = """query($n: Int = 100) { evidenceReport {
      pairs(first: $n) { edges { node { milestone { title } evidence { n } } } }
      suggested(first: 5) { totalCount } vanityByEvidence { totalCount } } }"""
    assert cost(document, {}) == EVIDENCE_COST + 100 + 5 + DEFAULT_FIRST
    assert cost(document, {"n": 10_000}) == EVIDENCE_COST + MAX_PAGE + 5 + DEFAULT_FIRST
    mutation = "mutation { computeEvidence { pairs(first: 50) { totalCount } } }"
    assert cost(mutation) == EVIDENCE_COST + 50
