// OUTCOMES AND THEIR EVIDENCE (for Neo4j Browser's graph view)
// Every outcome with the milestones that validate it; outcomes that stand alone on screen are
// the unmeasured ones (see cypher/audit/unmeasured_outcomes.cypher).
MATCH (o:Outcome)
OPTIONAL MATCH (m:SuccessMilestone)-[validates:VALIDATES]->(o)
RETURN o, validates, m
