"""Strawberry's private attributes upg reads still mean what upg needs: fails on a change."""

from __future__ import annotations

from graphql import parse, print_schema
from strawberry.types import ExecutionContext
from strawberry.types.graphql import OperationType

from upg.api.schema import schema
from upg.api.strawberry_private import graphql_schema, provided_operation_name

TWO = "query A { products { totalCount } } query B { outcomes { totalCount } }"


def _execution(provided: str | None) -> ExecutionContext:
    return ExecutionContext(
        query=TWO,
        schema=schema,
        allowed_operations=(OperationType.QUERY,),
        provided_operation_name=provided,
        graphql_document=parse(TWO),
    )


def test_the_provided_operation_name_is_what_the_client_sent() -> None:
    unnamed = _execution(None)
    assert unnamed.operation_name == "A"  # the public property falls back to the first one
    assert provided_operation_name(unnamed) is None
    assert provided_operation_name(_execution("B")) == "B"


def test_the_graphql_schema_is_the_one_strawberry_prints() -> None:
    built = graphql_schema(schema)
    assert built.query_type is not None and built.query_type.name == "Query"
    assert "evidenceReport" in built.query_type.fields
    assert print_schema(built).count("type ") == schema.as_str().count("type ")
