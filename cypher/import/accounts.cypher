// IMPORT: a batch of checked account rows (`upg import` accounts.csv). Each row: id and props
// (signed_up_at as ISO text, name if the file has the column). Idempotent: merges on the id.
:param rows => [{id: 'acct-1', props: {name: 'Acme', signed_up_at: '2026-01-05T00:00:00+00:00'}}];

UNWIND $rows AS row
OPTIONAL MATCH (old:Account {id: row.id})
MERGE (a:Account {id: row.id})
SET a += row.props, a.signed_up_at = datetime(row.props.signed_up_at)
RETURN count(CASE WHEN old IS NULL THEN 1 END) AS created, 0 AS updated
