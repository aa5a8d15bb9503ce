"""The two things upg reads from Strawberry that Strawberry does not publish, one function each.

tests/unit/api/test_strawberry_private.py fails as soon as a Strawberry release renames or
changes either, instead of the Guard silently checking the wrong thing.
"""

from __future__ import annotations

from graphql import GraphQLSchema
from strawberry.schema.base import BaseSchema
from strawberry.types import ExecutionContext


def provided_operation_name(execution: ExecutionContext) -> str | None:
    """The operation name the client sent, or None: the public `operation_name` falls back to
    the document's first operation, which would hide a missing name."""
    provided = vars(execution)["_provided_operation_name"]
    if provided is not None and not isinstance(provided, str):
        raise TypeError(f"Strawberry's provided operation name is a {type(provided).__name__}")
    return provided


def graphql_schema(schema: BaseSchema) -> GraphQLSchema:
    """The graphql-core schema Strawberry built (for graphql-core's own utilities)."""
    built = vars(schema)["_schema"]
    if not isinstance(built, GraphQLSchema):
        raise TypeError(f"Strawberry's built schema is a {type(built).__name__}")
    return built
