// PRODUCTS GRAPH (for Neo4j Browser's graph view)
// Every product with the milestones it celebrates, the health scores that count them (the
// CONTAINS relationship carries the weight) and the outcomes they validate.
// Optional scope: one product, by exact title (null: every product).
:param productTitle => null;

MATCH (p:Product)-[celebrates:CELEBRATES_VIA]->(m:SuccessMilestone)
WHERE $productTitle IS NULL OR p.title = $productTitle
OPTIONAL MATCH (s:CustomerHealthScore)-[contains:CONTAINS]->(m)
OPTIONAL MATCH (m)-[validates:VALIDATES]->(o:Outcome)
RETURN p, celebrates, m, s, contains, validates, o
