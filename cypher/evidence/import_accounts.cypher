// Upsert a batch of accounts and the products they use (idempotent: re-import changes nothing).
// Rows are validated by upg first: known product ids, ISO dates.
:param rows => [{id: 'acct-1', name: 'Acme', signed_up_at: datetime('2026-01-05T00:00:00Z'), products: ['89e6b53c-f4a3-5eb3-8757-3d4d887c31e2']}];

UNWIND $rows AS row
MERGE (a:Account {id: row.id})
SET a.name = row.name, a.signed_up_at = row.signed_up_at
WITH a, row
UNWIND row.products AS productId
MATCH (p:UpgNode {id: productId})
MERGE (a)-[:USES]->(p)
