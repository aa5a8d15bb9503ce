// Delete a node and every edge touching it. Returns the id when something was deleted, and the
// milestones that lost a CONTAINS or VALIDATES edge with it (their kept class is refreshed).
:param id => '00000000-0000-4000-8000-000000000001';

MATCH (n:UpgNode {id: $id})
WITH n, n.id AS id,
     COLLECT { MATCH (n)-[:CONTAINS|VALIDATES]-(m:SuccessMilestone) RETURN DISTINCT m.id } AS milestones
DETACH DELETE n
RETURN id, milestones
