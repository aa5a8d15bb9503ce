// Apply a partial update. A null value in $changes removes that property.
// $expectedStatus guards lifecycle moves against a concurrent change (null: no guard).
:param id => '00000000-0000-4000-8000-000000000001';
:param changes => {title: 'Renamed'};
:param expectedStatus => null;

MATCH (n:UpgNode {id: $id})
WHERE $expectedStatus IS NULL OR n.status = $expectedStatus
SET n += $changes, n.updated_at = datetime()
RETURN n {.*} AS node
