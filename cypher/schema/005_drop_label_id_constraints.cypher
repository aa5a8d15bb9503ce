// The per-label id constraints of 001 duplicate upg_node_id (every upg node is an :UpgNode, and
// ids are unique across all of them): four more unique indexes to keep up on every write, which
// halved the generator's ingest rate. Statements that look a node up by id name :UpgNode too
// (`(m:UpgNode:SuccessMilestone {id: $id})`), so they seek upg_node_id and check the label.
DROP CONSTRAINT product_id IF EXISTS;
DROP CONSTRAINT outcome_id IF EXISTS;
DROP CONSTRAINT customer_health_score_id IF EXISTS;
DROP CONSTRAINT success_milestone_id IF EXISTS;
