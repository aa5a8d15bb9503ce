"""Evidence on the real Neo4j: import policy, idempotence, and a cohort with known truth."""

import math
from datetime import UTC, datetime
from pathlib import Path

from neo4j import AsyncDriver

from upg.graph.evidence import EvidenceRepository
from upg.graph.repository import Neo4jRepository
from upg.model.evidence import Verdict
from upg.services import cohort, demo, evidence

AS_OF = datetime(2026, 11, 23, tzinfo=UTC)


def within_sampling_error(rate: float | None, truth: float, n: int) -> bool:
    assert rate is not None
    return abs(rate - truth) <= 3.5 * math.sqrt(truth * (1 - truth) / n)


async def test_import_keeps_good_rows_reports_bad_ones_and_is_idempotent(
    repo: Neo4jRepository, driver: AsyncDriver, tmp_path: Path
) -> None:
    await demo.load_demo(repo)
    evidence_repo = EvidenceRepository(driver, "neo4j")
    accounts = tmp_path / "accounts.csv"
    accounts.write_text(
        "id,name,signed_up_at,products\n"
        f"a1,Acme,2026-01-05,{demo.DOCFLOW.id}\n"
        f"a2,Beta,yesterday,{demo.DOCFLOW.id}\n"
        f"a3,Gamma,2026-01-06,{demo.DOCFLOW.id};{demo.PIPEMAIL.id}\n"
    )
    reached = tmp_path / "reached.jsonl"
    reached.write_text(
        f'{{"account_id": "a1", "milestone_id": "{demo.SECOND_EDITOR.id}", "at": "2026-01-06"}}\n'
        '{"account_id": "a1", "milestone_id": "no-such-milestone", "at": "2026-01-06"}\n'
        f'{{"account_id": "a2", "milestone_id": "{demo.SECOND_EDITOR.id}", "at": "2026-01-06"}}\n'
    )
    achieved = tmp_path / "achieved.csv"
    achieved.write_text(f"account_id,outcome_id,at\na1,{demo.TRIAL_CONVERTS.id},2026-02-01\n")

    summary = await evidence.import_files(evidence_repo, accounts, reached, achieved)
    assert summary.accepted == {"accounts": 2, "reached": 1, "achieved": 1}
    assert [(r.file, r.line) for r in summary.rejected] == [
        ("accounts.csv", 3),
        ("reached.jsonl", 2),
        ("reached.jsonl", 3),
    ]
    assert "signed_up_at" in summary.rejected[0].reason
    assert "unknown SuccessMilestone id no-such-milestone" in summary.rejected[1].reason
    assert "unknown Account id a2" in summary.rejected[2].reason

    async def counts() -> list[int]:
        records, _, _ = await driver.execute_query(
            "MATCH (a:Account) OPTIONAL MATCH (a)-[r]->() RETURN count(DISTINCT a), count(r)"
        )
        return list(records[0].values())

    before = await counts()
    assert before == [2, 5]
    await evidence.import_files(evidence_repo, accounts, reached, achieved)
    assert await counts() == before


async def test_a_small_cohort_is_unproven_not_wrongly_judged(
    repo: Neo4jRepository, driver: AsyncDriver
) -> None:
    evidence_repo = EvidenceRepository(driver, "neo4j")
    await cohort.load_cohort(evidence_repo, repo, 120, seed=3, as_of=AS_OF)
    report = await evidence.compute(evidence_repo, repo, as_of=AS_OF)
    pairs = evidence.by_pair(report.rows)
    weak = pairs[(demo.MAILBOX.id, demo.NO_PHONE_DEALS.id)]
    assert weak.evidence.verdict is Verdict.UNPROVEN
    for row in report.rows:
        if row.milestone and row.milestone.title in {"Profile completed", "Watched the tutorial"}:
            assert row.evidence.verdict is not Verdict.VALIDATED


async def test_a_cohort_recovers_the_truth_and_stores_it(
    repo: Neo4jRepository, driver: AsyncDriver
) -> None:
    evidence_repo = EvidenceRepository(driver, "neo4j")
    summary = await cohort.load_cohort(evidence_repo, repo, 4000, seed=11, as_of=AS_OF)
    assert summary.rejected == []
    report = await evidence.compute(evidence_repo, repo, as_of=AS_OF, store=True)
    pairs = evidence.by_pair(report.rows)

    aha = pairs[(demo.SECOND_EDITOR.id, demo.TRIAL_CONVERTS.id)].evidence
    assert aha.verdict is Verdict.VALIDATED
    assert within_sampling_error(aha.rate_hit, 0.58, aha.table.hits)
    assert within_sampling_error(aha.rate_miss, 0.09, aha.table.misses)
    # Young accounts (window still open) and early converters are left out.
    records, _, _ = await driver.execute_query("MATCH (a:Account) RETURN count(a) AS n")
    assert aha.table.n < records[0]["n"]

    for title in ("Profile completed", "Watched the tutorial"):
        milestone = next(n for n in demo.NODES if n.title == title)
        null = pairs[(milestone.id, demo.TRIAL_CONVERTS.id)].evidence
        assert null.verdict is not Verdict.VALIDATED
        assert not pairs[(milestone.id, demo.TRIAL_CONVERTS.id)].claimed

    stored, _, _ = await driver.execute_query(
        "MATCH (m:SuccessMilestone {id: $m})-[r:VALIDATES]->(o:Outcome {id: $o}) "
        "RETURN r.evidence_verdict AS verdict, r.evidence_n AS n, r.evidence_computed_at AS at",
        m=demo.SECOND_EDITOR.id,
        o=demo.TRIAL_CONVERTS.id,
    )
    assert stored[0]["verdict"] == "VALIDATED"
    assert stored[0]["n"] == aha.table.n
    assert stored[0]["at"] is not None
    # Claimed edges with no effect in the data are surfaced; unclaimed strong pairs suggested.
    assert all(r.claimed for r in report.vanity_by_evidence)
    assert all(not r.claimed for r in report.suggested)
