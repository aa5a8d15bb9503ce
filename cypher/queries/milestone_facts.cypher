// For many milestones at once: does each feed a health score, does it validate an outcome?
// (upg's audit rules turn these two facts into VALIDATED / VANITY / UNTRACKED / ORPHAN.)
// The far ends are not checked by label: the schema registry only lets a score CONTAIN
// and a milestone VALIDATE an outcome, and naming them would cost a label check per edge.
:param ids => ['00000000-0000-4000-8000-000000000004'];

UNWIND $ids AS milestoneId
MATCH (m:UpgNode:SuccessMilestone {id: milestoneId})
RETURN m.id AS id,
       EXISTS { (m)<-[:CONTAINS]-() } AS feedsScore,
       EXISTS { (m)-[:VALIDATES]->() } AS validatesOutcome
