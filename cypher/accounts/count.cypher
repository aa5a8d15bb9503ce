// How many accounts match the filters of accounts/page (only run when totalCount is asked for:
// with filters it reads every account in the signed-up range).
:param signedUpFrom => datetime("0001-01-01T00:00:00Z");
:param signedUpBefore => datetime("9999-12-31T00:00:00Z");
:param productId => null;
:param state => "OPEN";
:param dueBefore => datetime();
:param dueFrom => null;
:param lastAfter => null;
:param lastUpTo => datetime() - duration({days: 14});
:param play => null;
:param reachedSince => null;

MATCH (a:Account)
WHERE a.signed_up_at >= $signedUpFrom AND a.signed_up_at < $signedUpBefore
  AND ($productId IS NULL OR EXISTS { (a)-[:USES]->(:Product {id: $productId}) })
  AND ($state IS NULL OR a.route_state = $state)
  AND ($dueBefore IS NULL OR a.route_due_at < $dueBefore)
  AND ($dueFrom IS NULL OR a.route_due_at IS NULL OR a.route_due_at >= $dueFrom)
  AND ($lastAfter IS NULL OR a.route_last_at > $lastAfter)
  AND ($lastUpTo IS NULL OR a.route_last_at <= $lastUpTo)
  AND ($play IS NULL AND $reachedSince IS NULL OR EXISTS {
    MATCH (a)-[r:REACHED]->(m:SuccessMilestone)
    WHERE ($play IS NULL OR m.play = $play) AND ($reachedSince IS NULL OR r.at >= $reachedSince)
  })
RETURN count(a) AS total
