// For many milestones at once: does each feed a health score, does it validate an outcome?
// (upg's audit rules turn these two facts into VALIDATED / VANITY / UNTRACKED / ORPHAN.)
:param ids => ['00000000-0000-4000-8000-000000000004'];

UNWIND $ids AS milestoneId
MATCH (m:SuccessMilestone {id: milestoneId})
RETURN m.id AS id,
       EXISTS { (:CustomerHealthScore)-[:CONTAINS]->(m) } AS feedsScore,
       EXISTS { (m)-[:VALIDATES]->(:Outcome) } AS validatesOutcome
