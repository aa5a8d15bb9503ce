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
:param healthScoreId => null;
:param healthTotal => 0.0;
:param healthMin => null;
:param healthBelow => 40.0;
:param healthMax => null;
:param asOf => datetime();
:param defaultWindowDays => 14;

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
  AND ($healthScoreId IS NULL OR
    EXISTS {
      (a)-[:USES]->(:Product)-[:CELEBRATES_VIA]->(:SuccessMilestone)
        <-[:CONTAINS]-(:CustomerHealthScore {id: $healthScoreId})
    }
    AND any(value IN [CASE WHEN $healthTotal > 0 THEN 100.0 * reduce(t = 0.0, w IN COLLECT {
          MATCH (a)-[r:REACHED]->(m:SuccessMilestone)
                <-[c:CONTAINS]-(:CustomerHealthScore {id: $healthScoreId})
          WHERE r.at <= $asOf
            AND r.at <= a.signed_up_at + duration({days: coalesce(m.window_days, $defaultWindowDays)})
          RETURN coalesce(c.weight, 0.0)
        } | t + w) / $healthTotal ELSE 0.0 END]
      WHERE ($healthMin IS NULL OR value >= $healthMin)
        AND ($healthBelow IS NULL OR value < $healthBelow)
        AND ($healthMax IS NULL OR value <= $healthMax)))
RETURN count(a) AS total
