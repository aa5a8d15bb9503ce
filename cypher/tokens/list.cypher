// Every API key, newest first (hashes stay in the database).
MATCH (t:ApiToken)
RETURN t {.id, .name, .role, .hint, .created_at, .revoked_at} AS token
ORDER BY t.created_at DESC, t.name
