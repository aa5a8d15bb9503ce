// MILESTONE AUDIT
// Every milestone (or every milestone of $productId) with its class, kept on write from the two
// facts that decide it (queries/milestone_class_refresh; `upg db verify` checks it):
//   feedsScore AND validatesOutcome      -> VALIDATED
//   feedsScore AND NOT validatesOutcome  -> VANITY
//   validatesOutcome AND NOT feedsScore  -> UNTRACKED
//   neither                              -> ORPHAN
// One page: $skip milestones skipped, at most $limit (null: all of them in one statement; the
// CLI's whole audit reads audit/milestone_full a chunk at a time); every row carries `total`, the whole list's size. An empty page is one row whose milestone is
// null, so `total` still comes back.
// Timestamps and dates come back as ISO strings (toString): the driver decodes a DateTime
// ~200x slower than Python parses its string, and these statements return many of them.
:param productId => null;
:param skip => 0;
:param limit => 20;

MATCH (m:SuccessMilestone)
WHERE $productId IS NULL OR EXISTS { (:Product {id: $productId})-[:CELEBRATES_VIA]->(m) }
WITH m
ORDER BY m.title, m.id
WITH collect(m) AS milestones
WITH size(milestones) AS total,
     milestones[$skip..$skip + coalesce($limit, size(milestones))] AS page
UNWIND CASE WHEN size(page) = 0 THEN [null] ELSE page END AS m
WITH total, m,
     COLLECT {
       MATCH (p:Product)-[:CELEBRATES_VIA]->(m)
       RETURN p {.id, .title} ORDER BY p.title, p.id
     } AS products,
     COLLECT {
       MATCH (s:CustomerHealthScore)-[c:CONTAINS]->(m)
       RETURN s {.id, .title, weight: c.weight} ORDER BY s.title, s.id
     } AS scores,
     COLLECT {
       MATCH (m)-[:VALIDATES]->(o:Outcome)
       RETURN o {.id, .title} ORDER BY o.title, o.id
     } AS outcomes
RETURN m {.*,
          created_at: toString(m.created_at),
          updated_at: toString(m.updated_at),
          target_date: toString(m.target_date)} AS milestone,
       size(scores) > 0 AS feedsScore,
       size(outcomes) > 0 AS validatesOutcome,
       m.milestone_class AS classification,
       products, scores, outcomes, total
ORDER BY m.title, m.id
