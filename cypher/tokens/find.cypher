// The active API key with this hash (what every uncached request looks up).
:param hash => 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

MATCH (t:ApiToken {hash: $hash})
WHERE t.revoked_at IS NULL
RETURN t {.id, .name, .role, .hint, .created_at, .revoked_at} AS token
