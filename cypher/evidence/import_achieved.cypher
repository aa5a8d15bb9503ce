// Record a batch of "account achieved outcome" facts: {account_id, target_id, at, times?} (times:
// every event time of the pair in this batch, UTC; default [at]). One ACHIEVED edge per pair: `times`
// gains the instants not seen before, `count` is how many there are and `at` the earliest,
// so importing the same events again changes nothing. An edge written before counts were kept
// starts from its `at`.
:param rows => [{account_id: 'acct-1', target_id: '2f6d4c1e-0000-5000-8000-000000000000', at: datetime('2026-01-07T00:00:00Z'), times: [datetime('2026-01-07T00:00:00Z'), datetime('2026-01-09T00:00:00Z')]}];

UNWIND $rows AS row
MATCH (a:Account {id: row.account_id})
MATCH (o:UpgNode {id: row.target_id})
MERGE (a)-[r:ACHIEVED]->(o)
WITH r, row, coalesce(r.times, CASE WHEN r.at IS NULL THEN [] ELSE [r.at] END) AS seen
WITH r, reduce(acc = seen, t IN coalesce(row.times, [row.at]) |
       CASE WHEN t IN acc THEN acc ELSE acc + t END) AS times
SET r.times = times, r.count = size(times),
    r.at = reduce(first = head(times), t IN times | CASE WHEN t < first THEN t ELSE first END)
