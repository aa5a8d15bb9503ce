"""A validated read operation as a plan of the read model, or None when it lies outside the subset.

The compiled subset: query operations whose root fields are the node lists (`products`,
`outcomes`, `healthScores`, `successMilestones`), `node(id:)`, the vanity audit's page
(`vanityMilestones(productId:, healthScoreId:)`) and one score's audit (`healthScoreAudit(id:)`
without `vanityContributions`), selecting connections
(`totalCount`, `pageInfo`, `edges { cursor node weight }`), node scalars, `isVanity`, the
relationship connections and `__typename`, through aliases, fragments and `@skip`/`@include`.
Fields are collected with graphql-core's own `collect_fields`, so merging, fragment type
conditions and directives mean exactly what they mean to the resolvers.

Any argument the resolvers would refuse (a bad cursor, `first` out of range, an id that is not
a UUID) makes the plan None: the resolvers then answer, with their errors, as they do today.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from graphql import (
    DocumentNode,
    FragmentDefinitionNode,
    GraphQLError,
    GraphQLField,
    GraphQLNamedType,
    GraphQLObjectType,
    GraphQLOutputType,
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

from upg.api.compiled.arguments import order_keys, vanity_scope, where_filters
from upg.api.compiled.errors import Outside
from upg.api.pagination import skip_after
from upg.errors import Invalid
from upg.services.nodes import MAX_PAGE, parse_id

DEFAULT_FIRST = 20

ROOT_LISTS = {
    "products": "PRODUCT",
    "outcomes": "OUTCOME",
    "healthScores": "CUSTOMER_HEALTH_SCORE",
    "successMilestones": "SUCCESS_MILESTONE",
}
"""Root list fields -> the node type key they list."""

TYPE_NAMES = {
    "PRODUCT": "Product",
    "OUTCOME": "Outcome",
    "CUSTOMER_HEALTH_SCORE": "CustomerHealthScore",
    "SUCCESS_MILESTONE": "SuccessMilestone",
}
"""Node type key -> its GraphQL object type (as `upg.api.types.as_node` picks it)."""

RELATIONS: dict[tuple[str, str], tuple[str, bool]] = {
    ("Product", "milestones"): ("CELEBRATES_VIA", True),
    ("Outcome", "validatedBy"): ("VALIDATES", False),
    ("CustomerHealthScore", "milestones"): ("CONTAINS", True),
    ("SuccessMilestone", "products"): ("CELEBRATES_VIA", False),
    ("SuccessMilestone", "healthScores"): ("CONTAINS", False),
    ("SuccessMilestone", "outcomes"): ("VALIDATES", True),
}
"""(type, field) -> (edge type, outgoing): the relationship connections, as types.py reads them."""

SCALARS = {
    "id": "id",
    "type": "type",
    "title": "title",
    "description": "description",
    "status": "status",
    "tags": "tags",
    "createdAt": "created_at",
    "updatedAt": "updated_at",
    "milestoneType": "milestone_type",
    "targetDate": "target_date",
    "achieved": "achieved",
    "windowDays": "window_days",
    "play": "play",
}
"""GraphQL scalar field -> node property: the whitelist of what a projection may name."""


@dataclass(frozen=True)
class Leaf:
    """A node scalar (`prop` from SCALARS), `isVanity` (prop "is_vanity") or `__typename`."""

    key: str
    prop: str
    type: GraphQLOutputType | None = None
    typename: str = ""


@dataclass(frozen=True)
class ObjectPlan:
    """The fields selected on one object type, in response order."""

    type_name: str
    fields: tuple[Leaf | Conn | ById, ...]


@dataclass(frozen=True)
class Conn:
    """A connection: a root list (edge None) or a relationship (edge type, outgoing)."""

    key: str
    type_name: str
    node_type: str
    edge: tuple[str, bool] | None
    first: int
    skip: int
    where: tuple[tuple[str, Any], ...]
    order: tuple[tuple[str, bool], ...]
    parts: tuple[tuple[str, str, Any], ...]
    """(response key, part, detail): part is __typename (detail: type name), totalCount,
    pageInfo (detail: ((key, field), ...)) or edges (detail: EdgesPlan)."""
    vanity: bool = False
    """The vanity audit's milestones (`vanityMilestones`) instead of a node list."""

    @property
    def needs_total(self) -> bool:
        return any(part in ("totalCount", "pageInfo") for _, part, _ in self.parts)


