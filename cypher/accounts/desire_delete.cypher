// Stop naming an outcome as the account's destination; returns whether an edge went.
:param accountId => 'acct-1';
:param outcomeId => '2f6d4c1e-0000-5000-8000-000000000001';

OPTIONAL MATCH (:Account {id: $accountId})-[d:DESIRES]->(:Outcome {id: $outcomeId})
DELETE d
RETURN d IS NOT NULL AS deleted
