// One page of the nodes whose title matches a full-text query (schema/011_fulltext), best match
// first (then by id, so equal scores page stably), with the count of all that match.
// $query is Lucene syntax built by upg.model.search.lucene_query from the user's words (each
// escaped, the last one a prefix): never the user's raw text.
:param index => 'upg_node_title_fulltext';
:param query => 'second* AND editor*';
:param skip => 0;
:param limit => 20;

CALL db.index.fulltext.queryNodes($index, $query) YIELD node
WITH count(node) AS total
CALL (total) {
  CALL db.index.fulltext.queryNodes($index, $query) YIELD node, score
  WITH node AS n, score
  ORDER BY score DESC, n.id
  SKIP $skip LIMIT $limit
  RETURN collect(n {
    .*,
    created_at: toString(n.created_at),
    updated_at: toString(n.updated_at),
    target_date: toString(n.target_date)
  }) AS nodes
}
RETURN total, nodes
