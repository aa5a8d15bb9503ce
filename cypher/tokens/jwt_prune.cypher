// Forget revoked JWTs that have expired anyway (past its exp, a JWT is refused without the list).
MATCH (r:RevokedJwt)
WHERE r.expires_at < datetime()
DELETE r
RETURN count(r) AS pruned
