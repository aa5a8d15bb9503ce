// Delete a node and every edge touching it. Returns the id when something was deleted.
:param id => '00000000-0000-4000-8000-000000000001';

MATCH (n:UpgNode {id: $id})
WITH n, n.id AS id
DETACH DELETE n
RETURN id
