"""The whole vanity audit, read chunk by chunk (audit/vanity_full): every vanity milestone once,
in title order, also when a chunk ends inside a run of equal titles."""

from __future__ import annotations

import pytest
from neo4j import AsyncDriver

from tests.contract.graph import CELEBRATES, CONTAINS, VALIDATES, link, make
from upg.graph import audit_reads
from upg.graph.repository import Neo4jRepository
from upg.services import audits


async def test_chunks_cover_every_vanity_milestone_once_in_title_order(
    repo: Neo4jRepository, driver: AsyncDriver, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(audit_reads, "VANITY_CHUNK", 3)
    product = await make(repo, "PRODUCT", "Product")
    score = await make(repo, "CUSTOMER_HEALTH_SCORE", "Score")
    outcome = await make(repo, "OUTCOME", "Outcome")
    vanity = []
    # Seven share a title: the chunks of three must cut inside that run and lose nobody.
    for index, title in enumerate(["Same"] * 7 + ["Alpha", "Zulu", "Mid"]):
        milestone = await make(repo, "SUCCESS_MILESTONE", title)
        await link(repo, CONTAINS, score, milestone, float(index + 1))
        await link(repo, CELEBRATES, product, milestone)
        vanity.append(milestone)
    validated = await make(repo, "SUCCESS_MILESTONE", "Same")
    await link(repo, CONTAINS, score, validated, 1.0)
    await link(repo, VALIDATES, validated, outcome)

    page = await audits.vanity_milestones(repo)

    got = [(item.milestone.title, item.milestone.id) for item in page.items]
    assert got == sorted((m.title, m.id) for m in vanity)
    assert page.total == len(vanity) == 10
    assert all(item.products[0].title == "Product" for item in page.items)
    weights = {item.milestone.id: item.scores[0].weight for item in page.items}
    assert weights == {m.id: float(i + 1) for i, m in enumerate(vanity)}
    scoped = await audits.vanity_milestones(repo, product_id=product.id)
    assert [i.milestone.id for i in scoped.items] == [i.milestone.id for i in page.items]
