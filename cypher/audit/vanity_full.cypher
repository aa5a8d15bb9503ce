// VANITY MILESTONES, FULL AUDIT (one row per milestone, streamed)
// Every vanity milestone (feeds a health score, validates no outcome), optionally of one
// product, one score or one tag: the CLI's `upg audit vanity` and the GraphSource's full list.
// One row per milestone, in (title, id) order, so the driver streams them and nothing is
// collected over the whole graph (no EagerAggregation: memory stays flat at 1M milestones).
// Only what the audits print is projected: the milestone's id, type, title, status, tags and
// milestone_type, its products' {id, title} and its scores' {id, title, weight}.
// The class is kept on write (queries/milestone_class_refresh): the scan seeks the
// (milestone_class, title, id) index and reads it in order (no sort).
// The far ends are not checked by label: the schema registry only lets a product CELEBRATE_VIA
// and a score CONTAIN a milestone, and naming them would cost a label check per edge.
:param productId => null;
:param healthScoreId => null;
:param tag => null;

MATCH (m:SuccessMilestone {milestone_class: 'VANITY'})
// Composite index: every key needs a predicate; title and id are never null.
WHERE m.title IS NOT NULL AND m.id IS NOT NULL
  AND ($productId IS NULL OR EXISTS { (:Product {id: $productId})-[:CELEBRATES_VIA]->(m) })
  AND ($healthScoreId IS NULL OR EXISTS { (:CustomerHealthScore {id: $healthScoreId})-[:CONTAINS]->(m) })
  AND ($tag IS NULL OR $tag IN m.tags)
// The class leads the order (it is the same for every row) so the index's order is the order
// asked for: the planner reads the index in order instead of sorting.
WITH m ORDER BY m.milestone_class, m.title, m.id
RETURN m {.id, .type, .title, .status, .tags, .milestone_type} AS milestone,
       COLLECT {
         MATCH (p)-[:CELEBRATES_VIA]->(m)
         RETURN p {.id, .title} ORDER BY p.title, p.id
       } AS products,
       COLLECT {
         MATCH (s)-[c:CONTAINS]->(m)
         RETURN s {.id, .title, weight: c.weight} ORDER BY s.title, s.id
       } AS scores
