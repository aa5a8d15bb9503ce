// IMPORT: a batch of "account desires outcome" rows {source, target, since} (`upg import`
// desires.csv). The file is the truth: the edge gets the row's `since` (ISO text). The
// accounts' route marks are refreshed after the import (upg.services.accounts.refresh).
:param rows => [{source: 'acct-1', target: '00000000-0000-4000-8000-000000000003', since: '2026-01-07T00:00:00+00:00'}];

UNWIND $rows AS row
MATCH (a:Account {id: row.source})
MATCH (x:Outcome {id: row.target})
OPTIONAL MATCH (a)-[old:DESIRES]->(x)
WITH a, x, old IS NULL AS new, old.since AS before, datetime(row.since) AS since
MERGE (a)-[d:DESIRES]->(x)
SET d.since = since
RETURN count(CASE WHEN new THEN 1 END) AS created,
       count(CASE WHEN NOT new AND before <> since THEN 1 END) AS updated
