// MILESTONE AUDIT
// Every milestone (or every milestone of $productId) with the two facts that classify it:
//   feedsScore AND validatesOutcome      -> VALIDATED
//   feedsScore AND NOT validatesOutcome  -> VANITY
//   validatesOutcome AND NOT feedsScore  -> UNTRACKED
//   neither                              -> ORPHAN
:param productId => null;

MATCH (m:SuccessMilestone)
WHERE $productId IS NULL OR EXISTS { (:Product {id: $productId})-[:CELEBRATES_VIA]->(m) }
WITH m,
     [(p:Product)-[:CELEBRATES_VIA]->(m) | p {.id, .title}] AS products,
     [(s:CustomerHealthScore)-[c:CONTAINS]->(m) | s {.id, .title, weight: c.weight}] AS scores,
     [(m)-[:VALIDATES]->(o:Outcome) | o {.id, .title}] AS outcomes
RETURN m {.*} AS milestone,
       size(scores) > 0 AS feedsScore,
       size(outcomes) > 0 AS validatesOutcome,
       CASE
         WHEN size(scores) > 0 AND size(outcomes) > 0 THEN 'VALIDATED'
         WHEN size(scores) > 0 THEN 'VANITY'
         WHEN size(outcomes) > 0 THEN 'UNTRACKED'
         ELSE 'ORPHAN'
       END AS classification,
       products, scores, outcomes
ORDER BY m.title, m.id
