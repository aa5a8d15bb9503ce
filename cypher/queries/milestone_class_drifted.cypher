// MILESTONE CLASS DRIFT, one batch of ids (`upg db verify --repair` refreshes them with
// queries/milestone_class_refresh in the same transaction, until none is left).
:param limit => 10000;

MATCH (m:SuccessMilestone)
WITH m, CASE
  WHEN EXISTS { (m)<-[:CONTAINS]-() } AND EXISTS { (m)-[:VALIDATES]->() } THEN 'VALIDATED'
  WHEN EXISTS { (m)<-[:CONTAINS]-() } THEN 'VANITY'
  WHEN EXISTS { (m)-[:VALIDATES]->() } THEN 'UNTRACKED'
  ELSE 'ORPHAN'
END AS expected
WHERE m.milestone_class IS NULL OR m.milestone_class <> expected
   OR m:VanityMilestone <> (expected = 'VANITY')
RETURN m.id AS id
LIMIT $limit
