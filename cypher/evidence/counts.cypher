// EVIDENCE COUNTS per (milestone, outcome) pair, streamed: memory grows with the number of
// pairs, never with the number of accounts (no collect, no DISTINCT over accounts).
// Population of a milestone: accounts using a product that celebrates it, whose window
// (signed_up_at + window_days, or $defaultWindowDays) closed by $asOf: no young accounts.
// An account using several such products counts once, through the one with the smallest id
// (the rule the NOT EXISTS keeps, instead of a DISTINCT that would hold every account).
// hit = reached the milestone inside the window. Each (milestone, account) row is counted in
// the milestone's population row (outcomeId null: `accounts` = n, `hits`) and in one row per
// outcome the account achieved, split by hit/miss and by achieved after the window closed or
// before (the "before" ones are left out of that pair's table by upg: landmark analysis).
:param asOf => datetime('2026-11-23T00:00:00Z');
:param defaultWindowDays => 14;
:param productId => null;

MATCH (p:Product)-[:CELEBRATES_VIA]->(m:SuccessMilestone)
WHERE $productId IS NULL OR p.id = $productId
MATCH (p)<-[:USES]-(a:Account)
WHERE NOT EXISTS {
  MATCH (a)-[:USES]->(q:Product)-[:CELEBRATES_VIA]->(m)
  WHERE q.id < p.id AND ($productId IS NULL OR q.id = $productId)
}
WITH m, a, a.signed_up_at + duration({days: coalesce(m.window_days, $defaultWindowDays)}) AS closes
WHERE closes <= $asOf
WITH m, a, closes, EXISTS { (a)-[r:REACHED]->(m) WHERE r.at <= closes } AS hit
CALL {
  WITH a
  RETURN null AS o, null AS at
  UNION ALL
  WITH a
  MATCH (a)-[got:ACHIEVED]->(o:Outcome)
  RETURN o, got.at AS at
}
WITH m, o, hit, at > closes AS after
RETURN m.id AS milestoneId, o.id AS outcomeId,
       count(*) AS accounts,
       sum(CASE WHEN hit THEN 1 ELSE 0 END) AS hits,
       sum(CASE WHEN hit AND after THEN 1 ELSE 0 END) AS hitsAfter,
       sum(CASE WHEN NOT hit AND after THEN 1 ELSE 0 END) AS missesAfter,
       sum(CASE WHEN hit AND NOT after THEN 1 ELSE 0 END) AS hitsBefore,
       sum(CASE WHEN NOT hit AND NOT after THEN 1 ELSE 0 END) AS missesBefore
