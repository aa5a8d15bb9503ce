// Nodes by id (any type), in one round trip.
// Timestamps and dates come back as ISO strings (toString): the driver decodes a DateTime
// ~200x slower than Python parses its string, and these statements return many of them.
:param ids => ['00000000-0000-4000-8000-000000000001'];

MATCH (n:UpgNode)
WHERE n.id IN $ids
RETURN n {.*,
          created_at: toString(n.created_at),
          updated_at: toString(n.updated_at),
          target_date: toString(n.target_date)} AS node
