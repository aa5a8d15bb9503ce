// THE WHOLE MILESTONE AUDIT, ONE CLASS AND ONE CHUNK AT A TIME (`upg audit milestones`)
// The milestones of class $milestoneClass (VALIDATED, VANITY, UNTRACKED or ORPHAN: the kept
// class, queries/milestone_class_refresh) after ($afterTitle, $afterId) in title order, at most
// $chunk of them, with the fields the audit prints. The caller asks again from the last one
// returned until a chunk comes back short, once per class, and merges the four sorted streams
// by (title, id): each chunk is a seek of the (milestone_class, title, id) index from where the
// last one stopped, so no chunk costs more than its milestones and nobody holds the whole list.
// With $productId, only that product's milestones, read from the product's edges (the
// product's milestones are read again per chunk: a product has few next to the whole graph).
// Each milestone is
// [[id, type, title, status, description, tags, milestone_type, achieved, target_date],
//  [[product id, title]...], [[score id, title, weight]...], [[outcome id, title]...]].
// The far ends are not checked by label: the schema registry only lets a product CELEBRATE,
// a score CONTAIN, and a milestone VALIDATE an outcome.
:param milestoneClass => 'VANITY';
:param productId => null;
:param afterTitle => '';
:param afterId => '';
:param chunk => 5000;

CALL () {
  WITH $productId AS wanted
  WHERE wanted IS NULL
  MATCH (m:SuccessMilestone {milestone_class: $milestoneClass})
  // The seek starts at the last title returned; milestones sharing it are told apart by id.
  WHERE m.title >= $afterTitle AND m.id IS NOT NULL
    AND NOT (m.title = $afterTitle AND m.id <= $afterId)
  WITH m
  // The class leads the order (the same for every row): the index's order is the order asked.
  ORDER BY m.milestone_class, m.title, m.id
  LIMIT $chunk
  RETURN m
  UNION ALL
  WITH $productId AS wanted
  WHERE wanted IS NOT NULL
  MATCH (p:UpgNode {id: wanted})-[:CELEBRATES_VIA]->(m)
  WHERE p:Product AND m.milestone_class = $milestoneClass
    AND (m.title > $afterTitle OR (m.title = $afterTitle AND m.id > $afterId))
  WITH m
  ORDER BY m.title, m.id
  LIMIT $chunk
  RETURN m
}
WITH m
ORDER BY m.title, m.id
// Lists, not maps: the driver decodes a map's keys for every row (a quarter of the time).
RETURN collect([
  [m.id, m.type, m.title, m.status, m.description, m.tags, m.milestone_type, m.achieved,
   toString(m.target_date)],
  COLLECT { MATCH (p)-[:CELEBRATES_VIA]->(m) RETURN [p.id, p.title] },
  COLLECT { MATCH (s)-[c:CONTAINS]->(m) RETURN [s.id, s.title, c.weight] },
  COLLECT { MATCH (m)-[:VALIDATES]->(o) RETURN [o.id, o.title] }
]) AS milestones
