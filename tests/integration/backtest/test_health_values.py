"""Health values per account on the real Neo4j: windows, vanity part, earned part, as of."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

from upg.bootstrap import Upg
from upg.services import backtest, demo
from upg.services.evidence import import_rows

SIGNED_UP = datetime(2026, 1, 5, tzinfo=UTC)


def rows(items: list[dict[str, Any]]) -> tuple[str, Iterator[tuple[int, dict[str, Any]]]]:
    return "rows", enumerate(items, start=1)


def at(days: float) -> datetime:
    return SIGNED_UP + timedelta(days=days)


async def load_account(container: Upg) -> None:
    await demo.load_demo(container.repository)
    summary = await import_rows(
        container.evidence,
        rows([{"id": "a1", "signed_up_at": SIGNED_UP, "products": [demo.DOCFLOW.id]}]),
        rows(
            [
                # Inside its 3-day window: counts.
                {"account_id": "a1", "milestone_id": demo.SECOND_EDITOR.id, "at": at(2)},
                # Vanity, inside the default 14-day window: counts, as vanity.
                {"account_id": "a1", "milestone_id": demo.WATCHED_TUTORIAL.id, "at": at(5)},
                # Vanity, after its 14-day window: a miss.
                {"account_id": "a1", "milestone_id": demo.PROFILE_COMPLETED.id, "at": at(20)},
            ]
        ),
        None,
    )
    assert summary.rejected == []


async def test_values_count_milestones_inside_their_windows(container: Upg) -> None:
    await load_account(container)
    found = await backtest.account_health_scores(container.backtest, ["a1", "nobody"], at(30))
    assert list(found) == ["a1"]
    [trial] = found["a1"]
    assert trial.score_id == demo.TRIAL_HEALTH.id
    # Trial health: second editor 5, profile 1, tutorial 1 (total 7).
    assert trial.value == 100 * 6 / 7
    assert trial.vanity_value == 100 * 1 / 7
    assert trial.earned_value == 0.0  # no evidence stored yet
    assert set(trial.reached) == {demo.SECOND_EDITOR.id, demo.WATCHED_TUTORIAL.id}


async def test_value_as_of_a_date_sees_only_what_was_reached_by_then(container: Upg) -> None:
    await load_account(container)
    [early] = (await backtest.account_health_scores(container.backtest, ["a1"], at(1)))["a1"]
    assert early.value == 0.0
    [later] = (await backtest.account_health_scores(container.backtest, ["a1"], at(3)))["a1"]
    assert later.value == 100 * 5 / 7


async def test_earned_value_counts_only_milestones_with_validated_evidence(
    container: Upg,
) -> None:
    await load_account(container)
    stored = await container.evidence.store(
        [
            {
                "milestone_id": demo.SECOND_EDITOR.id,
                "outcome_id": demo.TRIAL_CONVERTS.id,
                "evidence": {"evidence_verdict": "VALIDATED"},
            }
        ],
        at(40),
    )
    assert stored == 1
    [trial] = (await backtest.account_health_scores(container.backtest, ["a1"], at(30)))["a1"]
    assert trial.earned_value == 100 * 5 / 7
    assert trial.value == 100 * 6 / 7
