// Is the JWT with this jti revoked? (what every uncached JWT request with a jti looks up)
:param jti => 'a5f2c3d4-leaked';

MATCH (r:RevokedJwt {jti: $jti})
RETURN r {.jti, .revoked_at, .expires_at} AS revoked
