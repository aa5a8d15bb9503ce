// IMPORT: a batch of "account achieved outcome" rows {source, target, at, times} (`upg import`
// achieved.csv). The file is the truth: the edge gets its times (ISO text, distinct instants kept
// in file order), `at` = the earliest and `count` = how many. `upg evidence import` merges
// instead (cypher/evidence/import_achieved.cypher).
:param rows => [{source: 'acct-1', target: '00000000-0000-4000-8000-000000000003', at: '2026-01-07T00:00:00+00:00', times: ['2026-01-07T00:00:00+00:00']}];

UNWIND $rows AS row
MATCH (a:Account {id: row.source})
MATCH (x:UpgNode {id: row.target})
OPTIONAL MATCH (a)-[old:ACHIEVED]->(x)
WITH row, a, x, old,
     reduce(acc = [], t IN row.times |
       CASE WHEN datetime(t) IN acc THEN acc ELSE acc + datetime(t) END) AS times
MERGE (a)-[r:ACHIEVED]->(x)
SET r.times = times, r.count = size(times),
    r.at = reduce(first = head(times), t IN times | CASE WHEN t < first THEN t ELSE first END)
RETURN count(CASE WHEN old IS NULL THEN 1 END) AS created, 0 AS updated
