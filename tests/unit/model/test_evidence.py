import pytest

from upg.model.evidence import Evidence, EvidencePolicy, Table, Verdict, evaluate


def one(table: Table, policy: EvidencePolicy | None = None) -> Evidence:
    return evaluate([("m", "o", table)], policy)[0]


def test_the_worked_example_is_validated_and_highly_predictive() -> None:
    # 3,000 trials with a second editor (58% convert), 7,000 solo (9% convert).
    e = one(Table(1740, 1260, 630, 6370))
    assert e.verdict is Verdict.VALIDATED
    assert e.rate_hit == pytest.approx(0.58)
    assert e.rate_miss == pytest.approx(0.09)
    assert e.risk_difference == pytest.approx(0.49)
    assert e.risk_ratio == pytest.approx(0.58 / 0.09)
    assert e.odds_ratio == pytest.approx((1740 * 6370) / (1260 * 630))
    assert e.odds_ratio is not None and e.odds_ratio_ci is not None
    assert e.odds_ratio_ci[0] < e.odds_ratio < e.odds_ratio_ci[1]
    assert e.z_test_p is not None and e.z_test_p < 1e-10
    assert e.strength == "highly predictive"
    assert e.coverage == pytest.approx(0.3)
    assert e.sensitivity == pytest.approx(1740 / 2370)


def test_no_effect_with_plenty_of_data_is_refuted() -> None:
    e = one(Table(700, 4300, 690, 4310))
    assert e.verdict is Verdict.REFUTED
    assert e.risk_difference_ci is not None and e.risk_difference_ci[1] < 0.05
    assert e.strength == "not predictive"


def test_a_small_sample_is_unproven_even_with_a_large_observed_effect() -> None:
    assert one(Table(6, 4, 2, 8)).verdict is Verdict.UNPROVEN


def test_an_uncertain_effect_is_unproven_not_refuted() -> None:
    # 40 vs 40 accounts, 30% vs 24%: the interval is wide, nothing is ruled out.
    assert one(Table(12, 28, 10, 30)).verdict is Verdict.UNPROVEN


def test_negative_effect_is_not_validated() -> None:
    e = one(Table(90, 910, 300, 700))
    assert e.verdict is Verdict.REFUTED
    assert e.phi is not None and e.phi < 0


def test_benjamini_hochberg_adjusts_across_pairs() -> None:
    borderline = Table(130, 870, 100, 900)  # p about 0.04 alone
    alone = evaluate([("m", "o", borderline)])[0]
    with_nulls = evaluate(
        [("m", "o", borderline)] + [(f"n{i}", "o", Table(100, 900, 100, 900)) for i in range(9)]
    )[0]
    assert alone.adjusted_p == pytest.approx(alone.fisher_p)
    assert with_nulls.adjusted_p > alone.adjusted_p
    assert alone.verdict is Verdict.VALIDATED
    assert with_nulls.verdict is not Verdict.VALIDATED


def test_thresholds_are_configurable() -> None:
    table = Table(40, 60, 25, 75)
    assert one(table, EvidencePolicy(min_group=200)).verdict is Verdict.UNPROVEN
    assert one(table, EvidencePolicy(min_group=50)).verdict is Verdict.VALIDATED


def test_empty_groups_give_no_rates() -> None:
    e = one(Table(0, 0, 5, 95))
    assert e.rate_hit is None
    assert e.verdict is Verdict.UNPROVEN
