// ACCOUNT FACTS for health values: per account of $ids, when it signed up (epoch seconds), the
// health scores that count a milestone one of its products celebrates, and every milestone it
// reached with the first time (epoch seconds). Unknown ids return no row.
:param ids => ['acct-1'];

UNWIND $ids AS id
MATCH (a:Account {id: id})
RETURN a.id AS id,
       a.signed_up_at.epochSeconds AS signedUp,
       COLLECT {
         MATCH (a)-[:USES]->(:Product)-[:CELEBRATES_VIA]->(:SuccessMilestone)<-[:CONTAINS]-(s:CustomerHealthScore)
         RETURN DISTINCT s.id
       } AS scoreIds,
       [(a)-[r:REACHED]->(m:SuccessMilestone) | [m.id, r.at.epochSeconds]] AS reached
