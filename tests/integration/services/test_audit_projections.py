"""The full audits (the CLI's) read only what they print, and print what the whole-node path does.

The full vanity audit ($limit null) and the full health-score audit ($vanityLimit null) project a
few fields; the API's paged path projects whole nodes. Their printed rows must be identical, on
the demo graph and on a generated one.
"""

from __future__ import annotations

import pytest

from upg.cli import listings
from upg.graph.repository import Neo4jRepository
from upg.model.audit import ScoreAudit, VanityMilestone
from upg.services import audits, demo
from upg.services.generate import GraphSpec, generate
from upg.services.nodes import MAX_PAGE


async def _vanity_whole(repo: Neo4jRepository) -> listings.Listing:
    items: list[VanityMilestone] = []
    while True:
        page = await audits.vanity_milestones(repo, first=MAX_PAGE, skip=len(items))
        items += page.items
        if not page.has_next or not page.items:
            return listings.vanity_listing(items)


async def _scores_whole(repo: Neo4jRepository) -> listings.Listing:
    found: list[ScoreAudit] = []
    while True:
        page = await audits.health_score_audit_page(
            repo, first=MAX_PAGE, skip=len(found), vanity_limit=1_000_000
        )
        found += page.items
        if not page.has_next or not page.items:
            return listings.score_listing(found)


@pytest.mark.parametrize("graph", ["demo", "generated"])
async def test_full_audits_print_what_the_whole_nodes_print(
    repo: Neo4jRepository, graph: str
) -> None:
    if graph == "demo":
        await demo.load_demo(repo)
    else:
        await generate(repo, GraphSpec(products=8, milestones=600, scores=12, outcomes=6, seed=3))
    full = await audits.vanity_milestones(repo)
    assert full.total == len(full.items) > 0
    assert listings.vanity_listing(full.items).rows == (await _vanity_whole(repo)).rows
    scores = await audits.health_score_audits(repo)
    assert any(s.vanity_milestones for s in scores)
    assert listings.score_listing(scores).rows == (await _scores_whole(repo)).rows
    for audit in scores:
        assert audit.vanity_total == len(audit.vanity_milestones)
