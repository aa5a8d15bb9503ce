"""The audits: vanity milestones, health-score vanity share, unmeasured outcomes, classes.

One implementation for every adapter: the GraphQL API, the `upg audit` CLI and the HTML report.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

from upg.errors import NotFound
from upg.model.audit import MilestoneAuditEntry, ScoreAudit, VanityMilestone
from upg.model.nodes import Node
from upg.model.query import Page
from upg.services.nodes import MAX_PAGE, check_page, parse_id
from upg.services.ports import Repository


async def vanity_milestones(
    repo: Repository,
    *,
    product_id: str | None = None,
    health_score_id: str | None = None,
    tag: str | None = None,
    first: int | None = None,
    skip: int = 0,
) -> Page[VanityMilestone]:
    """Milestones that feed a health score but validate no outcome (first=None: all of them)."""
    if first is not None:
        check_page(first, skip)
    return await repo.vanity_milestones(
        None if product_id is None else parse_id(product_id, "productId"),
        None if health_score_id is None else parse_id(health_score_id, "healthScoreId"),
        tag,
        skip,
        first,
    )


async def vanity_full(
    repo: Repository,
    *,
    product_id: str | None = None,
    health_score_id: str | None = None,
    tag: str | None = None,
) -> AsyncIterator[VanityMilestone]:
    """Every vanity milestone in the scope, in (title, id) order, streamed one at a time."""
    rows = repo.vanity_full(
        None if product_id is None else parse_id(product_id, "productId"),
        None if health_score_id is None else parse_id(health_score_id, "healthScoreId"),
        tag,
    )
    async for item in rows:
        yield item


async def health_score_audits(repo: Repository) -> list[ScoreAudit]:
    """Every health score with its total weight, vanity weight and vanity share."""
    return [audit async for audit in repo.score_audits_full()]


def score_audits_full(repo: Repository) -> AsyncIterator[ScoreAudit]:
    """Every health score's audit in (title, id) order, streamed a chunk of scores at a time."""
    return repo.score_audits_full()


async def health_score_audit_page(
    repo: Repository, *, first: int, skip: int = 0, vanity_limit: int = MAX_PAGE
) -> Page[ScoreAudit]:
    """One page of score audits, each with its first `vanity_limit` vanity milestones."""
    check_page(first, skip)
    return await repo.health_score_audits(None, skip, first, vanity_limit)


async def health_score_audit(
    repo: Repository, score_id: str, *, vanity_limit: int | None = None
) -> ScoreAudit:
    """One health score's audit; NotFound when there is no such score."""
    score_id = parse_id(score_id)
    audits = (await repo.health_score_audits(score_id, vanity_limit=vanity_limit)).items
    if not audits:
        raise NotFound(f"no customer health score with id {score_id}", field="id")
    return audits[0]


async def unmeasured_outcomes(
    repo: Repository, *, first: int | None = None, skip: int = 0
) -> Page[Node]:
    """Outcomes no milestone validates (first=None: all of them)."""
    if first is not None:
        check_page(first, skip)
    return await repo.unmeasured_outcomes(skip, first)


async def milestone_audit(
    repo: Repository, product_id: str | None = None
) -> list[MilestoneAuditEntry]:
    """Every milestone (of one product, if given) with its class."""
    return [entry async for entry in milestone_full(repo, product_id)]


def milestone_full(
    repo: Repository, product_id: str | None = None
) -> AsyncIterator[MilestoneAuditEntry]:
    """Every milestone (of one product, if given) with its class, in (title, id) order,
    streamed a chunk at a time."""
    return repo.milestone_full(None if product_id is None else parse_id(product_id, "productId"))


async def milestone_audit_page(
    repo: Repository, product_id: str | None, *, first: int, skip: int = 0
) -> Page[MilestoneAuditEntry]:
    """One page of the milestone audit."""
    check_page(first, skip)
    product = None if product_id is None else parse_id(product_id, "productId")
    return await repo.milestone_audit(product, skip, first)
