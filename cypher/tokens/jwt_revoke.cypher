// Revoke a JWT by its jti until it expires (revoking twice keeps the first time, the later expiry).
:param jti => 'a5f2c3d4-leaked';
:param expires_at => datetime('2026-11-24T12:00:00Z');

MERGE (r:RevokedJwt {jti: $jti})
ON CREATE SET r.revoked_at = datetime(), r.expires_at = $expires_at
ON MATCH SET r.expires_at = CASE WHEN $expires_at > r.expires_at THEN $expires_at
  ELSE r.expires_at END
RETURN r {.jti, .revoked_at, .expires_at} AS revoked
