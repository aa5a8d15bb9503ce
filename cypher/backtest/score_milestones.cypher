// HEALTH SCORE DEFINITIONS: each score ($scoreIds, or every score when null) with the
// milestones it CONTAINS: weight, window (window_days, else $defaultWindowDays), whether it is
// vanity (its kept class: it validates no outcome), whether the stored evidence of one of its
// VALIDATES edges is $validated, and the outcomes it validates (to pick a backtest's outcome).
:param scoreIds => null;
:param defaultWindowDays => 14;
:param validated => 'VALIDATED';

MATCH (s:CustomerHealthScore)
WHERE $scoreIds IS NULL OR s.id IN $scoreIds
OPTIONAL MATCH (s)-[c:CONTAINS]->(m:SuccessMilestone)
WITH s, c, m
ORDER BY m.title, m.id
WITH s, collect(CASE WHEN m IS NULL THEN null ELSE {
       id: m.id,
       title: m.title,
       weight: coalesce(c.weight, 0.0),
       windowDays: coalesce(m.window_days, $defaultWindowDays),
       vanity: m.milestone_class = 'VANITY',
       validated: EXISTS { (m)-[v:VALIDATES]->(:Outcome) WHERE v.evidence_verdict = $validated },
       outcomes: COLLECT { MATCH (m)-[:VALIDATES]->(o:Outcome) RETURN o.id }
     } END) AS milestones
RETURN s.id AS id, s.title AS title, milestones
ORDER BY s.title, s.id
