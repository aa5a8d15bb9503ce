"""The audit CLI's `--api` source reads this API: the same answers as its Neo4j source."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from starlette.applications import Starlette

from tests.auth import jwt_for
from upg.audit.api_source import ApiSource
from upg.audit.graph_source import GraphSource
from upg.config import Settings
from upg.graph.repository import Neo4jRepository
from upg.model.audit import MilestoneAuditEntry, Ref, ScoreAudit, VanityMilestone
from upg.model.nodes import Node
from upg.services.demo import DOCFLOW, TRIAL_HEALTH, load_demo

_MAPPED = (
    "id",
    "type",
    "title",
    "status",
    "description",
    "tags",
    "milestone_type",
    "target_date",
    "achieved",
)
"""The node fields the API source reads (not timestamps)."""


def _node(node: Node) -> tuple[Any, ...]:
    return tuple(getattr(node, name) for name in _MAPPED)


def _refs(refs: tuple[Ref, ...]) -> list[Ref]:
    # The API orders neighbours by title; the audit statements return them as stored.
    return sorted(refs, key=lambda ref: (ref.title, ref.id))


def _vanity(item: VanityMilestone) -> tuple[Any, ...]:
    return _node(item.milestone), _refs(item.products), _refs(item.scores)


def _score(audit: ScoreAudit) -> tuple[Any, ...]:
    return _node(audit.score), audit.total_weight, audit.vanity_weight, audit.vanity_milestones


def _entry(entry: MilestoneAuditEntry) -> tuple[Any, ...]:
    refs = (_refs(entry.products), _refs(entry.scores), _refs(entry.outcomes))
    return _node(entry.milestone), entry.classification, refs


@pytest.fixture
async def sources(
    app: Starlette, repository: Neo4jRepository, settings: Settings
) -> AsyncIterator[tuple[ApiSource, GraphSource]]:
    await load_demo(repository)
    transport = httpx.ASGITransport(app=app)
    token = jwt_for(settings, "reader")
    async with ApiSource("http://upg.test", token, transport=transport) as api:
        yield api, GraphSource(repository)


async def test_api_source_agrees_with_the_graph_source(
    sources: tuple[ApiSource, GraphSource],
) -> None:
    api, graph = sources
    assert await api.products() == await graph.products()
    assert await api.find_by_id(DOCFLOW.id) == await graph.find_by_id(DOCFLOW.id)
    assert await api.find_by_title("CUSTOMER_HEALTH_SCORE", "health") == (
        await graph.find_by_title("CUSTOMER_HEALTH_SCORE", "health")
    )
    for product_id, score_id in [(None, None), (DOCFLOW.id, None), (None, TRIAL_HEALTH.id)]:
        from_api = await api.vanity_milestones(product_id, score_id, None)
        from_graph = await graph.vanity_milestones(product_id, score_id, None)
        assert [_vanity(v) for v in from_api] == [_vanity(v) for v in from_graph]
    from_api_scores = await api.health_score_audits()
    assert [_score(a) for a in from_api_scores] == [
        _score(a) for a in await graph.health_score_audits()
    ]
    assert [_node(o) for o in await api.unmeasured_outcomes()] == [
        _node(o) for o in await graph.unmeasured_outcomes()
    ]
    for product_id in (None, DOCFLOW.id):
        from_api_entries = await api.milestone_audit(product_id)
        from_graph_entries = await graph.milestone_audit(product_id)
        assert [_entry(e) for e in from_api_entries] == [_entry(e) for e in from_graph_entries]
