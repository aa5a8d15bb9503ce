// Indexes that no read uses, dropped: each cost every node write an index entry (five of the
// nine a milestone paid) and bought nothing. Checked by EXPLAINing every .cypher file and the
// compiled GraphQL reads (bench/README.md, "Ingest"): titles are searched with
// toLower(title) CONTAINS, which neither the range nor the text index serves; `$tag IN n.tags`
// cannot seek a range index on a list; milestone_type and achieved are only ever filtered
// after the seek on n.type, and their indexes sit on :SuccessMilestone, which the list reads
// (on :UpgNode) never name. status has a handful of values shared by every type: a compiled
// list read with a status filter picked it over the type index and read every node of that
// status (34,977 db hits for 501 products at 100k; the type index reads 501). Kept: id
// (unique), type, the milestone class.
DROP INDEX upg_node_title IF EXISTS;
DROP INDEX upg_node_title_text IF EXISTS;
DROP INDEX upg_node_tags IF EXISTS;
DROP INDEX upg_node_status IF EXISTS;
DROP INDEX success_milestone_type IF EXISTS;
DROP INDEX success_milestone_achieved IF EXISTS;
