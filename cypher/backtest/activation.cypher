// ACTIVATION, as columns: every account that uses a product celebrating $milestoneId, in one
// row of flat integer lists (see backtest/population: lists decode far faster than records):
// signedUp[i] is account i's sign-up; edge e goes from account edgeAccount[e], at edgeAt[e], to
// the milestone (edgeColumn 0, REACHED) or to $outcomeId (edgeColumn 1, ACHIEVED; none when
// $outcomeId is null). Times in epoch seconds; each account's relationships walked once.
:param milestoneId => '2f6d4c1e-0000-5000-8000-000000000000';
:param outcomeId => null;

MATCH (m:UpgNode {id: $milestoneId})
WHERE m:SuccessMilestone
OPTIONAL MATCH (outcome:UpgNode {id: $outcomeId})
CALL (m) {
  MATCH (m)<-[:CELEBRATES_VIA]-(p:Product)
  WITH DISTINCT p
  MATCH (p)<-[:USES]-(a:Account)
  RETURN DISTINCT a
}
WITH [m, outcome] AS targets, collect(a) AS accounts
CALL (targets, accounts) {
  UNWIND range(0, size(accounts) - 1) AS i
  WITH targets, i, accounts[i] AS a
  MATCH (a)-[r:REACHED|ACHIEVED]->(x)
  WHERE x IN targets
  RETURN collect(i) AS edgeAccount,
         collect(CASE WHEN x = targets[0] THEN 0 ELSE 1 END) AS edgeColumn,
         collect(r.at.epochSeconds) AS edgeAt
}
RETURN [a IN accounts | a.signed_up_at.epochSeconds] AS signedUp, edgeAccount, edgeColumn, edgeAt
