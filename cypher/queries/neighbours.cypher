// For many nodes at once: their neighbours over one edge type, one page per node, with the
// edge's weight. $outgoing picks the direction (true: (n)-[r]->(m)). One round trip per
// relationship field per request, however many parents the page holds. One row holding every
// parent's page: the driver pays for each record it receives (~50 us), and there may be 1000s.
// Timestamps and dates come back as ISO strings (toString): the driver decodes a DateTime
// ~200x slower than Python parses its string, and these statements return many of them.
:param ids => ['00000000-0000-4000-8000-000000000002'];
:param type => 'CONTAINS';
:param outgoing => true;
:param skip => 0;
:param limit => 20;

UNWIND $ids AS parentId
MATCH (n:UpgNode {id: parentId})
CALL (n) {
  MATCH (n)-[r:$($type)]-(m:UpgNode)
  WHERE (startNode(r) = n) = $outgoing
  WITH m, r
  ORDER BY m.title, m.id
  WITH collect({
    node: m {.*,
             created_at: toString(m.created_at),
             updated_at: toString(m.updated_at),
             target_date: toString(m.target_date)},
    weight: r.weight
  }) AS linked
  RETURN size(linked) AS total, linked[$skip..$skip + coalesce($limit, size(linked))] AS page
}
RETURN collect({parentId: parentId, total: total, page: page}) AS pages
