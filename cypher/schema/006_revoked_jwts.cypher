// Revoked JWTs: looked up by jti on every uncached JWT request that carries one; pruned by expiry.
CREATE CONSTRAINT revoked_jwt_jti IF NOT EXISTS FOR (r:RevokedJwt) REQUIRE r.jti IS UNIQUE;
CREATE INDEX revoked_jwt_expires_at IF NOT EXISTS FOR (r:RevokedJwt) ON (r.expires_at);
