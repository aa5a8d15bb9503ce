// Store a new API key: only the SHA-256 of its secret, never the secret.
:param token => {id: '00000000-0000-4000-8000-00000000aaaa', name: 'ci-reader', role: 'reader', hash: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855', hint: 'upg_AbCd'};

CREATE (t:ApiToken)
SET t = $token, t.created_at = datetime()
RETURN t {.id, .name, .role, .hint, .created_at, .revoked_at} AS token
