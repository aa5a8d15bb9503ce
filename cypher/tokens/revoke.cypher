// Revoke API keys by id or by name (revoking twice keeps the first time).
:param ref => 'ci-reader';

MATCH (t:ApiToken)
WHERE t.id = $ref OR t.name = $ref
SET t.revoked_at = coalesce(t.revoked_at, datetime())
RETURN t {.id, .name, .role, .hint, .created_at, .revoked_at} AS token
