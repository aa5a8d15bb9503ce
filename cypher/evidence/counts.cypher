// EVIDENCE COUNTS per (milestone, outcome) pair, streamed: memory grows with the number of
// pairs, never with the number of accounts (no collect over accounts, no DISTINCT).
// Population of a milestone: accounts using a product that celebrates it, whose window
// (signed_up_at + window_days, or $defaultWindowDays) closed by $asOf: no young accounts.
// An account using several such products counts once, through the one with the smallest id
// (the NOT EXISTS; accounts of one product skip it). hit = reached the milestone inside the
// window. Each (milestone, account) row is counted in the milestone's population row
// (outcomeId null: `accounts` = n, `hits`) and in one row per outcome the account achieved
// (read once per account, not per milestone), split by hit/miss and by achieved after the
// window closed or before (the "before" ones are left out of that pair's table by upg:
// landmark analysis).
:param asOf => datetime('2026-11-23T00:00:00Z');
:param defaultWindowDays => 14;
:param productId => null;

MATCH (p:Product)<-[:USES]-(a:Account)
WHERE $productId IS NULL OR p.id = $productId
WITH p, a, COLLECT {
  MATCH (a)-[got:ACHIEVED]->(o:Outcome)
  RETURN {outcome: o, at: got.at}
} AS achieved
MATCH (p)-[:CELEBRATES_VIA]->(m:SuccessMilestone)
WHERE COUNT { (a)-[:USES]->() } = 1 OR NOT EXISTS {
  MATCH (a)-[:USES]->(q:Product)-[:CELEBRATES_VIA]->(m)
  WHERE q.id < p.id AND ($productId IS NULL OR q.id = $productId)
}
WITH m, a, achieved,
     a.signed_up_at + duration({days: coalesce(m.window_days, $defaultWindowDays)}) AS closes
WHERE closes <= $asOf
WITH m, achieved, closes, EXISTS { (a)-[r:REACHED]->(m) WHERE r.at <= closes } AS hit
UNWIND [null] + achieved AS got
WITH m, got.outcome AS o, hit, got.at > closes AS after
WITH m, o,
     count(*) AS accounts,
     sum(CASE WHEN hit THEN 1 ELSE 0 END) AS hits,
     sum(CASE WHEN hit AND after THEN 1 ELSE 0 END) AS hitsAfter,
     sum(CASE WHEN NOT hit AND after THEN 1 ELSE 0 END) AS missesAfter,
     sum(CASE WHEN hit AND NOT after THEN 1 ELSE 0 END) AS hitsBefore,
     sum(CASE WHEN NOT hit AND NOT after THEN 1 ELSE 0 END) AS missesBefore
RETURN m.id AS milestoneId, o.id AS outcomeId, accounts, hits, hitsAfter, missesAfter,
       hitsBefore, missesBefore
