// EXPORT: one page of upg nodes in id order, after the id $after (keyset paging over the unique
// :UpgNode(id) index), with their edges of the registry types $types to other upg nodes. Times
// as ISO text (toString keeps Neo4j's nanoseconds); the kept milestone_class is left out (it is
// derived: the import recomputes it).
:param after => '';
:param limit => 1000;
:param types => ['CELEBRATES_VIA', 'CONTAINS', 'VALIDATES'];

MATCH (n:UpgNode)
WHERE n.id > $after
WITH n
ORDER BY n.id
LIMIT $limit
RETURN n {.*,
          created_at: toString(n.created_at), updated_at: toString(n.updated_at),
          target_date: toString(n.target_date)} AS node,
       COLLECT {
         MATCH (n)-[r]->(b:UpgNode)
         WHERE type(r) IN $types
         RETURN {type: type(r), target: coalesce(b.external_id, b.id), weight: r.weight,
                 created_at: toString(r.created_at)} AS edge
         ORDER BY edge.type, edge.target
       } AS edges
