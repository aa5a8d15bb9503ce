// HEALTH SCORE AUDIT
// For each customer health score (or just $healthScoreId): the total weight of its milestones,
// the weight carried by vanity milestones (those validating no outcome), and which they are.
// vanityShare = vanityWeight / totalWeight (0 for a score with no milestones).
// One page of scores: $skip skipped, at most $limit (null: all); every row carries `total`, and
// an empty page is one row whose healthScore is null. Each score carries its first
// $vanityLimit vanity milestones (null: all) and `vanityCount`, how many it has.
// One score is sought through the unique id index, every score read by label: the two arms of
// the UNION each start from a row only their case lets through, so neither scans for the other
// (a single `$healthScoreId IS NULL OR s.id = $healthScoreId` would scan every score).
// A milestone's vanity is its kept class (queries/milestone_class_refresh), one property read.
// The far ends are not checked by label: the schema registry only lets a score CONTAIN
// a milestone.
// Timestamps and dates come back as ISO strings (toString): the driver decodes a DateTime
// ~200x slower than Python parses its string, and these statements return many of them.
:param healthScoreId => null;
:param skip => 0;
:param limit => 20;
:param vanityLimit => 100;

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
WITH s
ORDER BY s.title, s.id
WITH collect(s) AS scores
WITH size(scores) AS total, scores[$skip..$skip + coalesce($limit, size(scores))] AS page
UNWIND CASE WHEN size(page) = 0 THEN [null] ELSE page END AS s
// One pass over the edges reads each edge's weight and its milestone's class, nothing else, and
// keeps the vanity (edge, milestone) pairs; only those are then ordered and projected.
OPTIONAL MATCH (s)-[c:CONTAINS]->(m)
WITH total, s, c, m, c.weight AS weight, m.milestone_class = 'VANITY' AS vanity
WITH total, s,
     sum(coalesce(weight, 0.0)) AS totalWeight,
     sum(CASE WHEN vanity THEN weight ELSE 0.0 END) AS vanityWeight,
     collect(CASE WHEN vanity THEN [c, m] END) AS pairs
WITH total, s, totalWeight, vanityWeight, size(pairs) AS vanityCount,
     COLLECT {
       UNWIND pairs AS pair
       WITH pair[0] AS c, pair[1] AS m
       ORDER BY m.title, m.id
       LIMIT coalesce($vanityLimit, 1000000000)
       // $vanityLimit null: every vanity milestone's id, title and weight (the CLI's whole
       // audit reads audit/score_full instead, a chunk of scores at a time); given: the API's,
       // which shows the milestone whole without reading it again.
       RETURN CASE WHEN $vanityLimit IS NULL THEN m {.id, .title, weight: c.weight}
              ELSE m {.*,
                      created_at: toString(m.created_at),
                      updated_at: toString(m.updated_at),
                      target_date: toString(m.target_date),
                      weight: c.weight}
              END
     } AS vanityMilestones
RETURN s {.*,
          created_at: toString(s.created_at),
          updated_at: toString(s.updated_at)} AS healthScore,
       totalWeight,
       vanityWeight,
       CASE WHEN totalWeight > 0 THEN vanityWeight / totalWeight ELSE 0.0 END AS vanityShare,
       vanityCount,
       vanityMilestones,
       total
ORDER BY s.title, s.id
