// Every VANITY milestone also carries the :VanityMilestone label, kept on write with its
// milestone_class (queries/milestone_class_refresh): Neo4j keeps a count per label, so the
// vanity audits' total is one read of the count store (audit/vanity_milestones), not a scan of
// every vanity milestone in the class index (~250k entries at 1M milestones). Labelled here
// for the milestones that exist already.
MATCH (m:SuccessMilestone {milestone_class: 'VANITY'})
WHERE m.title IS NOT NULL AND m.id IS NOT NULL
CALL (m) {
  SET m:VanityMilestone
} IN TRANSACTIONS OF 10000 ROWS;
