// Stored evidence of milestones: per milestone, every VALIDATES edge evidence was computed for,
// with the outcome's id and the edge's properties (evidence_* and evidence_computed_at).
// One statement for a page of milestones (the API's DataLoader batches their ids).
:param ids => ['2f6d4c1e-0000-5000-8000-000000000000'];

UNWIND $ids AS id
MATCH (m:UpgNode:SuccessMilestone {id: id})-[r:VALIDATES]->(o:Outcome)
WHERE r.evidence_computed_at IS NOT NULL
WITH m, o, r
ORDER BY o.title, o.id
RETURN m.id AS milestoneId, collect({outcomeId: o.id, evidence: properties(r)}) AS evidence
