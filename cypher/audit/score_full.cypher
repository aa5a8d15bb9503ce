// THE WHOLE HEALTH-SCORE AUDIT, ONE CHUNK OF SCORES AT A TIME (`upg audit scores`, the report)
// The health scores after ($afterTitle, $afterId) in title order, at most $chunk of them, each
// with the weight of its milestones, the weight its vanity milestones carry and those vanity
// milestones (health_score_audit says what vanity is). The caller asks again from the last
// score returned until a chunk comes back short, one read transaction per chunk: memory holds
// one chunk of scores, not the whole audit. Each score is
// [[id, type, title, status, description, tags, window_days, play],
//  totalWeight, vanityWeight, [[milestone id, title, weight]...]]
// (the vanity milestones in no order: the caller sorts them by title, id).
// Each edge is read once: its weight and its milestone's kept class, and only the vanity ones
// are projected. The far ends are not checked by label: only a score CONTAINS a milestone.
:param afterTitle => '';
:param afterId => '';
:param chunk => 200;

MATCH (s:CustomerHealthScore)
WHERE s.title > $afterTitle OR (s.title = $afterTitle AND s.id > $afterId)
WITH s
ORDER BY s.title, s.id
LIMIT $chunk
CALL (s) {
  OPTIONAL MATCH (s)-[c:CONTAINS]->(m)
  WITH c, m, c.weight AS weight, m.milestone_class = 'VANITY' AS vanity
  RETURN sum(coalesce(weight, 0.0)) AS totalWeight,
         sum(CASE WHEN vanity THEN weight ELSE 0.0 END) AS vanityWeight,
         collect(CASE WHEN vanity THEN [m.id, m.title, weight] END) AS vanityMilestones
}
WITH s, totalWeight, vanityWeight, vanityMilestones
ORDER BY s.title, s.id
RETURN collect([
  [s.id, s.type, s.title, s.status, s.description, s.tags, s.window_days, s.play],
  totalWeight, vanityWeight, vanityMilestones
]) AS scores
