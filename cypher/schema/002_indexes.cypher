// Indexes on what queries filter and sort by.
CREATE INDEX upg_node_type IF NOT EXISTS FOR (n:UpgNode) ON (n.type);
CREATE INDEX upg_node_title IF NOT EXISTS FOR (n:UpgNode) ON (n.title);
CREATE INDEX upg_node_status IF NOT EXISTS FOR (n:UpgNode) ON (n.status);
CREATE INDEX upg_node_tags IF NOT EXISTS FOR (n:UpgNode) ON (n.tags);
CREATE INDEX success_milestone_type IF NOT EXISTS FOR (n:SuccessMilestone) ON (n.milestone_type);
CREATE INDEX success_milestone_achieved IF NOT EXISTS FOR (n:SuccessMilestone) ON (n.achieved);
CREATE TEXT INDEX upg_node_title_text IF NOT EXISTS FOR (n:UpgNode) ON (n.title);
