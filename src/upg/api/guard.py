"""Before an operation runs: may this caller run it, and may it cost this much?

Checked once per operation, after validation and before any resolver, so a refused operation
writes nothing: `FORBIDDEN` when a root field needs a role the caller lacks, and
`COST_LIMIT_EXCEEDED` when the operation may return more objects than the budget allows.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from graphql import (
    DocumentNode,
    ExecutionResult,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    InlineFragmentNode,
    OperationDefinitionNode,
    OperationType,
    SelectionSetNode,
    get_operation_ast,
)
from strawberry.extensions import SchemaExtension

from upg.api.context import Context
from upg.api.cost import fragments_of, query_cost
from upg.api.errors import BAD_USER_INPUT
from upg.api.strawberry_private import graphql_schema, provided_operation_name
from upg.model.auth import Principal, Role

FORBIDDEN = "FORBIDDEN"
UNAUTHENTICATED = "UNAUTHENTICATED"
COST_LIMIT_EXCEEDED = "COST_LIMIT_EXCEEDED"

NEEDS: Mapping[str, Role] = {
    "apiTokens": Role.ADMIN,
    "createApiToken": Role.ADMIN,
    "revokeApiToken": Role.ADMIN,
    "revokeJwt": Role.ADMIN,
    "computeEvidence": Role.ADMIN,
}
"""Root fields that need more than their operation type's role."""
BY_OPERATION = {OperationType.QUERY: Role.READER, OperationType.MUTATION: Role.EDITOR}
EVIDENCE_FIELDS = frozenset({"evidenceReport", "computeEvidence", "healthScoreBacktest"})
"""Root fields that each count every account: one of them per request."""


def needed_role(document: DocumentNode, operation_name: str | None) -> tuple[Role, str]:
    """The role the operation needs, and the root field that needs it."""
    operation = get_operation_ast(document, operation_name)
    if operation is None:
        return Role.READER, ""
    fragments = fragments_of(document)
    base = BY_OPERATION.get(operation.operation, Role.ADMIN)
    needed, because = base, operation.operation.value
    for name in _root_fields(operation.selection_set, fragments, frozenset()):
        role = NEEDS.get(name, base)
        if role.rank > needed.rank:
            needed, because = role, name
    return needed, because


def _root_fields(
    selections: SelectionSetNode,
    fragments: Mapping[str, FragmentDefinitionNode],
    seen: frozenset[str],
) -> Iterator[str]:
    for selection in selections.selections:
        if isinstance(selection, FieldNode):
            yield selection.name.value
        elif isinstance(selection, InlineFragmentNode):
            yield from _root_fields(selection.selection_set, fragments, seen)
        elif isinstance(selection, FragmentSpreadNode):
            name = selection.name.value
            if name in fragments and name not in seen:
                yield from _root_fields(fragments[name].selection_set, fragments, seen | {name})


def refusal(
    principal: Principal | None, document: DocumentNode, operation_name: str | None
) -> GraphQLError | None:
    """FORBIDDEN when the caller's role does not cover the operation."""
    if principal is None:
        return GraphQLError("authentication required", extensions={"code": UNAUTHENTICATED})
    needed, because = needed_role(document, operation_name)
    if principal.role.allows(needed):
        return None
    return GraphQLError(
        f"forbidden: {because} needs the {needed.value} role; "
        f"{principal.subject} has {principal.role.value}",
        extensions={"code": FORBIDDEN, "requiredRole": needed.value},
    )


def evidence_refusal(document: DocumentNode, operation_name: str | None) -> GraphQLError | None:
    """BAD_USER_INPUT when the operation asks for more than one evidence report."""
    operation = get_operation_ast(document, operation_name)
    if operation is None:
        return None
    fields = _root_fields(operation.selection_set, fragments_of(document), frozenset())
    found = [name for name in fields if name in EVIDENCE_FIELDS]
    if len(found) <= 1:
        return None
    return GraphQLError(
        f"{found[0]}: at most one evidence report per request (a backtest counts as one), this "
        f"one asks for {len(found)} "
        "(each counts every account): send them one at a time",
        extensions={"code": BAD_USER_INPUT, "field": found[0]},
    )


def _unnamed() -> GraphQLError:
    return GraphQLError(
        "Must provide operation name if query contains multiple operations.",
        extensions={"code": "GRAPHQL_VALIDATION_FAILED"},
    )


def _operations(document: DocumentNode) -> int:
    return sum(isinstance(d, OperationDefinitionNode) for d in document.definitions)


class Guard(SchemaExtension):
    """Role and cost checks; reports `extensions.queryCost`."""

    def __init__(self) -> None:
        self._cost: int | None = None

    def on_execute(self) -> Iterator[None]:
        execution = self.execution_context
        context = execution.context
        document = execution.graphql_document
        # Strawberry picks the first operation when the client named none; the spec says no.
        named = provided_operation_name(execution)
        if document is not None and named is None and _operations(document) > 1:
            execution.result = ExecutionResult(data=None, errors=[_unnamed()])
        elif isinstance(context, Context) and document is not None:
            error = self._check(context, document, execution.operation_name, execution.variables)
            if error is not None:
                execution.result = ExecutionResult(data=None, errors=[error])
        yield

    def _check(
        self,
        context: Context,
        document: DocumentNode,
        operation_name: str | None,
        variables: dict[str, Any] | None,
    ) -> GraphQLError | None:
        refused = refusal(context.principal, document, operation_name)
        if refused is None:
            refused = evidence_refusal(document, operation_name)
        if refused is not None:
            return refused
        schema = graphql_schema(self.execution_context.schema)
        self._cost = query_cost(schema, document, operation_name, variables)
        limit = context.services.max_query_cost
        if self._cost > limit:
            return GraphQLError(
                f"query cost {self._cost} exceeds the limit of {limit} objects "
                "(a connection costs its `first` times its parents' `first`): ask for "
                "smaller pages or split the query",
                extensions={
                    "code": COST_LIMIT_EXCEEDED,
                    "cost": self._cost,
                    "limit": limit,
                },
            )
        return None

    def get_results(self) -> dict[str, Any]:
        return {} if self._cost is None else {"queryCost": self._cost}
