// GENERATOR: many nodes of one type in one statement (`upg demo generate`, the bench).
// $labels is [UpgNode, <label>] with the label taken from the schema registry; each row is a
// property map the generator built and checked against the model. Merging on the unique id
// makes a retried or repeated batch create nothing twice. Returns how many nodes were new.
// A new milestone has no edges yet, so its kept class is ORPHAN (queries/milestone_class_refresh
// states the rule); setting it here spares a refresh that would seek each of up to 50,000 nodes
// this transaction has just added to the id index, which costs time quadratic in the batch.
:param labels => ['UpgNode', 'Product'];
:param rows => [{id: '00000000-0000-4000-8000-000000000001', type: 'PRODUCT', title: 'Generated product', status: 'active', tags: []}];

UNWIND $rows AS row
MERGE (n:UpgNode {id: row.id})
  ON CREATE SET n:$($labels), n = row, n.created_at = datetime(), n.updated_at = datetime(),
                n.milestone_class = CASE WHEN n:SuccessMilestone THEN 'ORPHAN' END
RETURN count(CASE WHEN n.created_at = datetime() THEN 1 END) AS written
