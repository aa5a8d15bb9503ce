"""The GraphQL schema: queries, audits and mutations over the service layer (no Cypher here).

Resolvers validate arguments, call `upg.services.*`, and map model objects to GraphQL types.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from datetime import datetime
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
from strawberry.types import ExecutionContext

from upg.api import auth_mutations, inputs
from upg.api import types as t
from upg.api.compiled.extension import CompiledReads
from upg.api.context import Context, Info
from upg.api.errors import ErrorCodes
from upg.api.guard import Guard
from upg.api.pagination import Connection, connection, skip_after
from upg.errors import NotFound
from upg.graph.repository import round_trips
from upg.model.audit import ScoreAudit
from upg.model.nodes import Node as ModelNode
from upg.model.query import Page
from upg.services import audits
from upg.services import evidence as evidence_service
from upg.services import nodes as node_service
from upg.services import tokens as token_service
from upg.services.ports import TokenStore

MAX_DEPTH = 10
MAX_ALIASES = 30
MAX_TOKENS = 2000

UNSET: Any = strawberry.UNSET


def _given(value: float | None) -> float | None:
    return None if value is UNSET else value


async def _list(
    info: Info,
    type_key: str,
    where: inputs.NodeWhere | None,
    order_by: Sequence[inputs.NodeOrderBy] | None,
    first: int | None,
    after: str | None,
) -> Page[ModelNode]:
    page = await node_service.list_nodes(
        info.context.repository,
        type_key,
        inputs.node_filter(where),
        inputs.order(order_by),
        t.page_size(first),
        skip_after(after),
    )
    info.context.loaders.prime_nodes(list(page.items))
    return page


async def _evidence(
    info: Info, product_id: strawberry.ID | None, as_of: datetime | None, *, store: bool
) -> t.EvidenceReport:
    context = info.context
    product = None
    if product_id:
        product = node_service.parse_id(product_id, "productId")
        found = await context.loaders.node.load(product)
        if found is None or found.type != t.NodeType.PRODUCT.value:
            raise NotFound(f"productId: no product with id {product}", field="productId")
    report = await evidence_service.compute(
        context.evidence,
        context.repository,
        policy=context.evidence_policy,
        as_of=evidence_service.parse_time(as_of, "asOf") if as_of else None,
        product_id=product,
        store=store,
    )
    context.loaders.prime_nodes(
        [node for row in report.rows for node in (row.milestone, row.outcome) if node is not None]
    )
    return t.evidence_report(report)


def _prime_audited(info: Info, found: Sequence[ScoreAudit]) -> None:
    """The audit read its vanity milestones whole: `vanityMilestones` need not read them again."""
    info.context.loaders.prime_nodes(
        [ref.node for audit in found for ref in audit.vanity_milestones if ref.node is not None]
    )


@strawberry.type
class Query:
    @t.field("Any node by id; null when there is none.")
    async def node(self, info: Info, id: strawberry.ID) -> t.Node | None:
        found = await info.context.loaders.node.load(node_service.parse_id(id))
        return None if found is None else t.as_node(found)

    @strawberry.field
    async def products(
        self,
        info: Info,
        where: inputs.ProductWhere | None = UNSET,
        order_by: list[inputs.ProductOrderBy] | None = UNSET,
        first: int | None = t.DEFAULT_FIRST,
        after: str | None = UNSET,
    ) -> Connection[t.Product]:
        page = await _list(info, "PRODUCT", where, order_by, first, after)
        return connection(page, t.product)

    @strawberry.field
    async def outcomes(
        self,
        info: Info,
        where: inputs.OutcomeWhere | None = UNSET,
        order_by: list[inputs.OutcomeOrderBy] | None = UNSET,
        first: int | None = t.DEFAULT_FIRST,
        after: str | None = UNSET,
    ) -> Connection[t.Outcome]:
        page = await _list(info, "OUTCOME", where, order_by, first, after)
        return connection(page, t.outcome)

    @strawberry.field
    async def health_scores(
        self,
        info: Info,
        where: inputs.HealthScoreWhere | None = UNSET,
        order_by: list[inputs.HealthScoreOrderBy] | None = UNSET,
        first: int | None = t.DEFAULT_FIRST,
        after: str | None = UNSET,
    ) -> Connection[t.CustomerHealthScore]:
        page = await _list(info, "CUSTOMER_HEALTH_SCORE", where, order_by, first, after)
        return connection(page, t.health_score)

    @strawberry.field
    async def success_milestones(
        self,
        info: Info,
        where: inputs.SuccessMilestoneWhere | None = UNSET,
        order_by: list[inputs.SuccessMilestoneOrderBy] | None = UNSET,
        first: int | None = t.DEFAULT_FIRST,
        after: str | None = UNSET,
    ) -> Connection[t.SuccessMilestone]:
        page = await _list(info, "SUCCESS_MILESTONE", where, order_by, first, after)
        return connection(page, t.milestone)

    # Audits ------------------------------------------------------------------------------

    @t.field(
        description="Milestones that feed a health score but validate no outcome, optionally "
        "only one product's or one score's."
    )
    async def vanity_milestones(
        self,
        info: Info,
        product_id: strawberry.ID | None = UNSET,
        health_score_id: strawberry.ID | None = UNSET,
        first: int | None = t.DEFAULT_FIRST,
        after: str | None = UNSET,
    ) -> Connection[t.SuccessMilestone]:
        page = await audits.vanity_milestones(
            info.context.repository,
            product_id=product_id or None,
            health_score_id=health_score_id or None,
            first=t.page_size(first),
            skip=skip_after(after),
        )
        loaders = info.context.loaders
        for item in page.items:
            milestone_id = item.milestone.id
            loaders.is_vanity.prime(milestone_id, True)
            loaders.prime_neighbours("CELEBRATES_VIA", False, milestone_id, item.products)
            loaders.prime_neighbours("CONTAINS", False, milestone_id, item.scores)
        return connection(page, lambda item: t.milestone(item.milestone))

    @t.field("One health score's vanity audit; null when there is none.")
    async def health_score_audit(self, info: Info, id: strawberry.ID) -> t.HealthScoreAudit | None:
        try:
            audit = await audits.health_score_audit(info.context.repository, id)
        except NotFound:
            return None
        _prime_audited(info, [audit])
        return t.score_audit(audit)

    @t.field("Every health score's vanity audit, by title.")
    async def health_score_audits(self, info: Info) -> list[t.HealthScoreAudit]:
        found = await audits.health_score_audits(info.context.repository)
        _prime_audited(info, found)
        return [t.score_audit(a) for a in found]

    @t.field("Outcomes no milestone validates: nobody measures them.")
    async def unmeasured_outcomes(
        self, info: Info, first: int | None = t.DEFAULT_FIRST, after: str | None = UNSET
    ) -> Connection[t.Outcome]:
        page = await audits.unmeasured_outcomes(
            info.context.repository, first=t.page_size(first), skip=skip_after(after)
        )
        return connection(page, t.outcome)

    @t.field("Every milestone (of one product, if given) with its class.")
    async def milestone_audit(
        self, info: Info, product_id: strawberry.ID | None = UNSET
    ) -> list[t.MilestoneAuditEntry]:
        entries = await audits.milestone_audit(info.context.repository, product_id or None)
        loaders = info.context.loaders
        for entry in entries:
            vanity = entry.classification.value == t.MilestoneClass.VANITY.value
            loaders.is_vanity.prime(entry.milestone.id, vanity)
        return [t.audit_entry(entry) for entry in entries]

    @t.field(
        "Does reaching each milestone predict the outcome? Evidence for every claimed "
        "(VALIDATES) and every observed pair, computed now from the accounts in the graph and "
        "not stored (computeEvidence stores it). Only one product's milestones when given; "
        "accounts are counted as of asOf (default: now)."
    )
    async def evidence_report(
        self,
        info: Info,
        product_id: strawberry.ID | None = UNSET,
        as_of: datetime | None = UNSET,
    ) -> t.EvidenceReport:
        return await _evidence(info, product_id or None, as_of or None, store=False)

    @t.field("Every API key, newest first, revoked ones included (admin only).")
    async def api_tokens(self, info: Info) -> list[t.ApiToken]:
        return [t.api_token(token) for token in await token_service.list_tokens(_tokens(info))]


def _tokens(info: Info) -> TokenStore:
    return info.context.services.tokens


# Mutations -----------------------------------------------------------------------------------


async def _create(info: Info, type_key: str, value: inputs.NodeInput) -> ModelNode:
    info.context.loaders.clear()
    return await node_service.create_node(
        info.context.repository, type_key, inputs.create_data(value)
    )


@strawberry.type
class Mutation:
    @strawberry.mutation
    async def create_product(self, info: Info, input: inputs.ProductInput) -> t.Product:
        return t.product(await _create(info, "PRODUCT", input))

    @strawberry.mutation
    async def create_outcome(self, info: Info, input: inputs.OutcomeInput) -> t.Outcome:
        return t.outcome(await _create(info, "OUTCOME", input))

    @strawberry.mutation
    async def create_health_score(
        self, info: Info, input: inputs.HealthScoreInput
    ) -> t.CustomerHealthScore:
        return t.health_score(await _create(info, "CUSTOMER_HEALTH_SCORE", input))

    @strawberry.mutation
    async def create_success_milestone(
        self, info: Info, input: inputs.SuccessMilestoneInput
    ) -> t.SuccessMilestone:
        return t.milestone(await _create(info, "SUCCESS_MILESTONE", input))

    @t.mutation("Change the fields sent; a status change must follow the type's lifecycle.")
    async def update_node(
        self, info: Info, id: strawberry.ID, input: inputs.UpdateNodeInput
    ) -> t.Node:
        info.context.loaders.clear()
        node = await node_service.update_node(
            info.context.repository, id, inputs.update_data(input)
        )
        return t.as_node(node)

    @t.mutation("Delete a node with its edges; returns its id.")
    async def delete_node(self, info: Info, id: strawberry.ID) -> strawberry.ID:
        info.context.loaders.clear()
        return strawberry.ID(await node_service.delete_node(info.context.repository, id))

    @t.mutation(
        "Link two nodes. Linking twice keeps one edge (a weight given replaces the "
        "old one); weights are for weighted types only (CONTAINS, default 1)."
    )
    async def link(
        self,
        info: Info,
        from_id: strawberry.ID,
        to_id: strawberry.ID,
        type: t.EdgeType,
        weight: float | None = UNSET,
    ) -> t.Link:
        info.context.loaders.clear()
        edge = await node_service.link(
            info.context.repository, from_id, to_id, type.name, _given(weight)
        )
        return t.Link(
            type=t.EdgeType(edge.type), weight=edge.weight, from_id=edge.from_id, to_id=edge.to_id
        )

    @t.mutation("Remove an edge; false when there was none.")
    async def unlink(
        self, info: Info, from_id: strawberry.ID, to_id: strawberry.ID, type: t.EdgeType
    ) -> bool:
        info.context.loaders.clear()
        return await node_service.unlink(info.context.repository, from_id, to_id, type.name)

    @t.mutation("Move a milestone along its lifecycle; achieved follows DONE.")
    async def transition_milestone(
        self, info: Info, id: strawberry.ID, to: t.MilestoneStatus
    ) -> t.SuccessMilestone:
        info.context.loaders.clear()
        node = await node_service.transition_milestone(info.context.repository, id, to.value)
        return t.milestone(node)

    @t.mutation(
        "Compute evidence (as evidenceReport does) and store it on the VALIDATES edges, where "
        "SuccessMilestone.evidence and Neo4j Browser read it."
    )
    async def compute_evidence(
        self,
        info: Info,
        product_id: strawberry.ID | None = UNSET,
        as_of: datetime | None = UNSET,
    ) -> t.EvidenceReport:
        info.context.loaders.clear()
        return await _evidence(info, product_id or None, as_of or None, store=True)

    @t.mutation("Create an API key (admin only); its secret is in the answer and nowhere else.")
    async def create_api_token(self, info: Info, name: str, role: t.Role) -> t.CreatedApiToken:
        token, secret = await token_service.create_token(_tokens(info), name, role.name)
        return t.CreatedApiToken(token=t.api_token(token), secret=secret)

    @t.mutation(
        "Revoke the API keys with this id or name (admin only). This replica stops accepting "
        "them at once, other replicas within UPG_TOKEN_CACHE_SECONDS."
    )
    async def revoke_api_token(self, info: Info, ref: str) -> list[t.ApiToken]:
        revoked = await token_service.revoke_token(_tokens(info), ref)
        info.context.services.authenticator.forget()
        return [t.api_token(token) for token in revoked]

    revoke_jwt = auth_mutations.revoke_jwt


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
        """Hide "Did you mean" hints when suggestions are off (ErrorCodes logs what it masks)."""
        if self.config.disable_field_suggestions:
            for error in errors:
                error.message = _SUGGESTION.sub("", error.message)


_SUGGESTION = re.compile(r" ?Did you mean [^?]*\?")

LIMITS = (
    *QueryDepthLimiter(max_depth=MAX_DEPTH).validation_rules,
    *MaxAliasesLimiter(max_alias_count=MAX_ALIASES).validation_rules,
)
"""Depth and alias limits as validation rules, built once: the same rule classes on every
request let ValidationCache reuse the result for a document it has seen (the limiter
extensions would build new classes per request, and nothing would ever be cached)."""

ExtensionFactory = type[SchemaExtension] | Callable[[], SchemaExtension]

CACHED_DOCUMENTS = 256
"""Parsed and validated documents kept (clients send the same few documents again and again)."""


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
        query=Query,
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
