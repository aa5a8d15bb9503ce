// GENERATOR: how many of these ids name a node already (`upg demo generate`): none, and the
// batch is created; all, and it was written before; some, and the graph is half-written.
:param ids => ['00000000-0000-4000-8000-000000000004'];

UNWIND $ids AS nodeId
MATCH (n:UpgNode {id: nodeId})
RETURN count(n) AS existing