@dataclass(frozen=True)
class EdgesPlan:
    type_name: str
    fields: tuple[tuple[str, str, ObjectPlan | None], ...]
    """(response key, field, node plan): field is __typename, cursor, weight or node."""


@dataclass(frozen=True)
class ById:
    """`node(id:)`: one plan per node type the id may turn out to be."""

    key: str
    id: str
    by_type: tuple[tuple[str, ObjectPlan], ...]


@dataclass(frozen=True)
class ScoreAuditPlan:
    """`healthScoreAudit(id:)`: the fields selected on the audit, in response order."""

    key: str
    id: str
    fields: tuple[tuple[str, str, ObjectPlan | Conn | None], ...]
    """(response key, field, detail): __typename, healthScore (its ObjectPlan), totalWeight,
    vanityWeight, vanityShare or vanityMilestones (a Conn over the score's vanity milestones)."""


SCORE_AUDIT_VALUES = ("__typename", "totalWeight", "vanityWeight", "vanityShare")


@dataclass(frozen=True)
class Plan:
    """A compiled operation: its root fields in response order."""

    fields: tuple[Conn | ById | Leaf | ScoreAuditPlan, ...]


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
        return _Planner(schema, document, operation, coerced).root()
    except (Outside, Invalid, GraphQLError):
        return None


