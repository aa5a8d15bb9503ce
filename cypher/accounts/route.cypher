// AN ACCOUNT'S ROUTE, one row per milestone on the way to each of its desired outcomes.
// Destinations: the outcomes it names (DESIRES, with `since`), else those its products'
// milestones validate. Steps: the milestones validating the outcome that its products celebrate
// (all of them when its products celebrate none), not cancelled, in journey order (window, then
// lifecycle phase, then title). Due: sign-up + window_days, else the end of target_date (UTC),
// else sign-up + $defaultWindowDays; OVERDUE when due before $now and not reached. The same
// rules as upg.model.journey (a test holds this statement to the API's routes).
// The example account is one `upg demo cohort` generates as stalled (seed 1).
:param accountId => 'journey-1-stalled-docflow-00000';
:param defaultWindowDays => 14;
:param now => datetime();
:param phases => ['trial', 'onboarding', 'adoption', 'expansion', 'renewal', 'advocacy'];
:param cancelled => 'cancelled';

MATCH (a:Account {id: $accountId})
CALL (a) {
  MATCH (a)-[d:DESIRES]->(o:Outcome)
  RETURN o, d.since AS since
  UNION
  MATCH (a)-[:USES]->(:Product)-[:CELEBRATES_VIA]->(:SuccessMilestone)-[:VALIDATES]->(o:Outcome)
  WHERE NOT EXISTS { (a)-[:DESIRES]->(:Outcome) }
  RETURN DISTINCT o, null AS since
}
MATCH (m:SuccessMilestone)-[:VALIDATES]->(o)
WHERE m.status <> $cancelled
  AND (EXISTS { (a)-[:USES]->(:Product)-[:CELEBRATES_VIA]->(m) }
       OR NOT EXISTS {
         MATCH (a)-[:USES]->(:Product)-[:CELEBRATES_VIA]->(own:SuccessMilestone)-[:VALIDATES]->(o)
         WHERE own.status <> $cancelled
       })
OPTIONAL MATCH (a)-[r:REACHED]->(m)
OPTIONAL MATCH (a)-[got:ACHIEVED]->(o)
WITH a, o, since, got, m, r,
     CASE
       WHEN m.window_days IS NOT NULL THEN a.signed_up_at + duration({days: m.window_days})
       WHEN m.target_date IS NOT NULL
         THEN datetime({date: m.target_date, timezone: 'UTC'}) + duration({days: 1})
       ELSE a.signed_up_at + duration({days: $defaultWindowDays})
     END AS due,
     coalesce([i IN range(0, size($phases) - 1) WHERE $phases[i] = m.milestone_type][0], 99) AS phase
RETURN o.id AS outcomeId, o.title AS outcome, since, got.at AS achievedAt,
       m.id AS milestoneId, m.title AS milestone, m.window_days AS windowDays,
       m.milestone_type AS milestoneType, m.play AS play, due AS dueAt, r.at AS reachedAt,
       CASE WHEN r IS NOT NULL THEN 'REACHED' WHEN due < $now THEN 'OVERDUE' ELSE 'DUE' END AS state
ORDER BY outcome, outcomeId, coalesce(m.window_days, $defaultWindowDays), phase, milestone, milestoneId
