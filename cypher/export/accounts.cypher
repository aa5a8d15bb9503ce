// EXPORT: one page of accounts in id order, after the id $after, with what they use, reach,
// achieve and desire (targets by their external id where they have one). Times as ISO text.
:param after => '';
:param limit => 1000;

MATCH (a:Account)
WHERE a.id > $after
WITH a
ORDER BY a.id
LIMIT $limit
RETURN a {.id, .name, signed_up_at: toString(a.signed_up_at)} AS account,
       COLLECT {
         MATCH (a)-[r:USES|REACHED|ACHIEVED|DESIRES]->(b:UpgNode)
         RETURN {type: type(r), target: coalesce(b.external_id, b.id), at: toString(r.at),
                 times: [t IN coalesce(r.times, []) | toString(t)], since: toString(r.since)} AS edge
         ORDER BY edge.type, edge.target
       } AS edges
