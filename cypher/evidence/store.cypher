// Write computed evidence onto VALIDATES edges, so architects see it in Browser.
:param rows => [{milestone_id: '2f6d4c1e-0000-5000-8000-000000000000', outcome_id: '2f6d4c1e-0000-5000-8000-000000000001', evidence: {evidence_verdict: 'VALIDATED', evidence_n: 1000}}];
:param computedAt => datetime('2026-11-23T00:00:00Z');

UNWIND $rows AS row
MATCH (m:UpgNode:SuccessMilestone {id: row.milestone_id})-[r:VALIDATES]->(o:Outcome)
WHERE o.id = row.outcome_id
SET r += row.evidence, r.evidence_computed_at = $computedAt
RETURN count(r) AS stored
