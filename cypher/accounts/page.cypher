// ACCOUNTS PAGE, oldest sign-up first: one page of accounts matching the filters, with their
// facts projected as accounts/facts projects them (one round trip; a test holds them equal).
// The signed-up range is always bounded (open ends are the extreme dates): the index on
// signed_up_at then yields accounts in order and the page stops after $limit matches. The status
// filter reads the marks kept on each account (route_state, route_due_at, route_last_at; see
// upg.model.journey.status_bounds for the bounds of each status); the example asks for STUCK.
// The health-score filter computes the score's value as of $asOf for each account the walk
// meets (the score applies: its products celebrate one of its milestones), as
// upg.model.health_values does: weight reached inside windows x 100 / $healthTotal.
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
:param skip => 0;
:param limit => 51;

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
WITH a ORDER BY a.signed_up_at, a.id
SKIP $skip LIMIT $limit
RETURN a.id AS id, a.name AS name,
       a.signed_up_at.epochSeconds * 1000000 + a.signed_up_at.microsecond AS signedUpAt,
       COLLECT { MATCH (a)-[:USES]->(p:Product) RETURN p.id } AS products,
       COLLECT {
         MATCH (a)-[r:REACHED]->(m:SuccessMilestone)
         RETURN [m.id, r.at.epochSeconds * 1000000 + r.at.microsecond]
       } AS reached,
       COLLECT {
         MATCH (a)-[r:ACHIEVED]->(o:Outcome)
         RETURN [o.id, r.at.epochSeconds * 1000000 + r.at.microsecond]
       } AS achieved,
       COLLECT {
         MATCH (a)-[d:DESIRES]->(o:Outcome)
         RETURN [o.id, d.since.epochSeconds * 1000000 + d.since.microsecond]
       } AS desires
