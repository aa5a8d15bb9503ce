// VANITY GRAPH (for Neo4j Browser's graph view)
// Every vanity milestone (counted by a health score, validating no outcome) with the scores that
// count it and the products that celebrate it. Each milestone on screen is one to tie to an
// outcome, or to take out of its score.
MATCH (s:CustomerHealthScore)-[contains:CONTAINS]->(m:SuccessMilestone)
WHERE NOT EXISTS { (m)-[:VALIDATES]->(:Outcome) }
OPTIONAL MATCH (p:Product)-[celebrates:CELEBRATES_VIA]->(m)
RETURN s, contains, m, p, celebrates
