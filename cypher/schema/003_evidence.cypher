// Observations behind evidence: accounts, what they use, reach and achieve.
CREATE CONSTRAINT account_id IF NOT EXISTS FOR (a:Account) REQUIRE a.id IS UNIQUE;
CREATE INDEX account_signed_up_at IF NOT EXISTS FOR (a:Account) ON (a.signed_up_at);
