// A full-text index on every upg node's title, for `search(text:)` (queries/search): words in
// any order, case and accents ignored (Lucene's standard analyser with ASCII folding), ranked
// by score.
CREATE FULLTEXT INDEX upg_node_title_fulltext IF NOT EXISTS FOR (n:UpgNode) ON EACH [n.title]
OPTIONS {indexConfig: {`fulltext.analyzer`: 'standard-folding'}};
CALL db.awaitIndexes(300);
