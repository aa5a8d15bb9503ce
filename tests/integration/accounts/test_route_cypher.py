"""The Browser guide's route statement (cypher/accounts/route) agrees with the route model."""

from __future__ import annotations

from datetime import UTC, datetime

from neo4j import AsyncDriver

from upg.bootstrap import Upg
from upg.graph.cypher import load
from upg.graph.records import native
from upg.model.journey import JourneyPolicy
from upg.model.nodes import MILESTONE_TYPES
from upg.services import accounts as service
from upg.services import cohort
from upg.services.cohort_journeys import load_journeys

AS_OF = datetime.now(UTC).replace(microsecond=0)
POLICY = JourneyPolicy()


async def test_route_statement_gives_the_steps_the_api_gives(
    container: Upg, driver: AsyncDriver
) -> None:
    await cohort.load_cohort(container.evidence, container.repository, 40, 9, AS_OF)
    loaded = await load_journeys(container.accounts, container.evidence, 9, AS_OF, 2, POLICY)
    ids = [*sorted(loaded.expected)[::2], "acct-9-0000003"]
    views = await service.views(container.accounts, ids, AS_OF, POLICY)
    compared = 0
    for view in views:
        assert view is not None
        records, _, _ = await driver.execute_query(
            load("accounts/route"),
            accountId=view.id,
            defaultWindowDays=POLICY.default_window_days,
            now=AS_OF,
            phases=list(MILESTONE_TYPES),
            cancelled="cancelled",
        )
        from_cypher = [
            (
                r["outcomeId"],
                r["milestoneId"],
                r["state"],
                native(r["dueAt"]),
                native(r["reachedAt"]),
            )
            for r in records
        ]
        from_model = [
            (route.outcome_id, s.milestone.id, s.state.value, s.due_at, s.reached_at)
            for route in sorted(view.routes, key=lambda r: r.outcome_id)
            for s in route.steps
        ]
        key = {oid: n for n, oid in enumerate(sorted({row[0] for row in from_cypher}))}
        assert sorted(from_cypher, key=lambda row: key[row[0]]) == from_model, view.id
        compared += len(from_model)
    assert compared > len(ids)
