// GENERATOR: new milestones, each created with its edges in one statement (`upg demo
// generate`). Labels and relationship types come from the schema registry. Each row:
// {props, product, contains: [{source, weight}], validates: [outcome ids]}; props carry the
// kept milestone_class, computed by the generator from the edges of the same row (the
// milestone is new, so those are all its edges), and a VANITY one its :VanityMilestone label
// (queries/milestone_class_refresh). The endpoints are found through the unique
// :UpgNode(id) index; the milestone itself is the bound variable, never looked up: a seek of
// a node this transaction has just added to the index costs time growing with the batch.
// CREATE, not MERGE: the repository runs this only when none of the ids exists yet
// (queries/generate_existing). Returns how many milestones (each with its CELEBRATES_VIA
// edge), CONTAINS and VALIDATES edges were written.
:param labels => ['UpgNode', 'SuccessMilestone'];
:param celebrates => 'CELEBRATES_VIA';
:param contains => 'CONTAINS';
:param validates => 'VALIDATES';
:param rows => [{props: {id: '00000000-0000-4000-8000-000000000004', type: 'SUCCESS_MILESTONE', title: 'Generated milestone', status: 'todo', tags: [], milestone_class: 'VALIDATED'}, product: '00000000-0000-4000-8000-000000000001', contains: [{source: '00000000-0000-4000-8000-000000000002', weight: 2.0}], validates: ['00000000-0000-4000-8000-000000000003']}];

UNWIND $rows AS row
MATCH (p:UpgNode {id: row.product})
CREATE (p)-[celebrates:$($celebrates)]->(m:$($labels))
SET m = row.props, m.created_at = datetime(), m.updated_at = datetime(),
    celebrates.created_at = datetime()
FOREACH (_ IN CASE WHEN row.props.milestone_class = 'VANITY' THEN [1] ELSE [] END | SET m:VanityMilestone)
WITH m, row
CALL (m, row) {
  UNWIND row.contains AS edge
  MATCH (s:UpgNode {id: edge.source})
  CREATE (s)-[r:$($contains)]->(m)
  SET r.created_at = datetime(), r.weight = edge.weight
  RETURN count(r) AS contained
}
CALL (m, row) {
  UNWIND row.validates AS outcomeId
  MATCH (o:UpgNode {id: outcomeId})
  CREATE (m)-[r:$($validates)]->(o)
  SET r.created_at = datetime()
  RETURN count(r) AS validated
}
RETURN count(m) AS written, sum(contained) AS contained, sum(validated) AS validated
