// BACKTEST POPULATION: every account that uses a product celebrating one of $milestoneIds (a
// health score's milestones), with its sign-up, the times it reached those milestones and the
// time it achieved $outcomeId (all in epoch seconds: the driver decodes integers far faster
// than DateTime values, and a backtest reads 100k accounts). upg applies the landmark, the
// windows and the horizon.
:param milestoneIds => ['2f6d4c1e-0000-5000-8000-000000000000'];
:param outcomeId => '2f6d4c1e-0000-5000-8000-000000000001';

MATCH (m:SuccessMilestone)
WHERE m.id IN $milestoneIds
WITH collect(m) AS scored
UNWIND scored AS m
MATCH (m)<-[:CELEBRATES_VIA]-(:Product)<-[:USES]-(a:Account)
WITH DISTINCT a, scored
RETURN a.signed_up_at.epochSeconds AS signedUp,
       [(a)-[r:REACHED]->(m) WHERE m IN scored | [m.id, r.at.epochSeconds]] AS reached,
       [(a)-[g:ACHIEVED]->(o:Outcome) WHERE o.id = $outcomeId | g.at.epochSeconds] AS achieved
