"""CompiledReads: answer a read in the compiled subset with one Cypher statement, no resolvers.

Registered after Guard, so its `on_execute` runs once the role guard, the cost check and the
parse/validation limits have passed (a refused operation already has its result and is left
alone). Setting `execution_context.result` before yielding makes Strawberry skip execution, so
no resolver runs; the other extensions (round trips, error codes, observation) see the
operation as usual. Anything outside the subset, or any failure while compiling or shaping,
leaves the result unset and the resolvers answer exactly as they do without this extension.
"""

from __future__ import annotations

import json
import logging
from collections.abc import AsyncIterator
from typing import Any

from graphql import ExecutionResult, FragmentDefinitionNode, GraphQLError, get_operation_ast
from graphql.execution.collect_fields import FragmentDetails, collect_fields
from graphql.execution.values import VariableValues, get_variable_values
from strawberry.extensions import SchemaExtension

from upg.api.compiled.cypher import translate
from upg.api.compiled.plan import plan
from upg.api.compiled.shape import shape
from upg.api.compiled.tree import ById, Leaf, Plan, ScoreAuditPlan
from upg.api.context import Context
from upg.errors import Unavailable
from upg.graph.repository import Neo4jRepository

log = logging.getLogger("upg.api.compiled")

CACHED_PLANS = 256
"""Plans kept per (document, operation name, variables): clients repeat the same requests."""

COMPILED_STATEMENT = "compiled/read"
"""The name compiled statements are observed under (a fixed one: metric labels stay bounded)."""

_plans: dict[tuple[int, str, str | None, str], Plan | None] = {}


class CompiledReads(SchemaExtension):
    """Runs a compiled read instead of the resolvers; adds `extensions.compiled: true`."""

    def __init__(self) -> None:
        self._compiled = False

    async def on_execute(self) -> AsyncIterator[None]:
        execution = self.execution_context
        context = execution.context
        if (
            execution.result is None
            and execution.graphql_document is not None
            and isinstance(context, Context)
            and isinstance(context.repository, Neo4jRepository)
        ):
            await self._answer(context.repository)
        yield

    async def _answer(self, repository: Neo4jRepository) -> None:
        execution = self.execution_context
        schema = execution.schema._schema
        found = _plan_of(schema, execution.graphql_document, execution)
        if found is None:
            return
        statement = translate(found)
        try:
            row = await repository.read_compiled(
                COMPILED_STATEMENT, statement.text, statement.params
            )
        except Unavailable as exc:
            # Neo4j is down, refuses upg or timed out: the resolvers would only try again (twice
            # the wait, twice the failed logins). Answer as they would: each root field fails.
            execution.result = unavailable(execution, found, exc)
            return
        try:
            data = shape(found, row)
        except Exception:  # the resolvers answer instead, errors and all
            # The statement that ran still counts in cypherRoundTrips: the count stays truthful.
            log.debug("compiled answer unshapable; resolvers answer", exc_info=True)
            return
        if any(
            isinstance(f, ById) and data.get(f.key) is None and row.get(f"r{index}_account")
            for index, f in enumerate(found.fields)
        ):
            # No upg node has that id but an account has: the resolvers answer accounts.
            return
        log.debug("compiled read: %s", statement.text)
        execution.result = ExecutionResult(data=data)
        self._compiled = True

    def get_results(self) -> dict[str, Any]:
        return {"compiled": True} if self._compiled else {}


def unavailable(execution: Any, found: Plan, exc: Unavailable) -> ExecutionResult:
    """What the resolvers answer when Neo4j fails: an error per root field that reads it, and
    null data when one of them is non-null (every list is; `node` is nullable)."""
    schema = execution.schema._schema
    operation = get_operation_ast(execution.graphql_document, execution.operation_name)
    assert operation is not None and schema.query_type is not None
    variables = get_variable_values(
        schema, operation.variable_definitions or (), execution.variables or {}
    )
    assert isinstance(variables, VariableValues)
    fragments = {
        d.name.value: FragmentDetails(d)
        for d in execution.graphql_document.definitions
        if isinstance(d, FragmentDefinitionNode)
    }
    grouped = collect_fields(
        schema, fragments, variables, schema.query_type, operation
    ).grouped_field_set
    data: dict[str, Any] | None = {}
    errors = []
    for item in found.fields:
        if isinstance(item, Leaf):
            if data is not None:
                data[item.key] = item.typename
            continue
        node = grouped[item.key][0].node
        errors.append(GraphQLError(exc.message, nodes=node, path=[item.key], original_error=exc))
        if isinstance(item, ById | ScoreAuditPlan):  # nullable roots
            if data is not None:
                data[item.key] = None
        else:
            data = None
    return ExecutionResult(data=data, errors=errors)


def _plan_of(schema: Any, document: Any, execution: Any) -> Plan | None:
    key = (
        id(schema),
        execution.query or "",
        execution.operation_name,
        json.dumps(execution.variables, sort_keys=True, default=str),
    )
    if key in _plans:
        return _plans[key]
    found = plan(schema, document, execution.operation_name, execution.variables)
    if len(_plans) >= CACHED_PLANS:
        del _plans[next(iter(_plans))]
    _plans[key] = found
    return found
