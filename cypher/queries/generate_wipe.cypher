// GENERATOR: delete one batch of nodes of one type with their edges (`upg demo generate --wipe`).
// Run until it returns 0. Batches keep each transaction small however big the graph is.
// Also returns the milestones that lost a CONTAINS or VALIDATES edge (their class is refreshed).
:param type => 'SUCCESS_MILESTONE';
:param limit => 10000;

MATCH (n:UpgNode)
WHERE n.type = $type
WITH n LIMIT $limit
WITH n, COLLECT { MATCH (n)-[:CONTAINS|VALIDATES]-(m:SuccessMilestone) RETURN m.id } AS near
DETACH DELETE n
WITH count(*) AS written, collect(near) AS nears
RETURN written, reduce(ids = [], near IN nears | ids + near) AS milestones
