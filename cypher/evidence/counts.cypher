// EVIDENCE COUNTS per (milestone, outcome) pair.
// Population of a milestone: accounts using a product that celebrates it, whose window
// (signed_up_at + window_days, or $defaultWindowDays) closed by $asOf: no young accounts.
// hit = reached the milestone inside the window. For each outcome those accounts achieved,
// count who achieved it after the window closed and who before (the "before" ones are left
// out of that pair's table by upg: landmark analysis). A row with a null outcome carries the
// population sizes of milestones whose accounts achieved nothing.
:param asOf => datetime('2026-11-23T00:00:00Z');
:param defaultWindowDays => 14;
:param productId => null;

MATCH (p:Product)-[:CELEBRATES_VIA]->(m:SuccessMilestone)
WHERE $productId IS NULL OR p.id = $productId
MATCH (p)<-[:USES]-(a:Account)
WITH DISTINCT m, a
WITH m, a, a.signed_up_at + duration({days: coalesce(m.window_days, $defaultWindowDays)}) AS closes
WHERE closes <= $asOf
WITH m, a, closes, EXISTS { (a)-[r:REACHED]->(m) WHERE r.at <= closes } AS hit
WITH m, collect({account: a, closes: closes, hit: hit}) AS population
WITH m, population, size(population) AS n, size([x IN population WHERE x.hit]) AS hits
UNWIND population AS x
WITH m, n, hits, x.account AS a, x.closes AS closes, x.hit AS hit
OPTIONAL MATCH (a)-[got:ACHIEVED]->(o:Outcome)
WITH m, n, hits, o, hit, got.at > closes AS after
RETURN m.id AS milestoneId, o.id AS outcomeId, n, hits,
       sum(CASE WHEN o IS NOT NULL AND hit AND after THEN 1 ELSE 0 END) AS hitsAfter,
       sum(CASE WHEN o IS NOT NULL AND NOT hit AND after THEN 1 ELSE 0 END) AS missesAfter,
       sum(CASE WHEN o IS NOT NULL AND hit AND NOT after THEN 1 ELSE 0 END) AS hitsBefore,
       sum(CASE WHEN o IS NOT NULL AND NOT hit AND NOT after THEN 1 ELSE 0 END) AS missesBefore
