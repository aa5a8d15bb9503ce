// THE WHOLE MILESTONE AUDIT, ONE CLASS AND ONE CHUNK AT A TIME (`upg audit milestones`)
// The milestones of class $milestoneClass (VALIDATED, VANITY, UNTRACKED or ORPHAN: the kept
// class, queries/milestone_class_refresh) after ($afterTitle, $afterId) in title order, at most
// $chunk of them, with the fields the audit prints. The caller asks again from the last one
// returned until a chunk comes back short, once per class, and merges the four sorted streams
// by (title, id): each chunk is a seek of the (milestone_class, title, id) index from where the
// last one stopped, so no chunk costs more than its milestones and nobody holds the whole list.
// With $productId, only that product's milestones: the same seek, each milestone checked for
// the product's edge (one pass over the class for the whole audit, never more).
// The class is a parameter but the statement is planned as audit/vanity_full is: one seek of
// the index in its order and a Limit; a UNION arm for the product scope made the planner
// read the whole class for every chunk (PROFILE at 1M: 250k rows a chunk instead of 5,000).
// Each milestone is
// [[id, type, title, status, description, tags, milestone_type, achieved, target_date],
//  [[product id, title]...], [[score id, title, weight]...], [[outcome id, title]...]].
// The far ends of the projected edges are not checked by label: the schema registry only lets
// a product CELEBRATE, a score CONTAIN, and a milestone VALIDATE an outcome.
:param milestoneClass => 'VANITY';
:param productId => null;
:param afterTitle => '';
:param afterId => '';
:param chunk => 5000;

MATCH (m:SuccessMilestone {milestone_class: $milestoneClass})
// The seek starts at the last title returned; milestones sharing it are told apart by id.
WHERE m.title >= $afterTitle AND m.id IS NOT NULL
  AND NOT (m.title = $afterTitle AND m.id <= $afterId)
  AND ($productId IS NULL OR EXISTS { (:Product {id: $productId})-[:CELEBRATES_VIA]->(m) })
WITH m
// The class leads the order (the same for every row): the index's order is the order asked for.
ORDER BY m.milestone_class, m.title, m.id
LIMIT $chunk
// Lists, not maps: the driver decodes a map's keys for every row (a quarter of the time).
RETURN collect([
  [m.id, m.type, m.title, m.status, m.description, m.tags, m.milestone_type, m.achieved,
   toString(m.target_date)],
  COLLECT { MATCH (p)-[:CELEBRATES_VIA]->(m) RETURN [p.id, p.title] },
  COLLECT { MATCH (s)-[c:CONTAINS]->(m) RETURN [s.id, s.title, c.weight] },
  COLLECT { MATCH (m)-[:VALIDATES]->(o) RETURN [o.id, o.title] }
]) AS milestones
