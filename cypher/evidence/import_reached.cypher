// Record a batch of "account reached milestone at" facts. One REACHED edge per pair, keeping
// the earliest time (re-import changes nothing).
:param rows => [{account_id: 'acct-1', target_id: '2f6d4c1e-0000-5000-8000-000000000000', at: datetime('2026-01-07T00:00:00Z')}];

UNWIND $rows AS row
MATCH (a:Account {id: row.account_id})
MATCH (m:UpgNode {id: row.target_id})
MERGE (a)-[r:REACHED]->(m)
SET r.at = CASE WHEN r.at IS NULL OR row.at < r.at THEN row.at ELSE r.at END
