"""Repository of the reads behind health values, backtests and activation trends."""

from __future__ import annotations

import math
from collections.abc import Sequence
from functools import partial

from neo4j import AsyncDriver

from upg.graph import transactions
from upg.model.activation import Journeys
from upg.model.health_values import AccountFacts, MilestoneInfo, ScoreDefinition, ScoredMilestone
from upg.model.landmarks import PopulationFacts, facts_from_columns


class BacktestRepository:
    """Accounts as health scores see them (cypher/backtest/)."""

    def __init__(self, driver: AsyncDriver, database: str, timeout_s: float | None = None) -> None:
        """`timeout_s`: how long Neo4j lets one transaction run (None: the server's limit)."""
        self._read = partial(transactions.read_rows, driver, database, timeout_s)

    async def score_definitions(
        self, score_ids: Sequence[str] | None, default_window_days: int
    ) -> list[tuple[ScoreDefinition, dict[str, tuple[str, ...]]]]:
        """Each score (all when `score_ids` is None) with, per milestone, the outcomes it
        validates."""
        rows = await self._read(
            "backtest/score_milestones",
            scoreIds=None if score_ids is None else list(score_ids),
            defaultWindowDays=default_window_days,
            validated="VALIDATED",
        )
        found: list[tuple[ScoreDefinition, dict[str, tuple[str, ...]]]] = []
        for row in rows:
            items = [m for m in row["milestones"] if m is not None]
            milestones = tuple(
                ScoredMilestone(
                    id=m["id"],
                    title=m["title"],
                    weight=float(m["weight"]),
                    window_days=int(m["windowDays"]),
                    vanity=bool(m["vanity"]),
                    validated=bool(m["validated"]),
                )
                for m in items
            )
            outcomes = {m["id"]: tuple(m["outcomes"]) for m in items}
            found.append((ScoreDefinition(row["id"], row["title"], milestones), outcomes))
        return found

    async def account_facts(self, account_ids: Sequence[str]) -> list[AccountFacts]:
        """Sign-up, applicable scores and reached milestones of each known account."""
        rows = await self._read("backtest/account_facts", ids=list(account_ids))
        return [
            AccountFacts(
                id=row["id"],
                signed_up=float(row["signedUp"]),
                score_ids=tuple(row["scoreIds"]),
                reached={m: float(at) for m, at in row["reached"]},
            )
            for row in rows
        ]

    async def population(self, milestone_ids: Sequence[str], outcome_id: str) -> PopulationFacts:
        """Sign-up, first outcome and per-milestone reach times of every account using a product
        that celebrates one of the milestones (columns in the order of `milestone_ids`)."""
        rows = await self._read(
            "backtest/population", milestoneIds=list(milestone_ids), outcomeId=outcome_id
        )
        # No account at all: the accounts' subquery ends the statement's only row.
        row = (
            rows[0]
            if rows
            else {"signedUp": [], "reachAccount": [], "reachColumn": [], "reachAt": []}
        )
        return facts_from_columns(
            row["signedUp"],
            row["reachAccount"],
            row["reachColumn"],
            row["reachAt"],
            len(milestone_ids),
        )

    async def milestone(self, milestone_id: str, default_window_days: int) -> MilestoneInfo | None:
        """A milestone's title, window and the outcomes it validates; None when there is none."""
        rows = await self._read(
            "backtest/milestone", milestoneId=milestone_id, defaultWindowDays=default_window_days
        )
        if not rows:
            return None
        row = rows[0]
        return MilestoneInfo(
            id=row["id"],
            title=row["title"],
            window_days=int(row["windowDays"]),
            outcomes=tuple((o["id"], o["title"]) for o in row["outcomes"]),
        )

    async def journeys(self, milestone_id: str, outcome_id: str | None) -> Journeys:
        """Every account that uses a product celebrating the milestone, with its times."""
        rows = await self._read(
            "backtest/activation", milestoneId=milestone_id, outcomeId=outcome_id
        )
        if not rows:
            return Journeys((), (), ())
        row = rows[0]
        signed = [float(s) for s in row["signedUp"]]
        times = [[math.inf] * len(signed), [math.inf] * len(signed)]
        for account, column, at in zip(
            row["edgeAccount"], row["edgeColumn"], row["edgeAt"], strict=True
        ):
            times[column][account] = min(times[column][account], float(at))
        return Journeys(signed, times[0], times[1])
