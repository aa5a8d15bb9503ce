// Name desired outcomes (a batch: the import, or one row from setDesiredOutcome). A pair named
// again keeps its first `since`; with `replace`, the account's other DESIRES edges go (the
// customer changed destination). Rows are checked by upg first: known account and outcome.
:param rows => [{account_id: 'acct-1', outcome_id: '2f6d4c1e-0000-5000-8000-000000000001', since: datetime('2026-02-01T00:00:00Z'), replace: false}];

UNWIND $rows AS row
MATCH (a:Account {id: row.account_id})
MATCH (o:Outcome {id: row.outcome_id})
CALL (a, o, row) {
  MATCH (a)-[old:DESIRES]->(other:Outcome)
  WHERE row.replace AND other <> o
  DELETE old
}
MERGE (a)-[d:DESIRES]->(o)
ON CREATE SET d.since = row.since
RETURN count(d) AS written
