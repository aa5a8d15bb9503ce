"""Health values, backtests and activation trends over GraphQL, on a synthetic cohort."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from starlette.applications import Starlette

from tests.e2e.api.conftest import Api
from upg.graph.repository import Neo4jRepository
from upg.services import cohort, demo

AS_OF = datetime(2026, 11, 23, tzinfo=UTC)
ACCOUNTS = 2000

AUC = "value low high"
BACKTEST = f"""
query($id: ID!, $outcomeId: ID, $asOf: DateTime, $landmark: DateTime) {{
  healthScoreBacktest(id: $id, outcomeId: $outcomeId, asOf: $asOf, landmark: $landmark) {{
    healthScore {{ id title }} outcome {{ id title }} asOf landmark horizonDays
    accounts positives baseRate verdict vanityChangesAuc
    vanityAucDifference {{ {AUC} }}
    variants {{
      variant auc {{ {AUC} }} topDecileLift brier brierReference
      weights {{ milestone {{ id title }} weight }}
      calibration {{ decile accounts scoreLow scoreHigh predicted observed }}
      roc {{ falsePositiveRate truePositiveRate }}
    }}
    outOfTime {{ splitAt trainAccounts testAccounts asWeighted {{ {AUC} }}
                 suggested {{ {AUC} }} difference {{ {AUC} }} }}
  }}
}}
"""
TREND = """
query($id: ID!, $period: ActivationPeriod, $asOf: DateTime) {
  activationTrend(milestoneId: $id, period: $period, asOf: $asOf) {
    milestone { id title } windowDays period outcome { id } asOf
    cohorts { start accounts eligible reachedInWindow reachRate medianDays p75Days outcomeRate }
  }
}
"""
HEALTH = """
query($id: ID!, $asOf: DateTime) {
  accountHealthScores(accountId: $id, asOf: $asOf) {
    healthScore { id title } accountId asOf value vanityValue earnedValue reached { id }
  }
}
"""


@pytest.fixture
async def cohort_graph(app: Starlette, repository: Neo4jRepository) -> None:
    summary = await cohort.load_cohort(
        app.state.evidence_repository, repository, ACCOUNTS, seed=9, as_of=AS_OF
    )
    assert summary.rejected == []


@pytest.mark.usefixtures("cohort_graph")
async def test_health_score_backtest(api: Api) -> None:
    response = await api.post(BACKTEST, {"id": demo.TRIAL_HEALTH.id, "asOf": AS_OF.isoformat()})
    body = response.json()
    assert "errors" not in body, body
    found = body["data"]["healthScoreBacktest"]
    assert found["outcome"]["id"] == demo.TRIAL_CONVERTS.id
    assert found["verdict"] == "PREDICTIVE"
    assert found["landmark"] is None and found["horizonDays"] == 90
    assert [v["variant"] for v in found["variants"]] == [
        "AS_WEIGHTED",
        "WITHOUT_VANITY",
        "SUGGESTED",
    ]
    today = found["variants"][0]
    assert today["auc"]["low"] < today["auc"]["value"] < today["auc"]["high"]
    assert {w["milestone"]["title"]: w["weight"] for w in today["weights"]} == {
        demo.SECOND_EDITOR.title: 5.0,
        demo.PROFILE_COMPLETED.title: 1.0,
        demo.WATCHED_TUTORIAL.title: 1.0,
    }
    assert sum(b["accounts"] for b in today["calibration"]) == found["accounts"]
    assert (
        found["outOfTime"]["trainAccounts"] + found["outOfTime"]["testAccounts"]
        == (found["accounts"])
    )
    # Priced like an evidence report, and reported.
    assert body["extensions"]["queryCost"] >= 10_000


@pytest.mark.usefixtures("cohort_graph")
async def test_backtest_at_a_fixed_landmark_and_its_errors(api: Api) -> None:
    landmark = datetime(2026, 6, 1, tzinfo=UTC).isoformat()
    found = await api.data(
        BACKTEST, {"id": demo.TRIAL_HEALTH.id, "asOf": AS_OF.isoformat(), "landmark": landmark}
    )
    assert found["healthScoreBacktest"]["landmark"] == landmark
    missing = await api.data(BACKTEST, {"id": demo.DOCFLOW.id})
    assert missing["healthScoreBacktest"] is None
    wrong = await api.error(BACKTEST, {"id": demo.TRIAL_HEALTH.id, "outcomeId": demo.DOCFLOW.id})
    assert wrong["extensions"]["code"] == "NOT_FOUND"
    assert wrong["message"].startswith("outcomeId:")
    late = await api.error(
        BACKTEST, {"id": demo.TRIAL_HEALTH.id, "asOf": landmark, "landmark": AS_OF.isoformat()}
    )
    assert late["extensions"]["code"] == "BAD_USER_INPUT"


async def test_one_backtest_per_request(api: Api) -> None:
    document = (
        f'{{ a: healthScoreBacktest(id: "{demo.TRIAL_HEALTH.id}") {{ accounts }} '
        f'b: healthScoreBacktest(id: "{demo.CRM_ADOPTION.id}") {{ accounts }} }}'
    )
    error = await api.error(document)
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert "at most one evidence report per request" in error["message"]


@pytest.mark.usefixtures("cohort_graph")
async def test_activation_trend_by_month_and_week(api: Api) -> None:
    variables = {"id": demo.SECOND_EDITOR.id, "asOf": AS_OF.isoformat()}
    monthly = (await api.data(TREND, variables))["activationTrend"]
    assert monthly["period"] == "MONTH" and monthly["windowDays"] == 3
    assert monthly["outcome"]["id"] == demo.TRIAL_CONVERTS.id
    assert all(c["start"].endswith("-01") for c in monthly["cohorts"])
    rates = [c["reachRate"] for c in monthly["cohorts"] if c["eligible"] >= 50]
    assert min(rates) < 0.4 < max(rates)  # 31% before the onboarding change, 46% after
    weekly = (await api.data(TREND, {**variables, "period": "WEEK"}))["activationTrend"]
    assert sum(c["accounts"] for c in weekly["cohorts"]) == sum(
        c["accounts"] for c in monthly["cohorts"]
    )
    error = await api.error(TREND, {"id": demo.DOCFLOW.id})
    assert error["extensions"]["code"] == "NOT_FOUND"


@pytest.mark.usefixtures("cohort_graph")
async def test_account_health_scores(api: Api) -> None:
    account = f"acct-9-{0:07d}"
    found = (await api.data(HEALTH, {"id": account, "asOf": AS_OF.isoformat()}))[
        "accountHealthScores"
    ]
    assert len(found) == 1
    [score] = found
    assert score["accountId"] == account
    assert 0 <= score["earnedValue"] <= score["value"] <= 100
    assert 0 <= score["vanityValue"] <= score["value"]
    error = await api.error(HEALTH, {"id": "no-such-account"})
    assert error["extensions"]["code"] == "NOT_FOUND"
