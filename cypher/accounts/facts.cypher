// The facts of a page of accounts: products used, milestones reached, outcomes achieved and
// desired, with times as epoch microseconds (exact, and cheap to read: see graph/records.py).
:param ids => ['acct-1'];

UNWIND $ids AS id
MATCH (a:Account {id: id})
RETURN a.id AS id, a.name AS name,
       a.signed_up_at.epochSeconds * 1000000 + a.signed_up_at.microsecond AS signedUpAt,
       COLLECT { MATCH (a)-[:USES]->(p:Product) RETURN p.id } AS products,
       COLLECT {
         MATCH (a)-[r:REACHED]->(m:SuccessMilestone)
         RETURN [m.id, r.at.epochSeconds * 1000000 + r.at.microsecond]
       } AS reached,
       COLLECT {
         MATCH (a)-[r:ACHIEVED]->(o:Outcome)
         RETURN [o.id, r.at.epochSeconds * 1000000 + r.at.microsecond]
       } AS achieved,
       COLLECT {
         MATCH (a)-[d:DESIRES]->(o:Outcome)
         RETURN [o.id, d.since.epochSeconds * 1000000 + d.since.microsecond]
       } AS desires