class _Planner:
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
            elif name in ROOT_LISTS:
                definition = query.fields[name]
                args = self._args(definition, details)
                fields.append(self._conn(key, definition, details, args, None, ROOT_LISTS[name]))
            elif name == "node":
                args = self._args(query.fields[name], details)
                fields.append(self._by_id(key, details, parse_id(args["id"])))
            elif name == "vanityMilestones":
                definition = query.fields[name]
                args = self._args(definition, details)
                conn = self._conn(key, definition, details, args, None, "SUCCESS_MILESTONE")
                fields.append(replace(conn, where=vanity_scope(args), vanity=True))
            elif name == "healthScoreAudit":
                args = self._args(query.fields[name], details)
                fields.append(self._score_audit(key, query.fields[name], details, args["id"]))
            else:
                raise Outside(name)
        return Plan(tuple(fields))

    def _args(self, definition: GraphQLField, details: list[FieldDetails]) -> dict[str, Any]:
        detail = details[0]
        if detail.fragment_variable_values is not None:
            raise Outside("fragment variables")
        return get_argument_values(definition, detail.node, self.variables)

    def _sub(self, parent: GraphQLObjectType, details: list[FieldDetails]) -> dict[str, Any]:
        collected = collect_subfields(
            self.schema, self.fragments, self.variables, self.operation, parent, details
        )
        if collected.new_defer_usages:
            raise Outside("@defer")
        return collected.grouped_field_set

    def _by_id(self, key: str, details: list[FieldDetails], node_id: str) -> ById:
        by_type = [(k, self._object(self._object_type(n), details)) for k, n in TYPE_NAMES.items()]
        return ById(key, node_id, tuple(by_type))

    def _score_audit(
        self, key: str, definition: GraphQLField, details: list[FieldDetails], score_id: str
    ) -> ScoreAuditPlan:
        audit = get_named_type(definition.type)
        if not isinstance(audit, GraphQLObjectType):
            raise Outside(key)
        fields: list[tuple[str, str, ObjectPlan | Conn | None]] = []
        for sub_key, sub in self._sub(audit, details).items():
            name = sub[0].node.name.value
            if name in SCORE_AUDIT_VALUES:
                fields.append((sub_key, name, None))
            elif name == "healthScore":
                score = self._object(self._object_type("CustomerHealthScore"), sub)
                fields.append((sub_key, name, score))
            elif name == "vanityMilestones":
                field = audit.fields[name]
                args = self._args(field, sub)
                conn = self._conn(sub_key, field, sub, args, None, "SUCCESS_MILESTONE")
                fields.append((sub_key, name, conn))
            else:
                raise Outside(name)
        return ScoreAuditPlan(key, parse_id(score_id), tuple(fields))

    def _object_type(self, name: str) -> GraphQLObjectType:
        found = self.schema.get_type(name)
        if not isinstance(found, GraphQLObjectType):
            raise Outside(name)
        return found

    def _object(self, parent: GraphQLObjectType, details: list[FieldDetails]) -> ObjectPlan:
        fields: list[Leaf | Conn | ById] = []
        for key, sub in self._sub(parent, details).items():
            name = sub[0].node.name.value
            if name == "__typename":
                fields.append(Leaf(key, "__typename", typename=parent.name))
            elif name in SCALARS:
                fields.append(Leaf(key, SCALARS[name], parent.fields[name].type))
            elif name == "isVanity" and parent.name == "SuccessMilestone":
                fields.append(Leaf(key, "is_vanity", parent.fields[name].type))
            elif (parent.name, name) in RELATIONS:
                definition = parent.fields[name]
                args = self._args(definition, sub)
                node_type = _node_type_key(get_named_type(definition.type), self.schema)
                edge = RELATIONS[(parent.name, name)]
                fields.append(self._conn(key, definition, sub, args, edge, node_type))
            else:
                raise Outside(name)
        return ObjectPlan(parent.name, tuple(fields))

    def _conn(
        self,
        key: str,
        definition: GraphQLField,
        details: list[FieldDetails],
        args: dict[str, Any],
        edge: tuple[str, bool] | None,
        node_type: str,
    ) -> Conn:
        connection = get_named_type(definition.type)
        if not isinstance(connection, GraphQLObjectType):
            raise Outside(key)
        first = args.get("first")
        first = DEFAULT_FIRST if first is None else first
        skip = skip_after(args.get("after"))  # Invalid: resolvers answer
        if not 1 <= first <= MAX_PAGE:
            raise Outside("first out of range")
        parts: list[tuple[str, str, Any]] = []
        for sub_key, sub in self._sub(connection, details).items():
            name = sub[0].node.name.value
            if name == "__typename":
                parts.append((sub_key, name, connection.name))
            elif name == "totalCount":
                parts.append((sub_key, name, None))
            elif name == "pageInfo":
                parts.append((sub_key, name, self._page_info(connection, sub)))
            elif name == "edges":
                parts.append((sub_key, name, self._edges(connection, sub, node_type)))
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
        found = self._sub(page_info, details).items()
        return tuple((key, sub[0].node.name.value) for key, sub in found)

    def _edges(
        self, connection: GraphQLObjectType, details: list[FieldDetails], node_type: str
    ) -> EdgesPlan:
        edge = get_named_type(connection.fields["edges"].type)
        if not isinstance(edge, GraphQLObjectType):
            raise Outside("edges")
        fields: list[tuple[str, str, ObjectPlan | None]] = []
        for key, sub in self._sub(edge, details).items():
            name = sub[0].node.name.value
            if name in ("__typename", "cursor", "weight"):
                fields.append((key, name, None))
            elif name == "node":
                fields.append(
                    (key, name, self._object(self._object_type(TYPE_NAMES[node_type]), sub))
                )
            else:
                raise Outside(name)
        return EdgesPlan(edge.name, tuple(fields))


def _nodes(edges: EdgesPlan) -> list[ObjectPlan]:
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
