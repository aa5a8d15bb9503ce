// The facts of a page of accounts: products used, milestones reached, outcomes achieved and
// desired, with times as epoch milliseconds (cheap to read: see graph/records.py).
:param ids => ['acct-1'];

UNWIND $ids AS id
MATCH (a:Account {id: id})
RETURN a.id AS id, a.name AS name, a.signed_up_at.epochMillis AS signedUpAt,
       COLLECT { MATCH (a)-[:USES]->(p:Product) RETURN p.id } AS products,
       COLLECT { MATCH (a)-[r:REACHED]->(m:SuccessMilestone) RETURN [m.id, r.at.epochMillis] } AS reached,
       COLLECT { MATCH (a)-[r:ACHIEVED]->(o:Outcome) RETURN [o.id, r.at.epochMillis] } AS achieved,
       COLLECT { MATCH (a)-[d:DESIRES]->(o:Outcome) RETURN [o.id, d.since.epochMillis] } AS desires
