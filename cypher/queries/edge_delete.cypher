// Remove the edge of one type between two nodes. Returns how many edges were removed.
:param fromId => '00000000-0000-4000-8000-000000000002';
:param toId => '00000000-0000-4000-8000-000000000003';
:param type => 'CONTAINS';

OPTIONAL MATCH (:UpgNode {id: $fromId})-[r:$($type)]->(:UpgNode {id: $toId})
DELETE r
RETURN count(r) AS removed
