// BULK IMPORT: the schema every migration of cypher/schema/ leaves, created at once on a
// database `upg db import-bulk` has just loaded (upg.graph.migrations.adopt). Run in one
// transaction, so Neo4j populates every index in one pass over the store instead of one pass
// per migration (and none for the indexes later migrations drop); the data the migrations
// compute (each milestone's kept class, the :VanityMilestone label) is in the imported files
// already. Keep it equal to the migrations' end state: tests/integration/test_bulk_import.py
// compares SHOW INDEXES and SHOW CONSTRAINTS after a bulk import with a migrated database.
CREATE CONSTRAINT upg_node_id IF NOT EXISTS FOR (n:UpgNode) REQUIRE n.id IS UNIQUE;
CREATE INDEX upg_node_type IF NOT EXISTS FOR (n:UpgNode) ON (n.type);
CREATE INDEX success_milestone_class IF NOT EXISTS FOR (m:SuccessMilestone) ON (m.milestone_class, m.title, m.id);
CREATE FULLTEXT INDEX upg_node_title_fulltext IF NOT EXISTS FOR (n:UpgNode) ON EACH [n.title]
OPTIONS {indexConfig: {`fulltext.analyzer`: 'standard-folding'}};
CREATE CONSTRAINT account_id IF NOT EXISTS FOR (a:Account) REQUIRE a.id IS UNIQUE;
CREATE INDEX account_signed_up_at IF NOT EXISTS FOR (a:Account) ON (a.signed_up_at);
CREATE INDEX account_route_state IF NOT EXISTS FOR (a:Account) ON (a.route_state);
CREATE INDEX account_route_due_at IF NOT EXISTS FOR (a:Account) ON (a.route_due_at);
CREATE CONSTRAINT api_token_id IF NOT EXISTS FOR (t:ApiToken) REQUIRE t.id IS UNIQUE;
CREATE CONSTRAINT api_token_hash IF NOT EXISTS FOR (t:ApiToken) REQUIRE t.hash IS UNIQUE;
CREATE INDEX api_token_name IF NOT EXISTS FOR (t:ApiToken) ON (t.name);
CREATE CONSTRAINT revoked_jwt_jti IF NOT EXISTS FOR (r:RevokedJwt) REQUIRE r.jti IS UNIQUE;
CREATE INDEX revoked_jwt_expires_at IF NOT EXISTS FOR (r:RevokedJwt) ON (r.expires_at);
