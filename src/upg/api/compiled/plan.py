"""A validated read operation as a plan of the read model, or None when it lies outside the subset.

The compiled subset: query operations whose root fields are the node lists (`products`,
`outcomes`, `healthScores`, `successMilestones`), `node(id:)`, the vanity audit's page
(`vanityMilestones(productId:, healthScoreId:)`), one score's audit (`healthScoreAudit(id:)`
without `vanityContributions`) and the audits' pages (`milestoneAudit(productId:)`: each entry's
`milestone` and `classification`; `healthScoreAudits`' page of score audits, each as
`healthScoreAudit(id:)` compiles it; `unmeasuredOutcomes`), selecting connections
(`totalCount`, `pageInfo`, `edges { cursor node weight }`), node scalars, `isVanity`, the
relationship connections and `__typename`, through aliases, fragments and `@skip`/`@include`.
Fields are collected with graphql-core's own `collect_fields`, so merging, fragment type
conditions and directives mean exactly what they mean to the resolvers. The audits' parts are
planned in `audits.py`; the plan's parts are the values of `tree.py`.

Any argument the resolvers would refuse (a bad cursor, `first` out of range, an id that is not
a UUID) makes the plan None: the resolvers then answer, with their errors, as they do today.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

from graphql import (
    DocumentNode,
    FragmentDefinitionNode,
    GraphQLError,
    GraphQLField,
    GraphQLNamedType,
    GraphQLObjectType,
    GraphQLSchema,
    OperationDefinitionNode,
    OperationType,
    get_named_type,
    get_operation_ast,
)
from graphql.execution.collect_fields import (
    FieldDetails,
    FragmentDetails,
    collect_fields,
    collect_subfields,
)
from graphql.execution.values import VariableValues, get_argument_values, get_variable_values

from upg.api.compiled import audits
from upg.api.compiled.arguments import order_keys, vanity_scope, where_filters
from upg.api.compiled.errors import Outside
from upg.api.compiled.tree import (
    AUDIT_ROOTS,
    RELATIONS,
    SCALARS,
    TYPE_NAMES,
    ById,
    Conn,
    EdgesPlan,
    EntryPlan,
    Leaf,
    ObjectPlan,
    Plan,
    ScoreAuditPlan,
)
from upg.api.pagination import skip_after
from upg.errors import Invalid
from upg.services.nodes import MAX_PAGE, parse_id

__all__ = ["DEFAULT_FIRST", "ROOT_LISTS", "Conn", "Plan", "plan"]

DEFAULT_FIRST = 20

ROOT_LISTS = {
    "products": "PRODUCT",
    "outcomes": "OUTCOME",
    "healthScores": "CUSTOMER_HEALTH_SCORE",
    "successMilestones": "SUCCESS_MILESTONE",
}
"""Root list fields -> the node type key they list."""

NodePlanner = Callable[[list[FieldDetails]], ObjectPlan | EntryPlan | ScoreAuditPlan]
"""Plans what a connection's edges select on their node."""


def plan(
    schema: GraphQLSchema,
    document: DocumentNode,
    operation_name: str | None,
    variables: dict[str, Any] | None,
) -> Plan | None:
    """The plan of a validated operation, or None when the resolvers must answer it."""
    operation = get_operation_ast(document, operation_name)
    if operation is None or operation.operation is not OperationType.QUERY:
        return None
    coerced = get_variable_values(schema, operation.variable_definitions or (), variables or {})
    if not isinstance(coerced, VariableValues):
        return None
    try:
        return Planner(schema, document, operation, coerced).root()
    except (Outside, Invalid, GraphQLError):
        return None


