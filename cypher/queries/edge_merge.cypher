// Link two nodes (the caller has checked their types against the registry). Linking twice
// keeps one edge; a weight given on a weighted edge type replaces the old one.
:param fromId => '00000000-0000-4000-8000-000000000002';
:param toId => '00000000-0000-4000-8000-000000000003';
:param type => 'CONTAINS';
:param weighted => true;
:param weight => 3.0;

MATCH (a:UpgNode {id: $fromId}), (b:UpgNode {id: $toId})
MERGE (a)-[r:$($type)]->(b)
  ON CREATE SET r.created_at = datetime()
SET r.weight = CASE WHEN $weighted THEN coalesce($weight, r.weight, 1.0) END
RETURN type(r) AS type, r.weight AS weight, r.created_at = datetime() AS created
