// GENERATOR: many edges of one type in one statement (`upg demo generate`, the bench).
// $type comes from the schema registry; rows are {source, target, weight?} with the ids of
// nodes already written. Endpoints are found through the unique :UpgNode(id) index (a dynamic
// label in MATCH would scan every node). CREATE, not MERGE: the generator writes the edges of
// a chunk only when it has just created the chunk of nodes they hang from, and a MERGE planned
// on an empty graph scans every relationship per row. Returns how many edges were written.
:param type => 'CONTAINS';
:param rows => [{source: '00000000-0000-4000-8000-000000000002', target: '00000000-0000-4000-8000-000000000003', weight: 2.0}];

UNWIND $rows AS row
MATCH (a:UpgNode {id: row.source})
MATCH (b:UpgNode {id: row.target})
CREATE (a)-[r:$($type)]->(b)
SET r.created_at = datetime(), r.weight = row.weight
RETURN count(r) AS written