class Planner:
    """Plans one operation's fields (the audits' parts through `audits`)."""

    def __init__(
        self,
        schema: GraphQLSchema,
        document: DocumentNode,
        operation: OperationDefinitionNode,
        variables: VariableValues,
    ) -> None:
        self.schema = schema
        self.operation = operation
        self.variables = variables
        self.fragments = {
            d.name.value: FragmentDetails(d)
            for d in document.definitions
            if isinstance(d, FragmentDefinitionNode)
        }

    def root(self) -> Plan:
        query = self.schema.query_type
        if query is None:
            raise Outside("no query type")
        collected = collect_fields(
            self.schema, self.fragments, self.variables, query, self.operation
        )
        if collected.new_defer_usages:
            raise Outside("@defer")
        fields: list[Conn | ById | Leaf | ScoreAuditPlan] = []
        for key, details in collected.grouped_field_set.items():
            name = details[0].node.name.value
            if name == "__typename":
                fields.append(Leaf(key, "__typename", typename=query.name))
                continue
            definition = query.fields.get(name)
            if definition is None:
                raise Outside(name)
            if name in ROOT_LISTS:
                args = self.args(definition, details)
                fields.append(self.conn(key, definition, details, args, None, ROOT_LISTS[name]))
            elif name == "node":
                args = self.args(definition, details)
                fields.append(self._by_id(key, details, parse_id(args["id"])))
            elif name == "vanityMilestones":
                args = self.args(definition, details)
                conn = self.conn(key, definition, details, args, None, "SUCCESS_MILESTONE")
                fields.append(replace(conn, where=vanity_scope(args), vanity=True))
            elif name == "healthScoreAudit":
                args = self.args(definition, details)
                audit = audits.score_audit(self, key, details)
                fields.append(replace(audit, id=parse_id(args["id"])))
            elif name in AUDIT_ROOTS:
                fields.append(audits.audit_page(self, key, name, definition, details))
            else:
                raise Outside(name)
        return Plan(tuple(fields))

    def args(self, definition: GraphQLField, details: list[FieldDetails]) -> dict[str, Any]:
        detail = details[0]
        if detail.fragment_variable_values is not None:
            raise Outside("fragment variables")
        return get_argument_values(definition, detail.node, self.variables)

    def sub(self, parent: GraphQLObjectType, details: list[FieldDetails]) -> dict[str, Any]:
        collected = collect_subfields(
            self.schema, self.fragments, self.variables, self.operation, parent, details
        )
        if collected.new_defer_usages:
            raise Outside("@defer")
        return collected.grouped_field_set

    def _by_id(self, key: str, details: list[FieldDetails], node_id: str) -> ById:
        by_type = [(k, self.object(self.object_type(n), details)) for k, n in TYPE_NAMES.items()]
        return ById(key, node_id, tuple(by_type))

    def object_type(self, name: str) -> GraphQLObjectType:
        found = self.schema.get_type(name)
        if not isinstance(found, GraphQLObjectType):
            raise Outside(name)
        return found

    def object(self, parent: GraphQLObjectType, details: list[FieldDetails]) -> ObjectPlan:
        fields: list[Leaf | Conn | ById] = []
        for key, sub in self.sub(parent, details).items():
            name = sub[0].node.name.value
            if name == "__typename":
                fields.append(Leaf(key, "__typename", typename=parent.name))
            elif name in SCALARS:
                fields.append(Leaf(key, SCALARS[name], parent.fields[name].type))
            elif name == "isVanity" and parent.name == "SuccessMilestone":
                fields.append(Leaf(key, "is_vanity", parent.fields[name].type))
            elif (parent.name, name) in RELATIONS:
                definition = parent.fields[name]
                args = self.args(definition, sub)
                node_type = _node_type_key(get_named_type(definition.type), self.schema)
                edge = RELATIONS[(parent.name, name)]
                fields.append(self.conn(key, definition, sub, args, edge, node_type))
            else:
                raise Outside(name)
        return ObjectPlan(parent.name, tuple(fields))

    def conn(
        self,
        key: str,
        definition: GraphQLField,
        details: list[FieldDetails],
        args: dict[str, Any],
        edge: tuple[str, bool] | None,
        node_type: str,
        node: NodePlanner | None = None,
    ) -> Conn:
        """A connection whose edges' node is a `node_type` node (or what `node` plans)."""
        connection = get_named_type(definition.type)
        if not isinstance(connection, GraphQLObjectType):
            raise Outside(key)
        first = args.get("first")
        first = DEFAULT_FIRST if first is None else first
        skip = skip_after(args.get("after"))  # Invalid: resolvers answer
        if not 1 <= first <= MAX_PAGE:
            raise Outside("first out of range")
        if node is None:
            node_object = self.object_type(TYPE_NAMES[node_type])

            def node(sub: list[FieldDetails]) -> ObjectPlan:
                return self.object(node_object, sub)

        parts: list[tuple[str, str, Any]] = []
        for sub_key, sub in self.sub(connection, details).items():
            name = sub[0].node.name.value
            if name == "__typename":
                parts.append((sub_key, name, connection.name))
            elif name == "totalCount":
                parts.append((sub_key, name, None))
            elif name == "pageInfo":
                parts.append((sub_key, name, self._page_info(connection, sub)))
            elif name == "edges":
                parts.append((sub_key, name, self._edges(connection, sub, node)))
            else:
                raise Outside(name)
        if sum(len(_nodes(detail)) for _, name, detail in parts if name == "edges") > 1:
            raise Outside("node selected under more than one response key")
        return Conn(
            key=key,
            type_name=connection.name,
            node_type=node_type,
            edge=edge,
            first=first,
            skip=skip,
            where=where_filters(args.get("where")),
            order=order_keys(args.get("orderBy")),
            parts=tuple(parts),
        )

    def _page_info(
        self, connection: GraphQLObjectType, details: list[FieldDetails]
    ) -> tuple[tuple[str, str], ...]:
        page_info = get_named_type(connection.fields["pageInfo"].type)
        if not isinstance(page_info, GraphQLObjectType):
            raise Outside("pageInfo")
        found = self.sub(page_info, details).items()
        return tuple((key, sub[0].node.name.value) for key, sub in found)

    def _edges(
        self, connection: GraphQLObjectType, details: list[FieldDetails], node: NodePlanner
    ) -> EdgesPlan:
        edge = get_named_type(connection.fields["edges"].type)
        if not isinstance(edge, GraphQLObjectType):
            raise Outside("edges")
        fields: list[tuple[str, str, ObjectPlan | EntryPlan | ScoreAuditPlan | None]] = []
        for key, sub in self.sub(edge, details).items():
            name = sub[0].node.name.value
            if name in ("__typename", "cursor", "weight"):
                fields.append((key, name, None))
            elif name == "node":
                fields.append((key, name, node(sub)))
            else:
                raise Outside(name)
        return EdgesPlan(edge.name, tuple(fields))


def _nodes(edges: EdgesPlan) -> list[ObjectPlan | EntryPlan | ScoreAuditPlan]:
    return [plan for _, name, plan in edges.fields if name == "node" and plan is not None]


def _node_type_key(named: GraphQLNamedType, schema: GraphQLSchema) -> str:
    """The node type key a connection type lists (`ProductConnection` -> PRODUCT)."""
    for type_key, type_name in TYPE_NAMES.items():
        if named.name.startswith(type_name) and named.name.removeprefix(type_name) in (
            "Connection",
            "WeightedConnection",
        ):
            return type_key
    raise Outside(named.name)
