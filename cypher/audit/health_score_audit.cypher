// HEALTH SCORE AUDIT
// For each customer health score (or just $healthScoreId): the total weight of its milestones,
// the weight carried by vanity milestones (those validating no outcome), and which they are.
// vanityShare = vanityWeight / totalWeight (0 for a score with no milestones).
// One score is sought through the unique id index, every score read by label: the two arms of
// the UNION each start from a row only their case lets through, so neither scans for the other
// (a single `$healthScoreId IS NULL OR s.id = $healthScoreId` would scan every score).
// A milestone's vanity is its kept class (queries/milestone_class_refresh), one property read.
// The far ends are not checked by label: the schema registry only lets a score CONTAIN
// a milestone.
// Timestamps and dates come back as ISO strings (toString): the driver decodes a DateTime
// ~200x slower than Python parses its string, and these statements return many of them.
:param healthScoreId => null;

CALL () {
  WITH $healthScoreId AS wanted
  WHERE wanted IS NOT NULL
  MATCH (s:UpgNode {id: wanted})
  WHERE s:CustomerHealthScore
  RETURN s
  UNION
  WITH $healthScoreId AS wanted
  WHERE wanted IS NULL
  MATCH (s:CustomerHealthScore)
  RETURN s
}
OPTIONAL MATCH (s)-[c:CONTAINS]->(m)
WITH s, c, m, m.milestone_class = 'VANITY' AS vanity
ORDER BY m.title, m.id
WITH s,
     sum(coalesce(c.weight, 0.0)) AS totalWeight,
     sum(CASE WHEN vanity THEN c.weight ELSE 0.0 END) AS vanityWeight,
     collect(CASE WHEN vanity THEN m {.*,
                                      created_at: toString(m.created_at),
                                      updated_at: toString(m.updated_at),
                                      target_date: toString(m.target_date),
                                      weight: c.weight} END)
       AS vanityMilestones
RETURN s {.*,
          created_at: toString(s.created_at),
          updated_at: toString(s.updated_at)} AS healthScore,
       totalWeight,
       vanityWeight,
       CASE WHEN totalWeight > 0 THEN vanityWeight / totalWeight ELSE 0.0 END AS vanityShare,
       vanityMilestones
ORDER BY s.title, s.id
