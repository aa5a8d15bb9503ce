// MILESTONE CLASS DRIFT (`upg db verify`): milestones whose kept class differs from the class
// their edges give (the expression of queries/milestone_class_refresh), grouped by the kept and
// the expected class, with how many and up to $examples ids of each group. A milestone whose
// :VanityMilestone label disagrees with its expected class drifts too: its kept class reads
// 'VANITY' when it wrongly carries the label, and null when it wrongly lacks it.
:param examples => 5;

MATCH (m:SuccessMilestone)
WITH m, CASE
  WHEN EXISTS { (m)<-[:CONTAINS]-() } AND EXISTS { (m)-[:VALIDATES]->() } THEN 'VALIDATED'
  WHEN EXISTS { (m)<-[:CONTAINS]-() } THEN 'VANITY'
  WHEN EXISTS { (m)-[:VALIDATES]->() } THEN 'UNTRACKED'
  ELSE 'ORPHAN'
END AS expected
WHERE m.milestone_class IS NULL OR m.milestone_class <> expected
   OR m:VanityMilestone <> (expected = 'VANITY')
WITH CASE
  WHEN m:VanityMilestone AND expected <> 'VANITY' THEN 'VANITY'
  WHEN expected = 'VANITY' AND NOT m:VanityMilestone THEN null
  ELSE m.milestone_class
END AS kept, expected, m.id AS id
ORDER BY id
RETURN kept, expected, count(*) AS drifted, collect(id)[..$examples] AS examples
ORDER BY expected, kept
