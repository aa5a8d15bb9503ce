// Which of an account and an outcome exist (a desire names both).
:param accountId => 'acct-1';
:param outcomeId => '2f6d4c1e-0000-5000-8000-000000000001';

RETURN EXISTS { MATCH (:Account {id: $accountId}) } AS account,
       EXISTS { MATCH (:Outcome {id: $outcomeId}) } AS outcome
