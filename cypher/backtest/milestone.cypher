// ACTIVATION MILESTONE: a milestone's title and window (window_days, else $defaultWindowDays),
// and the outcomes it validates (by title), whose rate a trend shows beside its reach rate.
:param milestoneId => '2f6d4c1e-0000-5000-8000-000000000000';
:param defaultWindowDays => 14;

MATCH (m:UpgNode {id: $milestoneId})
WHERE m:SuccessMilestone
RETURN m.id AS id, m.title AS title, coalesce(m.window_days, $defaultWindowDays) AS windowDays,
       COLLECT { MATCH (m)-[:VALIDATES]->(o:Outcome) RETURN o {.id, .title} ORDER BY o.title, o.id }
         AS outcomes
