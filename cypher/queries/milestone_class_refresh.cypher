// MILESTONE CLASS REFRESH: recompute the kept class of these milestones from their edges.
// Every write that can change a milestone's class (a CONTAINS or VALIDATES edge made or removed,
// a node created or deleted) runs this in its own transaction, after the change, with the ids
// of the milestones it touched; ids of other nodes (or of deleted ones) are ignored.
// The class (upg.model.audit.classify): feeds a score (an incoming CONTAINS) and validates an
// outcome (an outgoing VALIDATES) -> VALIDATED; only the first -> VANITY; only the second ->
// UNTRACKED; neither -> ORPHAN. It is kept in m.milestone_class, indexed, so the vanity audits
// seek it instead of testing every milestone's edges. A VANITY milestone also carries the
// :VanityMilestone label (upg.model.registry.VANITY_LABEL): its count is kept by Neo4j.
// The first SET takes the milestone's write lock before its edges are read: a concurrent
// transaction that changed them has committed by then, and Neo4j reads committed data.
:param ids => ['00000000-0000-4000-8000-000000000004'];

UNWIND $ids AS milestoneId
MATCH (m:UpgNode {id: milestoneId})
WHERE m:SuccessMilestone
SET m.milestone_class = coalesce(m.milestone_class, 'ORPHAN')
WITH m
SET m.milestone_class = CASE
  WHEN EXISTS { (m)<-[:CONTAINS]-() } AND EXISTS { (m)-[:VALIDATES]->() } THEN 'VALIDATED'
  WHEN EXISTS { (m)<-[:CONTAINS]-() } THEN 'VANITY'
  WHEN EXISTS { (m)-[:VALIDATES]->() } THEN 'UNTRACKED'
  ELSE 'ORPHAN'
END
REMOVE m:VanityMilestone
WITH m
FOREACH (_ IN CASE WHEN m.milestone_class = 'VANITY' THEN [1] ELSE [] END | SET m:VanityMilestone)
RETURN count(m) AS refreshed
