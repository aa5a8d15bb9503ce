// BACKTEST POPULATION, as columns: every account that uses a product celebrating one of
// $milestoneIds (a health score's milestones), in one row of parallel lists: when each signed
// up, when it first achieved $outcomeId, and per milestone (in the order of $milestoneIds) when
// it reached it. Times in epoch seconds, -1 for never. One row of integer lists, not a row per
// account: the driver decodes 100k accounts' lists in a fraction of the time 100k records take.
// upg applies the landmark, the windows and the horizon.
:param milestoneIds => ['2f6d4c1e-0000-5000-8000-000000000000'];
:param outcomeId => '2f6d4c1e-0000-5000-8000-000000000001';

MATCH (m:SuccessMilestone)
WHERE m.id IN $milestoneIds
WITH collect(m) AS found
WITH [id IN $milestoneIds | head([m IN found WHERE m.id = id])] AS scored
CALL (scored) {
  UNWIND scored AS m
  MATCH (m)<-[:CELEBRATES_VIA]-(:Product)<-[:USES]-(a:Account)
  RETURN DISTINCT a
}
WITH scored, collect(a) AS accounts
RETURN [a IN accounts | a.signed_up_at.epochSeconds] AS signedUp,
       [a IN accounts |
         coalesce(head([(a)-[g:ACHIEVED]->(o:Outcome) WHERE o.id = $outcomeId | g.at.epochSeconds]), -1)]
         AS achieved,
       [m IN scored | [a IN accounts | coalesce(head([(a)-[r:REACHED]->(m) | r.at.epochSeconds]), -1)]]
         AS reached
