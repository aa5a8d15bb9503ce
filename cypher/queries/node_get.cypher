// Nodes by id (any type), in one round trip.
:param ids => ['00000000-0000-4000-8000-000000000001'];

MATCH (n:UpgNode)
WHERE n.id IN $ids
RETURN n {.*} AS node
