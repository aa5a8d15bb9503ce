"""The health-score band filter of accounts on the real Neo4j: the page statement's values
(computed in Cypher) select exactly the accounts whose values the model computes in Python."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from upg.bootstrap import Upg
from upg.errors import Invalid, NotFound
from upg.model.account_query import BAND_CUTS, AccountFilter, HealthBand, HealthFilter
from upg.model.journey import JourneyPolicy
from upg.services import accounts as service
from upg.services import backtest, cohort

AS_OF = datetime.now(UTC).replace(microsecond=0)
POLICY = JourneyPolicy()


async def _ids(upg: Upg, where: AccountFilter, newest_first: bool = True) -> list[str]:
    found: list[str] = []
    while True:
        page = await service.list_accounts(
            upg.accounts,
            where,
            newest_first=newest_first,
            first=37,
            skip=len(found),
            now=AS_OF,
            policy=POLICY,
        )
        found.extend(v.id for v in page.items)
        if not page.has_next:
            return found


async def _values(upg: Upg) -> dict[str, dict[str, float]]:
    """Per score, per account it applies to: its value as the model computes it."""
    every = await _ids(upg, AccountFilter())
    values: dict[str, dict[str, float]] = {}
    for start in range(0, len(every), backtest.MAX_ACCOUNTS):
        chunk = every[start : start + backtest.MAX_ACCOUNTS]
        found = await backtest.account_health_scores(upg.backtest, chunk, AS_OF, 14)
        for account_id, scored in found.items():
            for value in scored:
                values.setdefault(value.score_id, {})[account_id] = value.value
    return values


def _in_band(value: float, band: HealthBand) -> bool:
    low, below = BAND_CUTS[band]
    return (low is None or value >= low) and (below is None or value < below)


async def test_bands_select_the_accounts_whose_model_values_lie_in_them(container: Upg) -> None:
    await cohort.load_cohort(container.evidence, container.repository, 400, seed=11, as_of=AS_OF)
    values = await _values(container)
    assert len(values) >= 2
    spread = 0
    for score_id, by_account in values.items():
        union: set[str] = set()
        for band in HealthBand:
            listed = await _ids(container, AccountFilter(health=HealthFilter(score_id, band)))
            expected = {a for a, v in by_account.items() if _in_band(v, band)}
            assert set(listed) == expected, (score_id, band)
            assert len(listed) == len(set(listed))
            spread += bool(expected)
            union |= expected
        # Every account the score applies to is in exactly one band; the others in none.
        assert union == set(by_account)
        applies = await _ids(container, AccountFilter(health=HealthFilter(score_id)))
        assert set(applies) == set(by_account)
        middle = sorted(set(by_account.values()))[len(set(by_account.values())) // 2]
        ranged = HealthFilter(score_id, min=middle, max=middle)
        exact = await _ids(container, AccountFilter(health=ranged), newest_first=False)
        assert set(exact) == {a for a, v in by_account.items() if v == middle}
        page = await service.list_accounts(
            container.accounts, AccountFilter(health=ranged), first=1, now=AS_OF, policy=POLICY
        )
        assert await page.total() == len(exact)
    # The cohort spreads its accounts over several bands (the test can tell bands apart).
    assert spread >= 4


async def test_band_errors_name_their_field(container: Upg) -> None:
    await cohort.load_cohort(container.evidence, container.repository, 50, seed=2, as_of=AS_OF)
    score_id = next(iter(await _values(container)))
    cases: list[tuple[HealthFilter, str]] = [
        (HealthFilter(score_id, HealthBand.LOW, min=1.0), "healthScore.band"),
        (HealthFilter(score_id, min=101.0), "healthScore.min"),
        (HealthFilter(score_id, min=50.0, max=10.0), "healthScore.max"),
    ]
    for health, field in cases:
        with pytest.raises(Invalid) as raised:
            await service.list_accounts(container.accounts, AccountFilter(health=health))
        assert raised.value.field == field
    missing = HealthFilter("00000000-0000-0000-0000-000000000001", HealthBand.HIGH)
    with pytest.raises(NotFound) as absent:
        await service.list_accounts(container.accounts, AccountFilter(health=missing))
    assert absent.value.field == "healthScore.id"
