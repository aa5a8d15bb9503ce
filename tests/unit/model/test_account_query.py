"""The health-score band filter's bounds and parameters (pure)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from upg.errors import Invalid
from upg.model.account_query import (
    AccountFilter,
    HealthBand,
    HealthFilter,
    filter_params,
    health_bounds,
)

NOW = datetime(2026, 11, 28, tzinfo=UTC)


def _in(value: float, bounds: tuple[float | None, float | None, float | None]) -> bool:
    low, below, up_to = bounds
    return (
        (low is None or value >= low)
        and (below is None or value < below)
        and (up_to is None or value <= up_to)
    )


def test_bands_cover_0_to_100_once_with_documented_cut_points() -> None:
    for tenth in range(0, 1001):
        value = tenth / 10
        bands = [b for b in HealthBand if _in(value, health_bounds(HealthFilter("s", b)))]
        expected = "LOW" if value < 40 else "MEDIUM" if value < 70 else "HIGH"
        assert [b.value for b in bands] == [expected], value


def test_min_max_are_inclusive_and_checked() -> None:
    assert health_bounds(HealthFilter("s", min=20.0, max=30.0)) == (20.0, None, 30.0)
    for health, field in [
        (HealthFilter("s", HealthBand.HIGH, max=90.0), "healthScore.band"),
        (HealthFilter("s", min=-1.0), "healthScore.min"),
        (HealthFilter("s", max=100.5), "healthScore.max"),
        (HealthFilter("s", min=60.0, max=50.0), "healthScore.max"),
    ]:
        with pytest.raises(Invalid) as raised:
            health_bounds(health)
        assert raised.value.field == field


def test_params_carry_the_score_total_window_and_moment() -> None:
    where = AccountFilter(health=HealthFilter("s", HealthBand.MEDIUM))
    params = filter_params(where, NOW, 14, 21, 12.5)
    assert {k: params[k] for k in params if k.startswith("health")} == {
        "healthScoreId": "s",
        "healthTotal": 12.5,
        "healthMin": 40.0,
        "healthBelow": 70.0,
        "healthMax": None,
    }
    assert (params["asOf"], params["defaultWindowDays"]) == (NOW, 21)
    assert filter_params(AccountFilter(), NOW, 14)["healthScoreId"] is None
