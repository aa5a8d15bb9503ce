// VANITY MILESTONES
// Milestones that feed a customer health score (an incoming CONTAINS) but validate no outcome
// (no outgoing VALIDATES): checkpoints nobody has tied to value.
// Optional scope: one product's milestones, one score's milestones, one tag.
// Returns one row: how many there are, and one page of them with their products and scores.
// The class is kept on write (queries/milestone_class_refresh), with the :VanityMilestone label
// on the VANITY ones. The total of the whole audit is the label's count, which Neo4j keeps (a
// count-store read, the same cost at 10k and 1M milestones); a scoped total (a product, a score,
// a tag) counts that scope's vanity milestones. The page seeks the (milestone_class, title, id)
// index in title order and stops after $skip + $limit milestones (a page costs the page).
// A page carries the milestone and its neighbours whole, so the resolvers answer a page with
// its products and scores from this one row. The whole audit (the CLI's, the report's) is
// audit/vanity_full, read in chunks.
// The far ends are not checked by label: the schema registry only lets a score CONTAIN
// and a milestone VALIDATE an outcome, and naming them would cost a label check per edge.
// Timestamps and dates come back as ISO strings (toString): the driver decodes a DateTime
// ~200x slower than Python parses its string, and these statements return many of them.
:param productId => null;
:param healthScoreId => null;
:param tag => null;
:param skip => 0;
:param limit => 20;

CALL () {
  // A scoped total only: the whole audit's total is the label's kept count (below).
  WITH 1 AS scoped
  WHERE $productId IS NOT NULL OR $healthScoreId IS NOT NULL OR $tag IS NOT NULL
  MATCH (m:SuccessMilestone {milestone_class: 'VANITY'})
  // Composite index: every key needs a predicate; title and id are never null.
  WHERE m.title IS NOT NULL AND m.id IS NOT NULL
    AND ($productId IS NULL OR EXISTS { (:Product {id: $productId})-[:CELEBRATES_VIA]->(m) })
    AND ($healthScoreId IS NULL OR EXISTS { (:CustomerHealthScore {id: $healthScoreId})-[:CONTAINS]->(m) })
    AND ($tag IS NULL OR $tag IN m.tags)
  RETURN count(m) AS scopedTotal
}
WITH CASE
  WHEN $productId IS NULL AND $healthScoreId IS NULL AND $tag IS NULL
  THEN COUNT { MATCH (v:VanityMilestone) }
  ELSE scopedTotal
END AS total
CALL (total) {
  MATCH (m:SuccessMilestone {milestone_class: 'VANITY'})
  // Composite index: every key needs a predicate; title and id are never null.
  WHERE m.title IS NOT NULL AND m.id IS NOT NULL
    AND ($productId IS NULL OR EXISTS { (:Product {id: $productId})-[:CELEBRATES_VIA]->(m) })
    AND ($healthScoreId IS NULL OR EXISTS { (:CustomerHealthScore {id: $healthScoreId})-[:CONTAINS]->(m) })
    AND ($tag IS NULL OR $tag IN m.tags)
  WITH m
  // The class leads the order (it is the same for every row) so the index's order is the
  // order asked for: the planner then reads the index in order and stops at the page's end.
  ORDER BY m.milestone_class, m.title, m.id
  SKIP $skip
  LIMIT $limit
  RETURN collect({
    milestone: m {.*,
                  created_at: toString(m.created_at),
                  updated_at: toString(m.updated_at),
                  target_date: toString(m.target_date)},
    products: COLLECT {
      MATCH (p:Product)-[:CELEBRATES_VIA]->(m)
      RETURN p {.*, created_at: toString(p.created_at), updated_at: toString(p.updated_at)}
      ORDER BY p.title, p.id
    },
    scores: COLLECT {
      MATCH (s:CustomerHealthScore)-[c:CONTAINS]->(m)
      RETURN s {.*, weight: c.weight,
                created_at: toString(s.created_at), updated_at: toString(s.updated_at)}
      ORDER BY s.title, s.id
    }
  }) AS milestones
}
RETURN total, milestones
