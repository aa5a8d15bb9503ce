// AN ACCOUNT'S ROUTE AS A GRAPH (for Neo4j Browser's graph view): the account, the products it
// uses, the milestones they celebrate that validate an outcome, the outcomes it desires, and
// what it reached and achieved. The example account is a stalled one of `upg demo cohort`.
:param accountId => 'journey-1-stalled-docflow-00000';

MATCH (a:Account {id: $accountId})
OPTIONAL MATCH (a)-[desires:DESIRES]->(wanted:Outcome)
OPTIONAL MATCH (a)-[uses:USES]->(p:Product)-[celebrates:CELEBRATES_VIA]->(m:SuccessMilestone)
               -[validates:VALIDATES]->(o:Outcome)
OPTIONAL MATCH (a)-[reached:REACHED]->(m)
OPTIONAL MATCH (a)-[achieved:ACHIEVED]->(o)
RETURN a, desires, wanted, uses, p, celebrates, m, validates, o, reached, achieved
