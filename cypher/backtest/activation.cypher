// ACTIVATION: every account that uses a product celebrating $milestoneId, with its sign-up,
// the first time it reached the milestone and the time it achieved $outcomeId (epoch seconds;
// null when it has not, or when $outcomeId is null).
:param milestoneId => '2f6d4c1e-0000-5000-8000-000000000000';
:param outcomeId => null;

MATCH (m:UpgNode {id: $milestoneId})<-[:CELEBRATES_VIA]-(:Product)<-[:USES]-(a:Account)
WHERE m:SuccessMilestone
WITH DISTINCT m, a
OPTIONAL MATCH (a)-[r:REACHED]->(m)
RETURN a.signed_up_at.epochSeconds AS signedUp,
       r.at.epochSeconds AS reached,
       head([(a)-[g:ACHIEVED]->(o:Outcome) WHERE o.id = $outcomeId | g.at.epochSeconds]) AS achieved
