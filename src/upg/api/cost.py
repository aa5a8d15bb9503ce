"""What a GraphQL request may cost: the objects it can ask for, counted before it runs.

As GitHub counts it: a connection asks for `first` objects for each object its parent may
return, so `products(first: 50) { milestones(first: 20) }` costs 50 + 50 x 20 = 1,050. Lists
without `first` (a milestone's stored evidence, API keys) count as UNBOUNDED_LIST objects each;
fields whose work is more than what they return (the evidence report) add their FIXED_COSTS.
Scalars are free.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLField,
    GraphQLInterfaceType,
    GraphQLObjectType,
    GraphQLSchema,
    InlineFragmentNode,
    SelectionSetNode,
    get_named_type,
    get_nullable_type,
    get_operation_ast,
    is_list_type,
)
from graphql.execution.values import VariableValues, get_argument_values, get_variable_values

from upg.services.nodes import MAX_PAGE

UNBOUNDED_LIST = 100
"""What a list without `first` is assumed to hold."""
EVIDENCE_COST = 10_000
"""What one evidence report costs besides its lists: it counts every account in the graph."""
BACKTEST_COST = 10_000
"""What one health-score backtest costs besides its lists: it reads every account of the score."""
TREND_COST = 2_000
"""What one activation trend costs besides its lists: it reads the accounts of one milestone."""
SEARCH_COST = 1_000
"""What one search costs besides its page: it counts every title that matches."""
FIXED_COSTS: Mapping[tuple[str, str], int] = {
    ("Query", "evidenceReport"): EVIDENCE_COST,
    ("Query", "search"): SEARCH_COST,
    ("Mutation", "computeEvidence"): EVIDENCE_COST,
    ("Query", "healthScoreBacktest"): BACKTEST_COST,
    ("Query", "activationTrend"): TREND_COST,
}
"""Fields whose work is not the objects they return, by (parent type, field)."""
LIST_SIZES: Mapping[tuple[str, str], int] = {
    ("HealthScoreBacktest", "variants"): 3,
    ("BacktestVariantResult", "calibration"): 10,
    ("BacktestVariantResult", "roc"): 101,
}
"""Lists without `first` whose length upg bounds itself (others count UNBOUNDED_LIST)."""

_Composite = GraphQLObjectType | GraphQLInterfaceType


def query_cost(
    schema: GraphQLSchema,
    document: DocumentNode,
    operation_name: str | None,
    variables: Mapping[str, Any] | None,
) -> int:
    """Objects the operation may return at most (0 when there is no such operation)."""
    operation = get_operation_ast(document, operation_name)
    root = None if operation is None else schema.get_root_type(operation.operation)
    if operation is None or root is None:
        return 0
    coerced = get_variable_values(
        schema, operation.variable_definitions or (), dict(variables or {}), max_errors=1
    )
    resolved = None if isinstance(coerced, list) else coerced
    walker = _Walker(schema, fragments_of(document), resolved)
    return walker.cost(root, operation.selection_set, 1, frozenset())


def fragments_of(document: DocumentNode) -> dict[str, FragmentDefinitionNode]:
    """The document's fragment definitions by name."""
    return {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)}


class _Walker:
    def __init__(
        self,
        schema: GraphQLSchema,
        fragments: Mapping[str, FragmentDefinitionNode],
        variables: VariableValues | None,
    ) -> None:
        self.schema = schema
        self.fragments = fragments
        self.variables = variables
        """The coerced variables; None when they do not coerce (every `first` is MAX_PAGE)."""

    def cost(
        self,
        parent: _Composite,
        selections: SelectionSetNode,
        multiplier: int,
        seen: frozenset[str],
    ) -> int:
        total = 0
        for selection in selections.selections:
            if isinstance(selection, FieldNode):
                total += self._field(parent, selection, multiplier, seen)
            elif isinstance(selection, InlineFragmentNode):
                condition = selection.type_condition
                target = self.schema.get_type(condition.name.value) if condition else parent
                if isinstance(target, _Composite):
                    total += self.cost(target, selection.selection_set, multiplier, seen)
            elif isinstance(selection, FragmentSpreadNode):
                name = selection.name.value
                fragment = self.fragments.get(name)
                if fragment is None or name in seen:
                    continue
                target = self.schema.get_type(fragment.type_condition.name.value)
                if isinstance(target, _Composite):
                    total += self.cost(target, fragment.selection_set, multiplier, seen | {name})
        return total

    def _field(
        self, parent: _Composite, node: FieldNode, multiplier: int, seen: frozenset[str]
    ) -> int:
        definition = parent.fields.get(node.name.value)
        if definition is None:
            return 0
        named = get_named_type(definition.type)
        if not isinstance(named, _Composite):
            return 0
        fixed = multiplier * FIXED_COSTS.get((parent.name, node.name.value), 0)
        own = 0
        if "first" in definition.args:
            own = multiplier * self._first(definition, node)
        elif is_list_type(get_nullable_type(definition.type)) and not _is_connection(parent):
            own = multiplier * LIST_SIZES.get((parent.name, node.name.value), UNBOUNDED_LIST)
        inner = own or multiplier
        if node.selection_set is None:
            return fixed + own
        return fixed + own + self.cost(named, node.selection_set, inner, seen)

    def _first(self, definition: GraphQLField, node: FieldNode) -> int:
        """`first` as the resolver will get it; MAX_PAGE when it cannot be known."""
        if self.variables is None:
            return MAX_PAGE
        try:
            value = get_argument_values(definition, node, self.variables).get("first")
        except GraphQLError:
            return MAX_PAGE
        if not isinstance(value, int) or isinstance(value, bool):
            return MAX_PAGE
        return max(0, min(value, MAX_PAGE))


def _is_connection(parent: _Composite) -> bool:
    """`edges` of a connection are counted by the connection's `first`."""
    return parent.name.endswith("Connection")
