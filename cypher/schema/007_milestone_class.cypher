// Each milestone's class (VALIDATED / VANITY / UNTRACKED / ORPHAN) kept as a property on write
// (queries/milestone_class_refresh), indexed with title and id so a page of one class in title
// order is read from the index, and computed here for the milestones that exist already.
CREATE INDEX success_milestone_class IF NOT EXISTS FOR (m:SuccessMilestone) ON (m.milestone_class, m.title, m.id);
CALL db.awaitIndexes(300);
MATCH (m:SuccessMilestone)
CALL (m) {
  SET m.milestone_class = CASE
    WHEN EXISTS { (m)<-[:CONTAINS]-() } AND EXISTS { (m)-[:VALIDATES]->() } THEN 'VALIDATED'
    WHEN EXISTS { (m)<-[:CONTAINS]-() } THEN 'VANITY'
    WHEN EXISTS { (m)-[:VALIDATES]->() } THEN 'UNTRACKED'
    ELSE 'ORPHAN'
  END
} IN TRANSACTIONS OF 10000 ROWS;
