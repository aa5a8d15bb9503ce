"""Schemathesis in GraphQL mode against the live API: no generated request may cause a 5xx.

The app is served by uvicorn on a free port (authenticated as an admin, rate limit off) and every
query and mutation field of the introspected schema gets UPG_FUZZ_EXAMPLES generated documents
(default 8: a bounded run for CI, about a minute on two cores). Each response must be below 500,
carry no masked INTERNAL_SERVER_ERROR, and be a well-formed GraphQL response. Expected refusals
(BAD_USER_INPUT, NOT_FOUND, CONFLICT...) are fine: random ids rarely exist.

A longer run: `UPG_FUZZ_EXAMPLES=200 pytest tests/e2e/api/test_fuzz.py` (see docs/fuzzing.md).
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import Case, GenerationMode
from schemathesis.core.result import Ok
from schemathesis.core.transport import Response
from schemathesis.schemas import APIOperation
from schemathesis.specs.graphql.schemas import GraphQLSchema

from tests.live_server import serve
from upg.api.app import create_app
from upg.api.errors import INTERNAL
from upg.config import Settings

EXAMPLES = int(os.environ.get("UPG_FUZZ_EXAMPLES", "8"))
"""Generated documents per query or mutation field."""

GraphQLCase = Case[APIOperation[Any, Any, Any, Any]]
"""A generated request: schemathesis leaves its operation's parameter types open (Any)."""


@pytest.fixture
def fuzz_url(settings: Settings) -> Iterator[str]:
    """The API on a free loopback port; no rate limit, so the fuzzer is never throttled."""
    app = create_app(settings.model_copy(update={"rate_limit_per_min": 0}))
    with serve(app) as url:
        yield f"{url}/graphql"


@pytest.fixture
def fuzz_schema(fuzz_url: str, auth_headers: dict[str, str]) -> GraphQLSchema:
    """The live schema, by introspection."""
    return schemathesis.graphql.from_url(fuzz_url, headers=auth_headers, timeout=30)


def check(case: GraphQLCase, response: Response) -> None:
    """A sane answer: below 500, nothing masked, every error coded, a GraphQL-shaped body."""
    curl = case.as_curl_command()
    assert response.status_code < 500, (curl, response.status_code, response.text)
    body = response.json()
    assert isinstance(body, dict), (curl, body)
    codes = [(e.get("extensions") or {}).get("code") for e in body.get("errors") or ()]
    assert INTERNAL not in codes, (curl, body)
    assert all(codes), (curl, body)
    case.validate_response(response, checks=[schemathesis.checks.response_schema_conformance])


# Schemathesis' pytest loader (`schemathesis.pytest.from_fixture`) breaks on pytest 9 (it sets
# `Function._nodeid`), so each operation gets a Hypothesis test of its own here.
@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_no_generated_request_is_a_server_error(
    fuzz_schema: GraphQLSchema, auth_headers: dict[str, str], mode: GenerationMode
) -> None:
    operations = []
    for result in fuzz_schema.get_all_operations():
        assert isinstance(result, Ok), result.err()
        operations.append(result.ok())
    assert len(operations) > 15, [op.label for op in operations]
    statuses: Counter[int] = Counter()

    for operation in operations:

        @settings(
            max_examples=EXAMPLES,
            derandomize=True,
            database=None,
            deadline=None,
            suppress_health_check=list(HealthCheck),
        )
        @given(case=operation.as_strategy(generation_mode=mode))
        def fuzz(case: GraphQLCase) -> None:
            response = case.call(headers=auth_headers, timeout=30)
            statuses[response.status_code] += 1
            check(case, response)

        fuzz()

    print(f"{mode.value}: {len(operations)} operations, responses by status {dict(statuses)}")
    # Vacuous if the fuzzer were locked out: every request must have been let in.
    assert statuses and not statuses.keys() & {401, 403, 429}, statuses
