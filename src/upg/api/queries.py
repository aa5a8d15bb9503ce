"""The GraphQL queries: node lists, audits and evidence over the service layer (no Cypher here).

Resolvers validate arguments, call `upg.services.*`, and map model objects to GraphQL types.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

import strawberry

from upg.api import inputs
from upg.api import types as t
from upg.api.account_fields import AccountQueries, find_account
from upg.api.context import Info
from upg.api.cost import EVIDENCE_COST
from upg.api.pagination import Connection, connection, skip_after
from upg.api.types.backtest_queries import BacktestQueries
from upg.errors import Invalid, NotFound
from upg.model.audit import MilestoneClass, ScoreAudit
from upg.model.nodes import Node as ModelNode
from upg.model.query import Page
from upg.services import audits
from upg.services import evidence as evidence_service
from upg.services import nodes as node_service
from upg.services import tokens as token_service
from upg.services.nodes import MAX_PAGE
from upg.services.ports import TokenStore

UNSET: Any = strawberry.UNSET


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


async def report_evidence(
    info: Info, product_id: strawberry.ID | None, as_of: datetime | None, *, store: bool
) -> t.EvidenceReport:
    context = info.context
    product = None
    if product_id:
        product = node_service.parse_id(product_id, "productId")
        found = await context.loaders.node.load(product)
        if found is None or found.type != "PRODUCT":
            raise NotFound(f"productId: no product with id {product}", field="productId")
    report = await evidence_service.compute(
        context.evidence,
        context.repository,
        policy=context.evidence_policy,
        as_of=evidence_service.parse_time(as_of, "asOf") if as_of else None,
        product_id=product,
        store=store,
        statistics=context.services.statistics,
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
class Query(AccountQueries, BacktestQueries):
    @t.field("Any node by id, accounts included; null when there is none.")
    async def node(self, info: Info, id: strawberry.ID) -> t.Node | None:
        try:
            node_id = node_service.parse_id(id)
        except Invalid:
            # Not a UUID: only an account may have it (else the UUID error stands).
            found_account = await find_account(info, str(id))
            if found_account is None:
                raise
            return found_account
        found = await info.context.loaders.node.load(node_id)
        if found is None:
            return await find_account(info, str(id))
        return t.as_node(found)

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
            audit = await audits.health_score_audit(
                info.context.repository, id, vanity_limit=MAX_PAGE
            )
        except NotFound:
            return None
        _prime_audited(info, [audit])
        return t.score_audit(audit)

    @t.field("Every health score's vanity audit, by title.")
    async def health_score_audits(
        self, info: Info, first: int | None = t.DEFAULT_FIRST, after: str | None = UNSET
    ) -> Connection[t.HealthScoreAudit]:
        page = await audits.health_score_audit_page(
            info.context.repository, first=t.page_size(first), skip=skip_after(after)
        )
        _prime_audited(info, page.items)
        return connection(page, t.score_audit)

    @t.field("Outcomes no milestone validates: nobody measures them.")
    async def unmeasured_outcomes(
        self, info: Info, first: int | None = t.DEFAULT_FIRST, after: str | None = UNSET
    ) -> Connection[t.Outcome]:
        page = await audits.unmeasured_outcomes(
            info.context.repository, first=t.page_size(first), skip=skip_after(after)
        )
        return connection(page, t.outcome)

    @t.field("Every milestone (of one product, if given) with its class, by title.")
    async def milestone_audit(
        self,
        info: Info,
        product_id: strawberry.ID | None = UNSET,
        first: int | None = t.DEFAULT_FIRST,
        after: str | None = UNSET,
    ) -> Connection[t.MilestoneAuditEntry]:
        page = await audits.milestone_audit_page(
            info.context.repository,
            product_id or None,
            first=t.page_size(first),
            skip=skip_after(after),
        )
        loaders = info.context.loaders
        for entry in page.items:
            vanity = entry.classification is MilestoneClass.VANITY
            loaders.is_vanity.prime(entry.milestone.id, vanity)
        return connection(page, t.audit_entry)

    @t.field(
        "Does reaching each milestone predict the outcome? Evidence for every claimed "
        "(VALIDATES) and every observed pair, computed now from the accounts in the graph and "
        "not stored (computeEvidence stores it). Only one product's milestones when given; "
        "accounts are counted as of asOf (default: now). One per request; it costs "
        f"{EVIDENCE_COST:,} of the query budget (it counts every account)."
    )
    async def evidence_report(
        self,
        info: Info,
        product_id: strawberry.ID | None = UNSET,
        as_of: datetime | None = UNSET,
    ) -> t.EvidenceReport:
        return await report_evidence(info, product_id or None, as_of or None, store=False)

    @t.field("Every API key, newest first, revoked ones included (admin only).")
    async def api_tokens(self, info: Info) -> list[t.ApiToken]:
        return [t.api_token(token) for token in await token_service.list_tokens(token_store(info))]


def token_store(info: Info) -> TokenStore:
    return info.context.services.tokens
