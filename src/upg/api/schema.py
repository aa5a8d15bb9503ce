"""The GraphQL schema: the queries and mutations, with upg's limits, checks and error handling."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Any

import strawberry
from graphql import GraphQLError, NoSchemaIntrospectionCustomRule
from strawberry.extensions import (
    AddValidationRules,
    MaxAliasesLimiter,
    MaxTokensLimiter,
    ParserCache,
    QueryDepthLimiter,
    SchemaExtension,
    ValidationCache,
)
from strawberry.schema.config import StrawberryConfig
from strawberry.tools import merge_types
from strawberry.types import ExecutionContext

from upg.api.compiled.extension import CompiledReads
from upg.api.context import Context
from upg.api.errors import ErrorCodes, capped, without_suggestions
from upg.api.guard import Guard
from upg.api.mutations import Mutation
from upg.api.queries import Query
from upg.api.search import SearchQuery
from upg.graph.cypher import round_trips

MAX_DEPTH = 10
MAX_ALIASES = 30
MAX_TOKENS = 2000

# Schema ---------------------------------------------------------------------------------------


class CypherRoundTrips(SchemaExtension):
    """Counts the Cypher statements an operation runs: `extensions.cypherRoundTrips`."""

    def __init__(self) -> None:
        self._counter = [0]

    def on_operation(self) -> Iterator[None]:
        context = self.execution_context.context
        if isinstance(context, Context):
            self._counter = context.round_trips
        token = round_trips.set(self._counter)
        try:
            yield
        finally:
            round_trips.reset(token)

    def get_results(self) -> dict[str, Any]:
        return {"cypherRoundTrips": self._counter[0]}


class UpgSchema(strawberry.Schema):
    def process_errors(
        self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        """Cap every message; hide "Did you mean" hints when suggestions are off (ErrorCodes
        logs what it masks)."""
        hide = self.config.disable_field_suggestions
        for error in errors:
            message = without_suggestions(error.message) if hide else error.message
            error.message = capped(message)


LIMITS = (
    *QueryDepthLimiter(max_depth=MAX_DEPTH).validation_rules,
    *MaxAliasesLimiter(max_alias_count=MAX_ALIASES).validation_rules,
)
"""Depth and alias limits as validation rules, built once: the same rule classes on every
request let ValidationCache reuse the result for a document it has seen (the limiter
extensions would build new classes per request, and nothing would ever be cached)."""

CACHED_DOCUMENTS = 256
"""Parsed and validated documents kept (clients send the same few documents again and again)."""


ExtensionFactory = type[SchemaExtension] | Callable[[], SchemaExtension]


def build_schema(
    *,
    production: bool = False,
    observing: Sequence[ExtensionFactory] = (),
    compiled: bool = True,
) -> UpgSchema:
    """The schema; in production introspection is refused and errors suggest no field names.

    `observing`: extensions that record or trace operations; they run outermost (first in,
    last out), so they time and see everything the others do. `compiled`: answer reads in the
    compiled subset with one Cypher statement (upg.api.compiled; after Guard, so after its checks).
    """
    rules = [*LIMITS, *([NoSchemaIntrospectionCustomRule] if production else [])]
    return UpgSchema(
        query=merge_types("Query", (Query, SearchQuery)),
        mutation=Mutation,
        config=StrawberryConfig(disable_field_suggestions=production),
        extensions=[
            *observing,
            ErrorCodes,
            CypherRoundTrips,
            Guard,
            lambda: MaxTokensLimiter(max_token_count=MAX_TOKENS),
            lambda: ParserCache(maxsize=CACHED_DOCUMENTS),
            lambda: AddValidationRules(rules),
            lambda: ValidationCache(maxsize=CACHED_DOCUMENTS),
            *([CompiledReads] if compiled else []),
        ],
    )


schema = build_schema()
"""The development schema (also what `upg schema export` writes)."""


def sdl() -> str:
    """The schema in SDL, as `upg schema export` writes it."""
    return schema.as_str() + "\n"
