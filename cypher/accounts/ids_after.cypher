// A batch of account ids after $after, in id order (a full refresh of the route marks walks them).
:param after => '';
:param limit => 1000;

MATCH (a:Account)
WHERE a.id > $after
RETURN a.id AS id
ORDER BY a.id
LIMIT $limit
