// IMPORT: a batch of checked edge rows of one registry edge type (`upg import`). $type comes
// from the schema registry; rows are {source, target, weight?, created_at?} with ids of nodes
// the importer found with the right types. One edge per pair; weight is set from the row (the
// file is the truth); created_at given is kept, else a new edge gets the import's time.
// The importer refreshes the kept milestone class of the touched milestones afterwards, in the
// same transaction (queries/milestone_class_refresh).
:param type => 'CONTAINS';
:param weighted => true;
:param rows => [{source: '00000000-0000-4000-8000-000000000002', target: '00000000-0000-4000-8000-000000000003', weight: 2.0, created_at: null}];

UNWIND $rows AS row
MATCH (a:UpgNode {id: row.source})
MATCH (b:UpgNode {id: row.target})
OPTIONAL MATCH (a)-[old:$($type)]->(b)
WITH row, a, b, old
MERGE (a)-[r:$($type)]->(b)
SET r.created_at = coalesce(datetime(row.created_at), r.created_at, datetime()),
    r.weight = CASE WHEN $weighted THEN row.weight END
RETURN count(CASE WHEN old IS NULL THEN 1 END) AS created, 0 AS updated
