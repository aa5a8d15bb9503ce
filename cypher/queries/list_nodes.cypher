// One page of nodes of one type, filtered and ordered, with the count of all that match.
// Every filter is optional (null = no filter). Ordering: up to two keys, then id.
// Timestamps and dates come back as ISO strings (toString): the driver decodes a DateTime
// ~200x slower than Python parses its string, and these statements return many of them.
:param type => 'SUCCESS_MILESTONE';
:param ids => null;
:param titleContains => null;
:param statuses => null;
:param tagsAny => null;
:param milestoneTypes => null;
:param achieved => null;
:param productId => null;
:param healthScoreId => null;
:param outcomeId => null;
:param order1 => 'title';
:param desc1 => false;
:param order2 => null;
:param desc2 => false;
:param skip => 0;
:param limit => 20;

MATCH (n:UpgNode)
WHERE n.type = $type
  AND ($ids IS NULL OR n.id IN $ids)
  AND ($titleContains IS NULL OR toLower(n.title) CONTAINS toLower($titleContains))
  AND ($statuses IS NULL OR n.status IN $statuses)
  AND ($tagsAny IS NULL OR any(tag IN n.tags WHERE tag IN $tagsAny))
  AND ($milestoneTypes IS NULL OR n.milestone_type IN $milestoneTypes)
  AND ($achieved IS NULL OR n.achieved = $achieved)
  AND ($productId IS NULL OR EXISTS { (:Product {id: $productId})-[:CELEBRATES_VIA]->(n) })
  AND ($healthScoreId IS NULL OR EXISTS { (:CustomerHealthScore {id: $healthScoreId})-[:CONTAINS]->(n) })
  AND ($outcomeId IS NULL OR EXISTS { (n)-[:VALIDATES]->(:Outcome {id: $outcomeId}) })
WITH n
ORDER BY
  CASE WHEN $desc1 THEN null ELSE n[$order1] END ASC,
  CASE WHEN $desc1 THEN n[$order1] END DESC,
  CASE WHEN $order2 IS NULL OR $desc2 THEN null ELSE n[$order2] END ASC,
  CASE WHEN $order2 IS NOT NULL AND $desc2 THEN n[$order2] END DESC,
  n.id
WITH collect(n) AS matched
RETURN size(matched) AS total,
       [n IN matched[$skip..$skip + coalesce($limit, size(matched))] | n {
          .*,
          created_at: toString(n.created_at),
          updated_at: toString(n.updated_at),
          target_date: toString(n.target_date)
       }] AS nodes
