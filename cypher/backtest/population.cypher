// BACKTEST POPULATION, as columns: every account that uses a product celebrating one of
// $milestoneIds (a health score's milestones). One row of flat integer lists, because the
// driver decodes a list of 100k integers in milliseconds and 100k records (or nested lists, or
// strings) in seconds:
//   signedUp[i]  account i's sign-up
//   reachAccount[e], reachColumn[e], reachAt[e]: edge e goes from account i, at reachAt[e], to
//   the milestone at position reachColumn[e] of $milestoneIds (REACHED), or, when reachColumn[e]
//   is size($milestoneIds), to $outcomeId (ACHIEVED)
// Times in epoch seconds. Each account's relationships are walked once (targets compared as
// nodes, no property read): an account's REACHED and ACHIEVED edges share one chain, so
// walking it per type would read it twice. upg applies the landmark, windows and horizon.
:param milestoneIds => ['2f6d4c1e-0000-5000-8000-000000000000'];
:param outcomeId => '2f6d4c1e-0000-5000-8000-000000000001';

MATCH (m:SuccessMilestone)
WHERE m.id IN $milestoneIds
WITH collect(m) AS found
WITH [id IN $milestoneIds | head([m IN found WHERE m.id = id])] AS scored
OPTIONAL MATCH (outcome:UpgNode {id: $outcomeId})
CALL (scored) {
  UNWIND scored AS m
  MATCH (m)<-[:CELEBRATES_VIA]-(p:Product)
  WITH DISTINCT p
  MATCH (p)<-[:USES]-(a:Account)
  RETURN DISTINCT a
}
WITH scored + [outcome] AS targets, collect(a) AS accounts
CALL (targets, accounts) {
  UNWIND range(0, size(accounts) - 1) AS i
  WITH targets, i, accounts[i] AS a
  MATCH (a)-[r:REACHED|ACHIEVED]->(x)
  WHERE x IN targets
  RETURN collect(i) AS reachAccount,
         collect(head([j IN range(0, size(targets) - 1) WHERE targets[j] = x])) AS reachColumn,
         collect(r.at.epochSeconds) AS reachAt
}
RETURN [a IN accounts | a.signed_up_at.epochSeconds] AS signedUp, reachAccount, reachColumn, reachAt
