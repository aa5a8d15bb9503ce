// IMPORT: a batch of "account uses product" rows {source, target} (`upg import` uses.csv).
:param rows => [{source: 'acct-1', target: '00000000-0000-4000-8000-000000000001'}];

UNWIND $rows AS row
MATCH (a:Account {id: row.source})
MATCH (p:UpgNode {id: row.target})
OPTIONAL MATCH (a)-[old:USES]->(p)
WITH row, a, p, old
MERGE (a)-[:USES]->(p)
RETURN count(CASE WHEN old IS NULL THEN 1 END) AS created, 0 AS updated
