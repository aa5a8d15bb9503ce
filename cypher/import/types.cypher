// IMPORT: which of these ids name a node already, and of which type (UpgNode type key, or
// ACCOUNT for accounts): edges may name nodes imported earlier.
:param ids => ['00000000-0000-4000-8000-000000000001', 'acct-1'];

UNWIND $ids AS nodeId
OPTIONAL MATCH (n:UpgNode {id: nodeId})
OPTIONAL MATCH (a:Account {id: nodeId})
WITH nodeId, n, a
WHERE n IS NOT NULL OR a IS NOT NULL
RETURN nodeId AS id, n.type AS type, a IS NOT NULL AS account
