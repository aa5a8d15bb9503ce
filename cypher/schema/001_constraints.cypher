// Uniqueness of `id`: once across every upg node (the :UpgNode label every node carries),
// and once per label so each type's id lookups have their own index.
CREATE CONSTRAINT upg_node_id IF NOT EXISTS FOR (n:UpgNode) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT product_id IF NOT EXISTS FOR (n:Product) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT outcome_id IF NOT EXISTS FOR (n:Outcome) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT customer_health_score_id IF NOT EXISTS FOR (n:CustomerHealthScore) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT success_milestone_id IF NOT EXISTS FOR (n:SuccessMilestone) REQUIRE n.id IS UNIQUE;
