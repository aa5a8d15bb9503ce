// VANITY MILESTONES, THE WHOLE AUDIT, ONE CHUNK AT A TIME (`upg audit vanity`, the report)
// The vanity milestones (audit/vanity_milestones says what they are) after ($afterTitle,
// $afterId) in title order, at most $chunk of them, with the fields the audit prints: the
// milestone's own fields (no timestamps), its products' and scores' id and title (and weight).
// The caller asks again from the last one returned until a chunk comes back short, all in one
// read transaction: each chunk is a seek of the (milestone_class, title, id) index from where
// the last one stopped, so no chunk costs more than its milestones, Neo4j never holds the
// whole list, and the driver decodes one row per chunk (a row per milestone costs the Python
// driver ~20 us each: 5 s at 1M milestones, more than the query). Each milestone is
// [[id, type, title, status, description, tags, milestone_type, achieved, target_date],
//  [[product id, title]...], [[score id, title, weight]...]].
// Optional scope: one product's milestones, one score's milestones, one tag.
// The far ends are not checked by label: the schema registry only lets a product CELEBRATE,
// a score CONTAIN, and naming them would cost a label check per edge.
:param productId => null;
:param healthScoreId => null;
:param tag => null;
:param afterTitle => '';
:param afterId => '';
:param chunk => 5000;

MATCH (m:SuccessMilestone {milestone_class: 'VANITY'})
// The seek starts at the last title returned; milestones sharing it are told apart by id.
WHERE m.title >= $afterTitle AND m.id IS NOT NULL
  AND NOT (m.title = $afterTitle AND m.id <= $afterId)
  AND ($productId IS NULL OR EXISTS { (:Product {id: $productId})-[:CELEBRATES_VIA]->(m) })
  AND ($healthScoreId IS NULL OR EXISTS { (:CustomerHealthScore {id: $healthScoreId})-[:CONTAINS]->(m) })
  AND ($tag IS NULL OR $tag IN m.tags)
WITH m
// The class leads the order (the same for every row): the index's order is the order asked for.
ORDER BY m.milestone_class, m.title, m.id
LIMIT $chunk
// Lists, not maps: the driver decodes a map's keys for every row (a quarter of the time).
RETURN collect([
  [m.id, m.type, m.title, m.status, m.description, m.tags, m.milestone_type, m.achieved,
   toString(m.target_date)],
  COLLECT {
    MATCH (p)-[:CELEBRATES_VIA]->(m)
    RETURN [p.id, p.title]
    ORDER BY p.title, p.id
  },
  COLLECT {
    MATCH (s)-[c:CONTAINS]->(m)
    RETURN [s.id, s.title, c.weight]
    ORDER BY s.title, s.id
  }
]) AS milestones
