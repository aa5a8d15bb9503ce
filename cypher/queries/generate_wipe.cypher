// GENERATOR: delete one batch of nodes of one type with their edges (`upg demo generate --wipe`).
// Run until it returns 0. Batches keep each transaction small however big the graph is.
:param type => 'SUCCESS_MILESTONE';
:param limit => 10000;

MATCH (n:UpgNode)
WHERE n.type = $type
WITH n LIMIT $limit
DETACH DELETE n
RETURN count(*) AS written
